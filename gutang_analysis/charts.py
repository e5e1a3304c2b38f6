"""The house chart style and the report charts.

One place defines how a chart looks (:data:`HOUSE_RC`, applied by :func:`use_house_style`);
colours come from :mod:`gutang_analysis.style`, so a status has the same colour in a table
and in a chart. Chart functions take a score table and return a new
:class:`matplotlib.figure.Figure`; turning a figure into an image is a separate step
(:func:`figure_png`, :func:`figure_html`, :func:`show`). pyplot is not used, so no figure is
kept alive or shown twice by the notebook's inline backend.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import io
import math
import os
import re
import signal
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from ._process import die_with_parent
from .errors import Problem, UsageError
from .fonts import register_cjk_font
from .kinds import KINDS
from .style import PALETTE, STATUS_COLORS, STATUS_LABELS, STATUS_ORDER, STATUS_TEXT_COLORS
from .units import load_units

__all__ = [
    "HOUSE_RC",
    "NARROW_WIDTH",
    "PHONE_CHART_PX",
    "WIDE_WIDTH",
    "ChartFigure",
    "Drawing",
    "cache_charts",
    "chart_alt",
    "chart_statuses",
    "completion_chart",
    "direction_chart",
    "draw_ahead",
    "drawings_html",
    "figure_html",
    "figure_png",
    "house_style",
    "section_scores_chart",
    "show",
    "status_counts_chart",
    "use_house_style",
]

#: Kinds whose completion can be drawn as a share of the target line.
_RATIO_KINDS = tuple(code for code, k in KINDS.items() if k.chartable)

#: The house style: matplotlib settings shared by every chart (fonts are added by
#: :func:`use_house_style`).
HOUSE_RC: dict[str, object] = {
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#888888",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 13,
    "axes.titleweight": "normal",
    "axes.titlelocation": "left",
    # A fixed title position: matplotlib otherwise measures every tick label to keep the
    # title clear of x labels on top, which these charts never have.
    "axes.titley": 1.0,
    "axes.labelsize": 10.5,
    "axes.labelcolor": "#333333",
    "axes.grid": True,
    "axes.grid.axis": "x",
    "axes.axisbelow": True,
    "axes.unicode_minus": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),
    "grid.color": "#e6e6e6",
    "grid.linewidth": 0.8,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.frameon": False,
    "legend.fontsize": 9,
}

#: Figure widths (inches): the desktop/print chart and the phone chart. A phone shows a
#: chart about 366 CSS px wide; at 4.6 in the smallest text (8.5 pt) is then 9.4 px high,
#: where the 8 in chart would shrink it to 5.4 px.
WIDE_WIDTH = 8.0
NARROW_WIDTH = 4.6
#: Narrowest a chart is shown on a phone (CSS px, report template): its smallest text
#: (8.5 pt on an 8 in figure) is then 9.4 px high; a narrower screen scrolls sideways.
PHONE_CHART_PX = 640

_TARGET_LINE = "#333333"
_STRETCH_LINE = "#1f5aa6"
#: Longest line of a y tick label (in ems); longer titles wrap to a second line and are
#: cut with … only after that (the full title is in the table beside the chart).
_LABEL_WIDTH = 14
_LABEL_LINES = 2
#: Units counted in whole numbers: their value axes get integer ticks.
_COUNT_FAMILY = "count"

#: PNG compression: zlib level 6 (the default) costs several times level 2 for files
#: only about a tenth smaller.
_PNG_OPTIONS = {"compress_level": 2}

# Margins are set explicitly (in inches) from the text they must hold instead of by
# matplotlib's constrained layout: measuring every text extent and the extra draw it needs
# on saving cost more than drawing the chart itself.
_EDGE = 0.15  # blank border around the figure
_TITLE = 0.5  # an axes title (13 pt) and its pad
_XAXIS = 0.5  # x tick labels (9.5 pt) and an x label (10.5 pt) with their pads
_XTICKS = 0.3  # x tick labels only
_LEGEND_ROW = 0.3  # one row of a figure legend (9 pt)
_TICK_PAD = 0.12  # tick mark and pad between tick labels and the axes


def _text_width(text: str, size: float) -> float:
    """Estimated width in inches of ``text`` at ``size`` points.

    Chinese characters, full-width punctuation and the "ambiguous" characters a CJK font
    draws full width (curly quotes “”, …, ×) are one em wide; other characters are taken
    as 0.62 em, a little more than the average Latin glyph, so the estimate errs on the
    side of room.
    """
    em = size / 72
    return sum(em if unicodedata.east_asian_width(c) in "WFA" else 0.62 * em for c in text)


def _place(
    fig: Figure,
    *,
    left: float,
    top: float,
    bottom: float,
    right: float = 0.3,
    wspace: float = 0.0,
    hspace: float = 0.0,
    rows: int = 1,
    cols: int = 1,
) -> None:
    """Position the axes grid with margins and gaps given in inches."""
    width, height = fig.get_size_inches()
    cell_w = max((width - left - right - (cols - 1) * wspace) / cols, 0.1)
    cell_h = max((height - top - bottom - (rows - 1) * hspace) / rows, 0.1)
    fig.subplots_adjust(
        left=left / width,
        right=1 - right / width,
        top=1 - top / height,
        bottom=bottom / height,
        wspace=wspace / cell_w,
        hspace=hspace / cell_h,
    )


def _label_margin(labels: Sequence[str], size: float | None = None) -> float:
    """Left margin (inches) that holds the longest line of the y tick labels."""
    return _EDGE + _label_width(labels, size) + _TICK_PAD


def chart_statuses(statuses: pd.Series) -> pd.Series:
    """Statuses as a chart shows them: year-end or mid-year vocabulary, never both.

    A mid-year result (any ``on_track`` or ``behind``) may still hold year-end statuses,
    e.g. a milestone already ``met`` in June. In a chart those share colours with the
    mid-year ones, so they are folded in: ``exceeded``/``met`` count as ``on_track``,
    ``nearly_met``/``partial``/``not_met`` as ``behind``.

    Examples
    --------
    >>> chart_statuses(pd.Series(["met", "on_track", "partial", "no_data"])).tolist()
    ['on_track', 'on_track', 'behind', 'no_data']
    >>> chart_statuses(pd.Series(["met", "partial"])).tolist()
    ['met', 'partial']
    """
    values = statuses.astype(str)
    if not values.isin(("on_track", "behind")).any():
        return values
    fold = {
        "exceeded": "on_track",
        "met": "on_track",
        "nearly_met": "behind",
        "partial": "behind",
        "not_met": "behind",
    }
    return values.map(lambda s: fold.get(s, s))


def use_house_style() -> None:
    """Apply the house style to matplotlib in this process.

    Registers the bundled Chinese font (Noto Sans CJK SC) and puts it first in
    ``font.family``, with DejaVu Sans behind it for any glyph it lacks, then applies
    :data:`HOUSE_RC`, for the whole process: the chart functions use :func:`house_style`
    instead, which puts the caller's settings back. Calling it again is harmless.

    Examples
    --------
    >>> use_house_style()
    >>> matplotlib.rcParams["font.family"][0]
    'Noto Sans CJK SC'
    """
    family = register_cjk_font()
    matplotlib.rcParams.update(HOUSE_RC)
    matplotlib.rcParams["font.family"] = [family, "DejaVu Sans"]


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """The house style for the length of a ``with`` block; your own settings come back after.

    Every chart function of the package draws (and :func:`figure_png` renders) inside one,
    so making a chart leaves ``matplotlib.rcParams`` exactly as the analyst set them. For
    a Chinese font in your own plots, call :func:`gutang_analysis.fonts.use_chinese_font`.

    Examples
    --------
    >>> before = dict(matplotlib.rcParams)
    >>> with house_style():
    ...     matplotlib.rcParams["axes.titlelocation"]
    'left'
    >>> dict(matplotlib.rcParams) == before
    True
    """
    with matplotlib.rc_context():
        use_house_style()
        yield


def _label(row: pd.Series, width: float | None = None) -> str:
    """A target's title as a chart label: whole characters on at most two lines.

    Lines are at most ``width`` inches (default :data:`_LABEL_WIDTH` ems at the tick label
    size); a title longer than two lines ends in … after a whole character.

    Examples
    --------
    >>> _label(pd.Series({"title": "争创省新时代“枫桥式”退役军人服务站"})).split()
    ['争创省新时代“枫桥式”退役军', '人服务站']
    """
    title = str(row.get("title") or "").strip() or str(row["target_id"])
    size = float(HOUSE_RC["ytick.labelsize"])  # type: ignore[arg-type]
    width = width if width is not None else _LABEL_WIDTH * size / 72
    lines = _wrap(title, size, width).split("\n")
    if len(lines) > _LABEL_LINES:
        last = lines[_LABEL_LINES - 1]
        while last and _text_width(last + "…", size) > width:
            last = last[:-1]
        lines = [*lines[: _LABEL_LINES - 1], last + "…"]
    return "\n".join(lines)


def _label_width(labels: Sequence[str], size: float | None = None) -> float:
    """Width (inches) of the widest line of the labels."""
    size = float(size or HOUSE_RC["ytick.labelsize"])  # type: ignore[arg-type]
    return max(
        (_text_width(line, size) for label in labels for line in str(label).split("\n")),
        default=0.0,
    )


@cache
def _units():  # the unit registry, loaded once per process

    return load_units()


def _is_count_unit(unit: object) -> bool:
    """True for units counted in whole numbers (个, 家, 件 …)."""
    if not isinstance(unit, str) or not unit.strip():
        return False
    registry = _units()
    try:
        return registry.known(unit) and registry.family(unit) == _COUNT_FAMILY
    except Exception:  # an unknown spelling: not a count
        return False


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666666", fontsize=11)
    return fig


def _status_color(status: object) -> str:
    return STATUS_COLORS.get(str(status), STATUS_COLORS["not_assessable"])


_DONE = ("exceeded", "met")


def _status_label(status: str, folded_done: bool = False) -> str:
    label = STATUS_LABELS.get(status, status)
    return f"{label}（含已完成）" if status == "on_track" and folded_done else label


def _wrap(text: str, size: float, width: float) -> str:
    """Break a label into lines no wider than ``width`` inches at ``size`` points."""
    lines, line = [], ""
    for char in text:
        if line and _text_width(line + char, size) > width:
            lines.append(line)
            line = ""
        line += char
    return "\n".join([*lines, line])


def _wrap_title(title: str, width: float, size: float = 10.5) -> str:
    """A small-multiple title on at most two lines of ``width`` inches, … after that."""
    lines = _wrap(title.strip(), size, width).split("\n")
    if len(lines) > 2:
        last = lines[1]
        while last and _text_width(last + "…", size) > width:
            last = last[:-1]
        lines = [lines[0], last + "…"]
    return "\n".join(lines)


def _row_major(handles: list, labels: list[str], ncols: int) -> tuple[list, list[str]]:
    """Reorder legend entries so a multi-row legend reads left to right, row by row.

    matplotlib fills a legend column by column; this puts entry ``k`` where a reader
    expects it when reading the rows.
    """
    n = len(handles)
    rows = math.ceil(n / ncols)
    order = [r * ncols + c for c in range(ncols) for r in range(rows) if r * ncols + c < n]
    return [handles[i] for i in order], [labels[i] for i in order]


def _stretch_lines(data: pd.DataFrame, policy: object) -> list[tuple[float, str]]:
    """(completion line in %, legend text) for the stretch wordings (力争/争创) shown.

    A stretch target counts as met below 100 % (``policy.strength[...].met_ratio``); the
    line makes a green bar short of the target line readable.
    """
    if policy is None or "strength" not in data:
        return []
    lines: dict[float, list[str]] = {}
    present = set(data["strength"].dropna().astype(str))
    order = ("力争", "争创")
    for word in [w for w in order if w in present] + sorted(present - set(order)):
        rule = getattr(policy, "strength_rule", None)
        ratio = _finite(getattr(rule(word), "met_ratio", None)) if rule else None
        if ratio is not None and ratio < 1 and word != "未注明":
            lines.setdefault(round(ratio * 100, 6), []).append(word)
    return [
        (value, f"{'/'.join(words)}类完成线（{value:g}%）")
        for value, words in sorted(lines.items())
    ]


def _finite(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return out if math.isfinite(out) else None


class ChartFigure(Figure):
    """A figure that shows itself in a notebook when it is a cell's last value.

    Every chart function of this module returns one. Without it JupyterLab would print
    ``<Figure size 800x600 with 1 Axes>`` (the charts do not use pyplot, whose inline
    backend would otherwise show them); with it the chart appears as an image, with the
    chart's data in words (:func:`chart_alt`) as its plain-text form. It is a
    :class:`matplotlib.figure.Figure` in every other respect (``savefig`` …).

    Examples
    --------
    >>> fig = section_scores_chart(pd.DataFrame({"section_name": ["经济"], "score": [88.4]}))
    >>> isinstance(fig, ChartFigure), fig._repr_png_()[:4]
    (True, b'\\x89PNG')
    >>> sorted(fig._repr_mimebundle_())
    ['image/png', 'text/plain']
    """

    def _repr_png_(self) -> bytes:
        return figure_png(self)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        # One rendering: the PNG, and the chart's data in words for text front ends. No
        # text/html: IPython would render the figure again for it (figure_html embeds the
        # phone version too, for reports).
        png = base64.b64encode(figure_png(self)).decode("ascii")
        return {"image/png": png, "text/plain": chart_alt(self) or "图表"}


#: What each chart function takes: (the columns it needs, the table in Chinese, the
#: attribute of a ScoreResult that holds it, columns it must not have).
_CHART_INPUTS: dict[str, tuple[frozenset[str], str, str, frozenset[str]]] = {
    "completion_chart": (
        frozenset({"kind", "ratio", "status"}),
        "每项目标一行的评分结果表 result.targets（或其中几行）",
        "targets",
        frozenset(),
    ),
    "direction_chart": (
        frozenset({"kind", "actual", "baseline", "status"}),
        "每项目标一行的评分结果表 result.targets（或其中几行）",
        "targets",
        frozenset(),
    ),
    "status_counts_chart": (
        frozenset({"section_name", "status"}),
        "每项目标一行的评分结果表 result.targets（或其中几行）",
        "targets",
        frozenset(),
    ),
    "section_scores_chart": (
        frozenset({"section_name", "score"}),
        "每个板块一行的板块得分表 result.sections",
        "sections",
        frozenset({"target_id"}),
    ),
}


def _chart_input(name: str, table: object) -> pd.DataFrame:
    """The table a chart function was given, checked: a wrong table is a Chinese message.

    A score result (or a run) stands for the table the chart draws.
    """

    need, what, attribute, forbidden = _CHART_INPUTS[name]
    if hasattr(table, "result") and hasattr(table, "inputs"):  # a Run
        table = table.result
    if hasattr(table, attribute) and isinstance(getattr(table, attribute), pd.DataFrame):
        table = getattr(table, attribute)
    if (
        isinstance(table, pd.DataFrame)
        and need <= set(table.columns)
        and not forbidden & set(table.columns)
    ):
        return table
    if isinstance(table, pd.DataFrame):
        missing = sorted(need - set(table.columns)) or sorted(forbidden & set(table.columns))
        got = "缺少列 " + "、".join(missing) if need - set(table.columns) else "每项目标一行的表"
        if "section_name" in table.columns and "target_id" not in table.columns:
            got = "板块得分表（result.sections）"
        elif "target_id" in table.columns and attribute == "sections":
            got = "每项目标一行的表（result.targets）"
    else:
        got = type(table).__name__
    raise UsageError(
        f"{name} 需要的是{what}",
        [Problem(None, None, "第一个参数", got, what)],
    )


def _responsive(draw: Callable[..., Figure]) -> Callable[..., Figure]:
    """Check a chart function's table, let the figure show itself in a notebook, and give
    it a cache key.

    The figure is a :class:`ChartFigure`; it remembers a key made of the function, the
    table and the arguments, so that :func:`figure_html` renders the same chart once per
    set of reports (:func:`cache_charts`), not once per report.
    """

    def drawn(table, *args, **kwargs):
        with house_style():  # the analyst's own rcParams are back when the chart is made
            return draw(table, *args, **kwargs)

    @functools.wraps(draw)
    def wrapper(table, *args, **kwargs):
        table = _chart_input(draw.__name__, table)
        fig = drawn(table, *args, **kwargs)
        if type(fig) is Figure:
            fig.__class__ = ChartFigure
        if _CACHE["folder"] is not None:
            fig._gutang_key = _chart_key(draw.__name__, table, args, kwargs)  # type: ignore[attr-defined]
        return fig

    return wrapper


#: Where rendered charts are kept while a set of reports is built (None: no cache);
#: whether a spare processor may draw a report's charts ahead of it (:func:`draw_ahead`);
#: the process drawing them, if any.
_CACHE: dict[str, Any] = {"folder": None, "ahead": False, "child": None}


def cache_charts(folder: str | Path | None, *, ahead: bool = False) -> None:
    """Keep every rendered chart in ``folder`` and reuse it when the same chart (same
    function, table and arguments) is shown again; None stops caching.

    A build points every notebook of a set at one folder, so a programme's charts shown
    in the annual review and in the programme's own review are drawn once. With
    ``ahead`` (a build that leaves a processor idle while a notebook runs), a report may
    have its charts drawn ahead of it on that processor (:func:`draw_ahead`). A process
    still drawing ahead for the previous report is ended.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cache_charts(tmp)
    ...     df = pd.DataFrame({"section_name": ["经济"], "score": [88.4]})
    ...     a = figure_html(section_scores_chart(df), "得分")
    ...     b = figure_html(section_scores_chart(df), "得分")
    ...     cache_charts(None)
    ...     a == b, sorted(p.suffix for p in Path(tmp).iterdir())  # the image and its words
    (True, ['.alt', '.png'])
    """
    _end_ahead()
    _CACHE["folder"] = Path(folder) if folder is not None else None
    _CACHE["ahead"] = bool(ahead) and folder is not None and hasattr(os, "fork")


def draw_ahead(drawings: Sequence[Drawing]) -> bool:
    """Draw charts into the build's chart cache in a process of their own, last first,
    while this process goes on with the report.

    The report then shows its charts in order as usual (:func:`drawings_html`): every
    chart it reaches that the other process has finished is read from the cache, so the two meet in
    the middle and the report's charts cost about half. Only in a build that allows it
    (:func:`cache_charts` with ``ahead``) and on systems that fork; elsewhere (an analyst
    in JupyterLab) nothing happens. Whatever the other process has not finished when the
    report needs it, the report draws itself: the output is the same either way.

    Returns whether the charts are being drawn ahead.

    Examples
    --------
    >>> df = pd.DataFrame({"section_name": ["经济"], "score": [88.4]})
    >>> draw_ahead([Drawing(section_scores_chart, df, "得分")] * 2)  # not in a build: nothing
    False
    """
    if not _CACHE["ahead"] or _CACHE["folder"] is None or len(drawings) < 2:
        return False
    _end_ahead()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        with contextlib.suppress(Exception):
            stream.flush()
    try:
        pid = os.fork()
    except OSError:  # no room for another process: the report draws them itself
        return False
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        try:
            die_with_parent(signal.SIGKILL)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)  # never into the notebook's output
            os.dup2(quiet, 2)
            for drawing in reversed(drawings):
                key = drawing.key()
                if _cached(key) is not None:
                    continue
                if not _claim(key):  # the report has come this far: the rest is its own
                    break
                _cached_png(drawing.figure())
        finally:
            os._exit(0)
    _CACHE["child"] = pid
    return True


def _claim(key: str | None) -> bool:
    """Take the drawing of a chart for this process: False when the report and the
    process drawing ahead of it both reached it and the other one has it."""
    folder = _CACHE["folder"]
    if folder is None or key is None:
        return True
    try:
        fd = os.open(folder / f"{key}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError:  # cannot mark it: draw it anyway
        return True
    os.close(fd)
    return True


def _drawn_ahead(key: str | None) -> tuple[bytes, str] | None:
    """The chart, once the process drawing ahead has finished it; None when no process
    is drawing ahead, it ended without it, or it takes far too long (draw it here)."""
    pid = _CACHE["child"]
    if pid is None or key is None or _claim(key):
        return None
    for _ in range(2000):  # 10 s at most: a chart takes a tenth of a second
        hit = _cached(key)
        if hit is not None:
            return hit
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:  # ended: no more will come
                _CACHE["child"] = None
                return _cached(key)
        except ChildProcessError:
            _CACHE["child"] = None
            return _cached(key)
        time.sleep(0.005)
    return None


def _end_ahead() -> None:
    """End the process drawing ahead, if any (its half-written files are temporary)."""
    pid, _CACHE["child"] = _CACHE["child"], None
    if pid is not None:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def _chart_key(name: str, table: pd.DataFrame, args: tuple, kwargs: dict) -> str | None:
    """A digest of everything a chart is drawn from (None when it cannot be pickled)."""
    import hashlib
    import pickle

    try:
        blob = pickle.dumps((name, table, args, sorted(kwargs.items())), protocol=5)
    except Exception:  # an argument that cannot be pickled: never cached
        return None
    return hashlib.sha256(blob).hexdigest()


def _cached(key: str | None) -> tuple[bytes, str] | None:
    """The PNG and the data in words of a chart in the cache, if it was drawn already."""
    folder = _CACHE["folder"]
    if folder is None or key is None:
        return None
    try:
        # the words are written first and the PNG last: a PNG means both are there
        png = (folder / f"{key}.png").read_bytes()
        return png, (folder / f"{key}.alt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _put(folder: Path, name: str, data: bytes) -> None:
    tmp = folder / f".{name}.{os.getpid()}.tmp"
    tmp.write_bytes(data)
    os.replace(tmp, folder / name)  # two notebooks drawing the same chart never see half a file


def _cached_png(fig: Figure) -> bytes:
    """The figure's PNG, from the chart cache when the same chart was rendered before."""
    folder, key = _CACHE["folder"], getattr(fig, "_gutang_key", None)
    hit = _cached(key)
    if hit is not None:
        return hit[0]
    png = figure_png(fig)
    if folder is not None and key is not None:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            _put(folder, f"{key}.alt", chart_alt(fig).encode("utf-8"))
            _put(folder, f"{key}.png", png)
    return png


