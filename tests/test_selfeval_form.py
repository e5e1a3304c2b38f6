"""Tests for the self-evaluation form (selfeval_form) and the per-target CSV (tables)."""

from __future__ import annotations

import csv
import math
import re
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from gutang_analysis.errors import PolicyError
from gutang_analysis.policy import FINANCE_LEVELS, check_policy_for_plan, load_policy
from gutang_analysis.selfeval_form import (
    _MARGIN_LR_IN,
    _NOTES_WIDTHS,
    FORM_COLUMNS,
    FORM_WIDTHS,
    form_totals,
    implied_print_scale,
    largest_remainder,
    self_evaluation_form_table,
    text_lines,
    write_self_evaluation_form,
)
from gutang_analysis.tables import TARGET_CSV_COLUMNS, csv_text, write_targets_csv


@pytest.fixture(scope="module")
def ctx(example_ctx):
    return example_ctx


@pytest.fixture(scope="module")
def form_path(ctx, tmp_path_factory):
    out = tmp_path_factory.mktemp("form") / "自评表.xlsx"
    return write_self_evaluation_form(
        ctx.result,
        ctx.plan,
        out,
        provenance=ctx.provenance,
        outcomes=ctx.outcomes,
        contact=("张三", "0577-12345678"),
    )


def _header_row(ws) -> int:
    for row in ws.iter_rows():
        if [c.value for c in row[: len(FORM_COLUMNS)]] == list(FORM_COLUMNS):
            return row[0].row
    raise AssertionError("no header row")


def _rows(ws):
    """(indicator rows, subtotal rows, total row) by row number."""
    header = _header_row(ws)
    indicators, subtotals, total = [], [], None
    for r in range(header + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, int):
            indicators.append(r)
        elif isinstance(first, str) and first.endswith("小计"):
            subtotals.append(r)
        elif first == "总分":
            total = r
    return indicators, subtotals, total


def _capped_conservative(result) -> float:
    t = result.targets
    share = t["score"].clip(upper=100.0).fillna(0.0) / 100.0
    return float(100.0 * (t["effective_weight"] * share).sum())


# --------------------------------------------------------------------------- numbers


def test_largest_remainder_sums_exactly():
    values = largest_remainder([1 / 3, 1 / 3, 1 / 3, 1e-9], 100, 2)
    assert math.isclose(sum(values), 100.0) and round(sum(values) * 100) == 10000
    assert largest_remainder([0, 0], 100, 2) == [0.0, 0.0]


def test_points_sum_to_100_and_scores_stay_within_points(ctx):
    for layout in ("plan", "finance"):
        form = self_evaluation_form_table(ctx.result, ctx.plan, layout=layout)
        assert round(form["分值"].sum() * 100) == 10000, layout
        assert (form["得分"] <= form["分值"] + 1e-9).all()
        assert (form["得分"] >= 0).all()
        cents = (form["分值"] * 100).round(6)
        assert (cents == cents.round()).all()


def test_the_form_total_is_the_official_total(ctx):
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    totals = form_totals(form, ctx.result)
    o = ctx.result.overall
    # one total: the form's 得分 add up to the result's official total, with its grade
    assert totals.total == o["score"] == round(_capped_conservative(ctx.result), 2)
    assert totals.grade == o["grade"] and o["score"] <= 100
    assert (form["得分"] <= form["分值"]).all() and (form["得分"] >= 0).all()
    # documented relation: total + bonus == conservative score (bonus counted, all targets)
    assert abs(totals.total + totals.bonus - o["conservative_score"]) < 0.01
    # the mean over scored targets is another reading, never the total
    assert o["scored_mean"] > o["score"]
    # unscored targets keep their points and earn 0
    unscored = form[form["status"].isin(["no_data", "not_assessable"])]
    assert len(unscored) == 5 and (unscored["得分"] == 0).all() and (unscored["分值"] > 0).all()


def test_plan_layout_points_follow_weights(ctx):
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    assert (abs(form["分值"] - form["ideal_points"]) < 0.01).all()
    assert form["一级指标"].iloc[0] == "一、经济转型升级"
    areas = dict(zip(ctx.plan.targets["target_id"], ctx.plan.targets["area"], strict=True))
    assert all(areas[t] == a for t, a in zip(form["target_id"], form["二级指标"], strict=True))


