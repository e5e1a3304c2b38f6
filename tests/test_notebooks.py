"""The report notebooks: committed clean, and every one executes through papermill.

The whole set is built once per session (``built_reports``, also used by test_build and
test_browser) into a temporary folder, exactly as ``gutang-review build`` does.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from gutang_analysis import __version__, paths
from gutang_analysis.build import BuildSummary, ReportSpec, build_reports, run_report
from gutang_analysis.provenance import ILLUSTRATIVE_BANNER, file_sha256

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))
REPORT_NOTEBOOKS = ("annual_review", "section_review", "midyear_check", "self_evaluation")


@dataclass(frozen=True)
class Built:
    out_dir: Path
    summary: BuildSummary
    exploration_dir: Path


@cache
def _build_all() -> Built:
    root = Path(tempfile.mkdtemp(prefix="gutang-reports-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    out = root / "reports"
    summary = build_reports(out_dir=out, jobs=2, progress=False)
    explore = root / "exploration"
    explore.mkdir()
    ok, error, _ = run_report(
        ReportSpec("exploration", "exploration.ipynb", "数据探索示例"), explore
    )
    assert ok, error
    return Built(summary.out_dir, summary, explore)


@pytest.fixture(scope="session")
def built_reports() -> Built:
    """Every report built from the bundled data (once per test session)."""
    return _build_all()


# --------------------------------------------------------------------------- in git


def test_the_expected_notebooks_are_there():
    names = {p.stem for p in NOTEBOOKS}
    assert set(REPORT_NOTEBOOKS) <= names
    assert "exploration" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    declared = set(pm.inspect_notebook(str(path)))
    if path.stem in REPORT_NOTEBOOKS:
        # the run comes whole, as one parameter; the title from the report manifest
        assert declared >= {"run", "title"}
        assert not declared & {"plan", "outcomes", "baseline", "policy"}
    if path.stem == "section_review":
        assert "section" in declared
    if path.stem == "midyear_check":
        assert "midyear" in declared
    if path.stem == "exploration":
        assert {"folder", "office"} <= declared


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    """Logic lives in the package: no function or class is defined in a notebook."""
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"^\s*(def|class) ", code, re.MULTILINE)


# --------------------------------------------------------------------------- executed


@pytest.mark.slow
def test_every_report_builds(built_reports):
    summary = built_reports.summary
    assert summary.ok
    names = {r.spec.name for r in summary.reports}
    assert {"annual_review", "self_evaluation", "midyear_check"} <= names
    assert sum(n.startswith("section_review-") for n in names) >= 5
    for report in summary.reports:
        assert (built_reports.out_dir / f"{report.spec.name}.html").is_file()
    assert (built_reports.out_dir / "self_evaluation.xlsx").is_file()
    assert (built_reports.out_dir / "summary.json").is_file()
    assert not list(built_reports.out_dir.glob(".build-*"))


def _pages(built):
    """The report pages (the index page only links them)."""
    return sorted(p for p in built.out_dir.glob("*.html") if p.name != "index.html")


@pytest.mark.slow
def test_the_index_links_every_report_and_download(built_reports):
    index = (built_reports.out_dir / "index.html").read_text(encoding="utf-8")
    for page in _pages(built_reports):
        assert f'href="{page.name}"' in index, page.name
    for name in ("self_evaluation.xlsx", "summary.json"):
        assert f'href="{name}" download' in index
    assert ILLUSTRATIVE_BANNER in index and "http" not in index


@pytest.mark.slow
def test_reports_are_self_contained(built_reports):
    for page in _pages(built_reports):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), page.name
        assert '<html lang="zh-CN">' in text, page.name
        assert not re.search(r"<script[^>]+src=", text), page.name
        assert not re.search(r"<link[^>]+href=", text), page.name


@pytest.mark.slow
def test_reports_hide_code_and_embed_charts(built_reports):
    for page in _pages(built_reports):
        text = page.read_text(encoding="utf-8")
        body = text[text.index("<body") :]
        assert "jp-InputArea-editor" not in body, page.name  # code input
        assert "from gutang_analysis" not in text, page.name
        assert "report.prepare" not in text, page.name
        assert "remove-cell" not in text and "本说明不会出现在报告中" not in text
        images = re.findall(r'<img [^>]*src="([^"]{0,30})', text)
        # a 督办单 keeps to one or two printed pages: its table of lights, no chart
        assert images or page.name.startswith("supervision_office-"), page.name
        assert all(src.startswith("data:image/png;base64,") for src in images), page.name


@pytest.mark.slow
def test_reports_have_no_warnings_or_errors(built_reports):
    for page in _pages(built_reports):
        text = page.read_text(encoding="utf-8")
        assert "missing from font" not in text, page.name
        assert "Warning" not in text, page.name
        body = text[text.index("<body") :]
        assert 'data-mime-type="application/vnd.jupyter.stderr"' not in body, page.name
        assert "Traceback" not in text, page.name


@pytest.mark.slow
def test_reports_say_what_built_them(built_reports):
    sha = file_sha256(paths.DEFAULT_OUTCOMES)
    midyear_sha = file_sha256(paths.DEFAULT_MIDYEAR)
    for page in _pages(built_reports):
        text = page.read_text(encoding="utf-8")
        assert ILLUSTRATIVE_BANNER in text, page.name
        assert text.index(ILLUSTRATIVE_BANNER) < text.index("<h1"), page.name
        assert f"gutang-analysis {__version__}" in text
        assert "data/plans/gutang-2022/plan.yaml" in text
        assert "生成时间" in text and "评分规则" in text
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间）", text), page.name
        assert file_sha256(paths.DEFAULT_POLICY) in text, page.name
        assert file_sha256(paths.DEFAULT_PLAN) in text, page.name
        assert (midyear_sha if page.stem == "midyear_check" else sha) in text, page.name


@pytest.mark.slow
def test_annual_review_reads_as_a_review(built_reports):
    text = (built_reports.out_dir / "annual_review.html").read_text(encoding="utf-8")
    assert "<title>年度目标完成情况评估报告</title>" in text
    summary = text.index("一、总体情况")
    assert summary < text.index("二、分板块评估")
    assert "列出可考核的目标任务" in text and "总分 " in text and "等级“" in text
    for heading in ("目标完成情况", "差距、原因与改进措施", "计划原文"):
        assert heading in text


@pytest.mark.slow
def test_self_evaluation_has_the_form_columns(built_reports):
    text = (built_reports.out_dir / "self_evaluation.html").read_text(encoding="utf-8")
    for column in ("目标", "完成值", "完成率", "得分", "偏差原因", "改进措施"):
        assert f">{column}</th>" in text
    assert "有数据指标平均得分" in text and "敏感性分析" in text
    assert "保守口径" not in text


@pytest.mark.slow
def test_midyear_check_uses_the_as_of_date(built_reports):
    text = (built_reports.out_dir / "midyear_check.html").read_text(encoding="utf-8")
    assert "截至 2022-06-30" in text
    assert "序时进度" in text


@pytest.mark.slow
@pytest.mark.parametrize("name", ["annual_review", "midyear_check", "self_evaluation"])
def test_reports_say_how_far_to_trust_the_grade(built_reports, name):
    text = (built_reports.out_dir / f"{name}.html").read_text(encoding="utf-8")
    section = text[text.index("评价的可靠程度") :]
    assert re.search(r"数据覆盖：按权重计，\d+% 的目标有完成数据", section)
    assert "保留分值、按 0 分计入总分" in section
    assert "有数据指标平均得分" in section and "不是总分" in section
    assert ">口径</th>" in section and "计入超额加分" in section  # the sensitivity table


@pytest.mark.slow
def test_self_evaluation_ends_with_a_signature_block(built_reports):
    text = (built_reports.out_dir / "self_evaluation.html").read_text(encoding="utf-8")
    block = text[text.index("gutang-signature") :]
    for label in ("填报单位", "负责人签字", "审核人", "日期"):
        assert label in block


@pytest.mark.slow
def test_exploration_notebook_executes_cleanly(built_reports):
    nb = nbformat.read(built_reports.exploration_dir / "exploration.ipynb", as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error"
            assert not (output.output_type == "stream" and output.name == "stderr"), output.text
    assert (built_reports.exploration_dir / "exploration.html").is_file()


def _shown_text(nb) -> str:
    """What an analyst reads in a notebook's outputs: printed text and table text."""
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                parts.append(output.text)
            data = output.get("data", {})
            if "text/html" in data:
                parts.append(re.sub(r"<[^>]+>", " ", data["text/html"]))
            elif "text/plain" in data and "image/png" not in data:
                parts.append(data["text/plain"])
    return "\n".join(parts)