@dataclass(frozen=True)
class Drawing:
    """A chart to draw: a chart function of this module, its table and arguments, and
    what the chart shows (the start of its alternative text).

    A report lists its charts as drawings, so that a chart drawn before (in this set of
    reports, or ahead of the report by :func:`draw_ahead`) is read from the chart cache
    without being drawn again (:func:`drawings_html`).

    Examples
    --------
    >>> d = Drawing(section_scores_chart, pd.DataFrame({"section_name": ["经济"], "score": [88.4]}),
    ...             "各板块得分")
    >>> chart_alt(d.figure(), d.alt)
    '各板块得分。经济 88.4 分'
    """

    chart: Callable[..., Figure]
    table: Any
    alt: str
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def figure(self) -> Figure:
        """Draw the chart."""
        return self.chart(self.table, **self.kwargs)

    def key(self) -> str | None:
        """The chart cache's key of this chart (None when no cache is in use)."""
        if _CACHE["folder"] is None:
            return None
        name = self.chart.__name__
        return _chart_key(name, _chart_input(name, self.table), (), dict(self.kwargs))


def drawings_html(drawings: Sequence[Drawing]) -> str:
    """Each chart as :func:`figure_html` shows it, in order; a chart in the cache of the
    set being built is read, not drawn.

    Examples
    --------
    >>> df = pd.DataFrame({"section_name": ["经济"], "score": [88.4]})
    >>> drawings_html([Drawing(section_scores_chart, df, "得分")]).count("<figure")
    1
    """
    parts = []
    for drawing in drawings:
        key = drawing.key()
        hit = _cached(key) or _drawn_ahead(key)
        if hit is None:
            parts.append(figure_html(drawing.figure(), drawing.alt))
        else:
            png, words = hit
            parts.append(_figure_tag(png, _alt_text(drawing.alt, words)))
    return "".join(parts)


