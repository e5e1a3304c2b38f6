"""Hostile inputs, round 2 (issue 19): formulas from metadata, links, names, fallbacks.

Each class of attack gets one test on a small folder made in ``tmp_path``: it must end
with exit code 1 (never 70) and a Chinese message naming the file, entry or value and
what to do; nothing is written through a link, no text becomes a live formula.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from gutang_analysis import paths
from gutang_analysis.cli import main

EXAMPLE = paths.EXAMPLE_FOLDER
HOSTILE_TITLE = '=HYPERLINK("http://x","y")'
HOSTILE_OFFICES = {"经济发展办公室": "@SUM(1)", "招商服务中心": "-2+3"}


def _cli(capsys, *args: str, code: int = 1) -> str:
    got = main(list(args))
    out, err = capsys.readouterr()
    assert got == code, (got, out, err)
    assert "Traceback" not in err and "程序内部错误" not in err
    return out + err


def _hostile_folder(root: Path) -> Path:
    """The example with a formula for a title, ``+1`` for issuer, formulas for offices
    and notes."""
    folder = root / "hostile"
    shutil.copytree(EXAMPLE, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("  title: 古塘街道2022年工作安排", f"  title: '{HOSTILE_TITLE}'", 1)
    text = text.replace("  issuer: 古塘街道 ", "  issuer: '+1' ", 1)
    text = re.sub(r"(?m)^(\s+notes: )(.*)$", r"\1'=1+1 \2'", text, count=3)
    plan.write_text(text, encoding="utf-8")
    owners = folder / "owners.yaml"
    text = owners.read_text(encoding="utf-8")
    for name, hostile in HOSTILE_OFFICES.items():
        text = text.replace(name, f"'{hostile}'")
        for f in (folder / "outcomes").glob(f"*/{name}.csv"):
            body = f.read_text(encoding="utf-8-sig").replace(name, hostile)
            f.unlink()
            (f.parent / f"{hostile}.csv").write_text(body, encoding="utf-8")
    owners.write_text(text, encoding="utf-8")
    for f in (folder / "outcomes").glob("*.csv"):
        body = f.read_text(encoding="utf-8-sig")
        for name, hostile in HOSTILE_OFFICES.items():
            body = body.replace(name, hostile)
        f.write_text(body, encoding="utf-8")
    return folder


def _formulas(path: Path) -> list[str]:
    """Every formula cell of a workbook other than the form's own ``=SUM(…)`` totals."""
    from openpyxl import load_workbook

    found = []
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and not re.fullmatch(r"=SUM\([A-Z0-9:,$]+\)", cell.value):
                    found.append(f"{path.name}!{ws.title}!{cell.coordinate}={cell.value}")
    # the raw XML too: a formula is an <f> element whatever openpyxl makes of it
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                for f in re.findall(r"<f>([^<]*)</f>", z.read(name).decode("utf-8")):
                    if not re.fullmatch(r"SUM\([A-Z0-9:,$]+\)", f):
                        found.append(f"{path.name}!{name}:{f}")
    return found


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory):
    """Every workbook and CSV the package writes, from hostile metadata."""
    from gutang_analysis.outputs import SECTION_WRITERS, WRITERS, write_output
    from gutang_analysis.run import load_run, resolve_run
    from gutang_analysis.tables import write_results_xlsx

    root = tmp_path_factory.mktemp("hostile")
    folder = _hostile_folder(root)
    out = root / "out"
    out.mkdir()
    run = load_run(resolve_run(folder))
    assert run.plan.title == HOSTILE_TITLE and run.plan.issuer == "+1"
    section = str(run.plan.sections["section"].iloc[0])
    for name in WRITERS:
        suffix = {"json": ".json", "csv": ".csv", "docx": ".docx"}.get(name.rsplit("_")[-1])
        target = out / f"{name}{suffix or '.xlsx'}"
        write_output(name, run, target, section if name in SECTION_WRITERS else None)
    write_results_xlsx(run.result, out / "results.xlsx")
    assert main(["template", "--dir", str(folder), "--out", str(out / "template.xlsx")]) == 0
    assert main(["template", "--dir", str(folder), "--out", str(out / "template.csv")]) == 0
    for office in HOSTILE_OFFICES.values():
        target = out / f"office{len(office)}.xlsx"
        args = ["template", "--dir", str(folder), f"--office={office}", "--out", str(target)]
        assert main(args) == 0
    assert main(["owners", "--dir", str(folder), "--out", str(out / "分解表.xlsx")]) == 0
    assert main(["lights", "--dir", str(folder), "--out", str(out / "台账.xlsx")]) == 0
    assert (
        main(["collect", "2022-09-30", "--dir", str(folder), "--out", str(out / "合并.xlsx")]) == 0
    )
    assert (
        main(["collect", "2022-09-30", "--dir", str(folder), "--out", str(out / "合并.csv")]) == 0
    )
    return out