def test_finance_layout_uses_policy_points_and_mapping(ctx):
    policy = ctx.result.policy
    block = policy.self_evaluation.model_copy(
        update={
            "layout": "finance",
            "finance_mapping": {
                "environment": ["效益指标", "生态"],
                "econ-stable-growth": ["满意度指标", "服务对象满意度"],
            },
        }
    )
    pol = policy.model_copy(update={"self_evaluation": block})
    form = self_evaluation_form_table(ctx.result, ctx.plan, policy=pol)
    levels = list(dict.fromkeys(form["一级指标"]))
    assert levels == list(FINANCE_LEVELS)
    totals = form_totals(form, ctx.result, pol, "finance")
    points = {k: v[0] for k, v in totals.per_level1.items()}
    assert points == {"产出指标": 55.56, "效益指标": 33.33, "满意度指标": 11.11}
    env = form[form["target_id"].isin(ctx.plan.targets.query("section == 'environment'").target_id)]
    assert set(env["二级指标"]) == {"生态"}
    for one, two in zip(form["一级指标"], form["二级指标"], strict=True):
        assert two in FINANCE_LEVELS[one]
    # the library's total after this mapping: Σ group points × weighted share earned
    t = ctx.result.targets.set_index("target_id")
    expected = 0.0
    for group, part in form.groupby("一级指标"):
        w = t.loc[part["target_id"], "effective_weight"]
        share = t.loc[part["target_id"], "score"].clip(upper=100).fillna(0) / 100
        exact_points = 100 * {"产出指标": 50, "效益指标": 30, "满意度指标": 10}[group] / 90
        expected += exact_points * float((w * share).sum() / w.sum())
    assert totals.total == round(expected, 2)


# --------------------------------------------------------------------------- the workbook


def test_form_has_formulas_whose_values_match_the_library(ctx, form_path):
    wb = openpyxl.load_workbook(form_path)
    ws = wb["自评表"]
    indicators, subtotals, total = _rows(ws)
    assert len(indicators) == len(ctx.plan.targets) == 93
    assert len(subtotals) == len(ctx.plan.sections)
    g, h = "G", "H"  # 分值, 得分
    assert FORM_COLUMNS.index("分值") == 6 and FORM_COLUMNS.index("得分") == 7
    blocks = {}
    previous = 0
    for row in subtotals:
        blocks[row] = [r for r in indicators if previous < r < row]
        previous = row
        first, last = blocks[row][0], blocks[row][-1]
        assert last == row - 1
        for col in (g, h):
            assert ws[f"{col}{row}"].value == f"=SUM({col}{first}:{col}{last})"
    for col in (g, h):
        formula = ws[f"{col}{total}"].value
        assert formula == f"=SUM({','.join(f'{col}{r}' for r in subtotals)})"

    # recompute in Python from the cells
    points = [ws[f"{g}{r}"].value for r in indicators]
    earned = [ws[f"{h}{r}"].value for r in indicators]
    assert round(sum(points) * 100) == 10000
    assert all(e <= p + 1e-9 for p, e in zip(points, earned, strict=True))
    assert round(sum(earned), 2) == round(_capped_conservative(ctx.result), 2)

    # cached values stored with the formulas equal the recomputed sums
    values = openpyxl.load_workbook(form_path, data_only=True)["自评表"]
    assert values[f"{g}{total}"].value == 100.0
    assert values[f"{h}{total}"].value == round(sum(earned), 2)
    for row, block in blocks.items():
        assert values[f"{h}{row}"].value == round(sum(ws[f"{h}{r}"].value for r in block), 2)
        assert values[f"{g}{row}"].value == round(sum(ws[f"{g}{r}"].value for r in block), 2)
    assert wb.calculation.fullCalcOnLoad


def test_form_header_signature_and_print_setup(ctx, form_path):
    ws = openpyxl.load_workbook(form_path)["自评表"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0].startswith("⚠ 本表使用示例数据（虚构）")
    assert ws["A1"].fill.fgColor.rgb.endswith("C00000")
    assert f"《{ctx.plan.title}》年度目标自评表" in texts
    assert f"填报单位：{ctx.plan.issuer}" in texts
    assert "联系人：张三" in texts and "联系电话：0577-12345678" in texts
    assert any(t.startswith("填报日期：") and "年" in t and "日" in t for t in texts)
    for label in ("单位负责人（签字）：", "填报人：", "单位（盖章）："):
        assert label in texts
    assert any(t.startswith("日期：") and "年" in t and "月" in t and "日" in t for t in texts)
    # the signature block is merged cells in one tall row
    sign = next(c for row in ws.iter_rows() for c in row if c.value == "单位负责人（签字）：")
    assert any(sign.coordinate in rng for rng in ws.merged_cells.ranges)
    assert ws.row_dimensions[sign.row].height >= 40

    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    header = _header_row(ws)
    assert ws.print_title_rows.replace("$", "") == f"{header}:{header}"
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert "示例数据（虚构）" in ws.oddHeader.center.text
    # body font ≥ 10 pt and the fit-to-width scale keeps it ≥ 9 pt
    indicators, _, _ = _rows(ws)
    assert all(ws.cell(indicators[0], c).font.size >= 10 for c in range(1, len(FORM_COLUMNS)))
    widths = [ws.column_dimensions[chr(65 + i)].width for i in range(len(FORM_COLUMNS))]
    assert widths == [FORM_WIDTHS[c] for c in FORM_COLUMNS]
    scale = implied_print_scale(widths, 841.89, ws.page_margins.left, ws.page_margins.right)
    assert ws.page_margins.left == _MARGIN_LR_IN
    assert scale >= 0.9 and 10 * scale >= 9