def _title_lines(title: str, width: float) -> str:
    """The chart title wrapped to the figure's width (a phone chart is narrow)."""
    return _wrap(title.strip(), 13, width - 2 * _EDGE - 0.05)


def _set_title(fig: Figure, ax, title: str) -> None:
    """Title at the figure's left edge (not the axes'), so a long title has the full width."""
    width = fig.get_figwidth()
    axes_left = fig.subplotpars.left * width
    axes_width = (fig.subplotpars.right - fig.subplotpars.left) * width
    ax.set_title(_title_lines(title, width), x=-(axes_left - _EDGE) / axes_width, ha="left")


def _title_room(title: str, width: float) -> float:
    """Top margin (inches) for the wrapped title."""
    return _TITLE + 0.24 * _title_lines(title, width).count("\n")


def _set_alt(fig: Figure, text: str) -> Figure:
    fig._gutang_alt = text  # type: ignore[attr-defined]
    return fig


def chart_alt(fig: Figure, alt: str = "") -> str:
    """The alternative text of a chart: ``alt`` followed by the chart's data in words.

    Every chart function records what it drew (each bar's name and value, status counts,
    the two years of a year-on-year pair), so a reader who cannot see the image, or whose
    screen reader reads it, gets the figures, not just the chart's name.

    Examples
    --------
    >>> import pandas as pd
    >>> fig = section_scores_chart(pd.DataFrame({"section_name": ["经济", "民生"],
    ...                                          "score": [88.4, 93.7]}), overall=90.0)
    >>> chart_alt(fig, "各板块得分")
    '各板块得分。经济 88.4 分；民生 93.7 分；总分 90.00 分'
    """
    return _alt_text(alt, str(getattr(fig, "_gutang_alt", "") or ""))


