"""phrases.py: data-dependent prose, never a raw Python value, honest about missing grades."""

from __future__ import annotations

import pytest

from gutang_analysis import load_outcomes, load_plan, load_policy, paths, score
from gutang_analysis.phrases import summary_paragraphs


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


def test_shortfalls_list_reported_gaps_before_missing_figures(plan):
    from gutang_analysis.narrative import shortfalls_html
    from gutang_analysis.phrases import shortfalls

    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    baseline = load_outcomes(paths.DEFAULT_BASELINE, plan)
    result = score(plan, outcomes, baseline=baseline)
    order = list(shortfalls(result, "economy")["status"])
    assert "no_data" in order and "nearly_met" in order
    rank = {"not_met": 0, "partial": 1, "nearly_met": 2, "no_data": 3}
    assert [rank[s] for s in order] == sorted(rank[s] for s in order)
    page = shortfalls_html(result, plan, "economy")
    missing = result.targets[
        (result.targets["section"] == "economy") & (result.targets["status"] == "no_data")
    ]
    assert f"以下 {len(missing)} 项未报送：" in page
    assert page.count("未报送</span>") == 1  # one line, not one entry per target
    assert page.index("基本完成") < page.index("未报送")
    for title in missing["title"]:
        assert title in page


def test_readable_tables_show_no_codes_or_nan(plan):
    from gutang_analysis.style import STATUS_LABELS
    from gutang_analysis.tables import overall_frame, readable_targets, status_table

    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    result = score(plan, outcomes)
    t = result.targets
    text = "".join(
        [
            readable_targets(
                t, ["title", "kind", "actual", "ratio", "score", "status"]
            ).to_string(),
            overall_frame(result).to_string(),
            status_table(t).to_string(),
        ]
    )
    for raw in ("nan", "NaN", "None", "not_met", "no_data", "at_least", "qualitative", "score"):
        assert raw not in text, raw
    assert list(status_table(t).columns)[:-1] == [
        STATUS_LABELS[s]
        for s in ("exceeded", "met", "nearly_met", "partial", "not_met", "no_data")
        if s in set(t["status"])
    ] + [STATUS_LABELS[s] for s in ("not_assessable",) if s in set(t["status"])]
    assert "不评定" in overall_frame(score(plan, outcomes.iloc[:5])).to_string()
