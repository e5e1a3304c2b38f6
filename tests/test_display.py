"""Tests for gutang_analysis.display: headers, colours, escaping, self-contained HTML."""

from __future__ import annotations

import math
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from gutang_analysis.display import (
    COLUMN_LABELS,
    frame_html,
    score_summary_html,
    score_table_html,
)
from gutang_analysis.scoring import score
from gutang_analysis.style import (
    STATUS_COLORS,
    STATUS_LABELS,
    STATUS_TEXT_COLORS,
    contrast_ratio,
)

SCRIPT = "<script>alert('x')</script>"


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "target_id": ["fdi", "qual"],
            "section_name": ["经济", "<b>板块</b>"],
            "title": ["实际利用外资", "深化“互联网+政务服务”"],
            "kind": ["at_least", "qualitative"],
            "target_value": [300.0, math.nan],
            "unit": ["万美元", None],
            "actual": [260.0, math.nan],
            "ratio": [260 / 300, math.nan],
            "score": [260 / 3, math.nan],
            "status": ["partial", "no_data"],
            "status_label": ["部分完成", "未报送"],
            "rule": ["不低于类：完成率 86.7%", "未报送"],
            "evidence": [SCRIPT, None],
            "cause": [SCRIPT, None],
            "remedy": [SCRIPT, None],
            "office": [SCRIPT, None],
        }
    )


def test_status_cells_use_house_colours_and_labels():
    out = score_table_html(_targets())
    for code in ("partial", "no_data"):
        assert STATUS_COLORS[code] in out
        assert STATUS_LABELS[code] in out
    assert re.search(r'data-status="partial">部分完成</td>', out)


def test_headers_are_chinese_and_numbers_formatted():
    out = score_table_html(_targets())
    for col in ("target_id", "title", "ratio", "score", "status", "rule"):
        assert f">{COLUMN_LABELS[col]}</th>" in out
    assert ">86.7%</td>" in out  # ratio
    assert ">86.7</td>" in out  # score
    assert ">300</td>" in out
    assert ">—</td>" in out  # missing numbers
    assert "nan" not in out.lower()


@pytest.mark.parametrize("column", ["evidence", "cause", "remedy", "office", "section_name"])
def test_user_text_is_escaped(column):
    out = score_table_html(_targets(), columns=["target_id", column])
    assert "<script>" not in out and "<b>" not in out
    if column != "section_name":
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out


def test_caption_and_summary_are_escaped():
    out = frame_html(pd.DataFrame({"a": [1]}), caption=SCRIPT)
    assert "<script>" not in out
    out = score_summary_html({"score": 1.0, "grade": SCRIPT, "grade_note": SCRIPT})
    assert "<script>" not in out


def test_html_is_self_contained():
    out = score_table_html(_targets(), columns=None)
    assert "http" not in out and "<link" not in out and "<style" not in out
    assert "<script" not in out


def test_status_label_column_not_duplicated_when_status_present():
    out = score_table_html(_targets(), columns=["status", "status_label"])
    assert out.count("<th ") == 1


def test_kind_shown_in_chinese():
    out = score_table_html(_targets(), columns=["kind"])
    assert "不低于" in out and "定性" in out


def test_summary_line():
    out = score_summary_html(
        {
            "score": 86.666,
            "grade": None,
            "coverage": 0.5,
            "n_targets": 2,
            "n_scored": 1,
            "conservative_score": 43.3,
            "grade_note": "有数据指标的权重占比 50.0%，低于 80.0%，不给出总体等级",
            "illustrative": True,
        }
    )
    assert "86.67" in out and "不评定" in out and "50.0%" in out and "示例数据" in out


def test_score_result_repr_html():
    targets = pd.DataFrame(
        {
            "target_id": ["a"],
            "section": ["s"],
            "section_name": ["经济"],
            "title": ["实际利用外资"],
            "kind": ["at_least"],
            "target_value": [300.0],
            "unit": ["万美元"],
            "strength": ["确保"],
        }
    )
    outcomes = pd.DataFrame(
        {"target_id": ["a"], "period": ["2022"], "actual": [260.0], "evidence": [SCRIPT]}
    )
    r = score(SimpleNamespace(year=2022, targets=targets, sections=None), outcomes)
    out = r._repr_html_()
    assert out.startswith("<p") and "总分" in out and "<table" in out
    assert STATUS_COLORS["partial"] in out and "部分完成" in out
    assert "<script>" not in out
    full = score_table_html(r.targets, columns=None)
    assert "&lt;script&gt;" in full and "<script>" not in full