def _alt_text(alt: str, data: str) -> str:
    data = data.strip()
    alt = str(alt or "").strip().rstrip("。")
    if alt and data:
        return f"{alt}。{data}"
    return alt or data


def _pct(value: float) -> str:
    return f"{value:.0%}" if np.isfinite(value) else "—"


@_responsive
def completion_chart(
    targets: pd.DataFrame,
    *,
    title: str = "各项指标完成程度",
    midyear: bool = False,
    policy: object = None,
    width: float = WIDE_WIDTH,
) -> Figure:
    """Draw each quantified target's completion against its target line.

    One horizontal bar per target with a finite ``ratio`` (1 = exactly on target, already
    oriented by the scoring so that "lower is better" targets read the same way), coloured
    by status, with the target line at 100 %. When ``policy`` is given, a stretch target
    (力争/争创, whose wording counts as met below 100 %) gets its lower completion line
    (e.g. 90 %) as a short mark across its own bar only, so a green bar short of 100 %
    reads as met and a 确保 target is never measured against 90 %. In a mid-year check
    (``midyear=True``; the table's ``expected`` is the trajectory) bars show the share of
    the annual target reached so far and a black tick marks the share expected by the
    as-of date (序时进度). Value labels sit right of the bar and of any mark on its row.
    The lines are named in a legend under the chart, never by text over the bars.

    Parameters
    ----------
    targets : pandas.DataFrame
        ``ScoreResult.targets`` or a slice of it (columns ``target_id, title, kind, ratio,
        status``; ``expected``, ``target_value`` and ``strength`` optional).
    title : str
        The chart title.
    midyear : bool
        The table comes from a mid-year check (``score(..., as_of=...)``).
    policy : Policy, optional
        The scoring policy, for the completion line of stretch targets.
    width : float
        Figure width in inches (:data:`NARROW_WIDTH` for phones).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.policy import load_policy
    >>> from gutang_analysis.scoring import score
    >>> from gutang_analysis.paths import DEFAULT_OUTCOMES
    >>> plan = load_plan()
    >>> result = score(plan, load_outcomes(DEFAULT_OUTCOMES, plan))
    >>> fig = completion_chart(result.targets, policy=load_policy())
    >>> fig.axes[0].get_xlabel()
    '完成程度（目标线 = 100%）'
    >>> [t.get_text() for t in fig.legends[0].get_texts()]
    ['目标线（100%）', '力争/争创类完成线（90%）']
    """
    use_house_style()
    data = targets[targets["kind"].isin(_RATIO_KINDS)].copy()
    data["ratio"] = pd.to_numeric(data["ratio"], errors="coerce")
    data = data[np.isfinite(data["ratio"])]
    if data.empty:
        message = "暂无可计算完成程度的量化指标"
        return _set_alt(_empty(Figure(figsize=(width, 1.6)), message), message)
    data = data.iloc[::-1]
    labels = [_label(r) for _, r in data.iterrows()]
    share, trajectory = _year_shares(data)
    midyear = midyear and bool(np.isfinite(trajectory).any())
    stretch = [] if midyear else _stretch_lines(data, policy)
    # Each row's own completion line: only stretch wordings have one below 100 %.
    row_stretch = np.full(len(data), np.nan) if midyear else _row_stretch(data, policy, stretch)
    n_lines = 1 + len(stretch) + (1 if midyear else 0)
    legend_cols = min(n_lines, 3 if width >= 6 else 2)
    legend = _LEGEND_ROW * math.ceil(n_lines / legend_cols)
    two_line = sum("\n" in label for label in labels)
    height = 0.42 * len(data) + 0.12 * two_line + 1.2 + legend
    fig = Figure(figsize=(width, max(2.2, height)))
    top = _title_room(title, width)
    fig.set_figheight(fig.get_figheight() + top - _TITLE)
    _place(fig, left=_label_margin(labels), top=top, bottom=_EDGE + _XAXIS + legend)
    # Year-end: the scoring's ratio against the target. Mid-year: the scoring's ratio is
    # against the trajectory, so draw the share of the annual target reached instead and
    # mark the trajectory.
    values = np.where(np.isfinite(share), share, data["ratio"].to_numpy(dtype=float))
    values = values if midyear else data["ratio"].to_numpy(dtype=float)
    shown = np.clip(values * 100, 0, 200)
    ax = fig.add_subplot()
    y = np.arange(len(data))
    colours = [_status_color(s) for s in chart_statuses(data["status"])]
    ax.barh(y, shown, color=colours, height=0.62)
    handles: list = []
    ax.axvline(100, color=_TARGET_LINE, linewidth=1.4, linestyle="--", zorder=3)
    handles.append(Line2D([], [], color=_TARGET_LINE, linewidth=1.4, linestyle="--"))
    names = ["目标线（100%）"]
    marked = np.isfinite(row_stretch)
    if marked.any():
        ax.vlines(
            row_stretch[marked] * 100,
            y[marked] - 0.42,
            y[marked] + 0.42,
            color=_STRETCH_LINE,
            linewidth=2.2,
            zorder=4,
        )
    for _value, name in stretch:
        handles.append(
            Line2D(
                [],
                [],
                marker="|",
                markersize=12,
                markeredgewidth=2.2,
                linestyle="none",
                color=_STRETCH_LINE,
            )
        )
        names.append(name)
    ok = np.isfinite(trajectory) if midyear else np.zeros(len(data), dtype=bool)
    if midyear:
        ax.scatter(trajectory[ok] * 100, y[ok], marker="|", s=260, color="black", zorder=4)
        handles.append(Line2D([], [], marker="|", markersize=14, linestyle="none", color="black"))
        names.append("序时进度")
    handles, names = _row_major(handles, names, legend_cols)
    fig.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 0.02), ncols=legend_cols)
    # A value label starts right of its bar and of any mark on its row (the stretch line,
    # the trajectory tick), so it never covers a mark.
    marks = [
        np.where(ok, np.clip(trajectory * 100, 0, 200), np.nan),
        np.where(marked, row_stretch * 100, np.nan),
    ]
    axes_width = fig.get_figwidth() * (fig.subplotpars.right - fig.subplotpars.left)
    xmax = max(125.0, float(shown.max()) + 22)
    starts = shown + 2.5
    for _ in range(3):  # label widths in data units depend on the axis range
        label_width = (_text_width("100%", 8.5) + 0.04) * xmax / axes_width
        starts = shown + 2.5
        for row_marks in marks:
            under = np.isfinite(row_marks) & (row_marks > starts - 2.0)
            under &= row_marks < starts + label_width + 1.0
            starts = np.where(under, row_marks + 2.5, starts)
        xmax = max(xmax, float(starts.max()) + label_width + 4)
    for yi, (start, value) in enumerate(zip(starts, values, strict=True)):
        ax.text(
            start,
            yi,
            f"{value:.0%}",
            va="center",
            fontsize=8.5,
            color="#333333",
            zorder=5,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(data) - 0.4)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("占全年目标的比例（目标线 = 100%）" if midyear else "完成程度（目标线 = 100%）")
    _set_title(fig, ax, title)
    statuses = [STATUS_LABELS.get(s, s) for s in data["status"].astype(str)]
    titles = [str(r.get("title") or r["target_id"]).strip() for _, r in data.iterrows()]
    words = []
    for i in range(len(data) - 1, -1, -1):  # top to bottom, as drawn
        text = f"{titles[i]} {_pct(values[i])}"
        if midyear and ok[i]:
            text = f"{titles[i]} 已达全年目标的 {_pct(values[i])}，序时进度 {_pct(trajectory[i])}"
        if marked[i]:
            text += f"（完成线 {_pct(row_stretch[i])}）"
        words.append(f"{text}，{statuses[i]}")
    return _set_alt(fig, "；".join(words))


