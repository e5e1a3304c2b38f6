"""Test-session setup shared by every test module."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

import pytest

# The plan cache (gutang_analysis._cache) of the tests and the processes they start: never
# the user's own cache folder, removed when the session ends.
if not os.environ.get("GUTANG_CACHE_DIR"):
    os.environ["GUTANG_CACHE_DIR"] = tempfile.mkdtemp(prefix="gutang-test-cache-")
    atexit.register(shutil.rmtree, os.environ["GUTANG_CACHE_DIR"], ignore_errors=True)

# As in a build process (gutang_analysis.build._skip_slow_optional_imports): nbformat's
# jsonschema would otherwise import rfc3987_syntax, which compiles 39 grammars at import
# (seconds per session, python-jsonschema/jsonschema#1428); no test checks IRI formats.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


# --------------------------------------------------------------------------- shared reads
# The bundled example read and scored once for the whole session (a second or more each
# time), for the many tests that only read it. They are shared: a test that changes what
# it gets takes a copy (copy.deepcopy) first; the session ends with an error naming the
# fixture whose object a test changed.


def _fingerprint(obj) -> str:
    """A digest of what ``obj`` holds: pandas objects by their values, labels, dtypes and
    attrs (their block layout changes when they are merely read), dataclasses by their
    fields (not what they cache)."""
    import dataclasses
    import hashlib
    import io
    import pickle

    import pandas as pd

    class Pickler(pickle.Pickler):
        def reducer_override(self, o):
            if isinstance(o, pd.DataFrame | pd.Series):
                frame = o.to_frame() if isinstance(o, pd.Series) else o
                held = (
                    type(o).__name__,
                    [str(c) for c in frame.columns],
                    frame.index.tolist(),
                    frame.astype(object).to_numpy().tolist(),
                    [str(d) for d in frame.dtypes],
                    dict(o.attrs),
                )
                return tuple, (held,)
            if isinstance(o, pd.Index):
                return tuple, ((type(o).__name__, o.tolist()),)
            if dataclasses.is_dataclass(o) and not isinstance(o, type):  # not its caches
                fields = [(f.name, getattr(o, f.name)) for f in dataclasses.fields(o)]
                return tuple, ((type(o).__name__, fields),)
            return NotImplemented

    buffer = io.BytesIO()
    Pickler(buffer).dump(obj)
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def _unchanged(name, make):
    """One object for the session, checked at the end to be as it was made."""
    import warnings

    from gutang_analysis.errors import DataWarning

    with warnings.catch_warnings():  # the tests that check warnings make their own run
        warnings.simplefilter("ignore", DataWarning)
        made = make()
    before = _fingerprint(made)
    yield made
    assert _fingerprint(made) == before, f"a test changed the shared {name}; copy it first"


@pytest.fixture(scope="session")
def example_run():
    """``examples.gutang_2022()``: the bundled example's run (shared, read only)."""
    from gutang_analysis import examples

    yield from _unchanged("example_run", examples.gutang_2022)


@pytest.fixture(scope="session")
def example_ctx(example_run):
    """``prepare()`` of the bundled example: the year-end report's context (shared, read only)."""
    from gutang_analysis.report import context_of

    yield from _unchanged("example_ctx", lambda: context_of(example_run))


@pytest.fixture(scope="session")
def example_midyear_ctx(example_run):
    """``prepare(midyear=True)`` of the bundled example (shared, read only)."""
    from gutang_analysis.report import context_of

    yield from _unchanged("example_midyear_ctx", lambda: context_of(example_run, midyear=True))


@pytest.fixture(scope="session")
def example_periods():
    """``load_periods()`` of the bundled example: every 督查 period (shared, read only)."""
    from gutang_analysis.periods import load_periods

    yield from _unchanged("example_periods", load_periods)


@pytest.fixture(scope="session")
def example_own_outcomes_run():
    """The example folder with its year-end file given as one's own outcomes
    (``resolve_run(outcomes=paths.DEFAULT_OUTCOMES)``): the illustrative baseline is left
    out, so the direction targets are not scored (shared, read only)."""
    from gutang_analysis import paths
    from gutang_analysis.run import load_run, resolve_run

    yield from _unchanged(
        "example_own_outcomes_run",
        lambda: load_run(resolve_run(paths.EXAMPLE_FOLDER, outcomes=paths.DEFAULT_OUTCOMES)),
    )
