"""compare(): two periods, two policies, two plans; what-if scoring and its explanation."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from gutang_analysis import compare, compare_chart, comparison_view, score, what_if
from gutang_analysis.charts import ChartFigure
from gutang_analysis.compare import CHANGE_LABELS, COMPARE_COLUMNS, explain_change
from gutang_analysis.errors import PolicyError, UsageError


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


def _result(plan_id, year, rows, actuals):
    targets = pd.DataFrame(
        [
            {
                "target_id": t,
                "section": "s",
                "title": title,
                "kind": "at_least",
                "target_value": value,
                "strength": "确保",
            }
            for t, title, value in rows
        ]
    )
    outcomes = pd.DataFrame(
        {
            "target_id": list(actuals),
            "period": [str(year)] * len(actuals),
            "actual": list(actuals.values()),
        }
    )
    plan = SimpleNamespace(id=plan_id, year=year, targets=targets, sections=None)
    return score(plan, outcomes)


def test_midyear_against_year_end(run):
    diff = compare(run.midyear_result, run.result, names=("年中", "年终"))
    assert list(diff.columns) == list(COMPARE_COLUMNS)
    assert len(diff) == len(run.result.targets) and diff.attrs["matched"] == len(diff)
    assert set(diff["status_change"]) <= set(CHANGE_LABELS)
    both = diff.dropna(subset=["a", "b"])
    assert (both["change"] == both["b"] - both["a"]).all()
    # statuses in Chinese, from the vocabulary
    assert "进度正常" in set(diff["status_a"]) and "完成" in set(diff["status_b"])
    gained = diff[diff["status_change"] == "新增数据"]
    assert gained["a"].isna().all() and gained["b"].notna().all()


def test_two_policies_of_one_plan(run):
    strict = run.policy.with_(strength={"力争": {"met_ratio": 1.0}, "争创": {"met_ratio": 1.0}})
    answer = what_if(run, strict)
    diff = compare(answer.before, answer.after)
    assert (diff["status_change"] == "退步").sum() >= 1
    assert (diff["status_change"] == "改善").sum() == 0


def test_across_plans_by_id_and_by_indicator():
    a = _result(
        "a-2022",
        2022,
        [("fdi", "实际利用外资3亿美元", 3), ("firms", "新增企业10家", 10), ("old", "旧指标", 1)],
        {"fdi": 3, "firms": 5, "old": 1},
    )
    b = _result(
        "b-2023",
        2023,
        [
            ("b-fdi", "实际利用外资 3.5 亿美元", 3.5),
            ("firms", "新增企业12家", 12),
            ("new", "新指标", 1),
        ],
        {"b-fdi": 2, "firms": 12},
    )
    diff = compare(a, b, names=("2022年", "2023年"))
    by = diff.set_index("title")
    assert by.loc["实际利用外资3亿美元", "matched_by"] == "指标名称相同"
    assert by.loc["实际利用外资3亿美元", "target_id_b"] == "b-fdi"
    assert by.loc["实际利用外资3亿美元", "status_change"] == "退步"
    # two plans: never by id, though both have "firms"; the indicator matches
    assert by.loc["新增企业10家", "matched_by"] == "指标名称相同"
    assert by.loc["新增企业10家", "status_change"] == "改善"
    assert diff.attrs["matched"] == 2
    assert diff.attrs["only_a"] == ["旧指标"] and diff.attrs["only_b"] == ["新指标"]
    assert set(diff.loc[diff["matched_by"].isna(), "status_change"]) == {"未匹配"}
    view = comparison_view(diff)
    assert {"得分（2022年）", "得分（2023年）", "状态变化", "匹配方式"} <= set(view.columns)


def _drafted(plan_id, rows, actuals):
    """A drafted plan's result: generated ids s1-01 …, kinds and units of its own."""
    targets = pd.DataFrame(
        [
            {
                "target_id": t,
                "section": "s1",
                "title": title,
                "kind": kind,
                "unit": unit,
                "target_value": value,
                "strength": None,
                "required_stage": stage,
            }
            for t, title, kind, unit, value, stage in rows
        ]
    )
    outcomes = pd.DataFrame(
        {
            "target_id": list(actuals),
            "period": ["2024"] * len(actuals),
            "actual": [a if not isinstance(a, str) else None for a in actuals.values()],
            "stage": [a if isinstance(a, str) else None for a in actuals.values()],
        }
    )
    plan = SimpleNamespace(id=plan_id, year=2024, targets=targets, sections=None)
    return score(plan, outcomes)


