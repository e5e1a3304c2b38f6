"""build.py: what a build makes, the HTML export, failures, escaping, xlsx and JSON."""

from __future__ import annotations

import copy
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
    KEPT_DIR_NAME,
    BuildSummary,
    ReportOutcome,
    ReportSpec,
    _is_kernel_race,
    _strip_css_comments,
    build_reports,
    exception_label,
    export_html,
    plan_reports,
    set_status,
    verify_build,
)
from gutang_analysis.errors import BuildError, PolicyError
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
    assert specs[0].parameters["title"] == "年度目标完成情况评估报告"
    assert specs[2].parameters["midyear"] is True
    economy = next(s for s in specs if s.name == "section_review-economy")
    assert economy.parameters["section"] == "economy"
    assert economy.title == "板块专项评估：经济转型升级"
    for spec in specs:
        assert all(isinstance(v, str | bool | type(None)) for v in spec.parameters.values())


def test_run_parameter_carries_absolute_paths(monkeypatch):
    from gutang_analysis.run import resolve_run

    monkeypatch.chdir(MARKUP.parent)
    inputs = resolve_run(paths.EXAMPLE_FOLDER, outcomes=MARKUP.name)
    parameter = inputs.as_parameter()
    assert parameter["outcomes"] == str(MARKUP.resolve())
    assert Path(parameter["plan"]).is_absolute()
    assert all(isinstance(v, str | bool | list | type(None)) for v in parameter.values())


def test_own_outcomes_are_not_paired_with_illustrative_baseline():
    specs, skipped = plan_reports(outcomes=MARKUP)
    assert "midyear_check" not in [s.name for s in specs]
    assert any("年中" in note for note in skipped)


def test_input_mistakes_are_raised_before_anything_runs(tmp_path):
    from gutang_analysis.errors import FolderError

    with pytest.raises(FolderError) as err:
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


def test_own_outcomes_without_baseline_warn_once(example_own_outcomes_run):
    run = example_own_outcomes_run
    assert any("项同比方向目标缺少 2021 年基期数据" in w for w in run.warnings)
    assert len(run.warnings) == len(set(run.warnings))


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
    assert '<html lang="zh-CN">' in text
    assert "<title>测试&lt;报告&gt;</title>" in text
    assert not re.search(r"https?://", text)
    assert "秘密代码" not in text
    assert "输出文字" in text
    assert "只给分析人员看的说明" not in text
    for cdn in ("require.js", "mathjax", "mermaid"):
        assert not re.search(rf"<script[^>]*{cdn}", text, re.IGNORECASE)


def test_export_is_the_same_page_for_the_same_notebook(tmp_path):
    # papermill gives its parameters cell a random id; the page must not depend on it
    base, pages = _tiny_notebook(), []
    for n in range(2):
        nb = copy.deepcopy(base)
        injected = nbformat.v4.new_code_cell("year = 2025")
        injected.metadata["tags"] = ["injected-parameters"]
        nb.cells.insert(0, injected)
        pages.append(export_html(nb, tmp_path / f"t{n}.html").read_text(encoding="utf-8"))
    assert pages[0] == pages[1]
    assert "cell-id=injected-parameters" in pages[0]


def test_export_gives_every_image_chinese_alternative_text(tmp_path):
    nb = nbformat.v4.new_notebook()
    png = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
        "rkJggg=="
    )
    code = nbformat.v4.new_code_cell("x")
    code.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": png}),
        nbformat.v4.new_output(
            "display_data", data={"text/html": '<img alt="各板块得分" src="x.png"/>'}
        ),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("![](a.png)"), code]
    text = export_html(nb, tmp_path / "t.html").read_text(encoding="utf-8")
    imgs = re.findall(r"<img[^>]*>", text)
    assert len(imgs) == 3
    assert all(re.search(r"\balt=", img) for img in imgs), imgs  # ![](a.png) keeps alt=""
    assert 'alt="各板块得分"' in text and 'alt="图片"' in text
    assert "No description" not in text