def _row_stretch(
    data: pd.DataFrame, policy: object, stretch: list[tuple[float, str]]
) -> np.ndarray:
    """Each row's stretch completion line as a fraction, NaN where none applies."""
    out = np.full(len(data), np.nan)
    if not stretch or "strength" not in data:
        return out
    rule = getattr(policy, "strength_rule", None)
    for i, word in enumerate(data["strength"]):
        if not isinstance(word, str) or not word or word == "未注明" or rule is None:
            continue
        ratio = _finite(getattr(rule(word), "met_ratio", None))
        if ratio is not None and ratio < 1:
            out[i] = ratio
    return out


def stacked_counts(
    ax: Any,
    y: np.ndarray,
    values: np.ndarray,
    left: np.ndarray,
    colour: str,
    label: str,
    ink: str,
    **bar: Any,
) -> None:
    """One segment of a stacked count bar (status or light counts), each count written
    in the middle of its segment in ``ink`` (a colour readable on ``colour``)."""
    ax.barh(y, values, left=left, color=colour, label=label, height=0.62, edgecolor="white", **bar)
    for yi, (start, value) in enumerate(zip(left, values, strict=True)):
        if value >= 1:
            ax.text(
                start + value / 2,
                yi,
                f"{value:.0f}",
                ha="center",
                va="center",
                fontsize=8.5,
                color=ink,
            )


