"""charts.py: the house style and the chart functions, on frames shaped like a score result."""

from __future__ import annotations

import io
import logging
import warnings

import matplotlib.text
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from gutang_analysis import charts, paths
from gutang_analysis.style import STATUS_COLORS


@pytest.fixture
def targets() -> pd.DataFrame:
    """A small frame with the columns of ScoreResult.targets that charts read."""
    return pd.DataFrame(
        {
            "target_id": ["a", "b", "c", "d", "e", "f"],
            "section": ["econ", "econ", "gov", "gov", "gov", "econ"],
            "section_name": ["经济", "经济", "政府", "政府", "政府", "经济"],
            "title": [
                "整治“低散乱”企业",
                "实际利用外资",
                "行政争议发案量",
                "败诉率",
                "创建隐形冠军",
                "政务服务",
            ],
            "kind": ["at_least", "at_least", "direction", "direction", "exact", "qualitative"],
            "target_value": [50.0, 300.0, np.nan, np.nan, 3.0, np.nan],
            "unit": ["家", "万美元", "件", "%", "家", None],
            "actual": [56.0, 180.0, 12.0, 3.0, np.nan, np.nan],
            "baseline": [np.nan, np.nan, 15.0, 2.0, np.nan, np.nan],
            "expected": [np.nan] * 6,
            "ratio": [1.12, 0.6, np.nan, np.nan, np.nan, np.nan],
            "status": ["exceeded", "partial", "met", "not_met", "no_data", "met"],
        }
    )


def _bars(ax):
    return [p for p in ax.patches if p.get_width() > 0 and p.get_height() > 0]


def _render(fig: Figure) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def test_completion_chart_draws_quantified_targets_against_the_target_line(targets):
    # a year-end table may carry expected = the target itself: no trajectory then
    fig = charts.completion_chart(targets.assign(expected=targets["target_value"]))
    ax = fig.axes[0]
    bars = _bars(ax)
    assert len(bars) == 2  # only finite ratios of quantified kinds
    colours = sorted(to_hex(b.get_facecolor()) for b in bars)
    assert colours == sorted([STATUS_COLORS["exceeded"], STATUS_COLORS["partial"]])
    assert sorted(round(b.get_width()) for b in bars) == [60, 112]
    assert any(list(line.get_xdata()) == [100, 100] for line in ax.get_lines())
    _render(fig)


def test_completion_chart_marks_the_midyear_trajectory(targets):
    midyear = targets.assign(
        expected=[25.0, 150.0, np.nan, np.nan, 1.5, np.nan],
        actual=[28.0, 90.0, 12.0, 3.0, np.nan, np.nan],
        ratio=[28 / 25, 90 / 150, np.nan, np.nan, np.nan, np.nan],
    )
    ax = charts.completion_chart(midyear, midyear=True).axes[0]
    offsets = ax.collections[0].get_offsets()
    assert sorted(np.round(offsets[:, 0], 1)) == [50.0, 50.0]
    # bars: share of the annual target reached (28/50, 90/300), not the trajectory ratio
    assert sorted(round(b.get_width()) for b in _bars(ax)) == [30, 56]
    assert ax.get_xlabel() == "占全年目标的比例（目标线 = 100%）"


def test_direction_chart_shows_baseline_and_this_year(targets):
    fig = charts.direction_chart(targets)
    assert len(fig.axes) == 2
    first = fig.axes[0]
    heights = [b.get_height() for b in _bars(first)]
    assert heights == [15.0, 12.0]
    assert to_hex(_bars(first)[1].get_facecolor()) == STATUS_COLORS["met"]
    _render(fig)


def test_status_counts_chart_stacks_every_target(targets):
    fig = charts.status_counts_chart(targets)
    widths = sum(b.get_width() for b in _bars(fig.axes[0]))
    assert widths == len(targets)
    _render(fig)


def test_section_scores_chart():
    sections = pd.DataFrame(
        {"section_name": ["经济", "政府"], "score": [88.5, np.nan], "coverage": [1.0, 0.0]}
    )
    fig = charts.section_scores_chart(sections, overall=88.5)
    assert [round(b.get_width(), 1) for b in _bars(fig.axes[0])] == [88.5]
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "未评分（覆盖 0%）" in texts
    _render(fig)


