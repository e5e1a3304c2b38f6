"""The numeric results view: Chinese headers, numbers kept, Styler formatting, xlsx."""

from __future__ import annotations

import re
import sys

import openpyxl
import pandas as pd
import pytest

from gutang_analysis.errors import UsageError
from gutang_analysis.labels import COLUMN_LABELS, STATUS_LABELS
from gutang_analysis.style import STATUS_COLORS, STATUS_ORDER, STATUS_TEXT_COLORS
from gutang_analysis.tables import (
    readable_targets,
    results_view,
    show_results,
    style_results,
    write_results_xlsx,
)


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


@pytest.fixture(scope="module")
def view(run):
    return results_view(run.result)


def test_headers_come_from_the_vocabulary(view):
    assert set(view.columns) <= set(COLUMN_LABELS.values())
    assert {"目标编号", "目标任务", "责任科室", "得分", "完成率", "状态"} <= set(view.columns)


def test_numbers_stay_numbers(view, run):
    for header in ("目标值", "完成值", "完成率", "得分", "权重占比"):
        assert pd.api.types.is_float_dtype(view[header]), header
    assert view["得分"].tolist() == pytest.approx(run.result.targets["score"].tolist(), nan_ok=True)


def test_status_is_ordered_in_house_order(view):
    status = view["状态"]
    assert isinstance(status.dtype, pd.CategoricalDtype) and status.cat.ordered
    assert list(status.cat.categories) == [STATUS_LABELS[s] for s in STATUS_ORDER]
    worst_first = view.sort_values("状态", ascending=False)["状态"].iloc[0]
    assert worst_first in ("无法评估", "未报送")
    assert (view[view["状态"] >= "部分完成"]["得分"].fillna(0) < 90).all()


def test_view_accepts_a_run_a_result_or_some_rows(run):
    t = run.result.targets
    assert len(results_view(run)) == len(t)
    assert len(results_view(t[t["status"] == "not_met"])) == (t["status"] == "not_met").sum()
    with pytest.raises(UsageError, match="评分结果"):
        results_view(run.plan)


def test_styler_formats_and_colours(view):
    html = style_results(view).to_html()
    row = view.dropna(subset=["完成率"]).iloc[0]
    assert f"{row['完成率']:.1%}" in html
    assert f"{row['得分']:.1f}" in html
    css = re.sub(r"\s+", " ", html)
    for code in ("met", "not_met"):
        bg, fg = STATUS_COLORS[code], STATUS_TEXT_COLORS[code]
        assert f"background-color: {bg}; color: {fg};" in css, code


def test_styler_escapes_user_text(run):
    t = run.result.targets.head(2).copy()
    t["title"] = ["<script>alert(1)</script>", "A & B"]
    html = style_results(results_view(t)).to_html()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html and "A &amp; B" in html


def test_xlsx_keeps_numbers_as_numbers(view, tmp_path):
    path = tmp_path / "results.xlsx"
    view.to_excel(path)
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[1]]
    col = headers.index("得分") + 1
    scored = [
        ws.cell(r, col) for r in range(2, ws.max_row + 1) if ws.cell(r, col).value is not None
    ]
    assert scored and all(c.data_type == "n" for c in scored)


def test_write_results_xlsx_numbers_formats_and_no_formulas(run, tmp_path):
    t = run.result.targets.head(3).copy()
    t["title"] = ['=HYPERLINK("http://x")', "+1", "普通"]
    path = write_results_xlsx(t, tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[1]]
    ratio, score, title = (headers.index(h) + 1 for h in ("完成率", "得分", "目标任务"))
    for r in range(2, 5):
        if ws.cell(r, score).value is not None:
            assert ws.cell(r, score).data_type == "n"
            assert ws.cell(r, score).number_format == "0.0"
        if ws.cell(r, ratio).value is not None:
            assert ws.cell(r, ratio).number_format == "0.0%"
        assert ws.cell(r, title).data_type == "s"
    assert ws.cell(2, title).value.startswith("=HYPERLINK")


def test_show_results_without_itables_is_the_styler(run, monkeypatch):
    monkeypatch.setitem(sys.modules, "itables", None)  # as if not installed
    shown = show_results(run.result)
    assert type(shown).__name__ == "Styler"
    with pytest.raises(UsageError, match="interactive"):
        show_results(run.result, interactive=True)


def test_show_results_with_itables_works_offline(run, monkeypatch):
    itables = pytest.importorskip("itables")
    calls = {}
    monkeypatch.setattr(itables, "init_notebook_mode", lambda **kw: calls.setdefault("init", kw))
    monkeypatch.setattr(itables, "show", lambda df, **kw: calls.setdefault("show", (df, kw)))
    assert show_results(run.result) is None
    assert calls["init"] == {"all_interactive": False, "connected": False}
    frame, kw = calls["show"]
    assert kw["connected"] is False
    assert "完成率（%）" in frame.columns and pd.api.types.is_float_dtype(frame["得分"])


def test_readable_targets_refuses_unknown_columns(run):
    with pytest.raises(UsageError) as err:
        readable_targets(run.result.targets, ["titel"])
    message = str(err.value)
    assert "titel" in message and "title" in message


def test_readable_targets_takes_chinese_headers_too(run):
    table = readable_targets(run.result.targets, ["目标任务", "ratio"])
    assert list(table.columns) == ["目标任务", "完成率"]
