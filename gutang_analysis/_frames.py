"""Tables as plain Python values: what ``DataFrame.to_dict("records")`` gives, faster.

``to_dict`` converts every cell of a text, object or extension column through a Python
call; on a plan of 100,000 targets that costs seconds. Here each column is read once and
only a value that is not already a plain Python value is converted, to what ``to_dict``
would give.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype

__all__ = ["column", "gc_paused", "records"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a table becomes millions of small objects (none
    of them in a cycle), or is built from them: each collection would walk them all
    again, which on 100,000 targets costs seconds."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# values ``to_dict`` leaves as they are (it converts NumPy scalars and pandas.NA)
_NATIVE = frozenset({str, float, int, bool, type(None)})


def _native(value: Any) -> Any:
    """``value`` as ``to_dict`` gives a cell of an object or extension column."""
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return pd.Series([value]).iloc[0]
    if value is pd.NA:
        return None
    return value


def _values(series: pd.Series) -> list[Any]:
    values = series.tolist()
    dtype = series.dtype
    if dtype == np.dtype(object) or isinstance(dtype, ExtensionDtype):
        native = _NATIVE
        return [v if type(v) in native else _native(v) for v in values]
    return values


def column(frame: pd.DataFrame, name: str) -> list[Any]:
    """The values of column ``name`` as ``to_dict("records")`` gives them, one per row;
    ``None`` for each row when the frame has no such column (as ``record.get(name)``).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"n": pd.array([1, None], dtype="Int64")})
    >>> column(df, "n"), column(df, "other")
    ([1, None], [None, None])
    """
    if name not in frame.columns:
        return [None] * len(frame)
    return _values(frame[name])


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, equal to ``frame.to_dict("records")``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["a", "b"], "n": pd.array([1, None], dtype="Int64")})
    >>> records(df) == df.to_dict("records")
    True
    >>> records(df)
    [{'id': 'a', 'n': 1}, {'id': 'b', 'n': None}]
    """
    if not frame.columns.is_unique:  # to_dict warns and keeps the last: leave it to pandas
        return frame.to_dict("records")
    columns = frame.columns.tolist()
    values = [_values(frame.iloc[:, k]) for k in range(len(columns))]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