def test_charts_do_not_change_their_input(targets):
    before = targets.copy()
    charts.completion_chart(targets)
    charts.direction_chart(targets)
    charts.status_counts_chart(targets)
    pd.testing.assert_frame_equal(targets, before)


def test_empty_input_gives_a_message_not_an_error(targets):
    empty = targets.iloc[0:0]
    for fig in (charts.completion_chart(empty), charts.direction_chart(empty)):
        assert fig.axes[0].texts
        _render(fig)


def test_figure_html_embeds_png_and_escapes_text(caplog):
    fig = Figure(figsize=(1, 1))
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        out = charts.figure_html(fig, alt='图 "<script>"', caption="<b>说明</b>")
    assert 'src="data:image/png;base64,' in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&lt;b&gt;说明&lt;/b&gt;" in out
    assert caplog.records == []


def test_charts_on_a_real_score_result(example_ctx):
    ctx = example_ctx
    for fig in (
        charts.completion_chart(ctx.result.targets),
        charts.direction_chart(ctx.result.targets),
        charts.status_counts_chart(ctx.result.targets),
        charts.section_scores_chart(ctx.result.sections, overall=ctx.result.overall["score"]),
    ):
        assert fig.axes
        _render(fig)


def _report_figures(year_end, midyear):
    t, m = year_end.result.targets, midyear.result.targets
    figures = [
        charts.section_scores_chart(year_end.result.sections, overall=90.0),
        charts.status_counts_chart(t),
        charts.direction_chart(t),
        charts.completion_chart(m, midyear=True),
        charts.status_counts_chart(m),
    ]
    # every programme's charts, as the reports draw them (long titles, single panels)
    for section in t["section"].unique():
        part = t[t["section"] == section]
        figures.append(charts.completion_chart(part, policy=year_end.policy))
        figures.append(
            charts.direction_chart(part, title="政府自身建设：同比方向目标（本年与基期）")
        )
    return figures


def test_text_stays_inside_the_figure(example_ctx, example_midyear_ctx):
    """Margins are computed from the labels, not by a layout engine: nothing is clipped."""
    for fig in _report_figures(example_ctx, example_midyear_ctx):
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        tight = fig.get_tightbbox(canvas.get_renderer())  # inches, drawn artists only
        width, height = fig.get_size_inches()
        assert tight.x0 >= -0.01 and tight.y0 >= -0.01, fig.texts or fig.axes[0].get_title()
        assert tight.x1 <= width + 0.01 and tight.y1 <= height + 0.01, fig.axes[0].get_title()


def test_saving_a_chart_draws_it_once(monkeypatch, targets):
    fig = charts.status_counts_chart(targets)
    calls = []
    draw = Figure.draw

    def counting(self, renderer):
        calls.append(1)
        return draw(self, renderer)

    monkeypatch.setattr(Figure, "draw", counting)
    charts.figure_png(fig)
    assert len(calls) == 1


def test_legends_never_show_two_identical_swatches(targets):
    midyear = targets.assign(status=["on_track", "behind", "met", "on_track", "no_data", "met"])
    for fig in (charts.status_counts_chart(targets), charts.status_counts_chart(midyear)):
        legend = fig.legends[0]
        colours = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
        assert len(colours) == len(set(colours))
    labels = [t.get_text() for t in charts.status_counts_chart(midyear).legends[0].get_texts()]
    assert "完成" not in labels and "进度正常（含已完成）" in labels


def test_midyear_charts_use_midyear_statuses_only():
    shown = charts.chart_statuses(pd.Series(["exceeded", "behind", "partial", "not_assessable"]))
    assert shown.tolist() == ["on_track", "behind", "behind", "not_assessable"]
    assert charts.chart_statuses(pd.Series(["met", "not_met"])).tolist() == ["met", "not_met"]


def _extent(artist, renderer):
    return artist.get_window_extent(renderer)


