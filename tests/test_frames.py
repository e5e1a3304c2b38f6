"""_frames.py: rows and columns as plain values, exactly as ``to_dict("records")`` gives."""

from __future__ import annotations

import gc
import math
import warnings

import numpy as np
import pandas as pd
import pytest

from gutang_analysis import paths
from gutang_analysis._frames import column, gc_paused, records
from gutang_analysis.outcomes import load_outcomes
from gutang_analysis.plan import load_plan
from gutang_analysis.scoring import score


def _same(a: list[dict], b: list[dict]) -> None:
    """Equal row by row, key by key, value by value and type by type (NaN equals NaN)."""
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert list(x) == list(y)
        for key in x:
            u, v = x[key], y[key]
            assert type(u) is type(v), (key, u, v)
            assert u is v or u == v or (isinstance(u, float) and math.isnan(u) and math.isnan(v))


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    plan = load_plan()
    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = score(plan, outcomes)
    mixed = pd.DataFrame(
        {
            "text": pd.array(["a", None, "c"], dtype="str"),
            "objects": [np.int64(3), np.float64(1.5), np.bool_(True)],
            "more": [pd.NA, np.datetime64("2022-01-02"), None],
            "count": pd.array([1, None, 3], dtype="Int64"),
            "when": pd.to_datetime(["2022-01-01", None, "2022-12-31"]),
            "flag": [True, False, True],
            "value": [1.0, math.nan, 3.5],
        }
    )
    return {
        "targets": plan.targets,
        "outcomes": outcomes,
        "result": result.targets,
        "sections": result.sections,
        "mixed": mixed,
        "empty": mixed.iloc[:0],
    }


@pytest.mark.parametrize("name", ["targets", "outcomes", "result", "sections", "mixed", "empty"])
def test_records_and_columns_equal_to_dict(frames, name):
    frame = frames[name]
    expected = frame.to_dict("records")
    _same(records(frame), expected)
    for key in frame.columns:
        _same([{key: v} for v in column(frame, key)], [{key: row[key]} for row in expected])


def test_a_missing_column_is_none_for_each_row(frames):
    assert column(frames["mixed"], "absent") == [None, None, None]
    assert column(frames["empty"], "absent") == []


def test_repeated_column_names_are_left_to_pandas():
    frame = pd.DataFrame([[1, 2]], columns=["a", "a"])
    with pytest.warns(UserWarning):
        assert records(frame) == [{"a": 2}]


def test_gc_paused_restores_the_collector():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()
