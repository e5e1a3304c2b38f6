"""report.py: one call loads and scores a report's inputs, reusing what a build checked."""

from __future__ import annotations

import json
import shutil

import pytest

from gutang_analysis import paths, report
from gutang_analysis.report import INPUTS_CACHE_ENV, prepare, resolve_inputs


@pytest.fixture
def own_plan(tmp_path):
    """A copy of the bundled plan that a test may change."""
    copy = tmp_path / "plans" / "plan.yaml"
    copy.parent.mkdir()
    shutil.copyfile(paths.DEFAULT_PLAN, copy)
    # the plan names its source text relative to itself
    shutil.copytree(paths.DEFAULT_PLAN.parent.parent / "source", tmp_path / "source")
    return copy


def _count_plan_loads(monkeypatch) -> list[int]:
    import gutang_analysis.plan as plan_module

    calls: list[int] = []
    original = plan_module.load_plan

    def counting(path=None):
        calls.append(1)
        return original(path)

    monkeypatch.setattr(plan_module, "load_plan", counting)
    return calls


def test_prepare_reuses_the_inputs_a_build_checked(tmp_path, own_plan, monkeypatch):
    inputs = resolve_inputs(plan=own_plan)
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(inputs.write_cache(tmp_path / "cache.pickle")))
    calls = _count_plan_loads(monkeypatch)
    ctx = prepare(plan=own_plan)
    assert calls == []
    assert len(ctx.result.targets) == len(ctx.plan.targets)
    assert ctx.provenance.outcomes_sha256 is not None
    assert ctx.illustrative


def test_a_file_changed_after_the_check_is_loaded_again(tmp_path, own_plan, monkeypatch):
    inputs = resolve_inputs(plan=own_plan)
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(inputs.write_cache(tmp_path / "cache.pickle")))
    with own_plan.open("a", encoding="utf-8") as fh:
        fh.write("\n# 检查之后又改过\n")
    calls = _count_plan_loads(monkeypatch)
    prepare(plan=own_plan)
    assert calls == [1]


def test_without_a_build_prepare_loads_the_files(monkeypatch, tmp_path):
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(tmp_path / "没有这个文件.pickle"))
    calls = _count_plan_loads(monkeypatch)
    ctx = prepare()
    assert calls == [1]
    assert ctx.plan.path == paths.DEFAULT_PLAN


def test_resolve_inputs_keeps_what_it_loaded():
    inputs = resolve_inputs()
    kinds = sorted(key[0] for key in inputs.loaded)
    assert kinds == ["outcomes", "outcomes", "outcomes", "plan", "policy", "score", "score"]
    assert report.ReportInputs.__dataclass_fields__["loaded"].compare is False


def test_prepare_reuses_the_scores_a_build_computed(tmp_path, monkeypatch):
    import gutang_analysis.scoring as scoring

    inputs = resolve_inputs()
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(inputs.write_cache(tmp_path / "cache.pickle")))
    calls = []
    original = scoring.score
    monkeypatch.setattr(scoring, "score", lambda *a, **k: calls.append(1) or original(*a, **k))
    year_end, midyear = prepare(), prepare(midyear=True)
    assert calls == []
    assert midyear.result.overall["midyear"] and not year_end.result.overall["midyear"]


def test_resolve_inputs_checks_the_policy_against_the_plan():
    from gutang_analysis.errors import PolicyError

    mismatched = paths.PROJECT_ROOT / "tests" / "fixtures" / "policies" / "unknown_refs.yaml"
    with pytest.raises(PolicyError) as err:
        resolve_inputs(policy=mismatched)
    assert "unknown_refs.yaml" in str(err.value)


def test_self_evaluation_table_says_what_each_target_reached():
    ctx = prepare()
    table = report.self_evaluation_table(ctx.result, ctx.plan, outcomes=ctx.outcomes)
    rows = table.set_index("目标")
    kinds = ctx.result.targets.set_index("title")["kind"]
    reported = ctx.result.targets.set_index("title")["status"] != "no_data"
    for kind in ("qualitative", "milestone", "rank", "direction", "at_least"):
        titles = [t for t in kinds.index[kinds == kind] if reported[t]]
        assert titles, kind
        assert all(rows.loc[t, "完成值"] for t in titles), kind
    assert rows.loc["有效投资总量保持全市前列", "完成值"] == "第 3 名"
    directions = kinds.index[kinds == "direction"]
    assert all(rows.loc[t, "基期值"] for t in directions)
    assert not any(rows.loc[t, "基期值"] for t in kinds.index[kinds != "direction"])
    scores = table["得分"].dropna()
    assert (scores.round(1) == scores).all()


def test_summary_has_warnings_and_the_policy_checksum():
    ctx = prepare(outcomes=paths.DEFAULT_OUTCOMES)
    data = report.summary_dict(ctx.result, ctx.provenance)
    assert data["warnings"] and "基期" in data["warnings"][0]
    assert len(data["provenance"]["policy_sha256"]) == 64


def _own_figures(tmp_path):
    """The bundled year-end figures without their 示例数据 line: a user's own file."""
    lines = paths.DEFAULT_OUTCOMES.read_text(encoding="utf-8-sig").splitlines()
    own = tmp_path / "本街道2022.csv"
    own.write_text("\n".join(ln for ln in lines if "示例数据" not in ln) + "\n", encoding="utf-8")
    return own


def test_an_illustrative_baseline_marks_the_workbook_and_the_summary(tmp_path):
    from openpyxl import load_workbook

    ctx = prepare(outcomes=_own_figures(tmp_path), baseline=paths.DEFAULT_BASELINE)
    assert not ctx.outcomes.attrs["illustrative"]
    xlsx, js = ctx.write_outputs(tmp_path / "自评.xlsx", tmp_path / "summary.json")
    wb = load_workbook(xlsx)
    assert "本表的基期数据为示例数据（虚构），不是官方统计" in wb["年终自评"]["A1"].value
    notes = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=2)}
    assert notes["注意"] == "本表的基期数据为示例数据（虚构），不是官方统计"
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["banner"] == "本报告的基期数据为示例数据（虚构），不是官方统计"
    assert data["provenance"]["illustrative_inputs"] == ["基期数据"]
    # without the illustrative baseline nothing is marked
    plain = prepare(outcomes=_own_figures(tmp_path))
    assert report.summary_dict(plain.result, plain.provenance)["banner"] is None


def test_summary_target_rows_say_what_was_reported():
    ctx = prepare()
    rows = {
        t["target_id"]: t
        for t in report.summary_dict(ctx.result, ctx.provenance, ctx.outcomes)["targets"]
    }
    assert set(report.SUMMARY_TARGET_FIELDS) <= set(next(iter(rows.values())))
    assert rows["econ-investment-rank"]["actual_text"] == "第 3 名"
    assert rows["econ-fdi-utilised"]["unit"] == "万美元"
    assert rows["econ-fdi-utilised"]["actual_text"] == "210万美元"
    assert rows["dev-xinchaotang-community"]["stage"] == "已完成"
    kinds = ctx.result.targets.set_index("target_id")["kind"]
    rated = [i for i in kinds.index[kinds == "qualitative"] if rows[i]["status"] != "no_data"]
    assert rated and all(rows[i]["rating"] for i in rated)
    short = [r for r in rows.values() if r["status"] in ("not_met", "partial")]
    assert any(r["cause"] for r in short) and any(r["remedy"] for r in short)
    assert any(r["office"] for r in rows.values()) and any(r["evidence"] for r in rows.values())
