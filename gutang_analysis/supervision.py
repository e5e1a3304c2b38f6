"""Supervision through the year (督查督办): the first release's names, in one place.

The work is split by job; import from these modules in new code:

- :mod:`gutang_analysis.lights`: the 三色预警 rule (:func:`light`, :func:`movement`),
  every target judged and lit at one period (:func:`assess`), the mid-year light column;
- :mod:`gutang_analysis.periods`: office submissions combined (:func:`combine_submissions`),
  every period of a plan year read and lit (:func:`load_periods`, :class:`PeriodSet`),
  the periods of a run (:func:`periods_of_run`);
- :mod:`gutang_analysis.ledger`: the 督查台账 and the 督查 pages (HTML, charts), the xlsx
  and JSON downloads and the notebooks' front door (:func:`open_periods`).

This module only re-exports them, so ``from gutang_analysis import supervision as sv``
and ``sv.open_periods(run)`` keep working.
"""

from __future__ import annotations

from .ledger import (
    LEDGER_COLUMNS,
    appendix_html,
    banner_html,
    chip,
    counts_html,
    header_html,
    items_html,
    ledger_html,
    lights_chart,
    lights_chart_html,
    offices_html,
    open_periods,
    owner_line,
    paragraphs_html,
    sources_html,
    summary_sentences,
    trend_html,
    urge_html,
    verdict_html,
    with_commitment,
    write_ledger_json,
    write_ledger_xlsx,
)
from .lights import (
    LIGHT_COLORS,
    LIGHT_LABELS,
    LIGHTS,
    NO_LIGHT,
    TREND_LABELS,
    assess,
    light,
    midyear_lights,
    movement,
)
from .owners import owners_of_folder, shortfall_owners
from .periods import (
    PeriodSet,
    Submission,
    available,
    combine_submissions,
    load_periods,
    offices_of_run,
    period_label,
    periods_of_run,
)

__all__ = [
    "LEDGER_COLUMNS",
    "LIGHTS",
    "LIGHT_COLORS",
    "LIGHT_LABELS",
    "NO_LIGHT",
    "TREND_LABELS",
    "PeriodSet",
    "Submission",
    "appendix_html",
    "assess",
    "available",
    "banner_html",
    "chip",
    "combine_submissions",
    "counts_html",
    "header_html",
    "items_html",
    "ledger_html",
    "light",
    "lights_chart",
    "lights_chart_html",
    "load_periods",
    "midyear_lights",
    "movement",
    "offices_html",
    "offices_of_run",
    "open_periods",
    "owner_line",
    "owners_of_folder",
    "paragraphs_html",
    "period_label",
    "periods_of_run",
    "shortfall_owners",
    "sources_html",
    "summary_sentences",
    "trend_html",
    "urge_html",
    "verdict_html",
    "with_commitment",
    "write_ledger_json",
    "write_ledger_xlsx",
]