def _year_shares(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Share of the annual target reached and expected by now (NaN where not meaningful)."""
    n = len(data)
    if "expected" not in data or "target_value" not in data:
        return np.full(n, np.nan), np.full(n, np.nan)
    target = pd.to_numeric(data["target_value"], errors="coerce").to_numpy(dtype=float)
    actual = pd.to_numeric(data["actual"], errors="coerce").to_numpy(dtype=float)
    expected = pd.to_numeric(data["expected"], errors="coerce").to_numpy(dtype=float)
    growing = data["kind"].isin([c for c, k in KINDS.items() if k.grows]).to_numpy()
    ok = growing & (target > 0) & np.isfinite(expected)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(ok, actual / target, np.nan)
        trajectory = np.where(ok, expected / target, np.nan)
    return share, trajectory


def _years(data: pd.DataFrame, years: tuple[int, int] | None) -> tuple[str, str]:
    """Axis labels of a year-on-year pair: ("2021年", "2022年"), or 基期/本年 if unknown.

    The plan year is read from the ``period`` column (``2022``, ``2022-06`` …); the
    baseline is the year before it.
    """
    if years is not None:
        return f"{years[0]}年", f"{years[1]}年"
    found = set()
    for period in data.get("period", pd.Series(dtype=object)).dropna().astype(str):
        match = re.match(r"\s*(\d{4})", period)
        if match:
            found.add(int(match.group(1)))
    if len(found) == 1:
        year = found.pop()
        return f"{year - 1}年", f"{year}年"
    return "基期", "本年"


@_responsive
def direction_chart(
    targets: pd.DataFrame,
    *,
    title: str = "同比方向指标：本年与基期",
    years: tuple[int, int] | None = None,
    width: float = WIDE_WIDTH,
) -> Figure:
    """Draw direction targets (双下降 and the like) against their baseline year.

    For each target of kind ``direction`` with both values, a pair of bars: the baseline
    year in grey and this year coloured by status, so a fall or a rise reads at a glance.
    The bars are named by their years (2021年, 2022年), from ``years`` or else from the
    table's ``period`` (the baseline being the year before); 基期/本年 when neither is known.

    Parameters
    ----------
    targets : pandas.DataFrame
        ``ScoreResult.targets`` or a slice (columns ``target_id, title, kind, actual,
        baseline, status``; ``unit`` optional).
    title : str
        The chart title.
    years : (int, int), optional
        The baseline year and the plan year.
    width : float
        Largest figure width in inches (:data:`NARROW_WIDTH` for phones: two panels a row).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.scoring import score
    >>> from gutang_analysis.paths import DEFAULT_OUTCOMES
    >>> from gutang_analysis.paths import DEFAULT_BASELINE
    >>> plan = load_plan()
    >>> result = score(plan, load_outcomes(DEFAULT_OUTCOMES, plan),
    ...                baseline=load_outcomes(DEFAULT_BASELINE, plan))
    >>> len(direction_chart(result.targets).axes) >= 1
    True
    """
    use_house_style()
    data = targets[targets["kind"] == "direction"].copy()
    for column in ("actual", "baseline"):
        data[column] = pd.to_numeric(data[column], errors="coerce")
    data = data[np.isfinite(data["actual"]) & np.isfinite(data["baseline"])]
    if data.empty:
        message = "暂无同时具备本年与基期数据的同比方向指标"
        return _set_alt(_empty(Figure(figsize=(width, 1.6)), message), message)
    n = len(data)
    cols = min(n, 3 if width >= 6 else 2)
    rows = math.ceil(n / cols)
    before, now = _years(data, years)
    # Wide enough for the figure title (a single panel would otherwise clip it).
    width = min(width, max(2.8 * cols + 0.6, _text_width(title, 13) + 2 * _EDGE + 0.1))
    heading_text = _title_lines(title, width)
    extra = 0.24 * heading_text.count("\n")
    fig = Figure(figsize=(width, 2.7 * rows + 0.5 + extra))
    # Room for the figure title, two-line axes titles, value axis numbers and unit, years.
    heading = _EDGE + 0.35 + extra
    sub_title = 0.45
    fig.suptitle(
        heading_text,
        x=_EDGE / width,
        y=1 - _EDGE / fig.get_figheight(),
        ha="left",
        va="top",
        fontsize=13,
    )
    left, right, gap = _EDGE + 0.7, 0.2, 0.9
    cell = (width - left - right - (cols - 1) * gap) / cols
    _place(
        fig,
        left=left,
        right=right,
        top=heading + sub_title,
        bottom=_EDGE + _XTICKS,
        wspace=gap,
        hspace=_XTICKS + sub_title + 0.1,
        rows=rows,
        cols=cols,
    )
    statuses = chart_statuses(data["status"]).tolist()
    words = []
    for i, ((_, row), status) in enumerate(zip(data.iterrows(), statuses, strict=True)):
        ax = fig.add_subplot(rows, cols, i + 1)
        values = [row["baseline"], row["actual"]]
        ax.bar(
            [before, now],
            values,
            color=[STATUS_COLORS["no_data"], _status_color(status)],
            width=0.6,
        )
        unit = row.get("unit")
        unit = "" if unit is None or (isinstance(unit, float) and math.isnan(unit)) else str(unit)
        for x, value in enumerate(values):
            ax.text(x, value, f"{value:g}", ha="center", va="bottom", fontsize=8.5)
        if unit:
            ax.set_ylabel(unit, fontsize=9)
        title_text = str(row.get("title") or "").strip() or str(row["target_id"])
        ax.set_title(_wrap_title(title_text, cell), fontsize=10.5)
        ax.grid(axis="x", visible=False)
        ax.grid(axis="y", visible=True)
        ax.set_ylim(0, max(values) * 1.22 if max(values) > 0 else 1)
        if _is_count_unit(unit):
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        label = STATUS_LABELS.get(str(row["status"]), str(row["status"]))
        words.append(
            f"{title_text}：{before} {values[0]:g}{unit}，{now} {values[1]:g}{unit}，{label}"
        )
    return _set_alt(fig, "；".join(words))


@_responsive
def status_counts_chart(
    targets: pd.DataFrame, *, title: str = "各板块指标完成状态", width: float = WIDE_WIDTH
) -> Figure:
    """Draw how many targets of each programme are in each status (stacked bars).

    Parameters
    ----------
    targets : pandas.DataFrame
        ``ScoreResult.targets`` (columns ``section, section_name, status``).
    title : str
        The chart title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.scoring import score
    >>> from gutang_analysis.paths import DEFAULT_OUTCOMES
    >>> plan = load_plan()
    >>> fig = status_counts_chart(score(plan, load_outcomes(DEFAULT_OUTCOMES, plan)).targets)
    >>> fig.axes[0].get_xlabel()
    '指标数（项）'
    """
    use_house_style()
    if targets.empty:
        return _set_alt(_empty(Figure(figsize=(width, 1.0)), "暂无指标"), "暂无指标")
    order = list(dict.fromkeys(targets["section"]))
    names = targets.drop_duplicates("section").set_index("section")["section_name"]
    shown = chart_statuses(targets["status"])
    folded_done = bool((shown == "on_track").any() and targets["status"].isin(_DONE).any())
    counts = pd.crosstab(targets["section"], shown).reindex(order).fillna(0)
    statuses = [s for s in STATUS_ORDER if s in counts.columns]
    statuses += [s for s in counts.columns if s not in statuses]
    counts = counts[statuses].iloc[::-1]
    labels = [str(names.get(s, s)) for s in counts.index]
    ncols = min(len(statuses), 5 if width >= 6 else 3)
    legend = _LEGEND_ROW * math.ceil(len(statuses) / ncols)
    fig = Figure(figsize=(width, max(2.4, 0.5 * len(counts) + 1.3 + legend)))
    top = _title_room(title, width)
    fig.set_figheight(fig.get_figheight() + top - _TITLE)
    _place(fig, left=_label_margin(labels), top=top, bottom=_EDGE + _XAXIS + legend)
    ax = fig.add_subplot()
    left = np.zeros(len(counts))
    y = np.arange(len(counts))
    for status in statuses:
        values = counts[status].to_numpy(dtype=float)
        stacked_counts(
            ax,
            y,
            values,
            left,
            _status_color(status),
            _status_label(status, folded_done),
            STATUS_TEXT_COLORS.get(status, "#111111"),
            linewidth=0.8,
        )
        left += values
    ax.set_yticks(y, labels)
    ax.set_xlabel("指标数（项）")
    _set_title(fig, ax, title)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    handles, names_ = _row_major(*ax.get_legend_handles_labels(), ncols)
    fig.legend(handles, names_, loc="lower center", bbox_to_anchor=(0.5, 0.02), ncols=ncols)
    words = []
    for section, label in zip(counts.index[::-1], labels[::-1], strict=True):
        parts = [
            f"{_status_label(s, folded_done)} {int(counts.loc[section, s])} 项"
            for s in statuses
            if counts.loc[section, s] >= 1
        ]
        words.append(f"{label}：{'、'.join(parts) or '无指标'}")
    return _set_alt(fig, "；".join(words))


@_responsive
def section_scores_chart(
    sections: pd.DataFrame,
    *,
    overall: float | None = None,
    title: str = "各板块得分",
    width: float = WIDE_WIDTH,
) -> Figure:
    """Draw each programme's score (0–100), with the overall score as a reference line.

    Parameters
    ----------
    sections : pandas.DataFrame
        ``ScoreResult.sections`` (columns ``section_name`` and ``score``; ``coverage``
        optional, shown beside the bar).
    overall : float, optional
        The overall score, drawn as a dashed line.
    title : str
        The chart title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.scoring import score
    >>> from gutang_analysis.paths import DEFAULT_OUTCOMES
    >>> plan = load_plan()
    >>> result = score(plan, load_outcomes(DEFAULT_OUTCOMES, plan))
    >>> fig = section_scores_chart(result.sections, overall=result.overall["score"])
    >>> fig.axes[0].get_xlabel()
    '得分'
    """
    use_house_style()
    data = sections.copy()
    data["score"] = pd.to_numeric(data["score"], errors="coerce")
    if data.empty:
        return _set_alt(_empty(Figure(figsize=(width, 1.6)), "暂无板块得分"), "暂无板块得分")
    data = data.iloc[::-1]
    fig = Figure(figsize=(width, max(2.2, 0.45 * len(data) + 1.2)))
    labels = [str(n) for n in data["section_name"]]
    top = _title_room(title, width)
    fig.set_figheight(fig.get_figheight() + top - _TITLE)
    _place(fig, left=_label_margin(labels), top=top, bottom=_EDGE + _XAXIS)
    y = np.arange(len(data))
    scores = data["score"].to_numpy(dtype=float)
    ax = fig.add_subplot()
    ax.barh(y, np.nan_to_num(scores), color=PALETTE[0], height=0.6)
    coverage = data["coverage"] if "coverage" in data else pd.Series(np.nan, index=data.index)
    texts = []
    for value, cov in zip(scores, coverage, strict=True):
        text = "未评分" if not np.isfinite(value) else f"{value:.1f}"
        if pd.notna(cov):
            text += f"（覆盖 {float(cov):.0%}）"
        texts.append(text)
    line = overall if overall is not None and np.isfinite(overall) else None
    top = np.nanmax(scores) if np.isfinite(scores).any() else 100
    axes_width = fig.get_figwidth() * (fig.subplotpars.right - fig.subplotpars.left)
    xmax = max(110.0, float(top) + 25)
    starts = []
    for _ in range(3):  # the label widths in data units depend on the axis range
        per_inch = xmax / axes_width
        starts = []
        for value, text in zip(scores, texts, strict=True):
            start = (value if np.isfinite(value) else 0.0) + 1.5
            width = _text_width(text, 8.5) * per_inch
            # A label the 总分 line would cross moves to the right of the line.
            if line is not None and start - 0.8 < line < start + width + 0.8:
                start = line + 1.5
            starts.append((start, width))
        xmax = max(xmax, max(a + w for a, w in starts) + 2.0)
    for yi, ((start, _), text) in enumerate(zip(starts, texts, strict=True)):
        ax.text(start, yi, text, va="center", fontsize=8.5)
    if line is not None:
        ax.axvline(line, color=PALETTE[1], linestyle="--", linewidth=1.4, zorder=3)
        # Above the top bar and right of the line, clear of every value label.
        ax.text(
            line + 0.8,
            len(data) - 0.45,
            f"总分 {line:.2f}",
            color=PALETTE[1],
            fontsize=9,
            va="bottom",
        )
    ax.set_ylim(-0.6, len(data) + 0.05)
    ax.set_yticks(y, labels)
    ax.set_xlim(0, xmax)
    ax.set_xlabel("得分")
    _set_title(fig, ax, title)
    words = [
        f"{name} {'未评分' if not np.isfinite(v) else f'{v:.1f} 分'}"
        + (f"（覆盖 {float(c):.0%}）" if pd.notna(c) else "")
        for name, v, c in zip(labels, scores, coverage, strict=True)
    ][::-1]
    if line is not None:
        words.append(f"总分 {line:.2f} 分")
    return _set_alt(fig, "；".join(words))


def figure_png(fig: Figure, dpi: float | None = None) -> bytes:
    """Render a figure to PNG bytes in the house style (``dpi`` defaults to the house 120).

    Examples
    --------
    >>> fig = Figure()
    >>> figure_png(fig)[:4]
    b'\\x89PNG'
    """
    buffer = io.BytesIO()
    with house_style():
        fig.savefig(buffer, format="png", pil_kwargs=_PNG_OPTIONS, dpi=dpi or "figure")
    return buffer.getvalue()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def figure_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """Return a figure as an HTML ``<figure>`` with the PNG embedded as a data: URI.

    The alternative text is ``alt`` followed by the chart's data in words
    (:func:`chart_alt`). The chart is drawn once and serves every screen: print and
    desktop show it full width; on a phone (report template) it keeps a width at which its
    smallest text is at least 9 px high, inside a container that scrolls sideways
    (``gutang-scroll``). The alternative text and the caption are escaped, so user text
    cannot inject markup.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The chart.
    alt : str
        What the chart shows, for readers who cannot see it.
    caption : str, optional
        A caption under the chart.

    Examples
    --------
    >>> for part in figure_html(Figure(figsize=(1, 1)), "空图 <示例>").split(",")[0].split("><"):
    ...     print(part)
    <figure class="gutang-chart"
    div class="gutang-scroll"
    img alt="空图 &lt;示例&gt;" src="data:image/png;base64
    """
    return _figure_tag(_cached_png(fig), chart_alt(fig, alt), caption)


def _figure_tag(png: bytes, alt: str, caption: str | None = None) -> str:
    img = (
        f'<img alt="{html.escape(alt)}" src="{_data_uri(png)}" style="max-width:100%;height:auto"/>'
    )
    parts = ['<figure class="gutang-chart"><div class="gutang-scroll">', img, "</div>"]
    if caption:
        parts.append(f"<figcaption>{html.escape(caption)}</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def show(figs: Figure | Sequence[Figure], alt: str | Sequence[str] = "图表") -> None:
    """Display one or more figures in a notebook as embedded images.

    Parameters
    ----------
    figs : Figure or sequence of Figure
        The charts to show, in order.
    alt : str or sequence of str
        Alternative text, one for all or one per figure; the chart's data in words is
        added to it (:func:`chart_alt`).
    """
    from IPython.display import HTML, display

    if isinstance(figs, Figure):
        figs = [figs]
    alts = [alt] * len(figs) if isinstance(alt, str) else list(alt)
    display(HTML("".join(figure_html(f, a) for f, a in zip(figs, alts, strict=True))))
