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
    "STATUS_TEXT_COLORS",
    "STRENGTH_LABELS",
    "contrast_ratio",
    "text_colour_on",
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


#: Colour-blind-aware traffic-light palette (hex). Each colour carries its label in a
#: text colour from :data:`STATUS_TEXT_COLORS` with a WCAG contrast of at least 4.5:1, so
#: the label stays readable on screen and when printed in grey (contrast is a ratio of
#: luminances, which a grey printout keeps).
STATUS_COLORS: dict[str, str] = {
    "exceeded": "#1a7f4b",
    "met": "#4caf72",
    "on_track": "#4caf72",
    "nearly_met": "#a6d96a",
    "partial": "#f2b134",
    "behind": "#f2b134",
    "not_met": "#c0392b",
    "no_data": "#9e9e9e",
    "not_assessable": "#c7c7c7",
}

#: Text colours for labels drawn on the status colours.
_DARK_TEXT = "#111111"
_LIGHT_TEXT = "#ffffff"


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21).

    Examples
    --------
    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    """
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: str) -> str:
    """The dark or light text colour with the higher contrast on ``background``.

    Examples
    --------
    >>> text_colour_on("#a6d96a"), text_colour_on("#1a7f4b")
    ('#111111', '#ffffff')
    """
    dark, light = contrast_ratio(background, _DARK_TEXT), contrast_ratio(background, _LIGHT_TEXT)
    return _DARK_TEXT if dark >= light else _LIGHT_TEXT


#: Status code -> text colour for its label on :data:`STATUS_COLORS` (dark on light chips).
STATUS_TEXT_COLORS: dict[str, str] = {s: text_colour_on(c) for s, c in STATUS_COLORS.items()}

#: Series colours for charts that are not about status.
PALETTE: tuple[str, ...] = ("#1f5aa6", "#e08a2c", "#5b8f3a", "#8c5aa6", "#b0413e", "#4a9fb5")
