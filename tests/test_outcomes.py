"""Tests for gutang_analysis.outcomes: loading entry files without losing a number."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from gutang_analysis import paths
from gutang_analysis.errors import OutcomesError
from gutang_analysis.outcomes import (
    MAX_CELL_CHARS,
    OUTCOME_COLUMNS,
    check_outcomes,
    load_baseline,
    load_outcomes,
    missing_targets,
)
from gutang_analysis.plan import load_plan

#: The bundled annual figures as an Excel file (the same rows as the CSV).
ANNUAL_XLSX = Path(__file__).parent / "fixtures" / "outcomes" / "gutang-2022-annual.xlsx"

FIX = Path(__file__).parent / "fixtures" / "outcomes"
MINI = load_plan(FIX / "mini-plan.yaml")

import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)


def test_clean_file_loads_to_the_documented_frame():
    df = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    assert tuple(df.columns) == OUTCOME_COLUMNS
    assert len(df) == 10
    by = df.set_index(["target_id", "period"])
    assert by.loc[("firms", "2022"), "actual"] == 56.0
    assert by.loc[("firms", "2022"), "actual_text"] == "56家"
    assert math.isnan(by.loc[("fdi", "2022"), "actual"])  # empty: not reported, not zero
    assert by.loc[("zero-jobless", "2022"), "actual"] == 0.0
    assert by.loc[("community", "2022"), "stage"] == "已完成"
    assert by.loc[("community", "2022"), "date"] == pd.Timestamp("2022-12-20")
    assert by.loc[("invest-rank", "2022"), "peers"] == 18
    assert by.loc[("invest-rank", "2022"), "actual"] == 3.0
    assert by.loc[("online", "2022"), "rating"] == "较好"
    assert by.loc[("disputes", "2021"), "actual"] == 15.0
    assert by.loc[("firms", "2022"), "row"] == 3  # comment row 1, header row 2
    assert df.attrs["sha256"] and df.attrs["source_file"].endswith("clean_utf8_bom.csv")
    assert df.attrs["illustrative"] is False


@pytest.mark.parametrize("name", ["clean_utf8.csv", "clean_gbk.csv", "clean.xlsx"])
def test_encodings_and_formats_load_identically(name):
    ref = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    df = load_outcomes(FIX / name, MINI)
    pd.testing.assert_frame_equal(df, ref)


def test_english_headers_and_title_row_are_accepted():
    ref = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    df = load_outcomes(FIX / "english_headers.csv", MINI)
    pd.testing.assert_frame_equal(df, ref)


def test_xls_that_is_not_an_xls_is_one_clear_problem(tmp_path):
    fake = tmp_path / "old.xls"
    shutil.copy(FIX / "clean.xlsx", fake)  # an .xlsx renamed: calamine refuses it
    (p,) = check_outcomes(fake, MINI)
    assert p.file == str(fake) and ".xls" in p.expected


@pytest.mark.parametrize(("stem", "target", "cell", "value"), make_fixtures.SPELLINGS)
def test_each_accepted_spelling_loads(stem, target, cell, value):
    df = load_outcomes(FIX / f"spelling_{stem}.csv", MINI)
    got = df.loc[0, "actual"]
    assert df.loc[0, "target_id"] == target
    if value is None:
        assert math.isnan(got)
    else:
        assert got == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(("stem", "column"), [(k, v[1]) for k, v in make_fixtures.MISTAKES.items()])
def test_each_mistake_is_one_problem_naming_row_column_and_value(stem, column):
    path = FIX / f"mistake_{stem}.csv"
    problems = check_outcomes(path, MINI)
    assert len(problems) == 1, problems
    (p,) = problems
    assert p.file == str(path)
    assert p.field == column
    assert p.where.startswith("第 2 行") or p.where.startswith("第 3 行")
    assert p.expected
    with pytest.raises(OutcomesError) as info:
        load_outcomes(path, MINI)
    assert str(path) in str(info.value) and p.where in str(info.value)


def test_all_problems_are_reported_at_once_in_a_gb18030_file():
    problems = check_outcomes(FIX / "many_mistakes.csv", MINI)
    fields = {p.field for p in problems}
    assert {"指标编号", "完成值", "进展阶段", "定性评价", "统计期", "完成日期"} <= fields
    assert len(problems) >= len(make_fixtures.MISTAKES)
    values = {p.value for p in problems}
    assert {"firmz", "300万美元", "-3", "120%", "五十多家", "差不多了", "优秀"} <= values


def test_duplicate_names_both_rows():
    (p,) = check_outcomes(FIX / "mistake_duplicate.csv", MINI)
    assert p.where.startswith("第 3 行") and "第 2 行" in p.expected


def test_wrong_family_says_what_was_expected():
    (p,) = check_outcomes(FIX / "mistake_wrong_family.csv", MINI)
    assert "亿元" in p.expected and "美元" in p.expected


def test_missing_header_is_reported():
    (p,) = check_outcomes(FIX / "missing_header.csv", MINI)
    assert p.field == "完成值" and "表头" in p.where


def test_mojibake_is_detected_not_accepted():
    (p,) = check_outcomes(FIX / "mojibake.csv", MINI)
    assert p.field == "表头" and "乱码" in p.expected


def test_missing_file_and_wrong_type_are_problems_not_tracebacks(tmp_path):
    (p,) = check_outcomes(tmp_path / "nothing.csv", MINI)
    assert "nothing.csv" in str(p)
    other = tmp_path / "figures.json"
    other.write_text("x", encoding="utf-8")
    (p,) = check_outcomes(other, MINI)
    assert ".xlsx" in p.expected
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"not a zip")
    (p,) = check_outcomes(damaged, MINI)
    assert "Excel" in p.expected


def test_period_defaults_only_when_asked(tmp_path):
    f = tmp_path / "no_period.csv"
    f.write_text("指标编号,完成值\nfirms,50\n", encoding="utf-8")
    (p,) = check_outcomes(f, MINI)
    assert p.field == "统计期"
    df = load_outcomes(f, MINI, period="2022-06-30")
    assert df.loc[0, "period"] == "2022-06-30"


def test_a_mistyped_period_in_a_named_file_is_a_problem_not_a_crash(tmp_path):
    f = tmp_path / "2022.csv"  # the file name names the period, so rows are compared with it
    f.write_text("指标编号,统计期,完成值\nfirms,2O22,50\ncapital,2022,1\n", encoding="utf-8")
    (p,) = check_outcomes(f, MINI, named="2022")
    assert p.field == "统计期" and p.value == "2O22" and "第 2 行" in str(p)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2022", "2022"),
        ("2022年", "2022"),
        ("2022-06-30", "2022-06-30"),
        ("2022/6/30", "2022-06-30"),
        ("2022年6月30日", "2022-06-30"),
        ("2022年上半年", "2022-06-30"),
    ],
)
def test_period_spellings(tmp_path, text, key):
    f = tmp_path / "p.csv"
    f.write_text(f"指标编号,统计期,完成值\nfirms,{text},50\n", encoding="utf-8")
    assert load_outcomes(f, MINI).loc[0, "period"] == key


def test_unit_column_is_applied_and_checked(tmp_path):
    f = tmp_path / "u.csv"
    f.write_text(
        "指标编号,统计期,完成值,完成值单位\ncapital,2022,18000,万元\nfdi,2022,3,百万美元\n",
        encoding="utf-8",
    )
    df = load_outcomes(f, MINI)
    assert df["actual"].tolist() == [1.8, 300.0]
    f.write_text("指标编号,统计期,完成值,完成值单位\ncapital,2022,1.8亿元,万元\n", encoding="utf-8")
    (p,) = check_outcomes(f, MINI)
    assert p.field == "完成值单位"


def test_percent_formatted_xlsx_cell_reads_as_typed(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标编号", "统计期", "完成值"])
    ws.append(["quality", "2022", 0.85])
    ws["C2"].number_format = "0%"
    wb.save(tmp_path / "pct.xlsx")
    df = load_outcomes(tmp_path / "pct.xlsx", MINI)
    assert df.loc[0, "actual"] == 85.0 and df.loc[0, "actual_text"] == "85%"


def test_an_error_value_in_an_xlsx_cell_is_never_read_as_empty(tmp_path):
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标编号", "统计期", "完成值"])
    ws.append(["firms", "2022", "ERR"])
    wb.save(tmp_path / "e.xlsx")
    with zipfile.ZipFile(tmp_path / "e.xlsx") as zf:  # as Excel saves #N/A: an error cell
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(
        b'<c r="C2" t="inlineStr"><is><t>ERR</t></is></c>', b'<c r="C2" t="e"><v>#N/A</v></c>'
    )
    assert b't="e"' in parts[sheet]
    with zipfile.ZipFile(tmp_path / "e.xlsx", "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    (p,) = check_outcomes(tmp_path / "e.xlsx", MINI)
    assert p.field == "完成值" and p.value == "#N/A"


def test_both_xlsx_readers_read_the_same_cells(tmp_path, monkeypatch):
    """Values of a plain sheet are read with calamine; openpyxl (which also sees formulas,
    error values and percent formats) must read every cell the same."""
    import datetime as dt

    from openpyxl import Workbook

    from gutang_analysis import outcomes
    from gutang_analysis.template import write_outcomes

    plan = load_plan()
    write_outcomes(load_outcomes(paths.DEFAULT_OUTCOMES, plan), tmp_path / "a.xlsx", plan)
    wb = Workbook()
    ws = wb.active
    ws.append(["指标编号", "统计期", "完成值", "完成日期", "参比单位数", "证明材料"])
    ws.append(["firms", 2022, 300.5, dt.date(2022, 11, 30), 18, " 文字 "])
    ws.append(["firms", dt.datetime(2022, 6, 30), True, dt.datetime(2022, 6, 30, 12), 18.0])
    ws["A5"] = "after a gap"
    wb.save(tmp_path / "b.xlsx")
    for name in ("a.xlsx", "b.xlsx"):
        path = tmp_path / name
        fast = outcomes._read_xlsx(path, name)
        called: list[tuple] = []
        monkeypatch.setattr(outcomes, "_calamine_rows", lambda *a, seen=called: seen.append(a))
        slow = outcomes._read_xlsx(path, name)
        monkeypatch.undo()
        assert called  # the second read went through openpyxl

        def trimmed(rows):
            rows = [
                (r, cells[: max((i + 1 for i, c in enumerate(cells) if c), default=0)])
                for r, cells in rows
            ]
            return [(r, cells) for r, cells in rows if cells]

        assert trimmed(fast.rows) == trimmed(slow.rows) and len(trimmed(fast.rows)) > 3
        assert not fast.problems and fast.merged == slow.merged


def test_uncomputed_formula_is_a_problem(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标编号", "统计期", "完成值"])
    ws.append(["firms", "2022", "=20+30"])
    wb.save(tmp_path / "f.xlsx")  # openpyxl stores no cached value
    (p,) = check_outcomes(tmp_path / "f.xlsx", MINI)
    assert p.value == "未计算的公式"


def test_load_baseline_keeps_the_baseline_year():
    base = load_baseline(FIX / "baseline_mixed.csv", MINI)
    assert base["period"].tolist() == ["2021"] and base.loc[0, "actual"] == 15.0
    assert base.attrs["baseline_year"] == 2021
    with pytest.raises(OutcomesError):
        load_baseline(FIX / "spelling_plain.csv", MINI)  # only 2022 rows


def test_inputs_are_not_mutated():
    before = MINI.targets.copy()
    load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    pd.testing.assert_frame_equal(MINI.targets, before)


# ---- the bundled illustrative data ---------------------------------------------------

PLAN = load_plan()


@pytest.mark.parametrize(
    "path",
    [
        paths.DEFAULT_OUTCOMES,
        paths.DEFAULT_MIDYEAR,
        paths.DEFAULT_BASELINE,
        ANNUAL_XLSX,
    ],
)
def test_bundled_files_are_clean_and_marked_illustrative(path):
    assert check_outcomes(path, PLAN) == []
    assert load_outcomes(path, PLAN).attrs["illustrative"] is True
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") or path.suffix == ".xlsx"


def test_annual_file_covers_every_target_once():
    df = load_outcomes(paths.DEFAULT_OUTCOMES, PLAN)
    assert sorted(df["target_id"]) == sorted(PLAN.targets["target_id"])
    assert (df["period"] == "2022").all()
    assert df["actual"].isna().any() and df["actual"].notna().any()


def test_baseline_covers_the_directional_targets():
    base = load_baseline(paths.DEFAULT_BASELINE, PLAN)
    directional = set(PLAN.targets.loc[PLAN.targets["kind"] == "direction", "target_id"])
    assert directional <= set(base.loc[base["actual"].notna(), "target_id"])


def test_annual_xlsx_matches_csv():
    a = load_outcomes(paths.DEFAULT_OUTCOMES, PLAN).drop(columns="row")
    b = load_outcomes(ANNUAL_XLSX, PLAN).drop(columns="row")
    pd.testing.assert_frame_equal(a, b)


# ---- review findings: figures that look right but are not --------------------------------


def _one_row(tmp_path, tid, actual, *, unit="", period="2022", name="r.csv", extra=""):
    f = tmp_path / name
    f.write_text(
        "指标编号,统计期,完成值,完成值单位\n" + f"{tid},{period},{actual},{unit}\n" + extra,
        encoding="utf-8",
    )
    return f


@pytest.mark.parametrize("cell", ["0.95", "1", "0.5", "零点九五"])
def test_rate_written_as_a_decimal_is_refused(tmp_path, cell):
    (p,) = check_outcomes(_one_row(tmp_path, "quality", cell), MINI)
    assert p.field == "完成值" and p.value == cell
    assert "95%" in p.expected and "小数" in p.expected


@pytest.mark.parametrize(
    ("cell", "unit", "value"),
    [("0.5%", "", 0.5), ("95", "", 95.0), ("95%", "", 95.0), ("0.5", "%", 0.5), ("0", "", 0.0)],
)
def test_rate_with_an_explicit_percent_sign_is_fine(tmp_path, cell, unit, value):
    df = load_outcomes(_one_row(tmp_path, "quality", cell, unit=unit), MINI)
    assert df.loc[0, "actual"] == value


def test_bare_figure_far_above_the_target_is_a_likely_unit_slip(tmp_path):
    (p,) = check_outcomes(_one_row(tmp_path, "capital", "180000000"), MINI)
    assert p.field == "完成值" and "180000000元" in p.expected and "1.8亿元" in p.expected
    (p,) = check_outcomes(_one_row(tmp_path, "firms", "60000"), MINI)
    assert "60000家" in p.expected
    assert load_outcomes(_one_row(tmp_path, "capital", "180000000元"), MINI).loc[0, "actual"] == 1.8
    df = load_outcomes(_one_row(tmp_path, "capital", "180000000", unit="元"), MINI)
    assert df.loc[0, "actual"] == 1.8
    assert load_outcomes(_one_row(tmp_path, "capital", "1800"), MINI).loc[0, "actual"] == 1800


def test_chinese_numeral_with_yi_loads_in_the_target_unit(tmp_path):
    df = load_outcomes(_one_row(tmp_path, "capital", "一亿八千万"), MINI)
    assert df.loc[0, "actual"] == 1.8 and df.loc[0, "actual_unit"] == "亿元"


@pytest.mark.parametrize(
    ("tid", "cell", "column"),
    [
        ("community", "80%", "进展阶段"),
        ("community", "1", "进展阶段"),
        ("online", "90", "定性评价"),
    ],
)
def test_a_number_for_a_stage_or_rating_target_points_to_the_right_column(
    tmp_path, tid, cell, column
):
    (p,) = check_outcomes(_one_row(tmp_path, tid, cell), MINI)
    assert p.field == "完成值" and p.value == cell and column in p.expected


def test_none_in_a_zero_target_is_ambiguous(tmp_path):
    (p,) = check_outcomes(_one_row(tmp_path, "zero-jobless", "无"), MINI)
    assert p.field == "完成值" and "0" in p.expected and "留空" in p.expected
    assert load_outcomes(_one_row(tmp_path, "firms", "无"), MINI)["actual"].isna().all()


def test_targets_without_a_row_are_listed(tmp_path):
    f = _one_row(tmp_path, "firms", "50", extra="capital,2021,1.5,\n")
    expected = [t for t in MINI.targets["target_id"] if t != "firms"]
    assert missing_targets(f, MINI) == expected
    assert missing_targets(load_outcomes(f, MINI), MINI) == expected
    assert missing_targets(load_outcomes(FIX / "clean_utf8_bom.csv", MINI), MINI) == []
    assert missing_targets(f, MINI, period="2022-06-30") == list(MINI.targets["target_id"])
    base = _one_row(tmp_path, "disputes", "15", period="2021", name="b.csv")
    assert missing_targets(base, MINI) == []  # a baseline file reports no plan-year period


def test_check_command_shows_missing_targets_without_failing(tmp_path, capsys):
    from gutang_analysis.cli import main

    f = _one_row(tmp_path, "firms", "50")
    code = main(["check", str(f), "--plan", str(FIX / "mini-plan.yaml")])
    out = capsys.readouterr().out
    assert code == 0 and "检查通过" in out
    assert "提示：计划中有 8 项指标在文件中没有对应行，将按未报送处理" in out
    assert "capital（引进内资）" in out


def test_year_end_date_is_the_annual_period(tmp_path):
    f = _one_row(tmp_path, "firms", "50", period="2022-12-31", extra="capital,2022,1.8,\n")
    assert load_outcomes(f, MINI)["period"].tolist() == ["2022", "2022"]
    f = _one_row(tmp_path, "firms", "50", period="2022-12-31", extra="firms,2022,52,\n")
    (p,) = check_outcomes(f, MINI)
    assert "与第 2 行重复" in p.expected


def test_footer_note_row_is_skipped(tmp_path):
    f = _one_row(tmp_path, "firms", "50", extra="填表人：张三  审核：李四,,,\n审核: 王五\n")
    assert check_outcomes(f, MINI) == []


def test_values_are_shown_as_typed(tmp_path):
    (p,) = check_outcomes(_one_row(tmp_path, "ｆｉｒｍｚ ", "50"), MINI)
    assert p.value == "ｆｉｒｍｚ " and "firms" in p.expected
    (p,) = check_outcomes(_one_row(tmp_path, "firms", " 约５０ "), MINI)
    assert p.value == " 约５０ "


def test_upper_case_ids_are_accepted(tmp_path):
    df = load_outcomes(_one_row(tmp_path, "FIRMS", "50"), MINI)
    assert df.loc[0, "target_id"] == "firms"


def test_wrong_unit_in_the_unit_column_names_that_column(tmp_path):
    (p,) = check_outcomes(_one_row(tmp_path, "capital", "300", unit="万美元"), MINI)
    assert p.field == "完成值单位" and p.value == "万美元" and "亿元" in p.expected


@pytest.mark.parametrize(
    ("cell", "unit", "shown"),
    [("1.8亿", "", "亿元"), ("1.8", "亿", "亿元"), ("18000万元", "", "万元"), ("1.8", "", "亿元")],
)
def test_actual_unit_is_the_registered_name(tmp_path, cell, unit, shown):
    df = load_outcomes(_one_row(tmp_path, "capital", cell, unit=unit), MINI)
    assert df.loc[0, "actual"] == 1.8 and df.loc[0, "actual_unit"] == shown


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_unicode_text_loads(tmp_path, suffix, encoding):
    ref = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    rows = (FIX / "clean_utf8_bom.csv").read_text(encoding="utf-8-sig")
    import csv as _csv
    import io as _io

    table = list(_csv.reader(_io.StringIO(rows)))
    text = "\r\n".join("\t".join(r) for r in table) + "\r\n"
    f = tmp_path / f"unicode{suffix}"
    f.write_bytes(text.encode(encoding))
    df = load_outcomes(f, MINI)
    pd.testing.assert_frame_equal(df.drop(columns="row"), ref.drop(columns="row"))


def _gap_file(tmp_path):
    f = tmp_path / "gaps.csv"
    f.write_text(
        "指标编号,统计期,完成值,进展阶段,定性评价,证明材料或数据来源,偏差原因,改进措施\n"
        "firms,2022,40,,,台账,,\n"  # 40 of 50: not met, nothing explained
        "capital,2022,2.0,,,台账,,\n"  # met: no explanation needed
        "fdi,2022,200,,,台账,外资到位推迟,\n"  # cause without remedy
        "quality,2022,90,,,台账,师资不足,补充教师\n"  # explained
        "community,2022,,推进中,,台账,,\n"  # stage below 已通过验收
        "online,2022,,,较好,,,\n"  # below 好, and no evidence (capped)
        "zero-jobless,2022,0,,,台账,,\n",
        encoding="utf-8",
    )
    return f


def test_unexplained_shortfalls_and_unsupported_ratings_are_hints_not_problems(tmp_path):
    from gutang_analysis.checks import gaps

    f = _gap_file(tmp_path)
    assert check_outcomes(f, MINI) == []
    found = {g.heading: g.targets for g in gaps(f, MINI)}
    heading = "4 项指标未完全完成但未填写偏差原因或改进措施，自评表和自评报告中将标为“待补充”"
    assert [t.split("（")[0] for t in found[heading]] == ["firms", "fdi", "community", "online"]
    capped = "1 项定性评价未填写证明材料，评分时将按规则封顶"
    assert found[capped] == ("online（互联网+政务服务）",)
    assert gaps(load_outcomes(f, MINI), MINI) == gaps(f, MINI)


def test_poor_rating_without_evidence_is_not_said_to_be_capped(tmp_path):
    from gutang_analysis.checks import gaps

    f = tmp_path / "r.csv"
    f.write_text("指标编号,统计期,定性评价,完成值\nonline,2022,差,\n", encoding="utf-8")
    assert not any("封顶" in g.heading for g in gaps(f, MINI))


def test_check_command_prints_one_line_per_target(tmp_path, capsys):
    from gutang_analysis.cli import main

    code = main(["check", str(_gap_file(tmp_path)), "--plan", str(FIX / "mini-plan.yaml")])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    i = lines.index(
        "提示：4 项指标未完全完成但未填写偏差原因或改进措施，自评表和自评报告中将标为“待补充”："
    )
    assert lines[i + 1 : i + 5] == [
        "  - firms（整治低散乱企业）",
        "  - fdi（实际利用外资）",
        "  - community（创成省级未来社区）",
        "  - online（互联网+政务服务）",
    ]
    assert "  - online（互联网+政务服务）" in lines[i + 5 :]  # under the evidence heading


def _formula_xlsx(tmp_path, cached: str | None):
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["指标编号", "目标值", "统计期", "完成值", "证明材料或数据来源"])
    ws.append(["firms", "=40+10", "2022", 50, '=HYPERLINK("http://a.example","工作台账")'])
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    if cached is None:
        return plain
    out = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head = '<c r="E2"><f>'
                assert head in text
                text = text.replace(head, '<c r="E2" t="str"><f>')
                # openpyxl writes the empty cached value as <v /> or <v></v> (and the
                # formula's Chinese as character references), by version
                text = re.sub(
                    r'(<c r="E2" t="str"><f>[^<]*</f>)(?:<v ?/>|<v></v>)',
                    lambda m: f"{m.group(1)}<v>{cached}</v>",
                    text,
                )
                data = text.encode()
            dst.writestr(item, data)
    return out


def test_uncomputed_formula_in_a_text_column_asks_to_save_or_type_text(tmp_path):
    (p,) = check_outcomes(_formula_xlsx(tmp_path, None), MINI)  # 目标值 is not read
    assert p.field == "证明材料或数据来源" and p.value == "未计算的公式"
    assert not p.expected.startswith("数值")
    assert "公式" in p.expected and "保存" in p.expected and "改为文字" in p.expected


def test_formula_with_a_saved_text_value_uses_the_value(tmp_path):
    df = load_outcomes(_formula_xlsx(tmp_path, "工作台账"), MINI)
    assert df.loc[0, "evidence"] == "工作台账"


def test_the_whole_row_tests_find_each_cell_as_the_cell_tests_do(tmp_path):
    """A row is first tested as one text (blank, comment, long cell, control character,
    mojibake); what is found is still named by its own cell, and text that only looks
    wrong across two cells is no problem."""
    plan = load_plan()
    ids = plan.targets.loc[plan.targets["kind"] == "at_least", "target_id"].tolist()
    long = "长" * (MAX_CELL_CHARS + 1)
    rows = [
        " , ,  ,,,,",  # blank cells only
        ",# 示例数据（虚构）：演示,,,,,",  # a comment in the second cell
        f"{ids[0]},2022,1,材料Ã,©办公室,,",  # mojibake only across two cells
        f"{ids[1]},2022,1,{long},\x07办公室,,",  # a long cell and a control character
        f"{ids[2]},2022年,1,ÃÂ乱码,,,",  # mojibake in one cell
        f"{ids[3]},2022,1,,,\x0b原因,",
        f"{ids[4]},20x,1,,,,",
        f"{ids[5]},2022,1,,,,",
    ]
    f = tmp_path / "2022.csv"
    head = "指标编号,统计期,完成值,证明材料或数据来源,报送单位,偏差原因,改进措施"
    f.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    found = [(p.where, p.field, p.expected[:8]) for p in check_outcomes(f, plan)]
    assert found == [
        (f"第 5 行（{ids[1]}）", "证明材料或数据来源", f"不超过 {MAX_CELL_CHARS} "[:8]),
        (f"第 5 行（{ids[1]}）", "报送单位", "不含控制字符的文"),
        (f"第 6 行（{ids[2]}）", "证明材料或数据来源", "可以正常阅读的中"),
        (f"第 7 行（{ids[3]}）", "偏差原因", "不含控制字符的文"),
        (f"第 8 行（{ids[4]}）", "统计期", "统计期：年份（如"),
    ]


@pytest.mark.parametrize(
    ("rows", "last"),
    [
        ('<row r="1"><c r="A1"/></row><row r="7"/><row r="3"/>', 7),  # as Excel writes
        ('<row spans="1:2" r="9"/><row r="2"/>', 9),  # another attribute first
        ('<x:row r="12"/><row r="2"/>', 12),  # a namespace prefix
        ('<row r="5"/><rowBreaks count="1"/>', 5),  # a tag that is not a row
        ('<row r="4"/>' * 3 + '<row r="2000000"/>', 2_000_000),  # a row bomb
    ],
)
def test_the_sheet_scan_finds_the_last_row_however_rows_are_written(tmp_path, rows, last):
    import zipfile

    from gutang_analysis.outcomes import _scan_sheet_xml

    f = tmp_path / "sheet.zip"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("sheet.xml", f"<worksheet><sheetData>{rows}</sheetData></worksheet>")
    with zipfile.ZipFile(f) as zf:
        merged, formula, found, error = _scan_sheet_xml(zf, "sheet.xml")
    assert (merged, formula, found, error) == ([], False, last, False)


def test_merged_text_cells_are_carried_down_and_merged_figures_refused(tmp_path):
    """A 报送单位 merged over rows is each row's; a merged 完成值 is a problem; rows below
    the last merge are read as they are."""
    import csv

    import openpyxl

    from gutang_analysis import load_plan
    from gutang_analysis.outcomes import check_outcomes, load_outcomes

    with paths.DEFAULT_OUTCOMES.open(encoding="utf-8-sig") as fh:
        table = [row for row in csv.reader(fh) if row and not row[0].startswith("#")]
    header, data = table[0], table[1:]
    office, actual = header.index("报送单位"), header.index("完成值")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in data:
        ws.append(row)
    ws.cell(2, office + 1).value = "合并科室"
    for r in (3, 4):
        ws.cell(r, office + 1).value = None
    ws.merge_cells(start_row=2, start_column=office + 1, end_row=4, end_column=office + 1)
    file = tmp_path / "merged.xlsx"
    wb.save(file)
    plan = load_plan()
    frame = load_outcomes(file, plan)
    assert frame["office"].iloc[:3].tolist() == ["合并科室"] * 3
    assert frame["office"].iloc[4:].tolist() == [r[office] or None for r in data[4:]]
    ws.merge_cells(start_row=6, start_column=actual + 1, end_row=7, end_column=actual + 1)
    wb.save(file)
    problems = check_outcomes(file, plan)
    assert [p.where for p in problems if "合并单元格" in str(p.value)] == ["第 7 行"]


def test_a_mistyped_file_name_is_named_with_the_nearest_file_of_its_folder(tmp_path):
    from gutang_analysis.outcomes import check_outcomes
    from gutang_analysis.plan import load_plan

    (tmp_path / "2025.csv").write_text("x", encoding="utf-8")
    said = str(check_outcomes(tmp_path / "2O25.csv", load_plan())[0])
    assert "值“2O25.csv”" in said and "是否为 2025.csv？" in said and "没有这个文件" in said
    alone = str(check_outcomes(tmp_path / "完全不同.xlsx", load_plan())[0])
    assert "没有这个文件" in alone and "是否为" not in alone