def test_section_score_labels_never_touch_the_overall_line():
    sections = pd.DataFrame(
        {
            "section_name": ["经济", "开发", "数字", "环境", "民生", "政府"],
            "score": [88.4, 85.6, 93.6, 80.7, 87.0, 84.4],
            "coverage": [0.86, 1.0, 0.92, 1.0, 1.0, 0.94],
        }
    )
    fig = charts.section_scores_chart(sections, overall=87.7)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    line = next(ln for ln in ax.get_lines() if ln.get_linestyle() == "--")
    x = ax.transData.transform((line.get_xdata()[0], 0))[0]
    boxes = [_extent(t, renderer) for t in ax.texts]
    assert len(boxes) == len(sections) + 1
    for box in boxes:
        assert not (box.x0 - 1 <= x <= box.x1 + 1), box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_completion_chart_names_its_lines_in_a_legend_with_the_stretch_line(targets):
    from gutang_analysis.policy import load_policy

    stretch = targets.assign(strength=["力争", "确保", None, None, None, None])
    fig = charts.completion_chart(stretch, policy=load_policy())
    ax = fig.axes[0]
    # the full-height line is the target line only
    assert [ln.get_xdata()[0] for ln in ax.get_lines()] == [100]
    # the 90 % line is a mark across the 力争 bar (a, drawn at y = 1), not the 确保 one (b)
    (marks,) = [c for c in ax.collections if c.get_segments()]
    segments = [np.asarray(seg) for seg in marks.get_segments()]
    assert len(segments) == 1
    (x0, y0), (x1, y1) = segments[0]
    assert x0 == x1 == pytest.approx(90.0)
    assert min(y0, y1) < 1 < max(y0, y1) and min(y0, y1) > 0.5
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["目标线（100%）", "力争类完成线（90%）"]
    # no line label drawn over the bars: only the percentages are text in the axes
    assert all(t.get_text().endswith("%") for t in ax.texts)
    # without stretch targets, no stretch line
    plain = charts.completion_chart(targets, policy=load_policy())
    assert [t.get_text() for t in plain.legends[0].get_texts()] == ["目标线（100%）"]


def test_long_titles_wrap_on_whole_characters():
    row = pd.Series({"title": "争创省新时代“枫桥式”退役军人服务站", "target_id": "x"})
    label = charts._label(row)
    assert label.replace("\n", "") == row["title"]  # nothing cut, nothing lost
    assert label.count("\n") == 1
    very_long = pd.Series({"title": "甲" * 40, "target_id": "y"})
    cut = charts._label(very_long)
    assert cut.count("\n") == 1 and cut.endswith("…")


def test_count_axes_have_whole_number_ticks(targets):
    counts = targets.assign(actual=[56.0, 180.0, 2.0, 3.0, np.nan, np.nan])
    counts = counts.assign(baseline=[np.nan, np.nan, 5.0, 2.0, np.nan, np.nan])
    fig = charts.direction_chart(counts)
    FigureCanvasAgg(fig).draw()
    cases = fig.axes[0]  # 件: a count
    ticks = [t for t in cases.get_yticks() if cases.get_ylim()[0] <= t <= cases.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)


# --- labels, years, alt text, phone charts ---------------------------------------------


def _midyear_targets() -> pd.DataFrame:
    """Mid-year rows whose bars end just short of, at and past their trajectory tick."""
    n = 6
    target = np.full(n, 100.0)
    actual = np.array([46.0, 50.0, 52.0, 10.0, 99.0, 0.0])
    expected = np.array([50.0, 50.0, 50.0, 50.0, 100.0, 50.0])
    return pd.DataFrame(
        {
            "target_id": [f"t{i}" for i in range(n)],
            "title": [f"指标{i}" for i in range(n)],
            "kind": ["at_least"] * n,
            "target_value": target,
            "actual": actual,
            "expected": expected,
            "ratio": actual / expected,
            "status": ["behind", "on_track", "on_track", "behind", "behind", "behind"],
        }
    )