def test_no_text_from_hostile_metadata_becomes_a_formula_in_any_workbook(hostile_outputs):
    books = sorted(hostile_outputs.glob("*.xlsx"))
    assert len(books) >= 10, books
    found = [f for b in books for f in _formulas(b)]
    assert not found, found
    # the title is still there, as text
    from openpyxl import load_workbook

    texts = {
        c.value
        for b in books
        for ws in load_workbook(b).worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    assert any(HOSTILE_TITLE in t for t in texts)
    assert any(t == "@SUM(1)" for t in texts) and any(t == "-2+3" for t in texts)


def test_no_csv_cell_from_hostile_metadata_starts_a_formula(hostile_outputs):
    for path in hostile_outputs.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@")), (path.name, cell)


# -- 2. no write follows a link ----------------------------------------------------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("保留", encoding="utf-8")
    return victim


def test_the_output_probe_never_writes_through_a_planted_link(tmp_path, monkeypatch):
    import os
    import secrets

    from gutang_analysis.build import _check_out_root
    from gutang_analysis.errors import BuildError

    victim = _victim(tmp_path)
    out = tmp_path / "reports"
    out.mkdir()
    monkeypatch.setattr(secrets, "token_hex", lambda n=4: "0000")
    (out / f".write-test-{os.getpid()}-0000").symlink_to(victim)
    with pytest.raises(BuildError) as err:
        _check_out_root(out)
    assert str(out) in str(err.value) and "--out" in str(err.value)
    assert victim.read_text(encoding="utf-8") == "保留"


def test_outputs_and_their_temp_files_never_write_through_a_link(tmp_path, monkeypatch, capsys):
    import os
    import secrets

    victim = _victim(tmp_path)
    link = tmp_path / "模板.xlsx"
    link.symlink_to(victim)
    out = _cli(capsys, "template", "--dir", str(EXAMPLE), "--out", str(link))
    assert "符号链接" in out and str(link) in out
    link.unlink()
    # a link planted at the temporary file's name: the write stops, the target is intact
    monkeypatch.setattr(secrets, "token_hex", lambda n=4: "0000")
    (tmp_path / f".模板.xlsx.{os.getpid()}.0000.tmp").symlink_to(victim)
    out = _cli(capsys, "template", "--dir", str(EXAMPLE), "--out", str(link))
    assert str(link) in out and "已有同名文件" in out
    assert victim.read_text(encoding="utf-8") == "保留" and not link.exists()


# -- 4. office names -----------------------------------------------------------------------


def _owners_folder(tmp_path: Path, **renames: str) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    owners = folder / "owners.yaml"
    text = owners.read_text(encoding="utf-8")
    for old, new in renames.items():
        text = text.replace(old, new, 1)
    owners.write_text(text, encoding="utf-8")
    return folder


BAD_OFFICES = ["..", "../../outside", "/etc/x", "a/b", "a\\b", "科室\x07", "科室\u202e"]


@pytest.mark.parametrize("name", [*BAD_OFFICES, " 经发办", "办" * 100, "é" * 105])
def test_office_names_that_cannot_be_file_names_are_refused_everywhere(tmp_path, capsys, name):
    import json

    folder = _owners_folder(tmp_path, 经济发展办公室=json.dumps(name))
    out = _cli(capsys, "lights", "--dir", str(folder))
    assert "owners.yaml" in out and "科室名称" in out
    period = "--period=2022-09-30"
    out = _cli(capsys, "template", "--dir", str(folder), f"--office={name}", period)
    assert "--office" in out and "科室名称" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # nothing written outside


def test_office_names_that_give_one_file_name_are_an_error_naming_both(tmp_path, capsys):
    folder = _owners_folder(tmp_path, 经济发展办公室="a b", 招商服务中心="a-b")
    out = _cli(capsys, "lights", "--dir", str(folder))
    assert "“a b”与“a-b”" in out and "同一个文件名" in out


@pytest.mark.parametrize("listed", [["城建 规划办", "城建-规划办"], ["a-b"]])
def test_listed_offices_that_give_one_file_name_are_an_error_too(tmp_path, capsys, listed):
    import json

    folder = _owners_folder(tmp_path, 经济发展办公室="a b")
    owners = folder / "owners.yaml"
    text = owners.read_text(encoding="utf-8")
    owners.write_text(
        text.replace("targets:", f"offices: {json.dumps(listed, ensure_ascii=False)}\ntargets:", 1),
        encoding="utf-8",
    )
    out = _cli(capsys, "lights", "--dir", str(folder))
    first, second = listed if len(listed) == 2 else ("a-b", "a b")
    assert f"“{first}”与“{second}”" in out and "同一个文件名" in out and "owners.yaml" in out


def test_a_decomposition_sheet_with_a_path_for_an_office_is_refused(tmp_path, capsys):
    from openpyxl import load_workbook

    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    sheet = tmp_path / "分解表.xlsx"
    _cli(capsys, "owners", "--dir", str(folder), "--out", str(sheet), code=0)
    wb = load_workbook(sheet)
    ws = wb["分解表"]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "经济发展办公室":
                cell.value = "../../etc"
    wb.save(sheet)
    before = (folder / "owners.yaml").read_bytes()
    out = _cli(capsys, "owners", "--dir", str(folder), "--read", str(sheet))
    assert "../../etc" in out and "科室名称" in out and "第 " in out
    assert (folder / "owners.yaml").read_bytes() == before


def test_an_office_file_with_a_control_character_is_refused_by_collect(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    period = folder / "outcomes" / "2022-09-30"
    (period / "经济发展办公室.csv").rename(period / "经济发展办公室\x1b[31m.csv")
    out = _cli(capsys, "collect", "2022-09-30", "--dir", str(folder))
    assert "科室名称" in out and "\x1b" not in out


# -- 9. the environment is not a bug: exit 1 with what to do -------------------------------


def test_outputs_to_a_file_path_or_a_folder_exit_1_naming_the_path(tmp_path, capsys):
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    for args in (
        ["template", "--out", str(afile / "t.xlsx")],
        ["owners", "--out", str(afile / "分解表.xlsx")],
        ["lights", "--out", str(afile / "台账.xlsx")],
    ):
        out = _cli(capsys, *args, "--dir", str(EXAMPLE))
        assert str(afile) in out and "不是文件夹" in out
    folder = tmp_path / "a-folder.xlsx"
    folder.mkdir()
    out = _cli(capsys, "lights", "--dir", str(EXAMPLE), "--out", str(folder))
    assert "文件夹，不是文件" in out and str(folder) in out


def test_a_read_only_folder_and_a_full_disk_exit_1_and_leave_nothing_half(
    tmp_path, capsys, monkeypatch
):
    import errno

    from openpyxl import Workbook

    def full(self, target):
        target.write(b"PK")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", full)
    out = _cli(capsys, "template", "--dir", str(EXAMPLE), "--out", str(tmp_path / "t.xlsx"))
    assert "磁盘空间不足" in out and str(tmp_path / "t.xlsx") in out
    assert list(tmp_path.iterdir()) == []  # no half-written file, no temp file

    def read_only(self, target):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Workbook, "save", read_only)
    out = _cli(capsys, "owners", "--dir", str(EXAMPLE), "--out", str(tmp_path / "分解表.xlsx"))
    assert "只读" in out and "--out" in out


def test_memory_and_nesting_errors_exit_1_with_what_to_do(capsys, monkeypatch):
    from gutang_analysis import plan

    for exc, words in ((MemoryError(), "内存不足"), (RecursionError(), "嵌套层数过深")):

        def boom(*args, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(plan, "load_plan", boom)
        assert words in _cli(capsys, "plan", "--dir", str(EXAMPLE))


def test_a_kernel_killed_for_memory_says_memory():
    from gutang_analysis.build import _describe_failure
    from gutang_analysis.manifest import ReportSpec

    spec = ReportSpec("annual_review", "annual_review.ipynb", "年度评估", {}, ())
    text = _describe_failure(spec, RuntimeError("Kernel died before replying to kernel_info"))
    assert "内存不足" in text and "--jobs 1" in text


# -- 5. no silent fallback -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["plan"],
        ["check"],
        ["template", "--out", "t.xlsx"],
        ["owners", "--out", "分解表.xlsx"],
        ["build"],
        ["lights"],
        ["collect", "2022-09-30"],
        ["finalize"],
    ],
)
def test_outside_a_plan_folder_every_command_stops_and_says_how(
    tmp_path, monkeypatch, capsys, args
):
    monkeypatch.chdir(tmp_path)
    out = _cli(capsys, *args)
    assert "--dir" in out and ("--example" in out) == (args != ["finalize"])
    assert list(tmp_path.iterdir()) == []  # nothing of the example written here
    assert "使用软件自带的古塘街道 2022 示例计划" not in out