def test_wrapped_rows_have_heights_that_fit_their_text(form_path):
    ws = openpyxl.load_workbook(form_path)["自评表"]
    indicators, _, _ = _rows(ws)
    for r in indicators:
        height = ws.row_dimensions[r].height
        assert height is not None
        for i, name in enumerate(FORM_COLUMNS, 1):
            cell = ws.cell(r, i)
            if isinstance(cell.value, str) and cell.value:
                assert cell.alignment.wrap_text
                assert height >= text_lines(cell.value, FORM_WIDTHS[name]) * 14.0


def test_every_cause_and_remedy_is_on_the_form(ctx, form_path):
    ws = openpyxl.load_workbook(form_path)["自评表"]
    col = FORM_COLUMNS.index("偏差原因分析及改进措施") + 1
    text = "\n".join(str(ws.cell(r, col).value or "") for r in range(1, ws.max_row + 1))
    t = ctx.result.targets
    for value in pd.concat([t["cause"], t["remedy"]]).dropna():
        assert str(value).strip() in text
    # every shortfall explains itself, with 待补充 where nothing was written, counted once
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    short = form[form["status"].isin(["nearly_met", "partial", "not_met", "no_data"])]
    assert short["偏差原因分析及改进措施"].str.contains("偏差原因：").all()
    assert "（未填写）" not in text
    marked = form["偏差原因分析及改进措施"].str.contains("待补充")
    assert sorted(form.loc[marked, "target_id"]) == sorted(ctx.result.overall["unexplained"])
    assert marked.sum() > 0


def test_the_signed_form_reads_finished(ctx, form_path):
    ws = openpyxl.load_workbook(form_path)["自评表"]
    values = [str(c.value or "") for row in ws.iter_rows() for c in row]
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    # the commitment is quoted where the target has no number
    assert not (form["年度指标值"] == "定性评价").any()
    qual = form[
        ctx.plan.targets.set_index("target_id").loc[form["target_id"], "kind"].to_numpy()
        == "qualitative"
    ]
    sources = ctx.plan.targets.set_index("target_id")["source_text"]
    assert all(sources[t] in v for t, v in zip(qual["target_id"], qual["年度指标值"], strict=True))
    # the evidence column
    assert "佐证材料" in values
    evidence = ctx.result.targets["evidence"].dropna()
    assert evidence.map(lambda e: str(e).strip() in values).all()


def test_notes_sheet_documents_the_total_and_prints_on_one_page_wide(ctx, form_path):
    ws = openpyxl.load_workbook(form_path)["说明"]
    rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert "示例数据（虚构）" in rows["注意"]
    assert "超额完成不加分" in rows["得分"]
    total = ctx.result.overall["score"]
    assert rows["总分"].startswith(f"{total:.2f} 分") and "同一个数" in rows["总分"]
    assert "有数据指标平均得分" in rows["其他读数（不是总分）"]
    # the rule the scoring applies, said the same way: below 100 % never full points
    assert "不得满分" in rows["得分"] and "完成线" in rows["得分"]
    assert "不适用" in rows["未报送与无法评估"]
    # the count of targets exceeded is the report's (超额完成 N 项), not only those with bonus
    exceeded = int((ctx.result.targets["status"] == "exceeded").sum())
    assert rows["超额完成"].startswith(f"{exceeded} 项指标超额完成")
    assert ws.column_dimensions["A"].width == _NOTES_WIDTHS["A"]
    assert ws.column_dimensions["B"].width == _NOTES_WIDTHS["B"]
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert implied_print_scale(_NOTES_WIDTHS.values(), 595.28, 0.3, 0.3) == 1.0
    for r in range(2, ws.max_row + 1):
        assert ws.cell(r, 2).alignment.wrap_text
        assert ws.row_dimensions[r].height >= text_lines(ws.cell(r, 2).value, 76) * 14.0
    assert "示例数据（虚构）" in ws.oddHeader.center.text