def test_midyear_labels_clear_the_trajectory_ticks_and_each_other():
    fig = charts.completion_chart(_midyear_targets(), midyear=True)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) == 6
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), (a, b)
    # no trajectory tick (in pixels) is under the label on its row
    (ticks,) = [c for c in ax.collections if len(c.get_offsets())]
    for x, y in ax.transData.transform(np.asarray(ticks.get_offsets())):
        row = [b for b in boxes if b.y0 <= y <= b.y1]
        assert len(row) == 1
        assert not (row[0].x0 - 2 <= x <= row[0].x1 + 2), (x, row[0])
    # and no label touches the legend or the axis title
    texts = [fig.legends[0].get_window_extent(renderer), ax.title.get_window_extent(renderer)]
    assert not any(a.overlaps(b) for a in boxes for b in texts)


def test_direction_chart_names_the_years(targets):
    fig = charts.direction_chart(targets.assign(period="2022"))
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["2021年", "2022年"]
    fig = charts.direction_chart(targets, years=(2020, 2022))
    FigureCanvasAgg(fig).draw()
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2020年", "2022年"]
    plain = charts.direction_chart(targets)  # no period: the generic names
    FigureCanvasAgg(plain).draw()
    assert [t.get_text() for t in plain.axes[0].get_xticklabels()] == ["基期", "本年"]


def test_alt_text_carries_the_data_in_words(targets):
    counts = charts.status_counts_chart(targets)
    assert charts.chart_alt(counts, "各板块完成状态") == (
        "各板块完成状态。经济：超额完成 1 项、完成 1 项、部分完成 1 项；"
        "政府：完成 1 项、未完成 1 项、未报送 1 项"
    )
    completion = charts.chart_alt(charts.completion_chart(targets))
    assert completion == "整治“低散乱”企业 112%，超额完成；实际利用外资 60%，部分完成"
    direction = charts.chart_alt(charts.direction_chart(targets.assign(period="2022")))
    assert direction.startswith("行政争议发案量：2021年 15件，2022年 12件，完成；")
    midyear = charts.chart_alt(charts.completion_chart(_midyear_targets(), midyear=True))
    assert "指标0 已达全年目标的 46%，序时进度 50%，进度滞后" in midyear
    out = charts.figure_html(counts, "各板块完成状态")
    assert 'alt="各板块完成状态。经济：超额完成 1 项' in out


def test_one_chart_serves_phones_with_text_at_least_9px(targets):
    """Each chart is drawn once; on a phone it is shown charts.PHONE_CHART_PX wide (and
    scrolls sideways), where none of its text is under 9 px."""
    figs = [
        charts.completion_chart(targets),
        charts.completion_chart(_midyear_targets(), midyear=True),
        charts.direction_chart(targets.assign(period="2022")),
        charts.status_counts_chart(targets),
        charts.section_scores_chart(
            pd.DataFrame({"section_name": ["经济转型升级", "民生"], "score": [88.4, 93.7]}),
            overall=90.0,
        ),
    ]
    for fig in figs:
        FigureCanvasAgg(fig).draw()
        px_per_inch = charts.PHONE_CHART_PX / fig.get_figwidth()
        sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        assert min(sizes) / 72 * px_per_inch >= 9, (fig.axes[0].get_title(), min(sizes))
        # nothing drawn outside the figure (bbox in inches)
        tight = fig.get_tightbbox(fig.canvas.get_renderer())
        assert tight.x0 >= -0.01 and tight.x1 <= fig.get_figwidth() + 0.01, tight
        html_text = charts.figure_html(fig, "图")
        assert html_text.count("data:image/png;base64,") == 1
        assert '<div class="gutang-scroll">' in html_text
    template = (paths.PACKAGE_DIR / "templates" / "gutang" / "index.html.j2").read_text(
        encoding="utf-8"
    )
    assert f"width: {charts.PHONE_CHART_PX}px" in template


