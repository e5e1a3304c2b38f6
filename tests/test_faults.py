"""Hostile files (issue 11): nothing run, nothing silently misread, never a traceback.

One test per class of attack, each on a small file generated in ``tmp_path``. Every
failure must end as a ``GutangError`` subclass (or a ``Problem`` from ``check``) whose
Chinese message names the file and the row.
"""

from __future__ import annotations

import os
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from gutang_analysis import outcomes
from gutang_analysis._xlsx import clean_control_chars, csv_safe, write_text_cell
from gutang_analysis.errors import (
    MAX_SHOWN_PROBLEMS,
    GutangError,
    OutcomesError,
    PlanError,
    PolicyError,
    Problem,
    UnitError,
    format_problems,
)
from gutang_analysis.outcomes import check_outcomes, load_outcomes, validate_period
from gutang_analysis.plan import load_plan
from gutang_analysis.policy import load_policy
from gutang_analysis.template import write_outcomes, write_template
from gutang_analysis.units import load_units

FIX = Path(__file__).parent / "fixtures" / "outcomes"
MINI = load_plan(FIX / "mini-plan.yaml")
HEAD = (
    "指标编号,统计期,完成值,完成值单位,进展阶段,定性评价,参比单位数,完成日期,"
    "证明材料或数据来源,报送单位,偏差原因,改进措施"
)
HOSTILE = {
    "evidence": '=HYPERLINK("http://evil.example","点击")',
    "office": "@SUM(A1:A9)",
    "cause": "+cmd|' /C calc'!A0",
    "remedy": "-1+2",
}