def test_no_notice_without_illustrative_inputs(ctx, tmp_path):
    result = replace(ctx.result, overall={**ctx.result.overall, "illustrative": False})
    out = write_self_evaluation_form(result, ctx.plan, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(out)
    for ws in wb.worksheets:
        texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
        assert not any("示例数据" in t for t in texts), ws.title
        assert not ws.oddHeader.center.text
    real = replace(ctx.provenance, illustrative=False, illustrative_inputs=())
    out = write_self_evaluation_form(result, ctx.plan, tmp_path / "g.xlsx", provenance=real)
    ws = openpyxl.load_workbook(out)["自评表"]
    assert not any("示例数据" in str(c.value) for row in ws.iter_rows() for c in row)


def test_text_cells_are_never_formulas(ctx, tmp_path):
    t = ctx.result.targets.copy()
    first = t.index[t["status"] == "partial"][0]
    t.loc[first, "cause"] = '=HYPERLINK("http://x","点我")'
    t.loc[first, "remedy"] = "+1\x07加强\x00督办"
    t.loc[first, "office"] = "@SUM(A1)"
    result = replace(ctx.result, targets=t)
    out = write_self_evaluation_form(result, ctx.plan, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(out)["自评表"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    formulas = [c.value for c in cells if c.data_type == "f"]
    assert all(re.fullmatch(r"=SUM\([A-Z0-9:,]+\)", f) for f in formulas)
    values = [str(c.value) for c in cells]
    assert any('=HYPERLINK("http://x","点我")' in v for v in values)
    assert "@SUM(A1)" in values
    assert any("+1加强督办" in v for v in values)


# --------------------------------------------------------------------------- policy


def test_policy_self_evaluation_block_is_validated_in_chinese(tmp_path):
    text = (load_policy().path).read_text(encoding="utf-8")
    bad = text.replace("  layout: plan", "  layout: budget").replace(
        "  finance_mapping: {}",
        "  finance_mapping: {at_least: [产出指标, 经济], rate: [成果指标, 质量], x: 产出}",
    )
    bad = bad.replace("    满意度指标: 10", "    满意度指标: 10\n    资金: 10")
    path = tmp_path / "p.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    fields = {p.field: p.expected for p in info.value.problems}
    assert "self_evaluation.layout" in fields and "plan" in fields["self_evaluation.layout"]
    assert "数量" in fields["self_evaluation.finance_mapping.at_least"]
    assert "产出指标" in fields["self_evaluation.finance_mapping.rate"]
    assert "self_evaluation.finance_mapping.x" in fields
    assert "一级指标" in fields["self_evaluation.points.资金"]


def test_policy_mapping_keys_must_exist_in_the_plan(ctx, tmp_path):
    text = load_policy().path.read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(
        text.replace("  finance_mapping: {}", "  finance_mapping: {enviroment: [效益指标, 生态]}"),
        encoding="utf-8",
    )
    policy = load_policy(path)
    with pytest.raises(PolicyError) as info:
        check_policy_for_plan(policy, ctx.plan)
    (problem,) = info.value.problems
    assert problem.field == "self_evaluation.finance_mapping.enviroment"
    assert "environment" in problem.expected


def test_default_policy_uses_the_plan_layout():
    block = load_policy().self_evaluation
    assert block.layout == "plan" and block.points["产出指标"] == 50


# --------------------------------------------------------------------------- CSV


def test_targets_csv(ctx, tmp_path):
    t = ctx.result.targets.copy()
    t.loc[t.index[0], "cause"] = "=1+1"
    t.loc[t.index[1], "remedy"] = "-减少"
    result = replace(ctx.result, targets=t)
    out = write_targets_csv(result, ctx.plan, tmp_path / "t.csv", ctx.outcomes)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        notice, total, *rows = list(csv.reader(fh))
    assert notice == ["# 本表使用示例数据（虚构），不是官方统计"]  # the figures are invented
    assert total[0].startswith(f"# 总分 {ctx.result.overall['score']:.2f} 分，等级 良")
    assert tuple(rows[0]) == TARGET_CSV_COLUMNS
    assert len(rows) == 94
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert records[0]["偏差原因"] == "'=1+1" and records[1]["改进措施"] == "'-减少"
    fdi = next(r for r in records if r["指标编号"] == "econ-fdi-utilised")
    assert fdi["完成值"] == "210" and fdi["完成情况"] == "210万美元"
    float(fdi["完成率"]), float(fdi["得分"]), float(fdi["权重"])
    assert not any(
        v.startswith(("=", "+", "@")) or (v.startswith("-") and not _is_number(v))
        for r in records
        for v in r.values()
    )
    assert math.isclose(sum(float(r["权重"]) for r in records), 1.0, abs_tol=1e-4)
    earned = sum(float(r["计入总分得分"]) for r in records)
    assert math.isclose(earned, ctx.result.overall["score"], abs_tol=0.01)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_csv_text_defuses_formulas():
    assert csv_text("=cmd") == "'=cmd" and csv_text("\t=x") == "'=x"
    assert csv_text("普通文本") == "普通文本"