def test_the_example_is_used_only_when_asked_for(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = _cli(capsys, "owners", "--example", "--out", "分解表.xlsx", code=0)
    assert "示例" in out and (tmp_path / "分解表.xlsx").is_file()
    assert "只能用一个" in _cli(capsys, "plan", "--example", "--dir", str(EXAMPLE))


def test_a_file_naming_another_period_than_its_name_is_not_used(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    outcomes = folder / "outcomes"
    # the year-end file of 2022 saved under the baseline's name
    (outcomes / "2021.csv").unlink()
    shutil.copy(outcomes / "2022.csv", outcomes / "2021.csv")
    out = _cli(capsys, "check", "--dir", str(folder))
    assert "2021.csv" in out and "文件名所示的统计期 2021" in out and "2022" in out
    out = _cli(capsys, "build", "--dir", str(folder), "--out", str(tmp_path / "o"))
    assert "2021.csv" in out and "不会被使用" in out
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_title_row_naming_another_period_is_not_used(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    template = tmp_path / "t.csv"
    _cli(capsys, "template", "--dir", str(folder), "--out", str(template), code=0)
    text = template.read_text(encoding="utf-8-sig")
    assert "统计期：2022" in text
    renamed = folder / "outcomes" / "2022-06-30.csv"
    renamed.write_text(text.replace(",2022,", ",2022-06-30,"), encoding="utf-8")
    out = _cli(capsys, "check", str(renamed), "--dir", str(folder))
    assert "标题行" in out and "文件名所示的统计期 2022-06-30" in out


def test_an_unclosed_quote_anywhere_names_the_line_where_it_opened(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    f = folder / "outcomes" / "2022.csv"
    lines = f.read_text(encoding="utf-8-sig").splitlines()
    rows = [i for i, line in enumerate(lines) if line.startswith("econ-")]
    first, later = rows[2], rows[3]
    lines[first] = lines[first].rstrip(",") + ',"原因未写完'  # opens a quote, never closes
    head, rest = lines[later].split(",", 1)
    lines[later] = f'{head},"{rest}'  # a later row quoting early: the quote closes there
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _cli(capsys, "check", "--dir", str(folder))
    assert f"第 {first + 1} 行" in out and "引号" in out


# -- 6. sums, dates and sheets -------------------------------------------------------------


def test_weights_whose_sum_overflows_are_refused_naming_them(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s+weight: )\d+(\.\d+)?\s*$", r"\g<1>1e308", text, count=3)
    plan.write_text(text, encoding="utf-8")
    out = _cli(capsys, "plan", "--dir", str(folder))
    assert "weight" in out and "1e+308" in out and "有限" in out


@pytest.mark.parametrize("year", ["2030-05-01", "1999-05-01"])
def test_completion_dates_far_from_the_plan_year_are_flagged(tmp_path, capsys, year):
    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    f = folder / "outcomes" / "2022.csv"
    rows = list(csv.reader(f.read_text(encoding="utf-8-sig").splitlines()))
    head = next(i for i, r in enumerate(rows) if r and r[0] in ("指标编号", "target_id"))
    col = rows[head].index("完成日期")
    rows[head + 1][col] = year
    with f.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = _cli(capsys, "check", "--dir", str(folder))
    assert year in out and "2021 年至 2023 年之间的日期" in out and f"第 {head + 2} 行" in out


def test_two_visible_data_sheets_are_refused_and_one_is_named(tmp_path, capsys):
    from openpyxl import load_workbook

    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    book = tmp_path / "2022.xlsx"
    _cli(capsys, "template", "--dir", str(folder), "--out", str(book), code=0)
    # our own template (填报表 beside 填报说明) is read without naming a sheet
    assert "读取的是工作表" not in _cli(capsys, "check", str(book), "--dir", str(folder), code=0)
    wb = load_workbook(book)
    wb.copy_worksheet(wb["填报表"]).title = "旧的填报表"
    wb.active = wb.sheetnames.index("旧的填报表")
    wb.save(book)
    out = _cli(capsys, "check", str(book), "--dir", str(folder))
    assert "“填报表”、“旧的填报表”" in out and "无法确定用哪一个" in out
    # the stale copy's header removed: the one data sheet is read, and named
    wb = load_workbook(book)
    del wb["旧的填报表"]
    ws = wb.create_sheet("备注")
    ws["A1"] = "各科室联系人"
    wb.active = wb.sheetnames.index("备注")
    wb.save(book)
    out = _cli(capsys, "check", str(book), "--dir", str(folder), code=0)
    assert "读取的是工作表“填报表”" in out


# -- 8. bounded everywhere -----------------------------------------------------------------


def _laughs(depth: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", ["plan.yaml", "owners.yaml", "policy.yaml", "units.yaml"])
def test_billion_laughs_and_deep_nesting_are_refused_quickly_in_every_yaml(tmp_path, capsys, name):
    import time

    folder = tmp_path / "plan"
    shutil.copytree(EXAMPLE, folder)
    for body, words in (
        (_laughs(), "展开后过大"),
        ("x: " + "[" * 200 + "]" * 200 + "\n", "嵌套层数过深"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "嵌套层数过深"),
    ):
        (folder / name).write_text(body, encoding="utf-8")
        start = time.perf_counter()
        out = _cli(capsys, "lights", "--dir", str(folder))
        assert time.perf_counter() - start < 30
        assert words in out and name in out


def test_the_report_list_is_guarded_too(tmp_path):
    from gutang_analysis.errors import BuildError
    from gutang_analysis.manifest import load_manifest

    f = tmp_path / "reports.yaml"
    f.write_text(_laughs(), encoding="utf-8")
    with pytest.raises(BuildError, match="展开后过大"):
        load_manifest(f)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes need POSIX")
def test_extract_refuses_pipes_devices_and_huge_texts_without_reading(tmp_path, capsys):
    import os
    import time

    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    for src, words in ((fifo, "管道"), (Path("/dev/zero"), "设备"), (big, "文件大小")):
        start = time.perf_counter()
        out = _cli(capsys, "extract", str(src), "--out", str(tmp_path / "d.yaml"))
        assert words in out and str(src) in out and time.perf_counter() - start < 10
        out = _cli(capsys, "new", str(src), "--dir", str(tmp_path / "new"))
        assert words in out


# -- 7. verify trusts only what it can ------------------------------------------------------


def _fake_set(tmp_path: Path) -> tuple[Path, str]:
    import hashlib
    import json

    from gutang_analysis.build import set_seal

    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "annual_review.html").write_text("<p>总分 87.7</p>", encoding="utf-8")
    (folder / "index.html").write_text("<p>目录</p>", encoding="utf-8")
    outputs = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(folder.iterdir())}
    seal = set_seal(outputs, {})  # the index page shows no seal here: sealed as it is
    manifest = {"format_version": 1, "outputs": outputs, "inputs": {}, "seal": seal}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder, seal


def test_verify_with_the_seal_finds_a_report_edited_with_its_manifest(tmp_path, capsys):
    import hashlib
    import json

    folder, seal = _fake_set(tmp_path)
    out = _cli(capsys, "verify", str(folder), "--expect", seal, code=0)
    assert "核对通过" in out
    report = folder / "annual_review.html"
    report.write_text("<p>总分 99.9</p>", encoding="utf-8")
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["outputs"]["annual_review.html"] = hashlib.sha256(report.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    assert "--expect" in _cli(capsys, "verify", str(folder), code=0)  # says what it cannot see
    out = _cli(capsys, "verify", str(folder), "--expect", seal)
    assert "核对码不符" in out


def test_a_seal_of_an_earlier_version_still_verifies_and_says_what_it_covers(tmp_path, capsys):
    import json

    from gutang_analysis.build import set_seal

    folder, _ = _fake_set(tmp_path)
    outputs = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    old = set_seal({k: v for k, v in outputs.items() if k != "index.html"}, {})
    out = _cli(capsys, "verify", str(folder), "--expect", old, code=0)
    assert "核对通过" in out and "不覆盖首页（index.html）和构建记录" in out


def test_verify_never_reads_names_outside_the_folder_or_unbounded_manifests(tmp_path, capsys):
    import json
    import os
    import time

    folder, _ = _fake_set(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["outputs"]["../secret.txt"] = "0" * 64
    data["outputs"][str(secret)] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    out = _cli(capsys, "verify", str(folder))
    assert "'../secret.txt' 不在报告文件夹中" in out and "未读取" in out
    manifest = folder / "manifest.json"
    manifest.unlink()
    manifest.symlink_to("/dev/zero")
    start = time.perf_counter()
    assert "符号链接" in _cli(capsys, "verify", str(folder))
    manifest.unlink()
    os.mkfifo(manifest)
    assert "管道" in _cli(capsys, "verify", str(folder))
    assert time.perf_counter() - start < 10


def test_a_small_workbook_of_many_large_merges_is_refused_quickly(tmp_path, capsys):
    import io
    import time

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "填报表"
    ws.append(["指标编号", "统计期", "完成值"])
    buf = io.BytesIO()
    wb.save(buf)
    book = tmp_path / "2022.xlsx"
    merges = "".join(f'<mergeCell ref="A{3 + 10 * i}:ALL{12 + 10 * i}"/>' for i in range(300))
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(book, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    f'</sheetData><mergeCells count="300">{merges}</mergeCells>'.encode(),
                )
            zout.writestr(item, data)
    assert book.stat().st_size < 100_000
    start = time.perf_counter()
    out = _cli(capsys, "check", str(book), "--example")
    assert "合并单元格" in out and "3,000,000" in out and time.perf_counter() - start < 20