def test_two_towns_drafts_never_pair_by_generated_id():
    # 皂户李镇's 以商招商 and 鼎龙乡's 粮食总产量 were both s1-01 and shown as 退步
    zaohu = _drafted(
        "zaohulizhen-2024",
        [
            ("s1-01", "以商招商", "milestone", None, None, "已完成"),
            ("s1-02", "GDP增长7%", "growth", "%", 7.0, None),
            ("s1-03", "固定资产投资5亿元", "at_least", "亿元", 5.0, None),
        ],
        {"s1-01": "已完成", "s1-02": 7.5, "s1-03": 4.0},
    )
    dinglong = _drafted(
        "dinglongxiang-2024",
        [
            ("s1-01", "粮食总产量2万吨", "at_least", "吨", 20000.0, None),
            ("s1-02", "地区生产总值增长6.5%", "growth", "%", 6.5, None),
            ("s1-03", "固定资产投资增长10%", "growth", "%", 10.0, None),
            ("s1-04", "完成固定资产投资60000万元", "at_least", "万元", 60000.0, None),
        ],
        {"s1-01": 10000.0, "s1-02": 6.0, "s1-03": 12.0, "s1-04": 60000.0},
    )
    diff = compare(zaohu, dinglong, names=("皂户李镇", "鼎龙乡"))
    pairs = {
        (r.title, r.target_id_b): r.matched_by
        for r in diff.itertuples()
        if isinstance(r.matched_by, str)
    }
    assert pairs == {
        ("GDP增长7%", "s1-02"): "同一指标（指标登记表：地区生产总值）",
        # an amount with an amount (亿元 and 万元), never with the growth of the same name
        ("固定资产投资5亿元", "s1-04"): "同一指标（指标登记表：固定资产投资）",
    }
    unmatched = diff[diff["status_change"] == "未匹配"]
    assert set(unmatched["title"]) == {"以商招商", "粮食总产量2万吨", "固定资产投资增长10%"}
    assert not diff["status_a"].astype(str).str.contains("nan").any()
    assert not diff["status_b"].astype(str).str.contains("nan").any()
    with pytest.raises(UsageError, match="不能按目标编号对应"):
        compare(zaohu, dinglong, match="target_id")
    with pytest.raises(UsageError, match="只解释同一份计划"):
        explain_change(zaohu, dinglong)


def test_nothing_in_common_is_a_message():
    a = _result("a", 2022, [("x", "甲", 1)], {"x": 1})
    b = _result("b", 2023, [("y", "乙", 1)], {"y": 1})
    with pytest.raises(UsageError, match="没有可以对应的目标"):
        compare(a, b)


def test_compare_refuses_what_is_not_a_result(run):
    with pytest.raises(UsageError, match="评分结果"):
        compare(run.plan, run.result)
    with pytest.raises(UsageError, match="match"):
        compare(run.result, run.result, match="title")


def test_compare_chart(run):
    fig = compare_chart(compare(run.midyear_result, run.result, names=("年中", "年终")))
    assert isinstance(fig, ChartFigure)
    assert fig.axes[0].get_xlabel() == "得分变化（年终 − 年中）"
    assert fig._repr_png_()[:4] == b"\x89PNG"
    same = compare_chart(compare(run.result, run.result))
    assert "没有得分变化" in same._repr_mimebundle_()["text/plain"]


def test_policy_with_is_checked_like_the_yaml(run):
    with pytest.raises(PolicyError) as err:
        run.policy.with_(grades={"优": 50, "良": 80, "中": 60})
    assert "grades.良" in str(err.value) and "grades.优（50）" in str(err.value)
    with pytest.raises(PolicyError, match="gradez"):
        run.policy.with_(gradez={"优": 95})
    changed = run.policy.with_(grades={"优": 95, "良": 85, "中": 60})
    assert changed.grade(92) == "良" and run.policy.grade(92) == "优"
    assert changed.path is None and "grades" in changed.name
    kept = run.policy.with_(strength={"力争": {"met_ratio": 1.0}}).strength["力争"]
    assert kept.met_ratio == 1.0 and kept.weight_factor == run.policy.strength["力争"].weight_factor


def test_what_if_explains_the_move_in_chinese(run):
    weighted = run.policy.with_(section_weights={"weights": {"livelihood": 2.0}})
    answer = what_if(run, weighted)
    why = answer.changes
    total = answer.after.overall["score"] - answer.before.overall["score"]
    assert why["contribution"].sum() == pytest.approx(total, abs=0.01)
    assert why["contribution"].abs().is_monotonic_decreasing
    text = str(answer)
    assert text.startswith("总分由 83.03 分变为")
    assert "权重" in text


def test_a_stretch_line_changes_statuses_not_points(run):
    """力争 at 92 % is 完成 by its line, yet earns 92 points: the points follow the commitment."""
    strict = run.policy.with_(strength={"力争": {"met_ratio": 1.0}, "争创": {"met_ratio": 1.0}})
    answer = what_if(run, strict)
    assert answer.after.overall["score"] == answer.before.overall["score"]
    a = answer.before.targets.set_index("target_id")
    b = answer.after.targets.set_index("target_id")
    moved = a.index[a["status"] != b["status"]]
    assert len(moved) and (a.loc[moved, "score"] < 100).all()
    assert "<li>" in answer._repr_html_()


def test_what_if_grade_thresholds_only(run):
    answer = what_if(run, run.policy.with_(grades={"优": 83, "良": 80, "中": 60}))
    assert answer.sentences[0].endswith("等级由“良”变为“优”。")
    assert "等级分数线" in str(answer)


def test_explain_change_by_weight(run):
    weighted = run.policy.with_(section_weights={"weights": {"economy": 2.0}})
    why = explain_change(run.result, what_if(run, weighted).after)
    top = why.iloc[0]
    assert top["weight_after"] > top["weight_before"] and math.isclose(
        top["score_before"], top["score_after"]
    )


def test_what_if_needs_a_run(run):
    with pytest.raises(UsageError, match="run"):
        what_if(run.result, run.policy)
    with pytest.raises(UsageError, match="评分规则"):
        what_if(run, {"grades": {}})
    with pytest.raises(UsageError):
        explain_change(run.plan, run.result)
