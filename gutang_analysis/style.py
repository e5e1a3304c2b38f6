"""The house vocabulary and colours: one place for status labels and the palette.

Tables (``display``) and charts (``charts``) both read from here, so a status looks the
same wherever it appears.
"""

from __future__ import annotations

from .kinds import KINDS

__all__ = [
    "KIND_LABELS",
    "PALETTE",
    "STATUS_COLORS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "STRENGTH_LABELS",
]

#: Status codes in reading order (best first), year-end then mid-year.
STATUS_ORDER: tuple[str, ...] = (
    "exceeded",
    "met",
    "on_track",
    "nearly_met",
    "partial",
    "behind",
    "not_met",
    "no_data",
    "not_assessable",
)

STATUS_LABELS: dict[str, str] = {
    "exceeded": "超额完成",
    "met": "完成",
    "nearly_met": "基本完成",
    "partial": "部分完成",
    "not_met": "未完成",
    "no_data": "未报送",
    "not_assessable": "无法评估",
    "on_track": "进度正常",
    "behind": "进度滞后",
}

#: Colour-blind-aware traffic-light palette (hex), readable when printed in grey.
STATUS_COLORS: dict[str, str] = {
    "exceeded": "#1a7f4b",
    "met": "#4caf72",
    "on_track": "#4caf72",
    "nearly_met": "#a6d96a",
    "partial": "#f2b134",
    "behind": "#f2b134",
    "not_met": "#d7453c",
    "no_data": "#9e9e9e",
    "not_assessable": "#c7c7c7",
}

#: Kind code -> Chinese label (from the kinds registry, :mod:`gutang_analysis.kinds`).
KIND_LABELS: dict[str, str] = {code: k.label for code, k in KINDS.items()}

STRENGTH_LABELS: dict[str, str] = {
    "确保": "确保（刚性）",
    "力争": "力争（争取）",
    "争创": "争创（争取）",
}

#: Series colours for charts that are not about status.
PALETTE: tuple[str, ...] = ("#1f5aa6", "#e08a2c", "#5b8f3a", "#8c5aa6", "#b0413e", "#4a9fb5")
