"""report.py: one call loads and scores a report's inputs, reusing what a build checked."""

from __future__ import annotations

import json
import re

import pytest

from gutang_analysis import paths, report, summary, tables
from gutang_analysis.report import prepare


def test_open_report_without_a_run_uses_the_folder_found_here(monkeypatch):
    monkeypatch.chdir(paths.EXAMPLE_FOLDER / "outcomes")
    ctx = report.open_report()
    assert ctx.plan.path == paths.DEFAULT_PLAN.resolve()
    assert ctx.baseline is not None and ctx.illustrative


def test_open_report_reuses_the_run_a_build_saved(tmp_path, monkeypatch):
    import gutang_analysis.scoring as scoring
    from gutang_analysis.run import load_run, resolve_run

    inputs = resolve_run(paths.EXAMPLE_FOLDER)
    cache = load_run(inputs).save(tmp_path / "run.pickle")
    calls = []
    original = scoring.score
    monkeypatch.setattr(scoring, "score", lambda *a, **k: calls.append(1) or original(*a, **k))
    year_end = report.open_report(inputs.as_parameter(cache))
    midyear = report.open_report(inputs.as_parameter(cache), midyear=True)
    assert calls == []
    assert midyear.result.overall["midyear"] and not year_end.result.overall["midyear"]
    assert midyear.as_of == "2022-06-30"


def test_prepare_with_own_outcomes_leaves_the_illustrative_baseline_out():
    ctx = prepare(outcomes=paths.DEFAULT_OUTCOMES)
    assert ctx.baseline is None
    assert any("基期" in w for w in ctx.result.warnings)


def test_midyear_without_midyear_figures_is_explained(example_own_outcomes_run):
    from gutang_analysis.errors import FolderError

    with pytest.raises(FolderError) as err:
        report.context_of(example_own_outcomes_run, midyear=True)
    assert "年中" in str(err.value)


def test_self_evaluation_table_says_what_each_target_reached(example_ctx):
    ctx = example_ctx
    table = tables.self_evaluation_table(ctx.result, ctx.plan, outcomes=ctx.outcomes)
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
    # a baseline given for another kind is shown as context (docs/methodology.md 二、13)
    others = ctx.result.targets[ctx.result.targets["kind"] != "direction"]
    with_base = set(others.loc[others["baseline"].notna(), "title"])
    assert rows.loc["实际利用外资", "基期值"] == "265万美元"
    assert all(rows.loc[t, "基期值"] for t in with_base)
    assert not any(rows.loc[t, "基期值"] for t in set(others["title"]) - with_base)
    scores = table["得分"].dropna()
    assert (scores.round(1) == scores).all()


def test_summary_has_warnings_and_the_policy_checksum(example_own_outcomes_run):
    ctx = report.context_of(example_own_outcomes_run)  # prepare(outcomes=DEFAULT_OUTCOMES)
    data = summary.summary_dict(ctx.result, ctx.provenance)
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
    assert summary.summary_dict(plain.result, plain.provenance)["banner"] is None


def test_summary_target_rows_say_what_was_reported(example_ctx):
    ctx = example_ctx
    rows = {
        t["target_id"]: t
        for t in summary.summary_dict(ctx.result, ctx.provenance, ctx.outcomes)["targets"]
    }
    assert set(summary.SUMMARY_TARGET_FIELDS) <= set(next(iter(rows.values())))
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


# --------------------------------------------------------------------------- summary.json v2


def _floats(value, path="$"):
    """Every float in a JSON document, with where it is."""
    if isinstance(value, float):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _floats(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _floats(v, f"{path}[{i}]")


SCORE_KEYS = {"score", "conservative_score"}
SHARE_KEYS = {"ratio", "coverage", "min_coverage", "effective_weight", "weight_share"}


@pytest.mark.parametrize("midyear", [False, True])
def test_summary_json_rounds_every_float(tmp_path, midyear, example_run):
    from gutang_analysis.outputs import write_output

    run = example_run
    writer = "midyear_summary_json" if midyear else "summary_json"
    path = write_output(writer, run, tmp_path / "s.json")
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format_version"] == 2
    assert data["reading"] == {"midyear": midyear, "as_of": "2022-06-30" if midyear else None}
    floats = list(_floats(data))
    assert len(floats) > 300
    for where, value in floats:
        key = where.rsplit(".", 1)[-1]
        if key in SCORE_KEYS:
            assert value == round(value, 2), where
        elif key in SHARE_KEYS:
            assert value == round(value, 4), where
        assert len(repr(value).lstrip("-").replace(".", "")) <= 12, (where, value)
    assert not re.search(r"\d\.\d*(?:9{6,}|0{6,})\d", text)  # no binary noise anywhere
    assert "\u300c" not in text and "\u300d" not in text  # no corner brackets


def test_summary_json_targets_carry_the_plan_and_the_result(example_ctx):
    ctx = example_ctx
    data = summary.summary_dict(ctx.result, ctx.provenance, ctx.outcomes, ctx.plan)
    rows = {t["target_id"]: t for t in data["targets"]}
    fdi = rows["econ-fdi-utilised"]
    assert {k: fdi[k] for k in ("kind", "strength", "target", "target_value", "unit")} == {
        "kind": "at_least",
        "strength": "确保",
        "target": "300万美元以上",
        "target_value": 300.0,
        "unit": "万美元",
    }
    assert (fdi["actual"], fdi["baseline"], fdi["ratio"], fdi["score"]) == (210.0, 265.0, 0.7, 70.0)
    assert fdi["source_text"] == "实际利用外资300万美元以上"
    assert fdi["weight"] == ctx.plan.target("econ-fdi-utilised")["weight"]
    assert 0 < fdi["effective_weight"] < 1
    assert all(t["source_text"] for t in data["targets"])
    scenarios = [s["scenario"] for s in data["sensitivity"]]
    assert "仅量化指标" in scenarios


def test_the_midyear_check_publishes_its_summary(example_run):
    from gutang_analysis.manifest import load_manifest

    specs, _ = load_manifest().expand(example_run)
    outputs = {s.name: [f for f, _, _ in s.outputs] for s in specs}
    assert outputs["midyear_check"] == ["midyear_summary.json"]
    assert "summary.json" in outputs["self_evaluation"]


def test_year_end_shortfalls_name_their_owners(example_ctx):
    from gutang_analysis.narrative import shortfalls_html

    ctx = example_ctx
    page = shortfalls_html(ctx.result, ctx.plan)
    assert "责任：" in page and "（责任科室）" in page