@pytest.mark.slow
def test_exploration_shows_chinese_tables_not_codes(built_reports):
    nb = nbformat.read(built_reports.exploration_dir / "exploration.ipynb", as_version=4)
    text = _shown_text(nb)
    for raw in ("nan", "NaN", "None", "'score'", "not_met", "no_data", "partial", "at_least"):
        assert raw not in text, raw
    assert "总分" in text and "有数据指标平均得分" in text and "等级" in text
    assert re.search(r"数据覆盖（按权重）\s+\d+%", text)
    assert re.search(r"超额完成\s+完成\s+基本完成", text)  # statuses in reading order
    assert not re.search(r"\d\.\d{3,}", text)  # no unrounded floats
    assert ILLUSTRATIVE_BANNER in text


def test_exploration_loads_a_folder_as_the_build_does():
    """The notebook loads the example (or a folder) with the reports' loader, then walks the
    analyst's journey: shortfalls, one office, a what-if, a comparison, an xlsx export."""
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "exploration.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "examples.gutang_2022() if folder is None else load_run(resolve_run(folder))" in code
    for step in ("nlargest(", "责任科室", "what_if(", ".with_(", "compare(", "write_results_xlsx("):
        assert step in code, step
    assert "except ImportError" in code  # the selectors are optional


@pytest.mark.slow
def test_exploration_exports_numbers(built_reports):
    from openpyxl import load_workbook

    ws = load_workbook(built_reports.exploration_dir / "评分结果.xlsx").active
    headers = [c.value for c in ws[1]]
    assert ws.cell(2, headers.index("得分") + 1).data_type == "n"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["annual_review", "self_evaluation", "midyear_check"])
