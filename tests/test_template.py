"""Tests for gutang_analysis.template: the entry template and writing outcomes back."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from gutang_analysis import paths
from gutang_analysis.errors import OutcomesError
from gutang_analysis.outcomes import HEADERS, RATINGS, STAGES, load_outcomes
from gutang_analysis.plan import load_plan
from gutang_analysis.template import ILLUSTRATIVE_NOTE, write_outcomes, write_template

FIX = Path(__file__).parent / "fixtures" / "outcomes"
MINI = load_plan(FIX / "mini-plan.yaml")
PLAN = load_plan()


def test_xlsx_template_layout(tmp_path):
    out = write_template(MINI, tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["填报表", "填报说明"]
    ws = wb["填报表"]
    assert ws["A2"].value == "计划编号：mini-2022；统计期：2022"  # read back by the loader
    header = [c.value for c in ws[3]]
    assert header == list(HEADERS.values())
    assert ws.freeze_panes == "E4"
    assert ws.protection.sheet is True
    ids = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert ids == list(MINI.targets["target_id"])
    assert ws["A4"].protection.locked and not ws["H4"].protection.locked
    assert ws["A4"].fill.fgColor.rgb.endswith("F2F2F2")
    assert {ws.cell(row=r, column=7).value for r in range(4, ws.max_row + 1)} == {"2022"}
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"' + ",".join(STAGES) + '"' in lists
    assert '"' + ",".join(RATINGS) + '"' in lists
    assert any("亿元" in f and "美元" not in f for f in lists)  # units of the cny family only
    assert ws.column_dimensions["D"].width > ws.column_dimensions["F"].width
    notes = " ".join(str(c.value) for row in wb["填报说明"].iter_rows() for c in row if c.value)
    for name in HEADERS.values():
        assert name in notes
    assert "不要填 0" in notes


def test_csv_template_loads_as_all_not_reported(tmp_path):
    out = write_template(MINI, tmp_path / "t.csv", period="2022-06-30")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    df = load_outcomes(out, MINI)
    assert len(df) == len(MINI.targets)
    assert df["actual"].isna().all() and (df["period"] == "2022-06-30").all()


def test_template_for_the_bundled_plan_loads_blank(tmp_path):
    for name in ("t.xlsx", "t.csv"):
        df = load_outcomes(write_template(PLAN, tmp_path / name), PLAN)
        assert list(df["target_id"]) == list(PLAN.targets["target_id"])
        assert df["actual"].isna().all()


def test_unsupported_suffix_is_refused(tmp_path):
    with pytest.raises(OutcomesError):
        write_template(MINI, tmp_path / "t.json")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_changes_nothing_the_loader_accepted(tmp_path, suffix):
    first = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    out = write_outcomes(first, tmp_path / f"again{suffix}", MINI)
    second = load_outcomes(out, MINI)
    pd.testing.assert_frame_equal(first.drop(columns="row"), second.drop(columns="row"))
    third = load_outcomes(write_outcomes(second, tmp_path / f"third{suffix}", MINI), MINI)
    pd.testing.assert_frame_equal(second, third)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_of_the_illustrative_data(tmp_path, suffix):
    for src in (paths.DEFAULT_OUTCOMES, paths.DEFAULT_MIDYEAR, paths.DEFAULT_BASELINE):
        first = load_outcomes(src, PLAN)
        out = write_outcomes(first, tmp_path / f"x{suffix}", PLAN)
        second = load_outcomes(out, PLAN)
        pd.testing.assert_frame_equal(first.drop(columns="row"), second.drop(columns="row"))
        assert second.attrs["illustrative"] is True


def test_illustrative_note_is_the_first_line():
    first = paths.DEFAULT_OUTCOMES.read_text(encoding="utf-8-sig").splitlines()[0]
    assert first == ILLUSTRATIVE_NOTE


def test_write_outcomes_refuses_unknown_targets(tmp_path):
    df = load_outcomes(FIX / "clean_utf8_bom.csv", MINI)
    df.loc[0, "target_id"] = "nope"
    with pytest.raises(OutcomesError) as info:
        write_outcomes(df, tmp_path / "x.csv", MINI)
    assert "nope" in str(info.value)


@pytest.mark.parametrize("period", ["2022-13-01", "2023", "abc", "2021-06-30", "2023-06-30", ""])
def test_template_period_is_validated(tmp_path, period):
    with pytest.raises(OutcomesError) as info:
        write_template(MINI, tmp_path / "t.csv", period=period)
    (p,) = info.value.problems
    assert p.value == period and "2022-06-30" in p.expected
    assert not (tmp_path / "t.csv").exists()


@pytest.mark.parametrize(
    ("period", "key"),
    [("2022", "2022"), ("2022年6月30日", "2022-06-30"), ("2022-12-31", "2022"), ("2021", "2021")],
)
def test_template_period_is_written_as_the_loader_reads_it(tmp_path, period, key):
    out = write_template(MINI, tmp_path / "t.csv", period=period)
    assert set(load_outcomes(out, MINI)["period"]) == {key}


def test_help_sheet_marks_only_required_columns_as_required(tmp_path):
    wb = openpyxl.load_workbook(write_template(MINI, tmp_path / "t.xlsx"))
    rows = {r[1]: r[2] for r in wb["填报说明"].iter_rows(values_only=True) if r and len(r) > 2}
    assert "是" not in rows.values()
    assert rows["actual_unit"] == "可选" and rows["period"] == "必填"
    assert rows["stage"] == "节点类应填" and rows["evidence"] == "建议填写"
    # check never fails on an empty cause, remedy, actual, stage or rating: only period is 必填
    assert [k for k, v in rows.items() if "必填" in str(v)] == ["period"]
    sheet = wb["填报说明"].iter_rows(values_only=True)
    said = [r[1] for r in sheet if r and any("必填" in str(c) for c in r if c)]
    assert said == ["period"]


def test_template_command_refuses_a_bad_period(tmp_path, capsys):
    from gutang_analysis.cli import main

    out = str(tmp_path / "t.xlsx")
    code = main(["template", "--example", "--out", out, "--period", "2022-13-01"])
    assert code == 1 and "统计期" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_file_of_another_plan_is_named_as_such(tmp_path, suffix):
    from gutang_analysis.errors import OutcomesError
    from gutang_analysis.outcomes import check_outcomes, load_outcomes

    out = write_template(MINI, tmp_path / f"other{suffix}")
    with pytest.raises(OutcomesError) as err:
        load_outcomes(out, PLAN)
    message = str(err.value)
    assert "这个文件属于计划 mini-2022" in message and "gutang-2022" in message
    assert len(err.value.problems) == 1  # not one "unknown id" per row
    assert len(check_outcomes(out, PLAN)) == 1
    assert load_outcomes(out, MINI).attrs["file_plan_id"] == "mini-2022"


def test_the_instructions_use_the_plans_own_year(tmp_path):
    out = write_template(MINI, tmp_path / "t.xlsx")
    notes = " ".join(
        str(c.value)
        for row in openpyxl.load_workbook(out)["填报说明"].iter_rows()
        for c in row
        if c.value
    )
    assert f"{MINI.year}-06-30" in notes


def test_rows_written_straight_into_the_sheet_are_what_openpyxl_writes(tmp_path, monkeypatch):
    """The rows of the targets bypass openpyxl's cells (100,000 rows in seconds): the
    sheet must be what openpyxl writes, hostile text included, byte for byte once
    openpyxl's character references (&#20013; for 中) are read as the characters."""
    import re
    import zipfile

    def text(xml: bytes) -> str:
        return re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), xml.decode("utf-8"))

    from gutang_analysis import template

    df = load_outcomes(paths.DEFAULT_OUTCOMES, PLAN)
    df.loc[0, "evidence"] = ' =HYPERLINK("http://x","y")\r\n<&> '
    df.loc[1, "cause"] = "响铃\x07+cmd"
    df.loc[2, "remedy"] = "\x07"  # nothing left once cleaned
    fast = write_outcomes(df, tmp_path / "fast.xlsx", PLAN)
    monkeypatch.setattr(template, "plain_rows_xml", lambda *a: None)  # openpyxl's cells
    slow = write_outcomes(df, tmp_path / "slow.xlsx", PLAN)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(slow) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # the time it was written
                assert text(a.read(name)) == text(b.read(name)), name
        sheet = a.read("xl/worksheets/sheet1.xml")
    assert b"=HYPERLINK" in sheet and b"<f>" not in sheet
    ws = openpyxl.load_workbook(fast)["填报表"]
    texts = [c for row in ws.iter_rows(min_row=5) for c in row if isinstance(c.value, str)]
    assert texts and all(c.data_type == "s" for c in texts)


def test_a_large_sheet_is_compressed_faster_with_the_same_content(tmp_path, monkeypatch):
    """Above FAST_ZIP_BYTES the sheet part is compressed at the fastest level: the parts
    are those of a template compressed as before, and it reads back the same."""
    import zipfile

    from gutang_analysis import _xlsx

    usual = write_template(PLAN, tmp_path / "usual.xlsx")
    monkeypatch.setattr(_xlsx, "FAST_ZIP_BYTES", 0)
    fast = write_template(PLAN, tmp_path / "fast.xlsx")
    with zipfile.ZipFile(usual) as a, zipfile.ZipFile(fast) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "docProps/core.xml":  # the time it was written
                assert a.read(name) == b.read(name), name
        sheet = "xl/worksheets/sheet1.xml"
        assert b.getinfo(sheet).compress_size > a.getinfo(sheet).compress_size
    pd.testing.assert_frame_equal(
        load_outcomes(usual, PLAN).drop(columns="row"),
        load_outcomes(fast, PLAN).drop(columns="row"),
    )