def test_status_cell_uses_row_label_and_shows_group_status():
    df = pd.DataFrame(
        {
            "target_id": ["cases", "loss", "pm"],
            "status": ["met", "not_met", "no_data"],
            "status_label": ["完成", "未完成", "缺少基期"],
            "group_status": ["partial", "partial", None],
            "group_status_label": ["部分完成", "部分完成", None],
        }
    )
    out = score_table_html(df)
    assert out.count("组合：部分完成") == 2
    assert re.search(r'data-status="no_data">缺少基期</td>', out)
    assert ">组合状态</th>" not in out  # shown under the status, not as its own column
    # the group status shown as its own column is not repeated under the status
    out = score_table_html(df, columns=["status", "group_status"])
    assert "组合：" not in out and ">组合状态</th>" in out


def test_rank_values_read_as_places():
    df = pd.DataFrame(
        {
            "kind": ["rank", "rank", "at_least"],
            "target_value": [math.nan, 3.0, 300.0],
            "actual": [3.0, 6.0, 260.0],
        }
    )
    out = score_table_html(df, columns=["target_value", "actual"])
    assert ">第 3 名</td>" in out and ">第 6 名</td>" in out
    assert ">前列</td>" in out and ">前 3 名</td>" in out
    assert ">260</td>" in out and ">300</td>" in out


def test_summary_lists_warnings_escaped():
    out = score_summary_html(
        {"score": 90.0, "grade": "优", "warnings": ["6 项同比方向目标缺少 2021 年基期数据", SCRIPT]}
    )
    assert "提示：6 项同比方向目标缺少 2021 年基期数据" in out and "<script>" not in out


# --- contrast, value cells, phones ------------------------------------------------------


@pytest.mark.parametrize("status", sorted(STATUS_COLORS))
def test_status_chip_text_passes_wcag_aa(status):
    """Every status label reads at 4.5:1 or better on its colour (WCAG AA, normal text)."""
    ratio = contrast_ratio(STATUS_COLORS[status], STATUS_TEXT_COLORS[status])
    assert ratio >= 4.5, (status, round(ratio, 2))
    out = frame_html(pd.DataFrame({"status": [status]}))
    assert f"color:{STATUS_TEXT_COLORS[status]};" in out


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#4caf72", "#ffffff") < 4.5  # why met needs dark text


def test_shortfall_chips_carry_their_own_readable_text_colour(example_ctx):
    from gutang_analysis.narrative import shortfalls_html

    ctx = example_ctx
    page = shortfalls_html(ctx.result, ctx.plan)
    chips = re.findall(r"background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})", page)
    assert chips
    for background, ink in chips:
        assert contrast_ratio(background, ink) >= 4.5, (background, ink)


def test_value_cells_never_split():
    frame = pd.DataFrame(
        {
            "title": ["PM2.5平均浓度"],
            "target": ["≤27微克/立方米"],
            "actual_text": ["1.98亿元"],
            "ratio": [0.9],
            "score": [90.0],
            "status": ["met"],
        }
    )
    out = frame_html(frame)
    for text in ("≤27微克/立方米", "1.98亿元", "90.0%", "90.0"):
        cell = re.search(rf"<td [^>]*>{re.escape(text)}</td>", out).group(0)
        assert "white-space:nowrap" in cell and "gutang-nowrap" in cell, cell
    title = re.search(r"<td [^>]*>PM2.5平均浓度</td>", out).group(0)
    assert "nowrap" not in title


def test_wide_tables_scroll_in_a_marked_container_with_a_hint():
    wide = frame_html(_targets(), ["target_id", "title", "actual", "ratio", "score", "status"])
    assert wide.startswith('<p class="gutang-scroll-hint" aria-hidden="true" hidden>')
    assert '<div class="gutang-scroll gutang-wide" role="region" tabindex="0"' in wide
    assert wide.endswith("</table></div>")
    narrow = frame_html(_targets(), ["title", "status"])
    assert "gutang-scroll-hint" not in narrow and "gutang-wide" not in narrow
    assert narrow.startswith('<div class="gutang-scroll" role="region"')
