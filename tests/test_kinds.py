"""The kinds registry: one entry per kind, read by every module that treats kinds apart."""

from __future__ import annotations

import pandas as pd
import pytest

from gutang_analysis import kinds, scoring
from gutang_analysis.plan import COMPARATORS, NUMERIC_KINDS, load_plan
from gutang_analysis.style import KIND_LABELS

EXPECTED_PHRASES = [
    ({"kind": "at_least", "target_value": 50.0, "unit": "家"}, "50家以上"),
    ({"kind": "exact", "target_value": 3.0, "unit": "家"}, "3家"),
    ({"kind": "about", "target_value": 25.0, "unit": "亿元"}, "25亿元左右"),
    ({"kind": "at_most", "target_value": 27.0, "unit": "微克/立方米"}, "控制在27微克/立方米以内"),
    ({"kind": "rate", "target_value": 100.0, "unit": "%", "comparator": ">="}, "100%"),
    ({"kind": "rate", "target_value": 5.0, "unit": "%", "comparator": "<="}, "不高于5%"),
    ({"kind": "growth", "target_value": 6.0, "unit": "%", "comparator": ">="}, "增长6%以上"),
    ({"kind": "growth", "target_value": 8.0, "unit": "%", "comparator": "~"}, "增长8%左右"),
    ({"kind": "growth", "target_value": 0.0, "unit": "%", "comparator": ">"}, "正增长"),
    ({"kind": "growth", "target_value": 5.0, "unit": "%", "comparator": ">"}, "增长超过5%"),
    ({"kind": "zero", "target_value": 0.0, "unit": "户"}, "清零"),
    ({"kind": "milestone", "required_stage": "已通过验收"}, "达到“已通过验收”"),
    ({"kind": "direction", "direction": "increase", "baseline_year": 2022}, "较2022年上升"),
    ({"kind": "rank", "target_value": float("nan"), "rank_peers": "全市"}, "保持全市前列"),
    ({"kind": "qualitative"}, "定性评价"),
]


@pytest.mark.parametrize(("row", "phrase"), EXPECTED_PHRASES)
def test_every_kind_has_one_phrase(row, phrase):
    assert kinds.target_phrase(row) == phrase


def test_phrases_cover_every_kind():
    assert {row["kind"] for row, _ in EXPECTED_PHRASES} == set(kinds.KINDS)


def test_every_kind_has_a_judge_and_a_label():
    for code, kind in kinds.KINDS.items():
        assert kind.judge in scoring._JUDGES, code
        assert KIND_LABELS[code] == kind.label
        assert kind.default_comparator == COMPARATORS[code][0]


def test_plan_constants_come_from_the_registry():
    assert set(COMPARATORS) == set(kinds.KINDS)
    assert set(NUMERIC_KINDS) == {c for c, k in kinds.KINDS.items() if k.numeric}


def test_unknown_kind_is_said_plainly():
    assert kinds.get_kind("nonsense") is None
    assert kinds.kind_label("nonsense") == "nonsense"
    assert kinds.target_phrase({"kind": "nonsense"}) == "定性评价"


def _growth_result(actual: float, comparator: str = ">=", target: float = 6.0):
    plan = load_plan()
    t = plan.targets.iloc[:1].copy()
    t["kind"], t["comparator"], t["target_value"], t["unit"] = "growth", comparator, target, "%"
    t["strength"] = None
    grown = plan.__class__(**{**plan.__dict__, "targets": t})
    outcomes = pd.DataFrame(
        {
            "target_id": [t.iloc[0]["target_id"]],
            "period": [str(plan.year)],
            "actual": [actual],
        }
    )
    return scoring.score(grown, outcomes).targets.iloc[0]


def test_growth_scores_against_the_reported_growth():
    met = _growth_result(6.5)
    assert met["status"] in ("met", "exceeded")
    assert "增速类" in met["rule"]
    short = _growth_result(3.0)
    assert short["status"] in ("partial", "not_met")
    assert short["score"] == pytest.approx(50.0)


def test_negative_growth_is_a_value_that_scores_zero():
    row = _growth_result(-2.0)
    assert row["status"] == "not_met"
    assert row["score"] == 0.0


@pytest.mark.parametrize(
    ("actual", "status", "score"),
    [(0.3, "met", 100.0), (0.0, "not_met", 0.0), (-1.5, "not_met", 0.0)],
)
def test_positive_growth_must_pass_zero(actual, status, score):
    row = _growth_result(actual, ">", 0.0)  # 实现正增长
    assert (row["status"], row["score"]) == (status, score)
    assert "要求正增长" in row["rule"]


def test_owners_lights_matching_and_the_form_read_the_registry():
    from gutang_analysis import matching, owners, policy
    from gutang_analysis.lights import _upper

    for code, kind in kinds.KINDS.items():
        assert owners.node_style(code) == kind.nodes
        assert policy.DEFAULT_FINANCE_MAPPING[code] == kind.finance
        assert matching.measure_of(code, None)[0] == kind.family
        assert _upper({"kind": code, "comparator": kind.default_comparator}) == kind.ceiling
    assert _upper({"kind": "rate", "comparator": "<="}) and kinds.is_ceiling(
        {"kind": "rate", "comparator": "<="}
    )
    assert {k.nodes for k in kinds.KINDS.values()} == {"value", "stage", None}
    amount = {c for c, k in kinds.KINDS.items() if k.family == "amount"}
    assert amount == {"at_least", "exact", "about", "at_most", "zero"}
