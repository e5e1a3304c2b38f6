"""build.py: what a build makes, the HTML export, failures, escaping, xlsx and JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import nbformat
import pytest
from openpyxl import load_workbook
from test_notebooks import built_reports  # noqa: F401  (session fixture)

from gutang_analysis import paths
from gutang_analysis.build import (
    BUILD_LOG_NAME,
    BuildSummary,
    ReportOutcome,
    ReportSpec,
    _is_kernel_race,
    _strip_css_comments,
    build_reports,
    exception_label,
    export_html,
    plan_reports,
)
from gutang_analysis.errors import BuildError, OutcomesError, PolicyError
from gutang_analysis.style import STATUS_COLORS

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
MISMATCHED_POLICY = Path(__file__).parent / "fixtures" / "policies" / "unknown_refs.yaml"
MARKUP = FIXTURES / "outcomes_with_markup.csv"


# --------------------------------------------------------------------------- the list


def test_default_build_uses_bundled_data():
    specs, skipped = plan_reports()
    names = [s.name for s in specs]
    assert names[:3] == ["annual_review", "self_evaluation", "midyear_check"]
    assert next(n for n in names if n.startswith("section_review-")) == "section_review-economy"
    assert skipped == []
    annual = specs[0].parameters
    assert annual["outcomes"] == str(paths.DEFAULT_OUTCOMES)
    assert annual["baseline"] == str(paths.DEFAULT_BASELINE)
    midyear = specs[2].parameters
    assert midyear["outcomes"] == str(paths.DEFAULT_MIDYEAR)
    assert midyear["as_of"] == "2022-06-30"
    for spec in specs:
        assert all(isinstance(v, str | type(None)) for v in spec.parameters.values())


def test_relative_paths_are_passed_as_absolute(monkeypatch):
    monkeypatch.chdir(MARKUP.parent)
    specs, _ = plan_reports(outcomes=MARKUP.name)
    assert specs[0].parameters["outcomes"] == str(MARKUP.resolve())
    assert Path(specs[0].parameters["plan"]).is_absolute()


def test_own_outcomes_are_not_paired_with_illustrative_baseline():
    specs, skipped = plan_reports(outcomes=MARKUP)
    assert specs[0].parameters["baseline"] is None
    assert "midyear_check" not in [s.name for s in specs]
    assert any("年中" in note for note in skipped)


def test_input_mistakes_are_raised_before_anything_runs(tmp_path):
    with pytest.raises(OutcomesError) as err:
        build_reports(
            outcomes=tmp_path / "没有这个文件.csv", out_dir=tmp_path / "out", progress=False
        )
    assert "没有这个文件.csv" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_a_policy_that_does_not_fit_the_plan_is_refused_before_anything_runs(tmp_path):
    with pytest.raises(PolicyError) as err:
        build_reports(policy=MISMATCHED_POLICY, out_dir=tmp_path / "out", progress=False)
    message = str(err.value)
    assert message.count("unknown_refs.yaml") >= 1 and "nowhere" in message
    assert "代码单元格" not in message
    assert not (tmp_path / "out").exists()


def test_own_outcomes_without_baseline_warn_once():
    _, _, inputs = _plan(outcomes=paths.DEFAULT_OUTCOMES)
    assert any("项同比方向目标缺少 2021 年基期数据" in w for w in inputs.warnings)
    assert len(inputs.warnings) == len(set(inputs.warnings))


def _plan(**kwargs):
    from gutang_analysis.build import _plan_reports

    return _plan_reports(
        kwargs.get("plan"),
        kwargs.get("outcomes"),
        kwargs.get("baseline"),
        kwargs.get("policy"),
        kwargs.get("midyear"),
        kwargs.get("as_of"),
    )


# --------------------------------------------------------------------------- export


def _tiny_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("print('秘密代码')")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="输出文字\n")]
    hidden = nbformat.v4.new_markdown_cell("只给分析人员看的说明")
    hidden.metadata["tags"] = ["remove-cell"]
    nb.cells = [nbformat.v4.new_markdown_cell("# 标题"), hidden, code]
    return nb


def test_export_is_offline_chinese_and_hides_code(tmp_path):
    page = export_html(_tiny_notebook(), tmp_path / "t.html", title="测试<报告>")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="zh">' in text
    assert "<title>测试&lt;报告&gt;</title>" in text
    assert not re.search(r"https?://", text)
    assert "秘密代码" not in text
    assert "输出文字" in text
    assert "只给分析人员看的说明" not in text
    for cdn in ("require.js", "mathjax", "mermaid"):
        assert not re.search(rf"<script[^>]*{cdn}", text, re.IGNORECASE)


def test_css_comments_are_dropped_only_inside_style():
    page = "<style>a{}/* see https://x.org */b{}</style><p>/* 文字 */</p>"
    assert _strip_css_comments(page) == "<style>a{}b{}</style><p>/* 文字 */</p>"


# --------------------------------------------------------------------------- failures


def test_failing_notebook_keeps_previous_report(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "self_evaluation.html"
    previous.write_text("上次成功生成的报告", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build_reports(
            out_dir=out,
            progress=False,
            notebooks_dir=FIXTURES,
            only=["annual_review", "self_evaluation"],
        )
    message = str(err.value)
    assert message.startswith("1 份报告生成失败（其余 1 份已生成）")
    assert "「年终自评表」（self_evaluation.ipynb）未能生成" in message
    assert "第 2 个代码单元格" in message
    assert "数值错误（ValueError）：故意出错：测试用" in message
    kept = out / "_failed" / "self_evaluation.ipynb"
    assert str(kept) in message
    assert kept.is_file()
    executed = nbformat.read(kept, as_version=4)
    assert any(o.output_type == "error" for c in executed.cells for o in c.get("outputs", []))
    assert previous.read_text(encoding="utf-8") == "上次成功生成的报告"
    assert (out / "annual_review.html").is_file()  # the other report was still built
    summary = err.value.build_summary
    assert not summary.ok and [r.spec.name for r in summary.failed] == ["self_evaluation"]
    assert not list(out.glob(".build-*"))
    # the stale report is marked as such, on the console and in the build record
    assert [f.name for f in summary.stale] == ["self_evaluation.html"]
    assert "以下文件来自此前的构建，本次没有更新：self_evaluation.html" in summary.describe()
    log = (out / BUILD_LOG_NAME).read_text(encoding="utf-8")
    assert re.search(r"成功｜\d{4}年\d+月\d+日 \d\d:\d\d:\d\d｜年度目标完成情况评估报告", log)
    assert "失败｜" in log and "年终自评表：本次未能生成" in log
    assert "未生成｜—｜时间过半任务过半进度检查：本次未选择" in log
    assert "self_evaluation.html（" in log.split("以下文件来自此前的构建")[1]


def test_exception_names_are_translated_with_the_original_kept():
    assert exception_label("KeyError") == "找不到键/数据项（KeyError）"
    assert exception_label("FileNotFoundError") == "找不到文件（FileNotFoundError）"
    assert exception_label("builtins.ValueError") == "数值错误（ValueError）"


def test_a_later_good_build_clears_the_failed_notebook(tmp_path):
    out = tmp_path / "out"
    (out / "_failed").mkdir(parents=True)
    (out / "_failed" / "annual_review.ipynb").write_text("{}", encoding="utf-8")
    summary = build_reports(
        out_dir=out, progress=False, notebooks_dir=FIXTURES, only=["annual_review"]
    )
    assert summary.ok
    assert not (out / "_failed" / "annual_review.ipynb").exists()


def test_kernel_start_races_are_recognised():
    assert _is_kernel_race(RuntimeError("Kernel died before replying to kernel_info"))
    assert _is_kernel_race(OSError("Address already in use"))
    assert not _is_kernel_race(ValueError("故意出错"))


def test_describe_names_every_report(tmp_path):
    spec = ReportSpec("annual_review", "annual_review.ipynb", "年度目标完成情况评估报告")
    ok = ReportOutcome(spec, True, (tmp_path / "annual_review.html",))
    bad = ReportOutcome(ReportSpec("x", "x.ipynb", "年终自评表"), False, error="出错")
    text = BuildSummary(tmp_path, (ok, bad), ("跳过一份",), 1.0).describe()
    assert "已生成 1 份报告（共 2 份" in text
    assert f"保存在 {tmp_path.resolve()}：" in text
    assert "✓ 年度目标完成情况评估报告：annual_review.html" in text
    assert "✗ 年终自评表：生成失败（上次成功生成的报告保持不变）" in text
    assert "– 跳过一份" in text
    page = tmp_path.resolve() / "annual_review.html"
    assert text.splitlines()[-1] == f"用浏览器打开 {page} 查看年度目标完成情况评估报告"


def test_describe_lists_warnings_and_stale_files(tmp_path):
    spec = ReportSpec("annual_review", "annual_review.ipynb", "年度目标完成情况评估报告")
    ok = ReportOutcome(spec, True, (tmp_path / "annual_review.html",))
    text = BuildSummary(
        tmp_path,
        (ok,),
        warnings=("6 项同比方向目标缺少 2021 年基期数据，未计入得分",),
        stale=(tmp_path / "midyear_check.html",),
    ).describe()
    assert "注意：6 项同比方向目标缺少 2021 年基期数据，未计入得分" in text
    assert "注意：以下文件来自此前的构建，本次没有更新：midyear_check.html" in text


def test_describe_gives_the_absolute_folder_for_a_relative_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    spec = ReportSpec("section_review-economy", "section_review.ipynb", "板块专项评估：经济")
    ok = ReportOutcome(spec, True, (Path("reports") / "section_review-economy.html",))
    text = BuildSummary(Path("reports"), (ok,), (), 1.0).describe()
    folder = tmp_path.resolve() / "reports"
    assert f"保存在 {folder}：" in text
    assert text.endswith(
        f"用浏览器打开 {folder / 'section_review-economy.html'} 查看板块专项评估：经济"
    )


# --------------------------------------------------------------------------- escaping


@pytest.mark.slow
def test_user_text_is_escaped_in_reports(tmp_path):
    summary = build_reports(
        outcomes=MARKUP,
        out_dir=tmp_path,
        progress=False,
        only=["annual_review", "self_evaluation", "section_review-economy"],
    )
    assert summary.ok
    for name in ("annual_review", "self_evaluation", "section_review-economy"):
        text = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert '<script>alert("xss")' not in text, name
        assert "&lt;script&gt;alert(" in text, name
        assert "<img src=x" not in text, name
        assert "<b>经济发展办公室</b>" not in text, name
    wb = load_workbook(tmp_path / "self_evaluation.xlsx")
    ws = wb["年终自评"]
    header_row = _header_row(ws)
    col = [c.value for c in ws[header_row]].index("偏差原因") + 1
    causes = [ws.cell(r, col).value for r in range(header_row + 1, ws.max_row + 1)]
    assert '<script>alert("xss")</script>' in causes  # kept as the text it is


def _header_row(ws) -> int:
    return next(r for r in range(1, 20) if ws.cell(r, 1).value == "板块")


@pytest.mark.slow
def test_warnings_are_shown_once_at_the_top_of_every_report(tmp_path):
    """Own outcomes without a baseline: direction targets are not scored, and every
    report and the console say so."""
    summary = build_reports(
        outcomes=paths.DEFAULT_OUTCOMES,
        out_dir=tmp_path,
        progress=False,
        only=["annual_review", "self_evaluation"],
    )
    warning = next(w for w in summary.warnings if "缺少 2021 年基期数据" in w)
    assert re.match(r"\d+ 项同比方向目标", warning)
    text = summary.describe()
    assert text.count(f"注意：{warning}") == 1
    for name, first_heading in (
        ("annual_review", "一、总体情况"),
        ("self_evaluation", "一、总体评价"),
    ):
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        assert page.count(warning) == 1, name
        assert page.index("gutang-provenance") < page.index(warning) < page.index(first_heading)
    ws = load_workbook(tmp_path / "self_evaluation.xlsx")["年终自评"]
    top = [ws.cell(r, 1).value for r in range(1, _header_row(ws))]
    assert f"注意：{warning}" in top
    data = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert warning in data["warnings"]


# --------------------------------------------------------------------------- outputs


@pytest.mark.slow
def test_self_evaluation_workbook_is_fit_to_sign(built_reports):  # noqa: F811
    wb = load_workbook(built_reports.out_dir / "self_evaluation.xlsx")
    ws = wb["年终自评"]
    # the illustrative banner first, in red
    assert "示例数据（虚构），不是官方统计" in ws["A1"].value
    assert ws["A1"].fill.fgColor.rgb[-6:] == "D7453C"
    assert re.search(r"自评总分 \d+\.\d 分；等级 .；数据覆盖（按权重）\d+%", ws["A3"].value)
    header_row = _header_row(ws)
    header = [c.value for c in ws[header_row]]
    assert header[:9] == [
        "板块",
        "序号",
        "目标",
        "目标值",
        "基期值",
        "完成值",
        "完成率",
        "得分",
        "状态",
    ]
    assert {"评分依据", "提示", "偏差原因", "改进措施"} <= set(header)
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.column_dimensions["C"].width >= 30
    # print setup: A4 landscape, one page wide, the header row on every page
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)  # A4 is 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    rows = {
        ws.cell(r, 3).value: {h: ws.cell(r, i + 1).value for i, h in enumerate(header)}
        for r in range(header_row + 1, ws.max_row + 1)
        if isinstance(ws.cell(r, 2).value, int)
    }
    assert ws.max_row > header_row + len(rows)  # the signature block follows the table
    assert rows["有效投资总量保持全市前列"]["完成值"] == "第 3 名"
    assert rows["成立新潮塘社区"]["完成值"] == "已完成"
    assert rows["防范经济领域风险"]["完成值"] == "较好"
    assert rows["PM2.5浓度同比下降"]["基期值"] == "29微克/立方米"
    assert rows["行政争议败诉率同比下降"]["状态"] == "未完成（组合：部分完成）"
    assert rows["防范经济领域风险"]["提示"] == "未填写偏差原因、改进措施"
    assert rows["实际利用外资"]["评分依据"].startswith("不低于类：")
    status_col = header.index("状态") + 1
    fills = {
        ws.cell(r, status_col).fill.fgColor.rgb[-6:]
        for r in range(header_row + 1, header_row + 1 + len(rows))
    }
    assert fills <= {c.lstrip("#").upper() for c in STATUS_COLORS.values()}
    assert len(fills) >= 3
    assert len(rows) == len(
        json.loads((built_reports.out_dir / "summary.json").read_text("utf-8"))["targets"]
    )
    signature = " ".join(
        str(c.value)
        for row in ws.iter_rows(min_row=header_row + len(rows) + 1)
        for c in row
        if c.value
    )
    for label in ("填报单位", "负责人签字", "审核人", "日期"):
        assert label in signature
    # no raw float anywhere: every float is rounded and shown through a number format
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    assert round(cell.value, 4) == cell.value, cell.coordinate
                    assert cell.number_format != "General", cell.coordinate
                if isinstance(cell.value, str):
                    assert not re.search(r"\d\.\d{5,}", cell.value), cell.coordinate
    notes = {row[0].value: row[1] for row in wb["说明"].iter_rows(min_row=2)}
    assert notes["注意"].value == "本表使用示例数据（虚构），不是官方统计"
    assert notes["数据覆盖（按权重）"].number_format == "0%"
    assert notes["总分"].number_format == "0.0"
    assert re.search(r"SHA-256 [0-9a-f]{64}", notes["评分规则文件"].value)


@pytest.mark.slow
def test_json_summary(built_reports):  # noqa: F811
    data = json.loads((built_reports.out_dir / "summary.json").read_text(encoding="utf-8"))
    assert set(data) == {
        "banner",
        "overall",
        "sections",
        "targets",
        "warnings",
        "provenance",
        "build",
    }
    assert data["banner"] == "本报告使用示例数据（虚构），不是官方统计"
    assert {"score", "grade", "coverage"} <= set(data["overall"])
    assert {"section", "section_name", "score"} <= set(data["sections"][0])
    assert {"target_id", "status", "status_label", "unit", "actual_text"} <= set(data["targets"][0])
    rank = next(t for t in data["targets"] if t["target_id"] == "econ-investment-rank")
    assert rank["actual_text"] == "第 3 名"  # the notebook passes the scored outcomes
    assert data["provenance"]["illustrative"] is True
    assert len(data["provenance"]["outcomes_sha256"]) == 64
    assert len(data["provenance"]["policy_sha256"]) == 64
    built = dt.datetime.fromisoformat(data["provenance"]["built_at"])
    assert built.utcoffset() is not None  # ISO 8601 with the offset
    build = data["build"]
    assert dt.datetime.fromisoformat(build["started_at"]).utcoffset() is not None
    names = [r["name"] for r in build["reports"]]
    assert names == [r.spec.name for r in built_reports.summary.reports]
    assert {r["status"] for r in build["reports"]} == {"成功"}
    assert build["log"] == BUILD_LOG_NAME
    assert (built_reports.out_dir / BUILD_LOG_NAME).is_file()


# --------------------------------------------------------------------------- around the build


def test_build_help_says_when_the_bundled_baseline_and_midyear_are_used(capsys):
    from gutang_analysis.cli import main

    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = re.sub(r"\s+", "", capsys.readouterr().out)
    assert "默认：仅在使用内置示例完成情况时采用内置示例基期数据" in text
    assert "默认：仅在使用内置示例完成情况时采用内置示例年中数据" in text


def test_make_clean_removes_the_build_record_and_failed_notebooks(tmp_path):
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = tmp_path / "out"
    (out / "_failed").mkdir(parents=True)
    for name in ("a.html", "b.xlsx", "summary.json", BUILD_LOG_NAME, "_failed/x.ipynb"):
        (out / name).write_text("x", encoding="utf-8")
    keep = out / "自己的笔记.txt"
    keep.write_text("x", encoding="utf-8")
    venv = tmp_path / "no-venv"
    args = ["make", "-C", str(paths.PROJECT_ROOT), "clean", f"VENV={venv}", f"OUT={out}"]
    dry = subprocess.run([*args, "-n"], capture_output=True, text=True, check=True).stdout
    assert str(venv) in dry and " .venv" not in dry  # never the real environment
    subprocess.run(args, capture_output=True, text=True, check=True)
    assert sorted(p.name for p in out.iterdir()) == [keep.name]
