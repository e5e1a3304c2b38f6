"""Data-dependent prose: never a raw Python value, honest about missing grades."""

from __future__ import annotations

import pytest

from gutang_analysis import load_outcomes, load_plan, load_policy, paths, score
from gutang_analysis.narrative import summary_paragraphs


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def _text(result, plan) -> str:
    return "".join(summary_paragraphs(result, plan, load_policy()))


def test_full_data_gives_a_grade(plan):
    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    baseline = load_outcomes(paths.DEFAULT_BASELINE, plan)
    text = _text(score(plan, outcomes, baseline=baseline), plan)
    assert "等级为「良」" in text and "None" not in text and "nan" not in text.lower()


def test_low_coverage_says_no_grade_instead_of_none(plan):
    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    few = outcomes[outcomes["target_id"].isin(plan.targets["target_id"].iloc[:20])]
    result = score(plan, few)
    assert result.overall["grade"] is None
    text = _text(result, plan)
    assert "None" not in text and "nan" not in text.lower()
    assert "不评定等级" in text and "80%" in text