def test_long_reports_have_a_working_table_of_contents(built_reports, name):
    text = (built_reports.out_dir / f"{name}.html").read_text(encoding="utf-8")
    toc = text[text.index('class="gutang-toc"') :]
    toc = toc[: toc.index("</nav>")]
    links = re.findall(r'href="#([^"]+)"', toc)
    assert len(links) >= 9  # the numbered parts and six programmes
    ids = set(re.findall(r'id="([^"]+)"', text))
    assert set(links) <= ids, set(links) - ids
    assert text.index('class="gutang-toc"') < text.index('id="part-overall"')
    # verdict first; the provenance is the appendix after the last part
    assert text.index("gutang-verdict") < text.index('class="gutang-toc"')
    assert text.rindex('id="part-') < text.index('class="gutang-appendix"')


@pytest.mark.slow
def test_section_reviews_show_their_own_score_and_grade(built_reports):
    for page in built_reports.out_dir.glob("section_review-*.html"):
        text = page.read_text(encoding="utf-8")
        box = text[text.index('class="gutang-tiles"') :]
        assert "板块得分" in box[:2000] and "等级" in box[:2000], page.name
        assert text.index("gutang-verdict") < text.index("<table"), page.name
        assert 'href="index.html"' in text, page.name


@pytest.mark.slow
def test_the_midyear_summary_is_published(built_reports):
    import json

    data = json.loads((built_reports.out_dir / "midyear_summary.json").read_text("utf-8"))
    assert data["format_version"] == 2 and data["reading"]["as_of"] == "2022-06-30"
    index = (built_reports.out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="midyear_summary.json" download' in index


@pytest.mark.slow
def test_every_table_has_a_caption_and_every_scroll_box_a_keyboard_stop(built_reports):
    for page in _pages(built_reports):
        text = page.read_text(encoding="utf-8")
        body = text[text.index("<body") :]
        for table in re.findall(r"<table\b[^>]*>(.{0,400})", body, re.S):
            assert table.lstrip().startswith("<caption"), (page.name, table[:80])
        for box in re.findall(r'<div class="gutang-scroll[^"]*"[^>]*>(?=\s*<table)', body):
            assert 'tabindex="0"' in box and 'role="region"' in box and "aria-label=" in box
        assert 'href="index.html"' in body, page.name