def test_css_comments_are_dropped_only_inside_style():
    page = "<style>a{}/* see https://x.org */b{}</style><p>/* 文字 */</p>"
    assert _strip_css_comments(page) == "<style>a{}b{}</style><p>/* 文字 */</p>"


# --------------------------------------------------------------------------- failures


def _fixture_build(out: Path, only: list[str]):
    return build_reports(out_dir=out, progress=False, notebooks_dir=FIXTURES, only=only)


@pytest.mark.slow
def test_a_failing_report_stays_where_it_happens(tmp_path):
    """The good report is published as one (incomplete) set, the failed one is listed with
    its cause, and the last complete set is kept aside until a build succeeds whole."""
    out = tmp_path / "out"
    good = _fixture_build(out, ["annual_review"])
    assert good.ok and good.published and good.out_dir == out / "gutang-2022"
    before = {f.name: f.read_bytes() for f in good.out_dir.iterdir()}
    with pytest.raises(BuildError) as err:
        _fixture_build(out, ["annual_review", "self_evaluation"])
    message = str(err.value)
    assert message.startswith("这一套报告不完整：1 份报告生成失败")
    kept_set = out / KEPT_DIR_NAME / "gutang-2022"
    assert str(kept_set.resolve()) in message
    assert "“年终自评表”（self_evaluation.ipynb）未能生成" in message
    assert "第 2 个代码单元格" in message
    assert "数值错误（ValueError）：故意出错：测试用" in message
    kept = out / "_failed" / "gutang-2022" / "self_evaluation.ipynb"
    assert str(kept) in message and kept.is_file()
    executed = nbformat.read(kept, as_version=4)
    assert any(o.output_type == "error" for c in executed.cells for o in c.get("outputs", []))
    # the previous complete set is kept aside, file for file
    assert {f.name: f.read_bytes() for f in kept_set.iterdir()} == before
    summary = err.value.build_summary
    assert not summary.ok and summary.published and summary.kept == kept_set
    assert [r.spec.name for r in summary.failed] == ["self_evaluation"]
    assert "这一套报告不完整" in summary.describe()
    # the good report is published, the failed one listed in the index and the record
    published = sorted(f.name for f in summary.out_dir.iterdir())
    assert "annual_review.html" in published and "self_evaluation.html" not in published
    index = (summary.out_dir / "index.html").read_text(encoding="utf-8")
    assert "这一套报告不完整" in index and "故意出错：测试用" in index
    assert f"../{KEPT_DIR_NAME}/gutang-2022/index.html" in index
    log = (summary.out_dir / BUILD_LOG_NAME).read_text(encoding="utf-8")
    assert "失败｜" in log and "原因：“年终自评表”" in log and str(kept_set.resolve()) in log
    record = json.loads((summary.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert record["complete"] is False and record["failed"][0]["name"] == "self_evaluation"
    assert verify_build(summary.out_dir) == []
    assert "不完整" in set_status(summary.out_dir)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".gutang-2022.lock"]
    # a second incomplete build keeps the same complete set; a whole build clears it
    with pytest.raises(BuildError):
        _fixture_build(out, ["annual_review", "self_evaluation"])
    assert {f.name: f.read_bytes() for f in kept_set.iterdir()} == before
    # a build of only some reports leaves an incomplete set incomplete
    assert _fixture_build(out, ["annual_review"]).ok and kept_set.is_dir()
    whole = build_reports(
        out_dir=out,
        progress=False,
        notebooks_dir=FIXTURES,
        manifest=FIXTURES / "reports_yearend.yaml",
    )
    assert whole.ok and not kept_set.exists() and set_status(whole.out_dir) is None


@pytest.mark.slow
def test_one_failing_office_page_does_not_stop_the_others(tmp_path):
    with pytest.raises(BuildError) as err:
        build_reports(
            out_dir=tmp_path,
            progress=False,
            notebooks_dir=FIXTURES,
            manifest=FIXTURES / "reports_offices.yaml",
        )
    summary = err.value.build_summary
    assert [r.spec.name for r in summary.failed] == ["supervision_office-招商服务中心"]
    assert len([r for r in summary.reports if r.ok]) == len(summary.reports) - 1 > 10
    cause = summary.failed[0].error
    assert "分解表中的责任科室“招商服务中心”" in cause
    assert "属性不存在（AttributeError）" in cause
    assert (summary.out_dir / "supervision_office-经济发展办公室.html").is_file()
    assert not (summary.out_dir / "supervision_office-招商服务中心.html").exists()
    assert summary.kept is None and "此前没有完整的一套报告" in str(err.value)


@pytest.mark.slow
def test_year_end_reports_are_never_dropped_silently(tmp_path):
    """Issue 19: the year-end file gone, the year-end reports of the published set are not
    lost without a word: the build says so, exits non-zero, keeps the complete set."""
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    out = tmp_path / "out"

    def build():
        return build_reports(
            folder,
            out_dir=out,
            progress=False,
            notebooks_dir=FIXTURES,
            manifest=FIXTURES / "reports_yearend.yaml",
        )

    assert build().ok
    next((folder / "outcomes").glob("2022.*")).unlink()
    with pytest.raises(BuildError) as err:
        build()
    summary = err.value.build_summary
    assert summary.published and not summary.ok
    assert summary.lost and "年度目标完成情况评估报告" in summary.lost[0]
    assert "没有年度完成情况数据" in summary.lost[0]
    assert "上次有的 1 份本次没有生成" in str(err.value)
    kept = out / KEPT_DIR_NAME / "gutang-2022"
    assert (kept / "annual_review.html").is_file()
    assert (summary.out_dir / "midyear_check.html").is_file()
    index = (summary.out_dir / "index.html").read_text(encoding="utf-8")
    assert "年度目标完成情况评估报告" in index and "本次没有生成" in index


def test_exception_names_are_translated_with_the_original_kept():
    assert exception_label("KeyError") == "找不到键/数据项（KeyError）"
    assert exception_label("FileNotFoundError") == "找不到文件（FileNotFoundError）"
    assert exception_label("builtins.ValueError") == "数值错误（ValueError）"


@pytest.fixture(scope="module")
def one_build(tmp_path_factory):
    """One good build of the annual review (a fixture notebook, so its tests are slow) into
    a folder where an earlier build left a failed notebook; the tests below read it (and
    may build another plan beside it), none changes it."""
    out = tmp_path_factory.mktemp("one-build") / "out"
    failed = out / "_failed" / "gutang-2022"
    failed.mkdir(parents=True)
    (failed / "annual_review.ipynb").write_text("{}", encoding="utf-8")
    return out, _fixture_build(out, ["annual_review"])


@pytest.mark.slow
def test_a_later_good_build_clears_the_failed_notebook(one_build):
    out, summary = one_build
    assert summary.ok
    assert not (out / "_failed" / "gutang-2022").exists()


@pytest.mark.slow
def test_a_build_writes_its_set_together(one_build, tmp_path):
    import shutil

    _, summary = one_build
    names = sorted(f.name for f in summary.out_dir.iterdir())
    assert names == ["annual_review.html", "index.html", "manifest.json", BUILD_LOG_NAME]
    index = (summary.out_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="annual_review.html"' in index and "年度目标完成情况评估报告" in index
    assert "示例数据" in index  # the bundled figures are illustrative
    log = (summary.out_dir / BUILD_LOG_NAME).read_text(encoding="utf-8")
    assert re.search(r"成功｜\d{4}年\d+月\d+日 \d\d:\d\d:\d\d｜年度目标完成情况评估报告", log)
    assert re.search(r"计划文件：.*plan.yaml（[0-9a-f]{64}）", log)
    from gutang_analysis.build import verify_build

    assert verify_build(summary.out_dir) == []
    copy = shutil.copytree(summary.out_dir, tmp_path / "copy")  # the shared set stays as built
    (copy / "annual_review.html").write_text("改过", encoding="utf-8")
    assert verify_build(copy) == ["输出文件 annual_review.html 在生成后被修改过"]


@pytest.mark.slow
def test_the_seal_covers_the_index_page_and_the_build_record_too(one_build, tmp_path):
    """The 核对码 covers what a reader sees first: the index page's figures and the build
    record, each edited together with its manifest entry, are found."""
    import hashlib
    import shutil

    from gutang_analysis.build import _SEAL_PLACEHOLDER, seal_scope, verify_build

    _, summary = one_build
    seal = summary.seal
    for name in ("index.html", BUILD_LOG_NAME):
        text = (summary.out_dir / name).read_text(encoding="utf-8")
        assert seal in text and _SEAL_PLACEHOLDER not in text
    assert verify_build(summary.out_dir, expect=seal) == []
    assert seal_scope(summary.out_dir, seal) is None
    for name in ("index.html", BUILD_LOG_NAME):
        copy = shutil.copytree(summary.out_dir, tmp_path / f"copy-{len(name)}")
        f = copy / name
        f.write_text(f.read_text(encoding="utf-8") + "改过（总分 99.9）\n", encoding="utf-8")
        record = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
        record["outputs"][name] = hashlib.sha256(f.read_bytes()).hexdigest()
        (copy / "manifest.json").write_text(json.dumps(record), encoding="utf-8")
        assert verify_build(copy) == []  # the manifest agrees: only the seal can tell
        assert any("核对码不符" in line for line in verify_build(copy, expect=seal)), name


@pytest.mark.slow
def test_two_plans_built_into_one_folder_do_not_meet(one_build, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(paths.EXAMPLE_FOLDER, other)
    text = (other / "plan.yaml").read_text(encoding="utf-8")
    (other / "plan.yaml").write_text(text.replace("id: gutang-2022", "id: other-2022"), "utf-8")
    for f in (other / "outcomes").rglob("*.csv"):  # the files record the plan they belong to
        body = f.read_text(encoding="utf-8-sig")
        f.write_text(body.replace("计划编号：gutang-2022", "计划编号：other-2022"), "utf-8-sig")
    owners = other / "owners.yaml"  # so does the 分解表
    owners.write_text(
        owners.read_text(encoding="utf-8").replace("plan: gutang-2022", "plan: other-2022"), "utf-8"
    )
    out, a = one_build
    b = build_reports(
        other,
        out_dir=out,
        progress=False,
        notebooks_dir=FIXTURES,
        only=["annual_review"],
    )
    assert a.out_dir != b.out_dir
    assert (a.out_dir / "annual_review.html").is_file() and (
        b.out_dir / "annual_review.html"
    ).is_file()


def test_a_second_build_into_the_same_folder_is_refused(tmp_path):
    from gutang_analysis.build import _BuildLock

    with _BuildLock(tmp_path, "gutang-2022"), pytest.raises(BuildError) as err:
        _fixture_build(tmp_path, ["annual_review"])
    assert "另一个构建正在向同一文件夹生成" in str(err.value)


def test_an_output_path_that_is_a_file_is_a_user_error(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        _fixture_build(target, ["annual_review"])
    assert "这是一个文件，不是文件夹" in str(err.value)


def test_an_interrupted_swap_brings_the_previous_set_back(tmp_path):
    from gutang_analysis.build import _recover

    old = tmp_path / ".gutang-2022.old-123"
    old.mkdir()
    (old / "annual_review.html").write_text("上次的", encoding="utf-8")
    (tmp_path / ".gutang-2022.new-456").mkdir()
    _recover(tmp_path, "gutang-2022")
    assert (tmp_path / "gutang-2022" / "annual_review.html").read_text("utf-8") == "上次的"
    assert not list(tmp_path.glob(".gutang-2022.*"))


def test_kernel_start_races_are_recognised():
    assert _is_kernel_race(RuntimeError("Kernel died before replying to kernel_info"))
    assert _is_kernel_race(OSError("Address already in use"))
    assert not _is_kernel_race(ValueError("故意出错"))


def test_describe_names_every_report_and_the_index(tmp_path):
    spec = ReportSpec("annual_review", "annual_review.ipynb", "年度目标完成情况评估报告")
    ok = ReportOutcome(spec, True, (tmp_path / "annual_review.html",))
    text = BuildSummary(
        tmp_path,
        (ok,),
        ("跳过一份",),
        1.0,
        warnings=("6 项同比方向目标缺少 2021 年基期数据，未计入得分",),
        published=True,
        plan_title="某某街道2024年工作安排",
    ).describe()
    assert text.startswith("《某某街道2024年工作安排》：已生成 1 份报告")
    assert f"保存在 {tmp_path.resolve()}：" in text
    assert "✓ 年度目标完成情况评估报告：annual_review.html" in text
    assert "– 跳过一份" in text
    assert "注意：6 项同比方向目标缺少 2021 年基期数据，未计入得分" in text
    assert (
        text.splitlines()[-1]
        == f"用浏览器打开 {tmp_path.resolve() / 'index.html'} 查看全部报告与下载文件"
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
        text = (summary.out_dir / f"{name}.html").read_text(encoding="utf-8")
        assert '<script>alert("xss")' not in text, name
        assert "&lt;script&gt;alert(" in text, name
        assert "<img src=x" not in text, name
        assert "<b>经济发展办公室</b>" not in text, name
    wb = load_workbook(summary.out_dir / "self_evaluation.xlsx")
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
        page = (summary.out_dir / f"{name}.html").read_text(encoding="utf-8")
        assert page.count(warning) == 1, name
        # verdict first, then the warnings; the provenance is the appendix at the end
        assert page.index("gutang-verdict") < page.index(warning) < page.index(first_heading)
        assert page.index(first_heading) < page.index('class="gutang-provenance')
    ws = load_workbook(summary.out_dir / "self_evaluation.xlsx")["年终自评"]
    top = [ws.cell(r, 1).value for r in range(1, _header_row(ws))]
    assert f"注意：{warning}" in top
    data = json.loads((summary.out_dir / "summary.json").read_text(encoding="utf-8"))
    assert warning in data["warnings"]


# --------------------------------------------------------------------------- outputs


@pytest.mark.slow
def test_every_printed_sheet_of_every_workbook_says_the_figures_are_invented(built_reports):  # noqa: F811
    books = sorted(built_reports.out_dir.rglob("*.xlsx"))
    assert len(books) >= 3
    for book in books:
        for ws in load_workbook(book).worksheets:
            where = f"{book.name}：{ws.title}"
            assert "示例数据" in ws.oddHeader.center.text, where  # on every printed page
            assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, where


@pytest.mark.slow
def test_self_evaluation_workbook_is_fit_to_sign(built_reports):  # noqa: F811
    wb = load_workbook(built_reports.out_dir / "self_evaluation.xlsx")
    ws = wb["年终自评"]
    # the illustrative banner first, in red
    assert "示例数据（虚构），不是官方统计" in ws["A1"].value
    assert ws["A1"].fill.fgColor.rgb[-6:] == "D7453C"
    assert re.search(r"总分 \d+\.\d\d 分；等级 .；数据覆盖（按权重）\d+%", ws["A3"].value)
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
    assert notes["总分"].number_format == "0.00"  # the official total, as on the form
    assert re.search(r"SHA-256 [0-9a-f]{64}", notes["评分规则文件"].value)


@pytest.mark.slow
def test_json_summary(built_reports):  # noqa: F811
    data = json.loads((built_reports.out_dir / "summary.json").read_text(encoding="utf-8"))
    assert set(data) == {
        "format_version",
        "section",
        "reading",
        "banner",
        "overall",
        "sections",
        "targets",
        "sensitivity",
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


def test_build_help_says_where_each_input_comes_from(capsys):
    from gutang_analysis.cli import main

    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = re.sub(r"\s+", "", capsys.readouterr().out)
    assert "默认：计划文件夹outcomes中上一年度的文件" in text
    assert "默认：计划文件夹outcomes中计划年度内最近日期的文件" in text
    # only --example names the bundled example; no default is described by it
    text = re.sub(r"--example.*?(?=--|$)", "", text)
    assert "古塘" not in text and "2022" not in text


def test_make_clean_removes_built_sets_and_nothing_else(tmp_path):
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = tmp_path / "out"
    built = out / "plan-a"
    (out / "_failed" / "plan-a").mkdir(parents=True)
    (out / KEPT_DIR_NAME / "plan-a").mkdir(parents=True)
    built.mkdir()
    for name in ("a.html", "b.xlsx", "summary.json", BUILD_LOG_NAME, "manifest.json"):
        (built / name).write_text("x", encoding="utf-8")
    (out / ".plan-a.lock").write_text("", encoding="utf-8")
    own = out / "自己的文件夹"
    own.mkdir()
    (own / "a.html").write_text("x", encoding="utf-8")
    keep = out / "自己的笔记.txt"
    keep.write_text("x", encoding="utf-8")
    venv = tmp_path / "no-venv"
    args = ["make", "-C", str(paths.PROJECT_ROOT), "clean", f"VENV={venv}", f"OUT={out}"]
    dry = subprocess.run([*args, "-n"], capture_output=True, text=True, check=True).stdout
    assert str(venv) in dry and " .venv" not in dry  # never the real environment
    subprocess.run(args, capture_output=True, text=True, check=True)
    assert sorted(p.name for p in out.iterdir()) == sorted([keep.name, own.name])


@pytest.mark.slow
def test_another_plan_with_the_same_id_is_never_overwritten(one_build, tmp_path):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(paths.EXAMPLE_FOLDER, other)
    text = (other / "plan.yaml").read_text(encoding="utf-8")
    (other / "plan.yaml").write_text(text.replace("issuer: 古塘街道", "issuer: 别的街道"), "utf-8")
    out, first = one_build
    before = (first.out_dir / "annual_review.html").read_bytes()
    with pytest.raises(BuildError) as err:
        build_reports(
            other,
            out_dir=out,
            progress=False,
            notebooks_dir=FIXTURES,
            only=["annual_review"],
        )
    assert "是另一份计划" in str(err.value) and "plan.id" in str(err.value)
    assert (first.out_dir / "annual_review.html").read_bytes() == before


@pytest.mark.slow
def test_a_published_set_is_readable_by_others(one_build):
    import stat

    _, summary = one_build
    for f in [summary.out_dir, *summary.out_dir.iterdir()]:
        assert f.stat().st_mode & stat.S_IROTH, f.name


def test_every_section_review_has_its_own_json(tmp_path, example_run):
    from gutang_analysis.manifest import load_manifest
    from gutang_analysis.outputs import write_output

    specs, _ = load_manifest().expand(example_run)  # what plan_reports() lists
    economy = next(s for s in specs if s.name == "section_review-economy")
    assert economy.outputs == (
        (
            "section_review-economy.json",
            "section_summary_json",
            "板块评分结果：经济转型升级（JSON）",
        ),
    )
    path = write_output("section_summary_json", example_run, tmp_path / "e.json", "economy")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["section"] == "economy" and {t["section"] for t in data["targets"]} == {"economy"}
    assert data["banner"]  # the bundled figures are invented


@pytest.mark.slow
def test_a_cancel_during_the_final_swap_says_truthfully_what_was_published(tmp_path, monkeypatch):
    """Issue 19: Ctrl+C landing right after the new set went in says it was published."""
    import gutang_analysis.build as build_module
    from gutang_analysis.errors import CancelledError

    real = build_module._publish

    def publish_then_interrupt(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "_publish", publish_then_interrupt)
    with pytest.raises(CancelledError) as err:
        _fixture_build(tmp_path, ["annual_review"])
    assert "已经发布完毕" in str(err.value)
    assert (tmp_path / "gutang-2022" / "annual_review.html").is_file()


def test_signals_are_held_for_every_thread_during_the_swap():
    """A signal that reaches the process during the swap takes effect after it, whichever
    thread the system delivered it to."""
    import os
    import signal
    import threading

    from gutang_analysis.build import _signals_held

    done = []
    with pytest.raises(KeyboardInterrupt), _signals_held():
        t = threading.Thread(target=lambda: os.kill(os.getpid(), signal.SIGINT))
        t.start()
        t.join()
        for _ in range(1000):
            pass
        done.append(True)
    assert done == [True]


@pytest.mark.slow
def test_a_failing_download_writer_fails_only_its_report(tmp_path, monkeypatch):
    import gutang_analysis.build as build_module

    manifest = tmp_path / "reports.yaml"
    manifest.write_text(
        (FIXTURES / "reports_yearend.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "    main: true\n",
            "    main: true\n    outputs:\n"
            "      - {file: summary.json, writer: summary_json, label: 汇总}\n",
        ),
        encoding="utf-8",
    )

    def broken(writer, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "write_output", broken)
    with pytest.raises(BuildError) as err:
        build_reports(
            out_dir=tmp_path / "out", progress=False, notebooks_dir=FIXTURES, manifest=manifest
        )
    summary = err.value.build_summary
    assert [r.spec.name for r in summary.failed] == ["annual_review"]
    assert "下载文件 summary.json 写出失败" in summary.failed[0].error
    assert (summary.out_dir / "midyear_check.html").is_file()
    assert not (summary.out_dir / "annual_review.html").exists()
    assert not (summary.out_dir / "summary.json").exists()


def test_export_writes_chinese_as_characters_and_keeps_markup_escaped(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("## 附录：数据来源\n\n a &lt;b&gt; & “引号” 1 < 2")]
    text = export_html(nb, tmp_path / "t.html").read_text(encoding="utf-8")
    assert "附录：数据来源" in text and "“引号”" in text
    assert not re.search(r"&#(?:[0-9]{3,}|x[0-9a-fA-F]{2,});", text.split("</head>")[1])
    assert "<b>" not in text.split("</head>")[1]  # escaped text stays escaped


def test_plain_chars_turns_only_references_beyond_ascii_into_characters():
    from gutang_analysis.build import _plain_chars

    assert _plain_chars("&#38468;&#x5f55;") == "附录"
    assert _plain_chars("&#60;&#38;&#x3e;&#34;&#39;&#160;") == "&#60;&#38;&#x3e;&#34;&#39;\xa0"
    assert _plain_chars("&#55296;") == "&#55296;"  # a lone surrogate is kept as written


def test_a_full_disk_under_a_report_is_named_with_what_to_do():
    # the error reaches the build as an OSError of the parent, or as the text of a
    # notebook's kernel; either way the reader is told the disk is full and what to do
    from papermill.exceptions import PapermillExecutionError

    from gutang_analysis.build import _describe_failure, _describe_writer_failure

    spec = ReportSpec("annual_review", "annual_review.ipynb", "年度目标完成情况评估报告")
    full = OSError(28, "No space left on device")
    kernel = PapermillExecutionError(
        3, 2, "to_html()", "OSError", "[Errno 28] No space left on device", []
    )
    for text in (
        _describe_failure(spec, full),
        _describe_failure(spec, kernel),
        _describe_writer_failure(spec, "年终自评表.xlsx", full),
    ):
        assert "磁盘空间不足" in text and "清理磁盘空间" in text, text
    assert "磁盘" not in _describe_failure(spec, OSError(2, "No such file or directory"))


def test_verify_bounds_what_it_reads_and_checks_the_seal_it_is_given(tmp_path):
    import hashlib

    from gutang_analysis.build import MAX_INPUT_BYTES

    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.html").write_text("报告", encoding="utf-8")
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:  # sparse: costs no disk, but would take minutes to hash
        fh.truncate(MAX_INPUT_BYTES * 64)
    manifest = {
        "outputs": {"a.html": hashlib.sha256("报告".encode()).hexdigest()},
        "inputs": {"plan": {"file": str(huge), "sha256": "0" * 64}, "policy": {"file": None}},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "extra").mkdir()  # a folder no build makes
    found = verify_build(folder)
    assert any("huge.yaml" in f and "未读取" in f for f in found), found
    assert any("没有文件名" in f for f in found), found
    assert any("文件夹 extra" in f for f in found), found
    # a 核对码 that cannot be one (mistyped, or bytes the terminal could not decode)
    for typed in ("abc", "\udcff\udcfe", "g" * 64):
        with pytest.raises(BuildError, match="核对码写得不对"):
            verify_build(folder, expect=typed)


@pytest.mark.slow
def test_an_incomplete_set_is_not_published_when_the_complete_one_cannot_be_kept(tmp_path):
    # a link planted at _last_complete/<plan id>: the build must neither write through it
    # nor drop the complete set and say there was none to keep
    out = tmp_path / "out"
    good = _fixture_build(out, ["annual_review"])
    before = {f.name: f.read_bytes() for f in good.out_dir.iterdir()}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "重要.txt").write_text("别人的文件", encoding="utf-8")
    (out / KEPT_DIR_NAME).mkdir()
    (out / KEPT_DIR_NAME / "gutang-2022").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(BuildError) as err:
        _fixture_build(out, ["annual_review", "self_evaluation"])
    message = str(err.value)
    assert "上次完整的一套报告无法保留，本次没有发布" in message
    assert str(out / KEPT_DIR_NAME / "gutang-2022") in message and "故意出错" in message
    assert {f.name: f.read_bytes() for f in good.out_dir.iterdir()} == before
    assert [p.name for p in elsewhere.iterdir()] == ["重要.txt"]


@pytest.mark.parametrize("planted", ["fifo", "device", "deep"])
def test_a_planted_manifest_in_the_published_set_is_never_read_whole(tmp_path, planted):
    # the build reads the published set's manifest.json (whose plan it is, whether it is
    # complete): a pipe hung the build, /dev/zero filled the memory, deep nesting crashed it
    import os

    from gutang_analysis.build import _read_set_manifest, _refuse_other_plan, seal_scope

    final = tmp_path / "gutang-2022"
    final.mkdir()
    record = final / "manifest.json"
    if planted == "fifo":
        os.mkfifo(record)
    elif planted == "device":
        record.symlink_to("/dev/zero")
    else:
        record.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert _read_set_manifest(final) is None
    _refuse_other_plan(final, object())  # nothing readable: nothing to refuse
    assert seal_scope(final, "0" * 64) is None
    if planted == "deep":
        with pytest.raises(BuildError, match="无法核对"):
            verify_build(final)


@pytest.mark.parametrize("planted", ["fifo", "folder"])
def test_a_pipe_or_folder_at_the_lock_file_is_named_in_chinese(tmp_path, planted):
    import os

    from gutang_analysis.build import _BuildLock

    lock = tmp_path / ".gutang-2022.lock"
    os.mkfifo(lock) if planted == "fifo" else lock.mkdir()
    with pytest.raises(BuildError) as err, _BuildLock(tmp_path, "gutang-2022"):
        pass
    message = str(err.value)
    assert "构建锁文件" in message and str(lock) in message and "请删除它后重试" in message
    assert "seekable" not in message and "directory" not in message


def test_a_build_stops_at_once_below_the_memory_a_kernel_needs(monkeypatch, tmp_path):
    # at 1.0 GB of virtual memory the forked kernel cannot start its threads and the
    # build waited for ever (prlimit --as=1000000000); now it says so before anything
    import gutang_analysis.build as build_module

    monkeypatch.setattr(build_module, "address_space_limit", lambda: 1_000_000_000)
    with pytest.raises(BuildError) as err:
        build_reports(out_dir=tmp_path / "out", progress=False)
    text = str(err.value) + "".join(str(p) for p in err.value.problems)
    assert "1.00 GB" in text and "至少需要 1.2 GB" in text and "ulimit -v" in text
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(build_module, "address_space_limit", lambda: None)
    build_module.check_memory_limit()  # unlimited: nothing to say
