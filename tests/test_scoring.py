"""Tests for gutang_analysis.scoring: one rule per kind, boundaries, roll-ups, no mutation."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gutang_analysis.errors import OutcomesError, PolicyError
from gutang_analysis.plan import load_plan
from gutang_analysis.policy import load_policy
from gutang_analysis.scoring import REASON_LABELS, ScoreResult, score
from gutang_analysis.style import STATUS_LABELS

FIXTURES = Path(__file__).parent / "fixtures" / "policies"
POLICY = load_policy()
YEAR = 2022

_TARGET_DEFAULTS = {
    "section": "s1",
    "section_name": "板块一",
    "area": None,
    "title": "测试指标",
    "source_text": "",
    "kind": "at_least",
    "comparator": None,
    "target_value": math.nan,
    "unit": None,
    "strength": "确保",
    "deadline": pd.Timestamp(f"{YEAR}-12-31"),
    "weight": 1.0,
    "annual": True,
    "required_stage": None,
    "direction": None,
    "baseline_year": None,
    "group": None,
    "tolerance": math.nan,
    "rank_peers": None,
    "draft": False,
    "notes": None,
}


def make_plan(*targets: dict, year: int = YEAR, sections: pd.DataFrame | None = None):
    """A Plan-like object with just what ``score`` reads."""
    rows = []
    for i, t in enumerate(targets):
        row = {"target_id": t.get("target_id", f"t{i}"), **_TARGET_DEFAULTS, **t}
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    return SimpleNamespace(id="test-plan", year=year, targets=frame, sections=sections)


def make_outcomes(*rows: dict) -> pd.DataFrame:
    cols = [
        "target_id",
        "period",
        "actual",
        "stage",
        "rating",
        "peers",
        "date",
        "evidence",
        "office",
        "cause",
        "remedy",
    ]
    full = [{c: r.get(c) for c in cols} | {"period": r.get("period", str(YEAR))} for r in rows]
    frame = pd.DataFrame(full, columns=cols)
    frame["actual"] = pd.to_numeric(frame["actual"], errors="coerce").astype("float64")
    return frame


def one(target: dict, outcome: dict | None, *, baseline: dict | None = None, **kw) -> dict:
    """Score one target and return its result row as a dict."""
    target = {"target_id": "x", **target}
    rows = []
    if outcome is not None:
        rows.append({"target_id": "x", **outcome})
    if baseline is not None:
        rows.append({"target_id": "x", "period": str(YEAR - 1), **baseline})
    result = score(make_plan(target), make_outcomes(*rows), **kw)
    return result.targets.iloc[0].to_dict()


def check(row: dict, status: str, value: float | None, ratio: float | None) -> None:
    assert row["status"] == status, row["rule"]
    if row["reason"] in ("missing_baseline", "interim_only"):
        assert row["status_label"] == REASON_LABELS[row["reason"]]
    else:
        assert row["status_label"] == STATUS_LABELS[status]
    if value is None:
        assert math.isnan(row["score"])
    else:
        assert row["score"] == pytest.approx(value, abs=1e-6), row["rule"]
    if ratio is None:
        assert math.isnan(row["ratio"])
    else:
        assert row["ratio"] == pytest.approx(ratio, abs=1e-6)
    assert isinstance(row["rule"], str) and row["rule"]


# --------------------------------------------------------------------------- per kind

AT_LEAST = {"kind": "at_least", "target_value": 300.0, "unit": "万美元", "strength": "确保"}
STRETCH = {"kind": "at_least", "target_value": 50.0, "unit": "家", "strength": "力争"}


@pytest.mark.parametrize(
    ("target", "actual", "status", "value", "ratio"),
    [
        # worked example in docs/methodology.md: 实际利用外资300万美元以上, actual 260
        (AT_LEAST, 260, "partial", 100 * 260 / 300, 260 / 300),
        (AT_LEAST, 300, "met", 100, 1.0),  # exactly at target
        (AT_LEAST, 312, "met", 104, 1.04),  # above, below the exceeded band
        (AT_LEAST, 315, "exceeded", 105, 1.05),  # exactly at the exceeded band
        (AT_LEAST, 600, "exceeded", 110, 2.0),  # ratio uncapped, score capped
        (AT_LEAST, 299.97, "nearly_met", 99.99, 0.9999),  # just below target
        (AT_LEAST, 270, "nearly_met", 90, 0.9),  # at the nearly_met band
        (AT_LEAST, 269.97, "partial", 89.99, 0.8999),  # just below it
        (AT_LEAST, 180, "partial", 60, 0.6),  # at the partial band
        (AT_LEAST, 179.97, "not_met", 59.99, 0.5999),  # just below it
        (AT_LEAST, 0, "not_met", 0, 0.0),  # zero actual
        (AT_LEAST, -30, "not_met", 0, -0.1),  # never negative
        # 力争: met line at 90 % for the status; the points follow the commitment
        (STRETCH, 45, "met", 90, 0.9),
        (STRETCH, 50, "met", 100, 1.0),
        (STRETCH, 44.9, "nearly_met", 89.8, 0.898),
        (STRETCH, 40.5, "nearly_met", 81, 0.81),
        (STRETCH, 40.4, "partial", 80.8, 0.808),
        (STRETCH, 60, "exceeded", 110, 1.2),
        # exact counts: over-delivery shown, not rewarded
        ({"kind": "exact", "target_value": 3.0, "unit": "家"}, 3, "met", 100, 1.0),
        ({"kind": "exact", "target_value": 3.0, "unit": "家"}, 4, "exceeded", 100, 4 / 3),
        ({"kind": "exact", "target_value": 3.0, "unit": "家"}, 2, "partial", 200 / 3, 2 / 3),
        # rates
        ({"kind": "rate", "target_value": 100.0, "unit": "%"}, 100, "met", 100, 1.0),
        ({"kind": "rate", "target_value": 100.0, "unit": "%"}, 95, "nearly_met", 95, 0.95),
        (
            {"kind": "rate", "comparator": "<=", "target_value": 5.0, "unit": "%"},
            4,
            "exceeded",
            110,
            1.25,
        ),
        # at_most: reverse indicator, score = target / actual
        ({"kind": "at_most", "target_value": 10.0, "unit": "件"}, 10, "met", 100, 1.0),
        ({"kind": "at_most", "target_value": 10.0, "unit": "件"}, 12.5, "partial", 80, 0.8),
        ({"kind": "at_most", "target_value": 10.0, "unit": "件"}, 8, "exceeded", 110, 1.25),
        ({"kind": "at_most", "target_value": 10.0, "unit": "件"}, 0, "exceeded", 110, None),
        ({"kind": "at_most", "target_value": 10.0, "unit": "件"}, 40, "not_met", 25, 0.25),
        # about: tolerance band (policy 5 %, or the plan's own)
        ({"kind": "about", "target_value": 100.0}, 95, "met", 100, 0.95),
        ({"kind": "about", "target_value": 100.0}, 105, "met", 100, 1.05),
        ({"kind": "about", "target_value": 100.0}, 106, "exceeded", 100, 1.06),
        ({"kind": "about", "target_value": 100.0}, 94, "nearly_met", 100 * 94 / 95, 0.94),
        ({"kind": "about", "target_value": 100.0, "tolerance": 0.1}, 90, "met", 100, 0.9),
        # zero: met only at zero, no ratio
        ({"kind": "zero", "target_value": 0.0, "unit": "户"}, 0, "met", 100, None),
        ({"kind": "zero", "target_value": 0.0, "unit": "户"}, 1, "not_met", 0, None),
        ({"kind": "at_most", "target_value": 0.0, "unit": "户"}, 2, "not_met", 0, None),
        # zero target on an at_least
        ({"kind": "at_least", "target_value": 0.0}, 0, "met", 100, None),
        # missing data is never a zero
        (AT_LEAST, None, "no_data", None, None),
        ({"kind": "zero", "target_value": 0.0}, None, "no_data", None, None),
        ({"kind": "at_least", "target_value": math.nan}, 5, "not_assessable", None, None),
    ],
)
def test_numeric_rules(target, actual, status, value, ratio):
    check(one(target, {"actual": actual}), status, value, ratio)


MILESTONE = {"kind": "milestone", "required_stage": "已完成"}


@pytest.mark.parametrize(
    ("outcome", "status", "value"),
    [
        ({"stage": "已完成"}, "met", 100),
        ({"stage": "已通过验收"}, "exceeded", 100),
        ({"stage": "推进中"}, "partial", 60),
        ({"stage": "未启动"}, "not_met", 0),
        ({"stage": "已完成", "date": "2022-12-20"}, "met", 100),
        ({"stage": "已完成", "date": "2023-01-15"}, "nearly_met", 90),  # late
        ({"stage": None}, "no_data", None),
    ],
)
def test_milestone_rules(outcome, status, value):
    check(one(MILESTONE, outcome), status, value, None)


def test_milestone_requiring_acceptance():
    row = one({**MILESTONE, "required_stage": "已通过验收"}, {"stage": "已完成"})
    check(row, "partial", 60, None)


DECREASE = {"kind": "direction", "direction": "decrease", "comparator": "<", "unit": "件"}


@pytest.mark.parametrize(
    ("target", "actual", "base", "status", "value"),
    [
        (DECREASE, 5, 8, "met", 100),
        (DECREASE, 8, 8, "not_met", 0),  # flat is not a fall
        (DECREASE, 9, 8, "not_met", 0),
        (DECREASE, 5, None, "no_data", None),  # missing baseline
        (DECREASE, None, 8, "no_data", None),
        ({**DECREASE, "direction": "increase", "comparator": ">"}, 9, 8, "met", 100),
        ({**DECREASE, "direction": "increase", "comparator": ">"}, 7, 8, "not_met", 0),
    ],
)
def test_direction_rules(target, actual, base, status, value):
    baseline = {"actual": base} if base is not None else None
    row = one(target, {"actual": actual}, baseline=baseline)
    check(row, status, value, None)


def test_direction_uses_explicit_baseline_frame_and_baseline_year():
    plan = make_plan({"target_id": "d", **DECREASE, "baseline_year": 2020})
    outcomes = make_outcomes({"target_id": "d", "actual": 5})
    base = make_outcomes(
        {"target_id": "d", "period": "2020", "actual": 6},
        {"target_id": "d", "period": "2021", "actual": 4},
    )
    row = score(plan, outcomes, baseline=base).targets.iloc[0]
    assert row["status"] == "met" and row["baseline"] == 6


RANK = {"kind": "rank", "rank_peers": "全市"}


@pytest.mark.parametrize(
    ("target", "outcome", "status", "value", "ratio"),
    [
        (RANK, {"actual": 4, "peers": 12}, "met", 100, 1.0),  # 前列 = top 12 // 3 = 4
        (RANK, {"actual": 2, "peers": 12}, "exceeded", 100, 2.0),
        (RANK, {"actual": 5, "peers": 12}, "partial", 80, 0.8),
        (RANK, {"actual": 5}, "not_assessable", None, None),  # no peers, no N
        (RANK, {"actual": None, "peers": 12}, "not_assessable", None, None),
        (RANK, None, "not_assessable", None, None),
        ({**RANK, "target_value": 3.0}, {"actual": 3}, "met", 100, 1.0),  # 前三
        ({**RANK, "target_value": 3.0}, {"actual": 6}, "not_met", 50, 0.5),
    ],
)
def test_rank_rules(target, outcome, status, value, ratio):
    check(one(target, outcome), status, value, ratio)


QUAL = {"kind": "qualitative"}


@pytest.mark.parametrize(
    ("outcome", "status", "value"),
    [
        ({"rating": "好", "evidence": "验收报告"}, "met", 100),
        ({"rating": "较好", "evidence": "台账"}, "nearly_met", 90),
        ({"rating": "一般", "evidence": "台账"}, "partial", 70),
        ({"rating": "差", "evidence": "台账"}, "not_met", 30),
        ({"rating": "好"}, "partial", 60),  # no evidence: capped and flagged
        ({"rating": "一般"}, "partial", 60),
        ({"rating": "差"}, "not_met", 30),
        ({"rating": None}, "no_data", None),
    ],
)
def test_qualitative_rules(outcome, status, value):
    row = one(QUAL, outcome)
    check(row, status, value, None)
    if outcome.get("rating") and not outcome.get("evidence") and status != "not_assessable":
        assert "缺少佐证材料" in row["flag"]


def test_shortfall_without_cause_and_remedy_is_flagged():
    row = one(AT_LEAST, {"actual": 260})
    assert "偏差原因" in row["flag"] and "改进措施" in row["flag"]
    row = one(AT_LEAST, {"actual": 260, "cause": "外资企业延迟到位", "remedy": "加强跟踪"})
    assert row["flag"] == ""


# --------------------------------------------------------------------------- mid-year

MID = "2022-06-30"


@pytest.mark.parametrize(
    ("target", "outcome", "status", "value", "expected"),
    [
        (AT_LEAST, {"actual": 150}, "on_track", 100, 150),  # 时间过半、任务过半
        (AT_LEAST, {"actual": 142.5}, "on_track", 95, 150),  # at the on-track line
        (AT_LEAST, {"actual": 120}, "behind", 80, 150),
        (AT_LEAST, {"actual": 300}, "met", 100, 150),  # already achieved for the year
        ({"kind": "rate", "target_value": 100.0, "unit": "%"}, {"actual": 90}, "behind", 90, 100),
        ({"kind": "at_most", "target_value": 10.0}, {"actual": 4}, "on_track", 110, 5),
        # over the year's cap by mid-year: cannot be met, but shown in mid-year terms
        ({"kind": "at_most", "target_value": 10.0}, {"actual": 12}, "behind", 0, 10),
        ({"kind": "zero", "target_value": 0.0}, {"actual": 0}, "on_track", 100, 0),
        ({"kind": "zero", "target_value": 0.0}, {"actual": 2}, "behind", 0, 0),
        (MILESTONE, {"stage": "推进中"}, "on_track", 100, None),
        (MILESTONE, {"stage": "未启动"}, "behind", 0, None),
        (MILESTONE, {"stage": "已完成"}, "met", 100, None),
        (QUAL, {"rating": "较好", "evidence": "台账"}, "on_track", 90, None),
        (QUAL, {"rating": "一般", "evidence": "台账"}, "behind", 70, None),
    ],
)
def test_midyear_rules(target, outcome, status, value, expected):
    row = one(target, {"period": MID, **outcome}, as_of=MID)
    assert row["status"] == status, row["rule"]
    assert row["score"] == pytest.approx(value)
    if expected is not None:
        assert row["expected"] == pytest.approx(expected)


def test_midyear_direction_prorates_annual_baseline():
    row = one(DECREASE, {"period": MID, "actual": 3}, baseline={"actual": 8}, as_of=MID)
    assert row["status"] == "on_track" and row["expected"] == pytest.approx(4)
    row = one(DECREASE, {"period": MID, "actual": 5}, baseline={"actual": 8}, as_of=MID)
    assert row["status"] == "behind"


def test_midyear_share_follows_calendar_months():
    row = one(AT_LEAST, {"period": "2022-03-31", "actual": 75}, as_of="2022-03-31")
    assert row["expected"] == pytest.approx(75) and row["status"] == "on_track"


def test_midyear_uses_latest_period_before_as_of_and_ignores_other_years():
    plan = make_plan({"target_id": "a", **AT_LEAST})
    outcomes = make_outcomes(
        {"target_id": "a", "period": "2021", "actual": 999},
        {"target_id": "a", "period": "2022-03-31", "actual": 60},
        {"target_id": "a", "period": "2022-05-31", "actual": 140},
        {"target_id": "a", "period": "2022", "actual": 400},
    )
    row = score(plan, outcomes, as_of=MID).targets.iloc[0]
    assert row["actual"] == 140 and row["period"] == "2022-05-31"
    row = score(plan, outcomes, as_of="2022-04-01").targets.iloc[0]
    assert row["actual"] == 60
    row = score(plan, outcomes).targets.iloc[0]
    assert row["actual"] == 400 and row["status"] == "exceeded"


def test_target_with_passed_deadline_is_judged_as_final_mid_year():
    # judged by the year-end rule (部分完成, 60) but shown as 进度滞后 in a mid-year result
    row = one(
        {**MILESTONE, "deadline": pd.Timestamp("2022-05-31")},
        {"period": MID, "stage": "推进中"},
        as_of=MID,
    )
    assert (row["status"], row["score"]) == ("behind", 60)
    assert "截止日期 2022-05-31 已过" in row["rule"] and "部分完成" in row["rule"]
    row = one(
        {**MILESTONE, "deadline": pd.Timestamp("2022-05-31")},
        {"period": MID, "stage": "已完成"},
        as_of=MID,
    )
    assert (row["status"], row["score"]) == ("met", 100)


# --------------------------------------------------------------------------- roll-ups


def two_sections_plan():
    return make_plan(
        {"target_id": "a", **AT_LEAST, "section": "s1"},
        {"target_id": "b", **AT_LEAST, "section": "s1"},
        {"target_id": "c", **STRETCH, "section": "s2", "section_name": "板块二"},
        {"target_id": "d", **QUAL, "section": "s2", "section_name": "板块二"},
        {"target_id": "v", **AT_LEAST, "section": "s2", "section_name": "板块二"},
    )


def test_missing_data_excluded_listed_and_coverage_stated():
    plan = two_sections_plan()
    outcomes = make_outcomes(
        {"target_id": "a", "actual": 300},
        {"target_id": "c", "actual": 25},
        {"target_id": "v", "actual": 300},
    )
    r = score(plan, outcomes)
    o = r.overall
    # s1: a=100 (b missing); s2: c=50, v=100 (d missing); sections equal weight
    w = {"a": 0.25, "b": 0.25, "c": 1 / 6, "d": 1 / 6, "v": 1 / 6}
    s_c = 50.0
    expected = (100 * w["a"] + s_c * w["c"] + 100 * w["v"]) / (w["a"] + w["c"] + w["v"])
    # the official total (form rule): missing targets keep their points and earn 0
    official = 100 * w["a"] + s_c * w["c"] + 100 * w["v"]
    assert o["score"] == pytest.approx(official, abs=0.005) and o["total_rule"] == "form"
    assert o["scored_mean"] == pytest.approx(expected)
    assert o["coverage"] == pytest.approx(w["a"] + w["c"] + w["v"])
    assert o["coverage"] < 0.8 and o["grade"] == "差" and "80.0%" in o["grade_note"]
    # the other rule, chosen by the policy: only targets with data, no grade below 80 %
    scored = score(plan, outcomes, policy=POLICY.with_(score={"total": "scored"})).overall
    assert scored["score"] == pytest.approx(expected, abs=0.005) and scored["grade"] is None
    assert o["no_data"] == ["b", "d"]
    assert r.no_data["target_id"].tolist() == ["b", "d"]
    assert o["conservative_score"] == pytest.approx(100 * w["a"] + s_c * w["c"] + 100 * w["v"])
    assert o["conservative_grade"] == "差"
    assert r.targets["effective_weight"].sum() == pytest.approx(1.0)


def test_missing_not_met_reading():
    plan = two_sections_plan()
    outcomes = make_outcomes({"target_id": "a", "actual": 300})
    r = score(plan, outcomes, missing="not_met")
    t = r.targets.set_index("target_id")
    assert t.loc["b", "status"] == "not_met" and t.loc["b", "score"] == 0
    assert r.overall["score"] == pytest.approx(r.overall["conservative_score"])
    assert r.overall["coverage"] == 1.0


def test_grade_given_when_coverage_sufficient():
    plan = make_plan({"target_id": "a", **AT_LEAST}, {"target_id": "b", **AT_LEAST})
    r = score(
        plan, make_outcomes({"target_id": "a", "actual": 270}, {"target_id": "b", "actual": 300})
    )
    assert r.overall["score"] == pytest.approx(95) and r.overall["grade"] == "优"
    assert r.overall["counts"] == {"met": 1, "nearly_met": 1}


def test_not_assessable_keeps_its_weight_and_lowers_coverage():
    # coverage = weight with a usable judgement / weight of all targets
    plan = make_plan({"target_id": "a", **AT_LEAST}, {"target_id": "r", **RANK})
    r = score(plan, make_outcomes({"target_id": "a", "actual": 300}))
    assert r.overall["not_assessable"] == ["r"]
    assert r.overall["coverage"] == pytest.approx(0.5)
    assert r.overall["score"] == pytest.approx(50) and r.overall["grade"] == "差"
    assert r.overall["scored_mean"] == pytest.approx(100)
    assert r.overall["conservative_score"] == pytest.approx(50)
    assert r.targets["effective_weight"].tolist() == pytest.approx([0.5, 0.5])
    assert r.sections.loc[0, "coverage"] == pytest.approx(0.5)


def test_not_assessable_and_no_data_lower_coverage_alike():
    plan = make_plan(
        {"target_id": "a", **AT_LEAST},
        {"target_id": "b", **AT_LEAST},
        {"target_id": "r", **RANK},
        {"target_id": "n", **AT_LEAST},
    )
    r = score(
        plan, make_outcomes({"target_id": "a", "actual": 300}, {"target_id": "b", "actual": 270})
    )
    assert r.overall["coverage"] == pytest.approx(0.5)
    r = score(plan, make_outcomes({"target_id": "a", "actual": 300}), missing="not_met")
    t = r.targets.set_index("target_id")
    assert t.loc["r", "status"] == "not_met" and t.loc["r", "score"] == 0
    assert r.overall["score"] == pytest.approx(r.overall["conservative_score"]) == 25


def test_section_weights_and_veto_from_policy():
    policy = load_policy(FIXTURES / "weighted_veto.yaml")
    plan = two_sections_plan()
    outcomes = make_outcomes(
        *({"target_id": i, "actual": 300} for i in ("a", "b", "v")),
        {"target_id": "c", "actual": 50},
        {"target_id": "d", "rating": "好", "evidence": "材料"},
    )
    r = score(plan, outcomes, policy=policy)
    assert r.overall["grade"] == "优"
    assert r.targets.set_index("target_id")["effective_weight"]["a"] == pytest.approx(3 / 8)
    outcomes.loc[outcomes["target_id"] == "v", "actual"] = 100.0
    r = score(plan, outcomes, policy=policy)
    # s1 weight 3 keeps the score high, but the veto target failed
    assert r.overall["score"] > 90
    assert r.overall["grade"] == "中" and r.overall["veto_failed"] == ["v"]
    assert "一票否决" in r.overall["grade_note"]


def test_policy_naming_unknown_sections_or_targets_is_refused():
    policy = load_policy(FIXTURES / "unknown_refs.yaml")
    with pytest.raises(PolicyError) as info:
        score(two_sections_plan(), make_outcomes(), policy=policy)
    fields = {p.field for p in info.value.problems}
    assert fields == {"section_weights.weights.nowhere", "veto.targets"}


def test_groups_double_decrease():
    plan = make_plan(
        {"target_id": "cases", **DECREASE, "group": "disputes"},
        {"target_id": "loss", **DECREASE, "unit": "%", "group": "disputes"},
        {"target_id": "other", **AT_LEAST},
    )

    def run(cases, loss):
        outcomes = make_outcomes(
            {"target_id": "cases", "actual": cases},
            {"target_id": "loss", "actual": loss},
            {"target_id": "cases", "period": "2021", "actual": 8},
            {"target_id": "loss", "period": "2021", "actual": 2.0},
        )
        return score(plan, outcomes)

    r = run(5, 1.5)
    assert r.groups.loc[0, "status"] == "met"
    r = run(5, 3.0)
    g = r.groups.iloc[0]
    assert (g["status"], g["n_met"]) == ("partial", 1)
    assert g["score"] == pytest.approx(50)
    t = r.targets.set_index("target_id")
    assert t.loc["cases", "status"] == "met" and t.loc["cases", "group_status_label"] == "部分完成"
    assert t.loc["loss", "group_status"] == "partial"
    assert t.loc["other", "group_status"] is None
    r = run(9, 3.0)
    assert r.groups.loc[0, "status"] == "not_met"
    r = run(None, 1.0)
    assert r.groups.loc[0, "status"] == "no_data"


def test_sections_roll_up():
    plan = two_sections_plan()
    outcomes = make_outcomes({"target_id": "a", "actual": 300}, {"target_id": "b", "actual": 150})
    s = score(plan, outcomes).sections.set_index("section")
    assert s.loc["s1", "score"] == pytest.approx(75)
    assert s.loc["s1", "met"] == 1 and s.loc["s1", "not_met"] == 1
    assert s.loc["s1", "coverage"] == 1.0
    # a section without data earns 0 of its points under the form rule
    assert s.loc["s2", "score"] == 0 and s.loc["s2", "no_data"] == 3
    assert math.isnan(s.loc["s2", "scored_mean"])


def test_sensitivity_scenarios():
    plan = make_plan(
        {"target_id": "a", **AT_LEAST, "target_value": 10.0},
        {"target_id": "b", **STRETCH, "target_value": 10.0},
        {"target_id": "c", **AT_LEAST, "target_value": 10.0, "strength": None, "weight": 2.0},
    )
    outcomes = make_outcomes(
        {"target_id": "a", "actual": 20},
        {"target_id": "b", "actual": 4.5},
        {"target_id": "c", "actual": 10},
    )
    sens = score(plan, outcomes).sensitivity().set_index("scenario")
    assert list(sens.index) == [
        "政策权重",
        "等权重",
        "不含力争/争创指标",
        "仅确保指标",
        "有数据指标平均",
        "计入超额加分",
        "仅量化指标",
    ]
    assert set(sens.columns) >= {
        "description",
        "score",
        "grade",
        "coverage",
        "n_targets",
        "weight_share",
    }
    s_b = 45.0
    # every reading but the first is its own; the first is the official total
    assert sens.loc["政策权重", "score"] == score(plan, outcomes).overall["score"]
    assert sens.loc["政策权重", "score"] == pytest.approx((100 + s_b + 2 * 100) / 4, abs=0.005)
    assert sens.loc["等权重", "score"] == pytest.approx((100 + s_b + 100) / 3, abs=0.005)
    assert sens.loc["不含力争/争创指标", "score"] == pytest.approx(100)
    assert sens.loc["仅确保指标", "score"] == pytest.approx(100)
    assert sens.loc["计入超额加分", "score"] == pytest.approx((110 + s_b + 200) / 4, abs=0.005)
    assert (sens["score"] <= 100).all()
    assert sens.loc["仅确保指标", "n_targets"] == 1


def test_duplicate_outcome_rows_are_refused():
    plan = make_plan({"target_id": "a", **AT_LEAST})
    outcomes = make_outcomes({"target_id": "a", "actual": 1}, {"target_id": "a", "actual": 2})
    with pytest.raises(OutcomesError):
        score(plan, outcomes)


def test_outcomes_without_required_columns_are_refused():
    plan = make_plan({"target_id": "a", **AT_LEAST})
    with pytest.raises(OutcomesError) as info:
        score(plan, pd.DataFrame({"actual": [1.0]}))
    assert {p.field for p in info.value.problems} == {"target_id", "period"}


def test_result_columns_and_type():
    r = score(two_sections_plan(), make_outcomes({"target_id": "a", "actual": 300}))
    assert isinstance(r, ScoreResult)
    required = {
        "target_id",
        "section",
        "kind",
        "target_value",
        "unit",
        "actual",
        "ratio",
        "score",
        "status",
        "status_label",
        "rule",
    }
    assert required <= set(r.targets.columns)
    assert set(r.targets["status"]) <= set(STATUS_LABELS)
    assert {"score", "grade", "coverage"} <= set(r.overall)


# --------------------------------------------------------------------------- purity


def test_inputs_are_not_mutated():
    plan = two_sections_plan()
    outcomes = make_outcomes(
        {"target_id": "a", "actual": 300},
        {"target_id": "d", "rating": "好"},
        {"target_id": "a", "period": "2021", "actual": 280},
    )
    outcomes.attrs["source_file"] = "x.csv"
    baseline = make_outcomes({"target_id": "a", "period": "2021", "actual": 1})
    before = (plan.targets.copy(deep=True), outcomes.copy(deep=True), baseline.copy(deep=True))
    attrs = copy.deepcopy(outcomes.attrs)
    policy_dump = POLICY.model_dump()
    r = score(plan, outcomes, baseline=baseline, policy=POLICY, as_of="2022-06-30")
    r.sensitivity()
    r._repr_html_()
    pd.testing.assert_frame_equal(plan.targets, before[0])
    pd.testing.assert_frame_equal(outcomes, before[1])
    pd.testing.assert_frame_equal(baseline, before[2])
    assert outcomes.attrs == attrs
    assert POLICY.model_dump() == policy_dump


# --------------------------------------------------------------------------- properties

finite = st.floats(min_value=-1e6, max_value=1e7, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False)
strengths = st.sampled_from(["确保", "力争", "争创", None])


def _score_one(kind, target, actual, strength="确保"):
    t = {"kind": kind, "target_value": target, "strength": strength}
    return one(t, {"actual": actual})


def _score_pair(kind, target, lo, hi, strength="确保"):
    """Two targets alike but for their figures, scored in one call (each is judged on its
    own): the rows for ``lo`` and ``hi``."""
    t = {"kind": kind, "target_value": target, "strength": strength}
    plan = make_plan({**t, "target_id": "lo"}, {**t, "target_id": "hi"})
    outcomes = make_outcomes({"target_id": "lo", "actual": lo}, {"target_id": "hi", "actual": hi})
    rows = score(plan, outcomes).targets.set_index("target_id")
    return rows.loc["lo"].to_dict(), rows.loc["hi"].to_dict()


@settings(max_examples=60, deadline=None)
@given(target=positive, a=finite, b=finite, strength=strengths)
def test_at_least_score_monotone_in_actual(target, a, b, strength):
    row_lo, row_hi = _score_pair("at_least", target, *sorted((a, b)), strength)
    assert row_lo["score"] <= row_hi["score"] + 1e-9


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["at_least", "exact", "about", "at_most", "rate"]),
    target=positive,
    actual=finite,
    strength=strengths,
)
def test_score_never_negative_and_cap_respected(kind, target, actual, strength):
    row = _score_one(kind, target, actual, strength)
    assert 0 <= row["score"] <= POLICY.score.cap
    assert row["status"] in STATUS_LABELS


@settings(max_examples=60, deadline=None)
@given(target=positive, actual=positive)
def test_ratio_is_not_capped(target, actual):
    row = _score_one("at_least", target, actual)
    assert row["ratio"] == pytest.approx(actual / target)


@settings(max_examples=60, deadline=None)
@given(target=positive, a=positive, b=positive)
def test_at_most_score_falls_as_actual_rises(target, a, b):
    row_lo, row_hi = _score_pair("at_most", target, *sorted((a, b)))
    assert row_lo["score"] >= row_hi["score"] - 1e-9


# --------------------------------------------------------------------------- bundled plan


def test_bundled_plan_end_to_end():
    plan_mod = pytest.importorskip("gutang_analysis.plan")
    plan = plan_mod.load_plan()
    t = plan.targets
    fdi = t.loc[t["title"].str.contains("外资") & (t["kind"] == "at_least"), "target_id"]
    assert len(fdi) >= 1
    fdi_id = fdi.iloc[0]
    outcomes = make_outcomes({"target_id": fdi_id, "actual": 260})
    r = score(plan, outcomes)
    row = r.targets.set_index("target_id").loc[fdi_id]
    assert row["ratio"] == pytest.approx(260 / 300)
    assert row["score"] == pytest.approx(86.67, abs=0.01)
    assert row["status_label"] == "部分完成"
    assert len(r.targets) == len(t)
    assert r.targets["rule"].str.len().gt(0).all()
    assert set(r.sections["section"]) <= set(plan.sections["section"])
    # one target of many has data: the rest keep their points and earn 0
    assert r.overall["grade"] == "差" and r.overall["score"] < 2


# --------------------------------------------------------------------------- docs/methodology.md

ABOUT_10 = {"kind": "about", "target_value": 10.0, "unit": "个"}
AT_MOST_4 = {"kind": "at_most", "target_value": 4.0, "unit": "起"}
JIEPAI = {"kind": "milestone", "required_stage": "已通过验收", "strength": "力争"}


@pytest.mark.parametrize(
    ("target", "outcome", "status", "value"),
    [
        (AT_LEAST, {"actual": 260}, "partial", 86.67),
        (STRETCH, {"actual": 46}, "met", 92),
        (STRETCH, {"actual": 44}, "nearly_met", 88),
        (STRETCH, {"actual": 56}, "exceeded", 110),
        ({"kind": "exact", "target_value": 3.0}, {"actual": 2}, "partial", 66.67),
        ({"kind": "exact", "target_value": 3.0}, {"actual": 4}, "exceeded", 100),
        (ABOUT_10, {"actual": 9.6}, "met", 100),
        (ABOUT_10, {"actual": 9}, "nearly_met", 94.74),
        (AT_MOST_4, {"actual": 5}, "partial", 80),
        (AT_MOST_4, {"actual": 3}, "exceeded", 110),
        (AT_MOST_4, {"actual": 0}, "exceeded", 110),
        # 力争 at 92.3 %: 完成 by its met line, but no full points below the commitment
        (
            {"kind": "rate", "target_value": 100.0, "strength": "力争"},
            {"actual": 92.3},
            "met",
            92.3,
        ),
        ({"kind": "rate", "target_value": 100.0}, {"actual": 92.3}, "nearly_met", 92.3),
        (JIEPAI, {"stage": "已完成"}, "partial", 60),
        (JIEPAI, {"stage": "已通过验收", "date": "2022-12-20"}, "met", 100),
        (JIEPAI, {"stage": "已通过验收", "date": "2023-01-15"}, "nearly_met", 90),
        (RANK, {"actual": 3, "peers": 12}, "exceeded", 100),
        (RANK, {"actual": 6, "peers": 12}, "partial", 66.67),
        (QUAL, {"rating": "好", "evidence": "年度工作总结"}, "met", 100),
        (QUAL, {"rating": "好"}, "partial", 60),
    ],
)
def test_methodology_worked_examples(target, outcome, status, value):
    row = one(target, outcome)
    assert row["status"] == status, row["rule"]
    assert row["score"] == pytest.approx(value, abs=0.01)


@pytest.mark.parametrize(
    ("actual", "status", "value"), [(120, "behind", 80), (145, "on_track", 96.67)]
)
def test_methodology_midyear_example(actual, status, value):
    row = one(AT_LEAST, {"period": MID, "actual": actual}, as_of=MID)
    assert (row["status"], round(row["score"], 2), row["expected"]) == (status, value, 150)


def test_methodology_double_decrease_example():
    plan = make_plan(
        {"target_id": "cases", **DECREASE, "group": "g"},
        {"target_id": "loss", **DECREASE, "unit": "%", "group": "g"},
    )
    outcomes = make_outcomes(
        {"target_id": "cases", "actual": 12},
        {"target_id": "loss", "actual": 8.3},
        {"target_id": "cases", "period": "2021", "actual": 15},
        {"target_id": "loss", "period": "2021", "actual": 6.7},
    )
    r = score(plan, outcomes)
    assert r.targets["group_status_label"].tolist() == ["部分完成", "部分完成"]
    assert r.groups.loc[0, "score"] == pytest.approx(50)
    assert "-20.0%" in r.targets.loc[0, "rule"] and "23.9%" in r.targets.loc[1, "rule"]


def test_bundled_outcomes_end_to_end():
    plan_mod = pytest.importorskip("gutang_analysis.plan")
    outcomes_mod = pytest.importorskip("gutang_analysis.outcomes")
    from gutang_analysis import paths

    if not paths.DEFAULT_OUTCOMES.exists():
        pytest.skip("bundled outcomes not present")
    plan = plan_mod.load_plan()
    annual = outcomes_mod.load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    base = outcomes_mod.load_outcomes(paths.DEFAULT_BASELINE, plan)
    r = score(plan, annual, baseline=base)
    o = r.overall
    assert o["illustrative"] is True
    assert len(r.targets) == len(plan.targets)
    assert set(r.targets["status"]) <= set(STATUS_LABELS) - {"on_track", "behind"}
    assert 0 <= o["score"] <= 100 and o["grade"] is not None
    assert o["score"] <= o["scored_mean"]
    assert o["score"] == pytest.approx(o["conservative_score"] - o["bonus_points"], abs=0.01)
    assert o["n_scored"] + len(o["no_data"]) + len(o["not_assessable"]) == len(plan.targets)
    assert len(r.sensitivity()) == 7
    mid = outcomes_mod.load_outcomes(paths.DEFAULT_MIDYEAR, plan)
    m = score(plan, mid, baseline=base, as_of="2022-06-30")
    assert m.overall["midyear"] is True
    assert {"on_track", "behind"} & set(m.targets["status"])


# --------------------------------------------------------------------------- policy knobs


def test_draft_targets_are_flagged():
    plan = make_plan({"target_id": "a", **AT_LEAST, "draft": True})
    row = score(plan, make_outcomes({"target_id": "a", "actual": 300})).targets.iloc[0]
    assert "草稿" in row["flag"]


def test_evidence_cap_can_be_switched_off():
    q = POLICY.qualitative.model_copy(update={"require_evidence": False})
    policy = POLICY.model_copy(update={"qualitative": q})
    row = one(QUAL, {"rating": "好"}, policy=policy)
    assert (row["status"], row["score"], row["flag"]) == ("met", 100, "")


def test_strength_weight_factor_changes_weights():
    strength = dict(POLICY.strength)
    strength["力争"] = strength["力争"].model_copy(update={"weight_factor": 0.0})
    policy = POLICY.model_copy(update={"strength": strength})
    plan = make_plan({"target_id": "a", **AT_LEAST}, {"target_id": "b", **STRETCH})
    outcomes = make_outcomes({"target_id": "a", "actual": 300}, {"target_id": "b", "actual": 10})
    assert score(plan, outcomes).overall["score"] < 100
    assert score(plan, outcomes, policy=policy).overall["score"] == pytest.approx(100)


def test_missing_argument_is_checked():
    from gutang_analysis.errors import UsageError

    with pytest.raises(UsageError) as err:
        score(make_plan(AT_LEAST), make_outcomes(), missing="zero")
    assert "zero" in str(err.value) and "exclude" in str(err.value) and "not_met" in str(err.value)


# --------------------------------------------------------------------------- review findings

YEAR_END_STATUSES = {"exceeded", "met", "nearly_met", "partial", "not_met", "no_data"}
MIDYEAR_STATUSES = {"exceeded", "met", "on_track", "behind", "no_data"}


def test_missing_baseline_is_labelled_and_warned():
    r = score(
        make_plan({"target_id": "d", **DECREASE}), make_outcomes({"target_id": "d", "actual": 5})
    )
    row = r.targets.iloc[0]
    assert row["status"] == "no_data" and math.isnan(row["score"])
    assert row["reason"] == "missing_baseline" and row["status_label"] == "缺少基期"
    assert "缺少基期（2021 年）数值" in row["rule"] and row["actual"] == 5
    expected = (
        "1 项同比方向目标缺少 2021 年基期数据，未计入得分；"
        "请在计划文件夹 outcomes 中放入 2021 年的文件"
        "（或用 --baseline 指定；Python 中 score(…, baseline=…)）。"
    )
    assert r.warnings == [expected] and r.overall["warnings"] == [expected]
    assert r.overall["no_data"] == ["d"] and r.overall["conservative_score"] == 0


def test_unreported_direction_target_is_not_a_missing_baseline():
    r = score(make_plan({"target_id": "d", **DECREASE}), make_outcomes())
    row = r.targets.iloc[0]
    assert (row["status_label"], row["reason"], r.warnings) == ("未报送", None, [])


def test_bundled_annual_without_baseline_warns():
    outcomes_mod = pytest.importorskip("gutang_analysis.outcomes")
    from gutang_analysis import paths
    from gutang_analysis.plan import load_plan

    plan = load_plan()
    annual = outcomes_mod.load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    r = score(plan, annual)
    lacking = r.targets[r.targets["reason"] == "missing_baseline"]
    assert len(lacking) == 6 and set(lacking["status_label"]) == {"缺少基期"}
    assert r.warnings == [
        "6 项同比方向目标缺少 2021 年基期数据，未计入得分；"
        "请在计划文件夹 outcomes 中放入 2021 年的文件"
        "（或用 --baseline 指定；Python 中 score(…, baseline=…)）。"
    ]
    base = outcomes_mod.load_outcomes(paths.DEFAULT_BASELINE, plan)
    assert score(plan, annual, baseline=base).warnings == []


def test_trajectory_is_computed_at_the_data_date():
    row = one(AT_LEAST, {"period": MID, "actual": 150}, as_of="2022-09-30")
    assert row["expected"] == pytest.approx(150) and row["status"] == "on_track"
    assert "数据截至 2022-06-30（早于评估日期 2022-09-30）" in row["rule"]
    assert row["reason"] == "stale_data" and row["status_label"] == "进度正常"
    r = score(
        make_plan({"target_id": "x", **AT_LEAST}),
        make_outcomes({"target_id": "x", "period": MID, "actual": 150}),
        as_of="2022-09-30",
    )
    assert len(r.warnings) == 1 and "2022-06-30" in r.warnings[0] and "2022-09-30" in r.warnings[0]
    # data dated on as_of: no note
    row = one(AT_LEAST, {"period": MID, "actual": 150}, as_of=MID)
    assert "数据截至" not in row["rule"] and row["reason"] is None


@pytest.mark.parametrize("as_of", [None, "2022-12-31", "2023-03-31"])
def test_midyear_snapshot_is_never_a_year_end_result(as_of):
    plan = make_plan({"target_id": "x", **AT_LEAST}, {"target_id": "m", **MILESTONE})
    outcomes = make_outcomes(
        {"target_id": "x", "period": MID, "actual": 150},
        {"target_id": "m", "period": MID, "stage": "已完成"},
    )
    r = score(plan, outcomes, as_of=as_of)
    t = r.targets
    assert t["status"].tolist() == ["no_data", "no_data"]
    assert set(t["reason"]) == {"interim_only"} and set(t["status_label"]) == {"无期末数据"}
    assert all("2022-06-30" in rule for rule in t["rule"])
    assert len(r.warnings) == 1 and "年末" in r.warnings[0] and "2022-06-30" in r.warnings[0]
    assert r.overall["midyear"] is False


def test_year_end_uses_the_year_end_row_when_there_is_one():
    plan = make_plan({"target_id": "x", **AT_LEAST})
    outcomes = make_outcomes(
        {"target_id": "x", "period": MID, "actual": 150},
        {"target_id": "x", "period": "2022", "actual": 300},
    )
    for as_of in (None, "2022-12-31"):
        r = score(plan, outcomes, as_of=as_of)
        assert (r.targets.loc[0, "status"], r.targets.loc[0, "period"]) == ("met", "2022")
        assert r.warnings == []


def test_passed_deadline_mid_year_needs_data_from_the_deadline_on():
    target = {**MILESTONE, "deadline": pd.Timestamp("2022-05-31")}
    row = one(target, {"period": "2022-03-31", "stage": "已完成"}, as_of=MID)
    assert (row["status"], row["reason"]) == ("no_data", "interim_only")
    row = one(target, {"period": MID, "stage": "已完成"}, as_of=MID)
    assert row["status"] == "met"


def test_statuses_never_mix_mid_year_and_year_end():
    plan = make_plan(
        {"target_id": "a", **AT_LEAST},
        {"target_id": "b", **AT_LEAST},
        {"target_id": "m", **MILESTONE, "deadline": pd.Timestamp("2022-05-31")},
        {"target_id": "c", "kind": "at_most", "target_value": 10.0},
        {"target_id": "q", **QUAL},
    )
    mid = make_outcomes(
        {"target_id": "a", "period": MID, "actual": 300},
        {"target_id": "b", "period": MID, "actual": 30},
        {"target_id": "m", "period": MID, "stage": "未启动"},
        {"target_id": "c", "period": MID, "actual": 12},
        {"target_id": "q", "period": MID, "rating": "差", "evidence": "台账"},
    )
    r = score(plan, mid, as_of=MID)
    assert set(r.targets["status"]) <= MIDYEAR_STATUSES
    assert r.overall["midyear"] is True
    annual = mid.assign(period="2022")
    r = score(plan, annual)
    assert set(r.targets["status"]) <= YEAR_END_STATUSES
    assert r.overall["midyear"] is False


def test_outcomes_frame_is_validated_listing_every_problem():
    plan = make_plan({"target_id": "a", **AT_LEAST}, {"target_id": "m", **MILESTONE})
    outcomes = make_outcomes(
        {"target_id": "a"},
        {"target_id": "m", "stage": "完成了"},
        {"target_id": "q", "rating": "很好"},
        {"target_id": "a", "period": "上半年", "peers": 0, "date": "2022年5月"},
    )
    outcomes["actual"] = pd.Series(["210万美元", None, None, None], dtype=object)
    with pytest.raises(OutcomesError) as info:
        score(plan, outcomes, as_of="2022/06/30")
    fields = [p.field for p in info.value.problems]
    assert sorted(fields) == sorted(
        ["as_of", "actual", "stage", "target_id", "rating", "period", "peers", "date"]
    )
    text = str(info.value)
    assert "8 处问题" in text and "完成了" in text and "210万美元" in text
    assert "2022/06/30" in text and "很好" in text


def test_valid_strings_in_outcomes_frame_are_accepted():
    row = one(AT_LEAST, {"actual": "300", "date": "2022-12-01"})
    assert row["status"] == "met"


def test_bad_baseline_frame_is_validated_too():
    plan = make_plan({"target_id": "d", **DECREASE})
    base = make_outcomes({"target_id": "zz", "period": "2021", "actual": 3})
    with pytest.raises(OutcomesError) as info:
        score(plan, make_outcomes({"target_id": "d", "actual": 2}), baseline=base)
    assert [(p.file, p.field, p.value) for p in info.value.problems] == [
        ("基期数据", "target_id", "zz")
    ]


COUNT_ONE = {"kind": "exact", "target_value": 1.0, "unit": "个"}
COUNT_THREE = {"kind": "exact", "target_value": 3.0, "unit": "家"}


@pytest.mark.parametrize(
    ("target", "actual", "status", "value", "expected"),
    [
        (COUNT_ONE, 0, "on_track", 100, 0),  # 完成工业集聚点搬迁1个: none due by 30 June
        (COUNT_ONE, 1, "met", 100, 0),
        (COUNT_THREE, 1, "on_track", 100, 1),  # 隐形冠军3家: 1 due by 30 June
        (COUNT_THREE, 0, "behind", 0, 1),
        ({**COUNT_THREE, "kind": "about"}, 1, "on_track", 100, 1),
        ({"kind": "at_most", "target_value": 3.0, "unit": "起"}, 2, "on_track", 100, 2),
        (AT_LEAST, 150, "on_track", 100, 150),  # 万美元 is not a count: 300 × 50 %
    ],
)
def test_midyear_counts_are_whole(target, actual, status, value, expected):
    row = one(target, {"period": MID, "actual": actual}, as_of=MID)
    assert (row["status"], row["expected"]) == (status, expected), row["rule"]
    assert row["score"] == pytest.approx(value)


def test_midyear_count_rounding_is_stated():
    row = one(COUNT_THREE, {"period": MID, "actual": 1}, as_of=MID)
    assert "3 × 50.0% = 1.5，计数类向下取整为 1" in row["rule"]


def _pair_plan(extra_group_kind="at_least"):
    return make_plan(
        {"target_id": "cases", **DECREASE, "group": "disputes"},
        {"target_id": "loss", **DECREASE, "unit": "%", "group": "disputes"},
        {"target_id": "k1", "kind": extra_group_kind, "target_value": 1.8, "group": "capital"},
        {"target_id": "k2", "kind": extra_group_kind, "target_value": 4.0, "group": "capital"},
    )


def test_only_direction_groups_are_rolled_up():
    outcomes = make_outcomes(
        {"target_id": "cases", "actual": 5},
        {"target_id": "loss", "actual": 3.0},
        {"target_id": "cases", "period": "2021", "actual": 8},
        {"target_id": "loss", "period": "2021", "actual": 2.0},
        {"target_id": "k1", "actual": 1.8},
        {"target_id": "k2", "actual": 1.0},
    )
    r = score(_pair_plan(), outcomes)
    assert r.groups["group"].tolist() == ["disputes"]
    t = r.targets.set_index("target_id")
    assert t.loc["k2", "group"] == "capital"
    assert t.loc["k1", "group_status"] is None and t.loc["k2", "group_status_label"] is None
    assert t.loc["loss", "group_status_label"] == "部分完成"


def test_direction_group_with_missing_member_is_no_data_without_score():
    outcomes = make_outcomes(
        {"target_id": "cases", "actual": 5},
        {"target_id": "loss", "actual": 1.0},
        {"target_id": "cases", "period": "2021", "actual": 8},
    )
    r = score(_pair_plan(), outcomes)
    g = r.groups.iloc[0]
    assert g["status"] == "no_data" and math.isnan(g["score"])
    assert "loss" in g["rule"] and "缺少基期" in g["rule"] and "cases" not in g["rule"]
    t = r.targets.set_index("target_id")
    assert t.loc["cases", "status"] == "met" and t.loc["cases", "group_status"] == "no_data"


def test_direction_group_mid_year_uses_mid_year_statuses():
    outcomes = make_outcomes(
        {"target_id": "cases", "period": MID, "actual": 2},
        {"target_id": "loss", "period": MID, "actual": 3.0},
        {"target_id": "cases", "period": "2021", "actual": 8},
        {"target_id": "loss", "period": "2021", "actual": 2.0},
    )
    r = score(_pair_plan(), outcomes, as_of=MID)
    assert r.groups.loc[0, "status"] == "behind"


@pytest.mark.parametrize(
    "target",
    [
        {"kind": "rate", "target_value": 100.0, "unit": "%"},
        {"kind": "rate", "comparator": "=", "target_value": 100.0, "unit": "%"},
        {"kind": "rate", "comparator": "<=", "target_value": 5.0, "unit": "%"},
        AT_LEAST,
        {"kind": "exact", "target_value": 3.0},
        {"kind": "at_most", "target_value": 4.0},
    ],
)
def test_rule_labels_are_not_doubled(target):
    for actual in (50, 0, None):
        row = one(target, {"actual": actual})
        assert "类类" not in row["rule"] and "）类" not in row["rule"], row["rule"]
    row = one({**target, "target_value": math.nan}, {"actual": 1})
    assert "类类" not in row["rule"]


def test_policy_is_checked_against_plan_before_scoring():
    policy = load_policy(FIXTURES / "unknown_refs.yaml")
    with pytest.raises(PolicyError) as info:
        score(two_sections_plan(), make_outcomes({"target_id": "zz", "actual": 1}), policy=policy)
    # the policy mismatch is reported first, before the outcomes are read
    assert {p.field for p in info.value.problems} == {
        "section_weights.weights.nowhere",
        "veto.targets",
    }


# --------------------------------------------------------------------------- issue 12

METHODOLOGY = Path(__file__).parents[1] / "docs" / "methodology.md"


def _quoted_examples() -> list[str]:
    """The block-quoted sentences of docs/methodology.md (what the package says, verbatim)."""
    text = METHODOLOGY.read_text(encoding="utf-8")
    return [line[2:].strip() for line in text.splitlines() if line.startswith("> ")]


def _two_sections_with_self_ratings():
    """docs/methodology.md 六: section 甲 = one at-least (80 %) + one 好; section 乙 = one 较好."""
    plan = make_plan(
        {"target_id": "q1", **AT_LEAST, "target_value": 10.0, "section": "a"},
        {"target_id": "q2", **QUAL, "section": "a"},
        {"target_id": "q3", **QUAL, "section": "b"},
    )
    outcomes = make_outcomes(
        {"target_id": "q1", "actual": 8},
        {"target_id": "q2", "rating": "好", "evidence": "会议纪要"},
        {"target_id": "q3", "rating": "较好", "evidence": "验收报告"},
    )
    return plan, score(plan, outcomes)


def test_quantitative_only_reading_leaves_self_ratings_out():
    _, r = _two_sections_with_self_ratings()
    sens = r.sensitivity().set_index("scenario")
    assert r.overall["score"] == pytest.approx(90.0) and r.overall["grade"] == "优"
    quant = sens.loc["仅量化指标"]
    assert quant["score"] == pytest.approx(80.0) and quant["grade"] == "良"
    assert quant["n_targets"] == 1
    assert quant["weight_share"] == pytest.approx(0.25)
    assert sens.drop(index="仅量化指标")["weight_share"].tolist() == pytest.approx([1.0] * 6)


def test_quantitative_only_sentence_is_the_documented_one():
    from gutang_analysis.phrases import self_rated_paragraph

    _, r = _two_sections_with_self_ratings()
    text = self_rated_paragraph(r)
    assert text in _quoted_examples(), text


def test_the_bundled_example_is_mostly_self_rated(example_ctx):
    r = example_ctx.result
    quant = r.sensitivity().set_index("scenario").loc["仅量化指标"]
    assert 1 - quant["weight_share"] == pytest.approx(0.53, abs=0.005)  # methodology.md 六


def _evidence_plan(n: int, evidence: list[str | None]):
    plan = make_plan(*({"target_id": f"t{i}", **QUAL} for i in range(n)))
    outcomes = make_outcomes(
        *({"target_id": f"t{i}", "rating": "好", "evidence": e} for i, e in enumerate(evidence))
    )
    return score(plan, outcomes)


def test_boilerplate_evidence_is_flagged_and_warned_as_documented():
    plan = make_plan(*({"target_id": t, **QUAL} for t in "abcd"))
    outcomes = make_outcomes(
        *(
            {"target_id": t, "rating": "好", "evidence": e}
            for t, e in zip(
                "abcd", ["年度工作总结", "年度工作总结", "年度工作总结。", "验收单"], strict=True
            )
        )
    )
    r = score(plan, outcomes)
    flags = r.targets.set_index("target_id")["flag"]
    assert list(flags[["a", "b", "c"]]) == ["佐证材料与其他 2 项相同"] * 3
    assert flags["d"] == ""
    assert r.targets["score"].tolist() == [100.0] * 4  # a flag, never a penalty
    assert len(r.warnings) == 1 and r.warnings == r.overall["warnings"]
    assert r.warnings[0] in _quoted_examples(), r.warnings[0]


@pytest.mark.parametrize(
    ("n", "shared", "flagged"),
    [
        (5, 2, True),  # 2 of 5 targets with evidence: 40 % ≥ 20 %
        (10, 2, True),  # 2 of 10: exactly 20 %
        (11, 2, False),  # 2 of 11: below 20 % and fewer than 3
        (30, 3, True),  # 3 targets: boilerplate whatever the share
        (30, 1, False),
    ],
)
def test_boilerplate_thresholds(n, shared, flagged):
    evidence = ["通用材料"] * shared + [f"材料{i}" for i in range(n - shared)]
    r = _evidence_plan(n, evidence)
    marked = r.targets["flag"].str.contains("佐证材料与其他").sum()
    assert marked == (shared if flagged else 0)
    assert any("佐证材料完全相同" in w for w in r.warnings) == flagged


def test_boilerplate_flag_keeps_the_other_flags():
    plan = make_plan(*({"target_id": f"t{i}", **AT_LEAST, "target_value": 10.0} for i in range(3)))
    outcomes = make_outcomes(
        *({"target_id": f"t{i}", "actual": 5, "evidence": "台账"} for i in range(3))
    )
    flag = score(plan, outcomes).targets["flag"].iloc[0]
    assert flag == "未填写偏差原因、改进措施；佐证材料与其他 2 项相同"


def test_a_baseline_for_a_non_direction_target_is_context_not_score():
    """docs/methodology.md 二、13: the value is kept as 基期值; the score does not change."""
    plain = one(AT_LEAST, {"actual": 210})
    based = one(AT_LEAST, {"actual": 210}, baseline={"actual": 265})
    assert math.isnan(plain["baseline"]) and based["baseline"] == 265
    for key in ("status", "score", "ratio", "rule"):
        assert plain[key] == based[key], key
    assert (based["status"], round(based["score"], 1)) == ("partial", 70.0)


def test_offices_come_from_the_decomposition_and_the_reporter_is_its_own_column(example_run):
    run = example_run
    t = run.result.targets.set_index("target_id")
    assert t.loc["econ-fdi-utilised", "office"] == "招商服务中心"  # the 分解表
    assert t.loc["econ-fdi-utilised", "partners"] == "经济发展办公室"
    assert t.loc["econ-fdi-utilised", "lead"] == "分管经济副主任"
    assert "reporting_office" in t.columns  # 报送单位, as the outcome file says
    bare = score(run.plan, run.outcomes, baseline=run.baseline, policy=run.policy)
    assert bare.targets["office"].isna().all()  # no 分解表: no 责任科室 is made up
    assert bare.targets["reporting_office"].equals(run.result.targets["reporting_office"])
    offices = run.result.by_office()
    assert int(offices["n_targets"].sum()) == len(run.plan.targets)
    assert list(offices.columns[:3]) == ["office", "order", "assigned"]
    assert set(run.result.sections.columns) - {"section", "section_name", "weight"} <= set(
        offices.columns
    )
    (only,) = bare.by_office().itertuples()
    assert only.office == "（分解表未列责任科室）" and not only.assigned


def test_an_unchecked_baseline_is_said_in_the_warnings():
    from gutang_analysis import outcomes as outcomes_mod
    from gutang_analysis import paths
    from gutang_analysis.plan import load_plan

    plan = load_plan()
    annual = outcomes_mod.load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    base = outcomes_mod.load_outcomes(paths.DEFAULT_BASELINE, plan)
    assert not any("尚未核对" in w for w in score(plan, annual, baseline=base).warnings)
    base.attrs["unchecked"] = True  # as load_outcomes marks new's 原文上年实绩 draft
    (said,) = [w for w in score(plan, annual, baseline=base).warnings if "尚未核对" in w]
    assert "2021.csv" in said


def test_every_problem_of_a_hand_made_frame_is_listed_in_row_order():
    """Each check of score's input frame, with the place each problem is named by (a
    regression net for the column-wise checks used on 100,000 rows)."""
    plan = load_plan()
    ids = plan.targets["target_id"].tolist()
    stamp = pd.Timestamp("2022-06-01")
    frame = pd.DataFrame(
        {
            "target_id": [ids[0], "nope", None, ids[1], ids[1], *ids[2:6], f" {ids[6]} "],
            "period": [
                "2022",
                "2022",
                "2022",
                "2022",
                "2022 ",
                "20x",
                "2022",
                "2022",
                "2022",
                None,
            ],
            "actual": [1.0, "abc", 2.0, 3.0, 3.0, True, np.nan, None, 5.0, 1.0],
            "stage": [None, None, "开工了", None, None, None, " 已完成 ", None, None, None],
            "rating": [None, "很好", None, None, None, None, None, None, None, None],
            "peers": [None, 0, None, None, None, None, None, 2.5, -1, None],
            "date": [None, None, "2022-13-01", None, None, "2022-05-01", None, None, stamp, "x"],
        }
    )
    with pytest.raises(OutcomesError) as err:
        score(plan, frame)
    number = "按计量单位填写的数字（如 210）；带单位的写法请用 load_outcomes 读入换算"
    period = "报告期：年份（如 2022）或日期（如 2022-06-30）"
    date = "完成日期，写作 YYYY-MM-DD（如 2022-12-20）"
    expected = [
        ("第 2 条记录（指标 nope）", "target_id", "nope", "计划中的指标编号"),
        ("第 2 条记录（指标 nope）", "actual", "abc", number),
        ("第 2 条记录（指标 nope）", "rating", "很好", "以下之一：好、较好、一般、差"),
        ("第 2 条记录（指标 nope）", "peers", 0.0, "参评单位数（不小于 1 的整数）"),
        ("第 3 条记录", "target_id", None, "计划中的指标编号"),
        ("第 3 条记录", "stage", "开工了", "以下之一：未启动、推进中、已完成、已通过验收"),
        ("第 3 条记录", "date", "2022-13-01", date),
        (f"第 5 条记录（指标 {ids[1]}）", "period", "2022", f"指标 {ids[1]} 每个报告期只填一行"),
        (f"第 6 条记录（指标 {ids[2]}）", "period", "20x", period),
        (f"第 6 条记录（指标 {ids[2]}）", "actual", True, number),
        (f"第 9 条记录（指标 {ids[5]}）", "peers", -1.0, "参评单位数（不小于 1 的整数）"),
        (f"第 10 条记录（指标 {ids[6]}）", "period", None, period),
        (f"第 10 条记录（指标 {ids[6]}）", "date", "x", date),
    ]
    got = [(p.where, p.field, p.value, p.expected) for p in err.value.problems]
    assert got == expected
    assert {p.file for p in err.value.problems} == {"完成情况数据"}
    # with the file's row numbers, a row is named by its number
    with pytest.raises(OutcomesError) as err:
        score(plan, frame.assign(row=[5, 6, None, 8, 9, 10, 11, 12, 13, 14]))
    wheres = [p.where for p in err.value.problems]
    assert wheres[:5] == ["第 6.0 行"] * 4 + ["第 3 条记录"]
    assert wheres[-1] == "第 14.0 行"