def test_a_chart_shown_twice_in_a_set_is_drawn_once(tmp_path, targets, monkeypatch):
    calls = []
    real = charts.figure_png
    monkeypatch.setattr(charts, "figure_png", lambda *a, **k: calls.append(1) or real(*a, **k))
    charts.cache_charts(tmp_path)
    try:
        first = charts.figure_html(charts.completion_chart(targets, title="甲"), "图")
        again = charts.figure_html(charts.completion_chart(targets, title="甲"), "图")
        other = charts.figure_html(charts.completion_chart(targets, title="乙"), "图")
    finally:
        charts.cache_charts(None)
    assert first == again != other
    assert len(calls) == 2


def test_a_drawing_in_the_cache_is_read_without_drawing_the_figure(tmp_path, targets, monkeypatch):
    drawing = charts.Drawing(charts.completion_chart, targets, "图", {"title": "甲"})
    charts.cache_charts(tmp_path)
    try:
        first = charts.drawings_html([drawing])
        monkeypatch.setattr(
            charts.Drawing, "figure", lambda self: pytest.fail("drawn again although cached")
        )
        again = charts.drawings_html([drawing])
    finally:
        charts.cache_charts(None)
    assert first == again
    # the alternative text keeps the chart's data in words
    assert charts.chart_alt(charts.completion_chart(targets, title="甲"), "图") in first
    # without a cache, every drawing is drawn
    monkeypatch.undo()
    assert charts.drawings_html([drawing]) == first


def test_drawings_html_is_what_figure_html_shows(targets):
    drawing = charts.Drawing(charts.status_counts_chart, targets, "状态", {"title": "各板块"})
    assert charts.drawings_html([drawing]) == charts.figure_html(drawing.figure(), "状态")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_charts_drawn_ahead_are_the_charts_the_report_would_draw(tmp_path, targets, monkeypatch):
    import os
    import time

    renders = tmp_path / "renders.txt"
    real = charts.figure_png

    def counted(*args, **kwargs):  # inherited by the forked process: both append here
        with renders.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real(*args, **kwargs)

    drawings = [
        charts.Drawing(charts.completion_chart, targets, f"图{i}", {"title": f"标题{i}"})
        for i in range(4)
    ]
    alone = charts.drawings_html(drawings)  # no cache: drawn here, in order
    monkeypatch.setattr(charts, "figure_png", counted)
    charts.cache_charts(tmp_path / "ahead", ahead=True)
    try:
        assert charts.draw_ahead(drawings)
        child = charts._CACHE["child"]
        assert child is not None and child != os.getpid()
        shown = charts.drawings_html(drawings)
        # the other process ends once it meets the report: nothing left to draw
        deadline = time.monotonic() + 30
        while os.waitpid(child, os.WNOHANG)[0] != child and time.monotonic() < deadline:
            time.sleep(0.01)
        charts._CACHE["child"] = None
    finally:
        charts.cache_charts(None)
    assert shown == alone
    assert len(list((tmp_path / "ahead").glob("*.png"))) == 4
    # each chart rendered once, by one of the two processes
    assert len(renders.read_text().split()) == 4
    assert not list((tmp_path / "ahead").glob(".*.tmp"))


def test_no_drawing_ahead_outside_a_build_that_allows_it(tmp_path, targets):
    drawings = [charts.Drawing(charts.completion_chart, targets, "图")] * 3
    assert not charts.draw_ahead(drawings)  # no cache at all
    charts.cache_charts(tmp_path)  # a cache, but a build running notebooks side by side
    try:
        assert not charts.draw_ahead(drawings)
    finally:
        charts.cache_charts(None)
    assert charts._CACHE["child"] is None


def test_the_next_report_ends_a_process_still_drawing_ahead(tmp_path, targets, monkeypatch):
    import os

    drawings = [charts.Drawing(charts.completion_chart, targets, f"图{i}") for i in range(30)]
    charts.cache_charts(tmp_path, ahead=True)
    try:
        assert charts.draw_ahead(drawings)
        child = charts._CACHE["child"]
        charts.cache_charts(tmp_path, ahead=True)  # the next notebook's reset
        assert charts._CACHE["child"] is None
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)  # ended and reaped
    finally:
        charts.cache_charts(None)
