"""Small value helpers shared by the modules that say figures in words."""

from __future__ import annotations

import math

__all__ = ["format_amount", "num", "text", "total_text"]


def num(value: object) -> float | None:
    """A float, or None for anything missing or not a number.

    Examples
    --------
    >>> num("1.5"), num(None), num(float("nan")), num("abc")
    (1.5, None, None, None)
    """
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def text(value: object) -> str:
    """Stripped text, or ``''`` for anything missing (None, NaN, pandas.NA, NaT).

    Examples
    --------
    >>> text("  家 "), text(None), text(float("nan"))
    ('家', '', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        if value != value:  # pandas.NA, NaT
            return ""
    except (TypeError, ValueError):
        return ""
    return str(value).strip()


def format_amount(value: float) -> str:
    """A number as the plan writes it: no trailing zeros, thousands separated.

    Examples
    --------
    >>> format_amount(1800.0), format_amount(1.25), format_amount(12000.5)
    ('1,800', '1.25', '12,000.5')
    """
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def total_text(value: object) -> str:
    """The official total (``overall["score"]``) as every report writes it: two decimals,
    the precision of the self-evaluation form, so the number reads the same everywhere.

    Examples
    --------
    >>> total_text(83.03), total_text(87.0), total_text(None)
    ('83.03', '87.00', '—')
    """
    value = num(value)
    return "—" if value is None else f"{value:.2f}"
