"""Doctest setup: the bundled example is read and scored once per session.

About sixty docstring examples start with ``prepare()``, ``examples.gutang_2022()`` or
``load_periods()``: each read and scored the bundled example again (a second or more each,
most of the doctests' time). For the doctests, :func:`gutang_analysis.run.load_run` and
:func:`gutang_analysis.periods.load_periods` keep what they made from the unchanged bundled
example and hand each later example a deep copy of it (so no example sees what another did
to its copy). The key is what the files hold: the inputs' SHA-256 hashes for a run, the
files' sizes and modification times for the periods. Anything else is loaded as usual, and
the two functions' own examples always run them for real. Tests
under tests/ are untouched: they share runs through their own fixtures (tests/conftest.py).
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from typing import Any

import pytest

_MADE: dict[Any, Any] = {}


def _kept(key: Any, make: Callable[[], Any]) -> Any:
    if key not in _MADE:
        _MADE[key] = make()
    return copy.deepcopy(_MADE[key])


def _example_files() -> tuple[tuple[str, int, int], ...]:
    from gutang_analysis import paths

    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(paths.EXAMPLE_FOLDER.rglob("*"))
        if p.is_file()
    )


def _once_load_run(real: Callable[..., Any]) -> Callable[..., Any]:
    from gutang_analysis.run import RunInputs

    def load_run(inputs, *args, **kwargs):
        if args or kwargs or not isinstance(inputs, RunInputs):
            return real(inputs, *args, **kwargs)
        if not (inputs.example and inputs.hashes):
            return real(inputs)
        return _kept(("run", inputs, inputs.hashes), lambda: real(inputs))

    return load_run


def _once_load_periods(real: Callable[..., Any]) -> Callable[..., Any]:
    def load_periods(folder=None, *args, **kwargs):
        if folder is not None or args or kwargs:
            return real(folder, *args, **kwargs)
        from gutang_analysis.workspace import find_folder

        where = find_folder(None)
        if where is None or not where.example:
            return real()
        return _kept(("periods", str(where.root), _example_files()), real)

    return load_periods


@pytest.fixture(autouse=True)
def _bundled_example_read_once(request, monkeypatch):
    """For a doctest: the bundled example's run and periods come from one reading."""
    item = request.node
    if not isinstance(item, pytest.DoctestItem) or item.dtest is None:
        yield
        return
    from gutang_analysis import periods, run

    for home, name, once in (
        (run, "load_run", _once_load_run),
        (periods, "load_periods", _once_load_periods),
    ):
        if item.dtest.name == f"{home.__name__}.{name}":
            continue  # the function's own example runs it for real
        real = getattr(home, name)
        stand_in = once(real)
        for mod in [m for n, m in sys.modules.items() if n.startswith("gutang_analysis")]:
            if getattr(mod, name, None) is real:
                monkeypatch.setattr(mod, name, stand_in)
        if item.dtest.globs.get(name) is real:
            monkeypatch.setitem(item.dtest.globs, name, stand_in)
    yield