def _csv(tmp_path: Path, *rows: str, name: str = "f.csv", head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def _problems_text(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


# -- 1. live formulas in outputs ---------------------------------------------------------


def test_formula_text_is_written_as_text_never_a_formula(tmp_path):
    row = "firms,2022,56,,,,,,{evidence},{office},{cause},{remedy}".format(
        **{k: '"' + v.replace('"', '""') + '"' for k, v in HOSTILE.items()}
    )
    df = load_outcomes(_csv(tmp_path, row), MINI)
    assert df.loc[0, "evidence"] == HOSTILE["evidence"]

    import openpyxl

    out = write_outcomes(df, tmp_path / "out.xlsx", MINI)
    ws = openpyxl.load_workbook(out)["填报表"]
    cells = {c.value: c.data_type for r in ws.iter_rows() for c in r if c.value is not None}
    for text in HOSTILE.values():
        assert cells[text] == "s", text  # a shared string, never a formula ("f")
    again = load_outcomes(out, MINI)
    assert again.loc[0, list(HOSTILE)].tolist() == list(HOSTILE.values())

    # CSV: a leading ' per OWASP, and the loader reads the text back as typed
    out_csv = write_outcomes(df, tmp_path / "out.csv", MINI)
    raw = out_csv.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw and "'-1+2" in raw and "'@SUM" in raw
    again = load_outcomes(out_csv, MINI)
    assert again.loc[0, list(HOSTILE)].tolist() == list(HOSTILE.values())

    # numbers stay numbers; only strings are protected
    ws2 = openpyxl.Workbook().active
    assert write_text_cell(ws2, 1, 1, -3).data_type == "n"
    assert csv_safe(-3) == -3 and csv_safe("好") == "好" and csv_safe("\tx") == "'\tx"


def test_control_characters_are_flagged_and_never_crash_a_writer(tmp_path):
    row = "firms,2022,56,,,,,,材料\x07一,经发办\x0b,,"
    problems = check_outcomes(_csv(tmp_path, row), MINI)
    assert {p.field for p in problems} == {"证明材料或数据来源", "报送单位"}
    assert all(p.where.startswith("第 2 行") for p in problems)
    assert "\\x07" in str(problems[0]) and "控制字符" in problems[0].expected

    df = load_outcomes(FIX / "clean_utf8.csv", MINI)
    df.loc[0, "evidence"] = "响铃\x07材料\x0b第二行"
    out = write_outcomes(df, tmp_path / "ctl.xlsx", MINI)  # openpyxl would raise here
    assert load_outcomes(out, MINI).loc[0, "evidence"] == "响铃材料\n第二行"
    assert clean_control_chars("a\x00b\x1fc\td\n") == "abc\td\n"


# -- 2. bounded inputs -------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_devices_pipes_and_oversized_files_are_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    (p,) = check_outcomes(fifo, MINI)  # reading a pipe would block forever
    assert p.file == str(fifo) and "普通文件" in p.expected

    if Path("/dev/zero").exists():
        link = tmp_path / "zero.csv"
        link.symlink_to("/dev/zero")
        (p,) = check_outcomes(link, MINI)
        assert "普通文件" in p.expected
        with pytest.raises(PlanError, match="普通文件"):
            load_plan(link)

    big = tmp_path / "big.csv"
    with big.open("wb") as fh:  # sparse: no time spent writing
        fh.truncate(outcomes.MAX_FILE_BYTES + 1)
    with pytest.raises(OutcomesError) as info:
        load_outcomes(big, MINI)
    assert "20.0 MB" in str(info.value) and str(big) in str(info.value)


def _zip_with(tmp_path: Path, name: str, member: str, data: bytes) -> Path:
    """A copy of a real template whose ``member`` is replaced by ``data``."""
    src = write_template(MINI, tmp_path / "src.xlsx")
    out = tmp_path / name
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, data if item.filename == member else zin.read(item))
        if member not in zin.namelist():
            zout.writestr(member, data)
    return out


def test_zip_bombs_are_refused_from_the_archive_index(tmp_path, monkeypatch):
    # one part compressing 50 MB of zeros into ~50 KB: a ratio far beyond any real sheet
    bomb = _zip_with(tmp_path, "ratio.xlsx", "xl/media/zeros.bin", b"\0" * (50 * 1024 * 1024))
    (p,) = check_outcomes(bomb, MINI)
    assert "压缩比" in str(p.value) and p.file == str(bomb)

    monkeypatch.setattr(outcomes, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    big = _zip_with(tmp_path, "big.xlsx", "xl/media/noise.bin", os.urandom(2 * 1024 * 1024))
    with pytest.raises(OutcomesError) as info:
        load_outcomes(big, MINI)
    assert "解压后" in str(info.value) and "1 MB" in str(info.value)


def _sheet_xml(dimension: str, last_row: int) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dimension}<sheetData>"
        '<row r="1"><c r="A1" t="inlineStr"><is><t>指标编号</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>完成值</t></is></c></row>'
        f'<row r="{last_row}"><c r="A{last_row}" t="inlineStr"><is><t>firms</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


@pytest.mark.parametrize(
    ("dimension", "last_row"),
    [('<dimension ref="A1:Q1048576"/>', 3), ("", 1048576), ('<dimension ref="A1:B2"/>', 1048576)],
    ids=["declared", "row-bomb", "understated"],
)
def test_row_bombs_are_refused_with_little_memory(tmp_path, dimension, last_row):
    path = _zip_with(
        tmp_path, "rows.xlsx", "xl/worksheets/sheet1.xml", _sheet_xml(dimension, last_row)
    )
    assert path.stat().st_size < 20_000
    tracemalloc.start()
    try:
        problems = check_outcomes(path, MINI)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    (p,) = problems
    assert p.file == str(path) and f"不超过 {outcomes.MAX_ROWS} 行" in p.expected
    assert peak < 60 * 1024 * 1024, peak


# -- 3. at most N problems printed, then a count ---------------------------------------


def test_many_bad_rows_build_a_bounded_number_of_problems(tmp_path, monkeypatch):
    """10^5 bad rows: every problem is counted, only the first 200 become objects (the
    10^6-row timing is in scripts/bench_check.py, not in a test)."""
    kinds = ["firms,2022,abc", "nope,2022,5", "capital,2022,50斤", "quality,20x,", "fdi,2022,-3"]
    rows = [kinds[i % 5] for i in range(100_000)]
    path = _csv(tmp_path, *rows, head="指标编号,统计期,完成值")
    made = []

    class CountedProblem(Problem):
        def __post_init__(self):
            made.append(1)

    monkeypatch.setattr(outcomes, "Problem", CountedProblem)
    problems = check_outcomes(path, MINI)
    # rows 2-6 and every later repeat: 5 kinds, one repeat of each is a duplicate row too
    assert problems.total == 159_997
    assert len(problems) == MAX_SHOWN_PROBLEMS
    assert len(made) < 2 * MAX_SHOWN_PROBLEMS, len(made)
    assert problems[1].where == "第 3 行（nope）"  # each repeat keeps its own row
    assert problems[-1].where.startswith("第 128 行")
    assert problems.by_field["指标编号"] == 20_000 + 3 * 19_999  # unknown id, duplicate

    text = format_problems(problems)
    assert text.count("\n") == 200  # 200 problems, then the count
    last = text.splitlines()[-1]
    assert last.startswith(f"  ……另有 {159_997 - 200} 处问题未列出（共 159997 处，其中")
    assert "“指标编号”79997 处" in last and "“完成值”" in last
    err = OutcomesError(outcomes._summary(str(path), problems), problems)
    assert len(str(err).splitlines()) == 202
    assert "有 159997 处问题" in str(err)
    assert "…（共" in str(Problem("f", None, "x", "长" * 1000, "短"))  # long values cut


# -- 4. no silent misread --------------------------------------------------------------


def test_hidden_sheets_are_never_read_and_the_sheet_read_is_named(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    decoy = wb.active
    decoy.title = "旧数据"
    decoy.append(["指标编号", "统计期", "完成值"])
    decoy.append(["firms", "2022", "999"])
    decoy.sheet_state = "hidden"
    real = wb.create_sheet("汇总")
    real.append(["指标编号", "统计期", "完成值"])
    real.append(["firms", "2022", "56"])
    wb.active = 1
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    df = load_outcomes(path, MINI)
    assert df.loc[0, "actual"] == 56 and df.attrs["sheet"] == "汇总"

    real.append(["firms", "2022", "abc"])  # a problem names the sheet read
    wb.save(path)
    (p,) = [p for p in check_outcomes(path, MINI) if p.field == "完成值"]
    assert "已读取工作表“汇总”" in p.file

    decoy.sheet_state = "visible"
    real.sheet_state = "hidden"
    wb.active = 0
    decoy.title = "填报表"  # the template's sheet wins when it is visible
    wb.save(path)
    assert load_outcomes(path, MINI).attrs["sheet"] == "填报表"


def test_unclosed_quote_that_swallows_rows_is_an_error_naming_the_line(tmp_path):
    path = _csv(
        tmp_path,
        'firms,2022,56,,,,,,"整治清单,经发办,,',
        "capital,2022,1.62,,,,,,统计年报,招商中心,,",
        "fdi,2022,300,,,,,,台账,招商中心,,",
    )
    with pytest.raises(OutcomesError) as info:
        load_outcomes(path, MINI)
    (p,) = info.value.problems
    assert p.where == "第 2 行" and "没有闭合" in p.expected and "第 3 行" in p.expected

    # at the end of the file: nothing after it to swallow, still an error
    path = _csv(tmp_path, 'firms,2022,56,,,,,,"整治清单', name="tail.csv")
    (p,) = check_outcomes(path, MINI)
    assert p.where == "第 2 行" and "文件末尾" in p.expected

    # a cell with a line break typed in Excel (Alt+Enter) is fine
    path = _csv(tmp_path, 'firms,2022,56,,,,,,"第一行\n第二行",经发办,,', name="ok.csv")
    assert load_outcomes(path, MINI).loc[0, "evidence"] == "第一行\n第二行"


def test_header_without_data_rows_is_an_error(tmp_path):
    (p,) = check_outcomes(_csv(tmp_path, "", "# 备注"), MINI)
    assert p.value == "文件中没有数据行" and p.where.startswith("第 1 行（表头）")
    with pytest.raises(OutcomesError, match="文件中没有数据行"):
        load_outcomes(_csv(tmp_path), MINI)


def test_duplicate_yaml_keys_are_errors_naming_line_and_key(tmp_path):
    plan = tmp_path / "mini-plan.yaml"
    text = (FIX / "mini-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("  year: 2022\n", "  year: 2022\n  year: 2023\n"), "utf-8")
    shutil.copy(FIX / "mini-plan.txt", tmp_path / "mini-plan.txt")
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    (p,) = info.value.problems
    assert p.file == str(plan) and p.where == "第 6 行" and p.field == "year"

    policy = tmp_path / "policy.yaml"
    policy.write_text("name: a\nname: b\nversion: '1'\n", encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(policy)
    assert "第 2 行" in str(info.value) and "name" in str(info.value)

    units = tmp_path / "units.yaml"
    units.write_text("families: {}\nunits: {}\nunits: {}\n", encoding="utf-8")
    with pytest.raises(UnitError, match="第 3 行"):
        load_units(units)


def test_weights_must_be_finite_and_not_all_zero(tmp_path):
    from gutang_analysis import paths

    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = tmp_path / "inf.yaml"
    bad.write_text(text.replace("  default: 1.0", "  default: .inf"), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(bad)
    assert [p.field for p in info.value.problems] == ["section_weights.default"]
    assert ".inf" in info.value.problems[0].expected

    zero = tmp_path / "zero.yaml"
    zero.write_text(text.replace("weight_factor: 1.0", "weight_factor: 0"), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(zero)
    assert [p.field for p in info.value.problems] == [
        f"strength.{k}.weight_factor" for k in ("确保", "力争", "争创", "未注明")
    ]

    shutil.copy(FIX / "mini-plan.txt", tmp_path / "mini-plan.txt")
    plan_text = (FIX / "mini-plan.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(plan_text.replace("unit: 家}", "unit: 家, weight: .inf}"), "utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    (p,) = info.value.problems
    assert p.field == "weight" and "指标 firms" in p.where

    plan.write_text(plan_text.replace("kind:", "weight: 0, kind:"), "utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(plan)
    assert len(info.value.problems) == len(MINI.targets)
    assert all(p.field == "weight" for p in info.value.problems)


def test_overlong_cells_and_out_of_range_dates_are_user_errors(tmp_path):
    long = "长" * (outcomes.MAX_CELL_CHARS + 1)
    path = _csv(
        tmp_path,
        f"firms,2022,56,,,,,,{long},,,",
        "community,2022,,,已完成,,,9999-12-31,,,,",
        "capital,2022,1.62,,,,,1850-01-01,,,,",
    )
    with pytest.raises(OutcomesError) as info:
        load_outcomes(path, MINI)
    by_field = {p.field: p for p in info.value.problems}
    assert len(info.value.problems) == 3
    assert by_field["证明材料或数据来源"].where.startswith("第 2 行")
    assert f"共 {len(long)} 个字符" in by_field["证明材料或数据来源"].value
    dates = [p for p in info.value.problems if p.field == "完成日期"]
    assert [p.where.split("（")[0] for p in dates] == ["第 3 行", "第 4 行"]
    assert len(str(info.value)) < 2000  # the long cell is not echoed back


@pytest.mark.parametrize("text", ["abc", "2022-13-01", "2023", "2023-06-30", "2021-06-30", ""])
def test_period_values_are_validated(text):
    with pytest.raises(OutcomesError) as info:
        validate_period(text, MINI)
    (p,) = info.value.problems
    assert p.value == text and "2022-06-30" in p.expected


def test_valid_periods_give_their_keys():
    assert validate_period("2022", MINI) == "2022"
    assert validate_period("2022-06-30", MINI) == "2022-06-30"
    assert validate_period("2022-12-31", MINI) == "2022"
    assert validate_period("2021", MINI) == "2021"


# -- 5. every failure is a GutangError ---------------------------------------------------


def test_every_attack_ends_as_a_gutang_error(tmp_path):
    attacks = [
        _csv(tmp_path, 'firms,2022,"56', name="quote.csv"),
        _csv(tmp_path, name="empty.csv"),
        _csv(tmp_path, "firms,2022,56,,,,,99999-01-01,,,,", name="date.csv"),
        tmp_path / "no-such.csv",
    ]
    for path in attacks:
        with pytest.raises(GutangError) as info:
            load_outcomes(path, MINI)
        assert str(path) in str(info.value)


# -- 6. through the command line: exit 1 and Chinese for every user error -----------------

CJK = __import__("re").compile(r"[\u4e00-\u9fff]")
MINI_PLAN = str(FIX / "mini-plan.yaml")


def _cli(capsys, *args: str, code: int = 1) -> str:
    """Run ``gutang-review``; the exit code must be ``code`` and stderr Chinese, no traceback."""
    from gutang_analysis.cli import main

    assert main(list(args)) == code
    err = capsys.readouterr().err
    assert CJK.search(err) and "Traceback" not in err and "程序内部错误" not in err, err
    return err


def _example_outcomes_with(tmp_path: Path, name: str, edit) -> Path:
    """The example plan's outcomes with one data line edited by ``edit``."""
    from gutang_analysis import paths

    lines = paths.DEFAULT_OUTCOMES.read_text(encoding="utf-8-sig").splitlines()
    header = next(i for i, ln in enumerate(lines) if ln.startswith("指标编号"))
    lines[header + 1] = edit(lines[header + 1])
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_cli_cell_limits_dates_and_control_characters_exit_1(tmp_path, capsys):
    long = _csv(tmp_path, "firms,2022,56,,,,,," + "长" * (outcomes.MAX_CELL_CHARS + 1) + ",,,")
    err = _cli(capsys, "check", str(long), "--plan", MINI_PLAN)
    assert f"不超过 {outcomes.MAX_CELL_CHARS} 个字符" in err and "第 2 行" in err
    late = _csv(tmp_path, "community,2022,,,已完成,,,2263-01-01,,,,", name="late.csv")
    err = _cli(capsys, "check", str(late), "--plan", MINI_PLAN)
    assert "2263-01-01" in err and "2261 年之间" in err
    ctl = _csv(tmp_path, "firms,2022,56,,,,,,材料\x07一,经发办,,", name="ctl.csv")
    assert "控制字符" in _cli(capsys, "check", str(ctl), "--plan", MINI_PLAN)
    # build refuses the file before any writer could meet the character
    bad = _example_outcomes_with(tmp_path, "ctl-2022.csv", lambda ln: ln + "\x07")
    out = tmp_path / "out"
    assert "控制字符" in _cli(
        capsys, "build", "--example", "--outcomes", str(bad), "--out", str(out)
    )
    assert not list(out.glob("*/*.html"))


def test_cli_output_folder_that_is_a_file_or_read_only_exit_1(tmp_path, capsys, monkeypatch):
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    assert "这是一个文件，不是文件夹" in _cli(capsys, "build", "--example", "--out", str(afile))

    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    if os.access(ro, os.W_OK):  # root writes anyway: the file system says no instead
        from gutang_analysis import build

        def refuse(folder):
            raise PermissionError(13, "Permission denied", str(folder))

        monkeypatch.setattr(build, "probe_writable", refuse)
    try:
        err = _cli(capsys, "build", "--example", "--out", str(ro))
    finally:
        ro.chmod(0o755)
    assert "报告输出文件夹不可用" in err and "无法写入" in err and str(ro) in err


def test_cli_dates_periods_keys_and_weights_exit_1(tmp_path, capsys):
    err = _cli(capsys, "build", "--example", "--as-of", "2030-01-01", "--out", str(tmp_path / "o"))
    assert "不在计划年度内" in err and "2030-01-01" in err
    err = _cli(capsys, "check", str(FIX / "clean_utf8.csv"), "--plan", MINI_PLAN, "--period", "abc")
    assert "统计期" in err and "abc" in err

    plan = tmp_path / "mini-plan.yaml"
    text = (FIX / "mini-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("  year: 2022\n", "  year: 2022\n  year: 2023\n"), "utf-8")
    shutil.copy(FIX / "mini-plan.txt", tmp_path / "mini-plan.txt")
    err = _cli(capsys, "plan", str(plan))
    assert "第 6 行" in err and "year" in err

    from gutang_analysis import paths

    policy = tmp_path / "inf.yaml"
    policy.write_text(
        paths.DEFAULT_POLICY.read_text(encoding="utf-8").replace(
            "  default: 1.0", "  default: .inf"
        ),
        encoding="utf-8",
    )
    err = _cli(capsys, "build", "--example", "--policy", str(policy), "--out", str(tmp_path / "o"))
    assert "section_weights.default" in err and ".inf" in err


def test_cli_hidden_sheets_quotes_and_empty_files_exit_1(tmp_path, capsys):
    import openpyxl

    wb = openpyxl.Workbook()
    stale = wb.active
    stale.title = "旧数据"
    stale.append(["指标编号", "统计期", "完成值"])
    stale.append(["firms", "2022", "999"])
    stale.sheet_state = "hidden"
    real = wb.create_sheet("汇总")
    real.append(["指标编号", "统计期", "完成值"])
    real.append(["firms", "2022", "abc"])
    wb.active = 1
    path = tmp_path / "sheets.xlsx"
    wb.save(path)
    err = _cli(capsys, "check", str(path), "--plan", MINI_PLAN)
    assert "已读取工作表“汇总”" in err and "999" not in err  # the stale sheet is never read

    quote = _csv(tmp_path, 'firms,2022,56,,,,,,"整治清单', name="quote.csv")
    assert "没有闭合" in _cli(capsys, "check", str(quote), "--plan", MINI_PLAN)
    empty = _csv(tmp_path, name="empty.csv")
    assert "文件中没有数据行" in _cli(capsys, "check", str(empty), "--plan", MINI_PLAN)


def _raw_zip(path: Path, members: list[tuple[str, bytes, int, int]]) -> Path:
    """A zip archive of pre-deflated members (name, raw deflate data, crc, size)."""
    import struct

    body, central = b"", b""
    for name, data, crc, size in members:
        encoded = name.encode()
        head = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                len(body),
            )
            + encoded
        )
        body += head + encoded + data
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(body), 0
    )
    path.write_bytes(body + central + end)
    return path


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    import zlib

    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(), zlib.crc32(data), len(data)


def _bomb_xlsx(tmp_path: Path, gigabytes: float = 1.5) -> Path:
    """A real template plus one part that inflates to ``gigabytes`` of zeros: about
    1.5 MB on disk, built in a moment (one compressed MiB block, repeated)."""
    import zlib

    mib = bytes(1024 * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    assert c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH) == block  # the stream repeats
    n = int(gigabytes * 1024)
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(mib, crc)
    stream = block * n + c.flush()
    check = zlib.decompressobj(-15)
    assert len(check.decompress(block * 3)) == 3 * len(mib)  # a valid deflate stream
    src = write_template(MINI, tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as z:
        members = [(i.filename, *_deflated(z.read(i))) for i in z.infolist()]
    members.append(("xl/media/zeros.bin", stream, crc, n * len(mib)))
    return _raw_zip(tmp_path / "bomb.xlsx", members)


def test_cli_xlsx_bomb_and_special_files_exit_1(tmp_path, capsys):
    bomb = _bomb_xlsx(tmp_path)
    assert bomb.stat().st_size < 3 * 1024 * 1024
    with zipfile.ZipFile(bomb) as z:
        assert sum(i.file_size for i in z.infolist()) > 1.5 * 1024**3
    err = _cli(capsys, "check", str(bomb), "--plan", MINI_PLAN)
    assert str(bomb) in err and ("解压后" in err or "压缩比" in err)

    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.csv"
        os.mkfifo(fifo)
        assert "普通文件" in _cli(capsys, "check", str(fifo), "--plan", MINI_PLAN)
    if Path("/dev/zero").exists():
        link = tmp_path / "zero.csv"
        link.symlink_to("/dev/zero")
        assert "普通文件" in _cli(capsys, "check", str(link), "--plan", MINI_PLAN)
        err = _cli(
            capsys, "build", "--example", "--outcomes", str(link), "--out", str(tmp_path / "o")
        )
        assert "普通文件" in err
