"""The house vocabulary and colours: one place for status labels and the palette.

Tables (``display``) and charts (``charts``) both read from here, so a status looks the
same wherever it appears.
"""

from __future__ import annotations

# The labels live in one vocabulary (labels.py); they are re-exported here for tables and
# charts that read colours and labels together.
from .labels import KIND_LABELS, STATUS_LABELS, STRENGTH_LABELS

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


#: Series colours for charts that are not about status.
PALETTE: tuple[str, ...] = ("#1f5aa6", "#e08a2c", "#5b8f3a", "#8c5aa6", "#b0413e", "#4a9fb5")
