"""across_years.py: one town's two years, matched by what the targets measure."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from openpyxl import load_workbook

from gutang_analysis import paths
from gutang_analysis.across_years import (
    CATEGORIES,
    STATUS_ORDER,
    compare_years,
    provenance_html,
    section_html,
    write_year_over_year_xlsx,
    year_over_year,
)
from gutang_analysis.errors import UsageError


@pytest.fixture(scope="module")
def last(example_run):
    """古塘 2022, loaded once for the session."""
    return example_run


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    """古塘 2023: the 2022 plan with new ids, one target dropped, one added, no figures yet."""
    folder = tmp_path_factory.mktemp("yoy") / "gutang-2023"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    shutil.rmtree(folder / "outcomes")
    (folder / "owners.yaml").unlink()
    text = (folder / "plan.yaml").read_text("utf-8")
    text = text.replace("id: gutang-2022", "id: gutang-2023").replace("year: 2022", "year: 2023")
    text = text.replace("2022-12-31", "2023-12-31")
    head, targets = text.split("\ntargets:", 1)
    targets = targets.replace("  - id: ", "  - id: y23-")  # ids of its own
    blocks = targets.split("\n  - id: ")
    dropped = blocks.pop(3)  # one commitment not made again
    lines = dropped.splitlines()
    title = next(i for i, ln in enumerate(lines) if ln.strip().startswith("title:"))
    lines[0], lines[title] = "y23-new-pocket-parks", "    title: 新建口袋公园"
    text = head + "\ntargets:" + "\n  - id: ".join([*blocks, "\n".join(lines)]) + "\n"
    (folder / "plan.yaml").write_text(text, "utf-8")
    return folder, dropped.split("\n", 1)[0]


def test_recurring_missed_dropped_and_new(next_year, last):
    folder, dropped_id = next_year
    yoy = year_over_year(last, folder)
    assert list(yoy["类别"].cat.categories) == list(CATEGORIES) and yoy["类别"].cat.ordered
    assert list(yoy["2022年状态"].cat.categories) == list(STATUS_ORDER)
    counts = yoy["类别"].value_counts()
    assert counts["今年未再列入"] == 1 and counts["今年新增"] == 1
    assert yoy.loc[yoy["类别"] == "今年新增", "指标"].tolist() == ["新建口袋公园"]
    assert yoy.loc[yoy["类别"] == "今年未再列入", "去年编号"].tolist() == [
        dropped_id.replace("y23-", "")
    ]
    matched = yoy[yoy["类别"].isin(CATEGORIES[:2])]
    assert len(matched) == 92 and matched["匹配方式"].notna().all()
    # matched by what they measure, never by id: every pair has different ids
    assert (matched["今年编号"] == "y23-" + matched["去年编号"]).all()
    missed = yoy[yoy["类别"] == "去年未完成、今年再承诺"]
    assert set(missed["2022年状态"].astype(str)) <= {"基本完成", "部分完成", "未完成", "未报送"}
    assert len(missed) > 0
    # last year's result beside this year's promise
    fdi = yoy.set_index("指标").loc["实际利用外资"]
    assert (
        fdi["2022年完成值"]
        == last.result.targets.set_index("target_id").loc["econ-fdi-utilised", "actual"]
    )
    assert pd.isna(yoy["2023年完成值"]).all()  # no figures yet for 2023


def test_other_issuer_or_wrong_order_is_refused(next_year, last, tmp_path):
    folder, _ = next_year
    with pytest.raises(UsageError, match="第一份计划应早于第二份"):
        year_over_year(folder, last)
    other = tmp_path / "other"
    shutil.copytree(folder, other)
    plan = other / "plan.yaml"
    plan.write_text(
        plan.read_text("utf-8").replace("issuer: 古塘街道", "issuer: 浒山街道"), "utf-8"
    )
    with pytest.raises(UsageError, match="发布机构不同"):
        year_over_year(last, other)


def test_the_workbook_and_the_report(next_year, last, tmp_path):
    folder, _ = next_year
    yoy = compare_years(last, folder)
    out = write_year_over_year_xlsx(yoy, tmp_path / "年度对比.xlsx")
    ws = load_workbook(out)["年度对比"]
    assert ws["A1"].value.startswith("⚠") and ws["A2"].value == "类别"
    assert ws.max_row == 2 + len(yoy.frame)
    # the page shows the change the docs promise (今年目标值 − 去年完成值), as the workbook
    page = section_html(yoy, CATEGORIES[0]) + section_html(yoy, CATEGORIES[1])
    assert ">变化</th>" in page
    # and no path of the machine names a folder
    assert str(folder.parent) not in provenance_html(yoy)


@pytest.mark.slow
def test_the_compare_command(next_year, tmp_path, capsys):
    from gutang_analysis.cli import main

    folder, _ = next_year
    code = main(["compare", str(paths.EXAMPLE_FOLDER), str(folder), "--out", str(tmp_path)])
    assert code == 0, capsys.readouterr().err
    page = (tmp_path / "year_over_year.html").read_text(encoding="utf-8")
    assert "示例数据（虚构）" in page and "去年未完成、今年再承诺" in page
    # the findings first; the folders compared only in the appendix at the end
    assert page.index("连续承诺") < page.index('class="gutang-provenance')
    assert (tmp_path / "年度对比.xlsx").is_file()
