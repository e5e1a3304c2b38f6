"""The verdict that opens every report: total, counts, costliest shortfalls with owners."""

from __future__ import annotations

import pandas as pd
import pytest

from gutang_analysis.verdict import (
    costly_shortfalls,
    light_counts,
    main_points,
    official_total,
    verdict_html,
)


@pytest.fixture(scope="module")
def ctx(example_ctx):
    return example_ctx


@pytest.fixture(scope="module")
def mid(example_midyear_ctx):
    return example_midyear_ctx


def test_the_total_is_the_result_s_own(ctx):
    score, grade = official_total(ctx.result)
    assert score == ctx.result.overall["score"]
    assert grade == ctx.result.overall["grade"]
    assert main_points(ctx.result, ctx.plan)[0] == f"自评总分 {score:.2f} 分，等级“{grade}”。"


def test_costliest_shortfalls_are_ordered_and_owned(ctx):
    worst = costly_shortfalls(ctx.result, ctx.plan, top=5)
    assert len(worst) == 5
    assert worst["lost"].is_monotonic_decreasing
    # a target that reached its mark loses nothing and is never named
    assert not worst["status"].isin(["met", "exceeded"]).any()
    # every one names who answers for it, from the 分解表
    assert worst["owner"].str.contains("责任科室").all()
    # equal losses: reported shortfalls before missing figures
    tied = worst[worst["lost"] == worst["lost"].iloc[0]]
    lacking = tied["status"].isin(["no_data", "not_assessable"]).tolist()
    assert lacking == sorted(lacking)


def test_a_target_without_a_score_loses_its_whole_share(ctx):
    t = ctx.result.targets
    weights = pd.to_numeric(t["official_weight"])
    worst = costly_shortfalls(ctx.result, ctx.plan, top=len(t))
    missing = worst[worst["status"] == "no_data"]
    assert not missing.empty
    share = weights.set_axis(t["target_id"]) / weights.sum() * 100
    for r in missing.itertuples():
        assert r.lost == pytest.approx(share[r.target_id], abs=0.01)


def test_mid_year_names_targets_behind_and_counts_lights(mid):
    points = main_points(mid.result, mid.plan, as_of=mid.as_of)
    assert points[0].startswith(f"截至 {mid.as_of}，进度得分")
    assert any(p.startswith("按三色预警：红灯 ") for p in points)
    worst = costly_shortfalls(mid.result, mid.plan, missing=False)
    assert not worst["status"].isin(["no_data", "not_assessable"]).any()


def test_light_counts_count_missing_lights_as_unreported():
    assert light_counts(pd.Series(["红灯", None, float("nan")])) == {
        "红灯": 1,
        "黄灯": 0,
        "绿灯": 0,
        "未报送": 2,
    }


def test_the_block_is_escaped_and_holds_no_provenance(ctx):
    page = verdict_html(ctx.result, ctx.plan)
    assert "SHA-256" not in page and ".yaml" not in page
    assert page.count('class="gutang-tile"') == 6
    section = verdict_html(ctx.result, ctx.plan, section="economy")
    assert "板块得分" in section and "（板块内）" in section
    # a title with markup in it is shown as text
    t = ctx.result.targets.copy()
    t.loc[t["status"] == "not_met", "title"] = "<b>x</b>"
    fake = type("R", (), {"targets": t, "overall": ctx.result.overall})()
    assert "<b>x</b>" not in verdict_html(fake, ctx.plan)


def test_the_losses_add_up_to_what_the_official_total_lacks(ctx):
    worst = costly_shortfalls(ctx.result, ctx.plan, top=len(ctx.result.targets))
    assert worst["lost"].sum() == pytest.approx(100 - ctx.result.overall["score"], abs=0.1)


def test_the_verdict_counts_what_is_still_to_complete(ctx):
    """The shortfalls without cause or remedy (待补充 on the form) are counted up front."""
    n = len(ctx.result.overall["unexplained"])
    assert n > 0
    said = f"偏差原因或改进措施待补充 {n} 项"
    assert any(p.startswith(said) for p in main_points(ctx.result, ctx.plan))
    assert said in verdict_html(ctx.result, ctx.plan)


def test_the_year_end_verdict_counts_the_latest_lights(ctx):
    """The annual review has no lights of its own: it states the latest 督查 period's."""
    assert ctx.lights is not None and ctx.lights_when == "2022 年末"
    expected = light_counts(ctx.lights)
    line = f"按三色预警（2022 年末）：红灯 {expected['红灯']} 项、黄灯 {expected['黄灯']} 项"
    assert line in ctx.header_html("年度报告")
    # a section counts its own targets only
    section = ctx.header_html("板块", section="economy")
    ids = ctx.result.targets.loc[ctx.result.targets["section"] == "economy", "target_id"]
    own = light_counts(ctx.lights.reindex(ids))
    assert f"红灯 {own['红灯']} 项、黄灯 {own['黄灯']} 项" in section
    # without lights the year-end verdict says nothing of them
    assert not any("三色预警" in p for p in main_points(ctx.result, ctx.plan))


def test_the_year_end_lights_count_every_target_as_the_supervision_report_does():
    # the annual review once said 未报送 2 (92 of 93 targets) where 督查 said 3: a target
    # that cannot be assessed has no light and counts as 未报送 in both
    from gutang_analysis.periods import periods_of_run
    from gutang_analysis.report import prepare
    from gutang_analysis.run import load_run, resolve_run
    from gutang_analysis.verdict import light_counts

    ctx = prepare()
    counted = light_counts(ctx.lights)
    assert sum(counted.values()) == len(ctx.lights) == len(ctx.plan.targets)
    assert counted == periods_of_run(load_run(resolve_run())).counts()
