"""The JSON summary of a report: banner, overall, programmes, targets, warnings, provenance.

Format version 2: every float is rounded where it is written (scores to 1 decimal,
ratios, coverages and weight shares to 4, other values to 6 significant places), so a
reader never sees ``109.99999999999999``; each target carries what the plan says of it
(kind, strength, weight, source text, target value, unit, the target as a phrase) next to
what was reached (actual, baseline).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic
from .kinds import get_kind
from .phrases import _outcome_records, _text, actual_texts, banner_text, target_text
from .provenance import Provenance

__all__ = [
    "SUMMARY_FORMAT_VERSION",
    "SUMMARY_TARGET_FIELDS",
    "rounded",
    "summary_dict",
    "write_summary_json",
]

#: The version of the JSON summary's layout (2: rounded values, the plan's own fields per
#: target, the reading it shows).
SUMMARY_FORMAT_VERSION = 2

#: Keys whose values are scores (points out of 100): two decimals, the precision of the
#: official total and of the self-evaluation form.
_SCORE_KEYS = frozenset({"score", "conservative_score", "min_score", "scored_mean", "bonus_points"})
#: Keys whose values are shares of 1 (ratios, coverage, weight shares): four decimals.
_SHARE_KEYS = frozenset(
    {
        "ratio",
        "schedule_ratio",
        "coverage",
        "min_coverage",
        "effective_weight",
        "official_weight",
        "weight_share",
        "share",
    }
)


def rounded(key: str | None, value: float) -> float:
    """A float as the JSON summary writes it: scores to 2 decimals, shares to 4, any other
    value to 6 significant digits (no binary noise such as ``109.99999999999999``).

    Examples
    --------
    >>> rounded("score", 109.99999999999999), rounded("ratio", 0.866666666)
    (110.0, 0.8667)
    >>> rounded("actual", 1.83000000000002), rounded("actual", 0.000123456789)
    (1.83, 0.000123457)
    """
    if key in _SCORE_KEYS:
        return round(value, 2)
    if key in _SHARE_KEYS:
        return round(value, 4)
    if value == 0:
        return 0.0
    return float(f"{value:.6g}")


def _plain(value: Any, key: str | None = None) -> Any:
    if hasattr(value, "item") and not isinstance(value, dict | list | tuple | str):
        return _plain(value.item(), key)
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else rounded(key, value)
    if isinstance(value, dict):
        return {str(k): _plain(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v, key) for v in value]
    return value


#: The per-target fields of the JSON summary, in order.
SUMMARY_TARGET_FIELDS: tuple[str, ...] = (
    "target_id",
    "section",
    "section_name",
    "title",
    "source_text",
    "kind",
    "kind_label",
    "strength",
    "target",
    "target_value",
    "unit",
    "weight",
    "effective_weight",
    "official_weight",
    "status",
    "status_label",
    "actual",
    "actual_text",
    "baseline",
    "expected",
    "stage",
    "rating",
    "ratio",
    "score",
    "rule",
    "flag",
    "cause",
    "remedy",
    "office",
    "partners",
    "lead",
    "reporting_office",
    "evidence",
)


def _summary_targets(
    result: Any, outcomes: pd.DataFrame | None, plan: Any = None
) -> list[dict[str, Any]]:

    records = _outcome_records(outcomes)
    texts = actual_texts(result, outcomes)
    plan_rows = plan.targets.set_index("target_id") if plan is not None else pd.DataFrame()
    rows = []
    for r in result.targets.itertuples(index=False):
        rec = records.get((str(r.target_id), str(getattr(r, "period", ""))), {})
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        for key in ("target_value", "unit", "strength"):
            p.setdefault(key, getattr(r, key))
        spec = get_kind(r.kind)
        row = {
            "target_id": r.target_id,
            "section": r.section,
            "section_name": _text(r.section_name) or None,
            "title": r.title,
            "source_text": _text(p.get("source_text")) or None,
            "kind": r.kind,
            "kind_label": spec.label if spec is not None else None,
            "strength": _text(r.strength) or None,
            "target": target_text(p) or None,
            "target_value": r.target_value,
            "unit": _text(r.unit) or None,
            "weight": r.weight,
            "effective_weight": r.effective_weight,
            "official_weight": getattr(r, "official_weight", None),
            "status": r.status,
            "status_label": r.status_label,
            "actual": r.actual,
            "actual_text": texts.get(r.target_id) or None,
            "baseline": r.baseline,
            "expected": r.expected,
            "stage": _text(rec.get("stage")) or None,
            "rating": _text(rec.get("rating")) or None,
            "ratio": r.ratio,
            "score": r.score,
            "rule": _text(r.rule) or None,
            "flag": _text(r.flag) or None,
            "cause": _text(r.cause) or None,
            "remedy": _text(r.remedy) or None,
            "office": _text(r.office) or None,
            "partners": _text(getattr(r, "partners", None)) or None,
            "lead": _text(getattr(r, "lead", None)) or None,
            "reporting_office": _text(getattr(r, "reporting_office", None)) or None,
            "evidence": _text(r.evidence) or None,
        }
        rows.append({k: row[k] for k in SUMMARY_TARGET_FIELDS})
    return _plain(rows)


def _sensitivity(result: Any) -> list[dict[str, Any]] | None:
    try:
        sens = result.sensitivity()
    except Exception:  # an empty result has no readings to compare
        return None
    return _plain(sens.to_dict(orient="records"))


def summary_dict(
    result: Any,
    provenance: Provenance | None = None,
    outcomes: pd.DataFrame | None = None,
    plan: Any = None,
    section: str | None = None,
) -> dict[str, Any]:
    """The JSON summary: banner, overall, per programme, per target, warnings, provenance.

    ``format_version`` is :data:`SUMMARY_FORMAT_VERSION`. ``reading`` says which figures
    these are: ``year_end`` or ``midyear`` with its ``as_of`` date. ``banner`` is the
    illustrative-data banner (示例数据) when any input of the report is illustrative, else
    None. Each target row carries :data:`SUMMARY_TARGET_FIELDS`: ``actual`` is the value
    reached in the target's unit, ``actual_text`` what a reader sees (``56家``,
    ``第 3 名``, the stage or rating, or what the analyst typed), ``target`` the target as
    the plan says it (``50家以上``), ``baseline`` the baseline-year value (for any kind:
    see docs/methodology.md), ``stage`` and ``rating`` come from ``outcomes``;
    ``source_text`` (the plan's sentence) needs ``plan``. ``sensitivity`` holds the
    readings of :meth:`ScoreResult.sensitivity`. ``provenance`` carries the SHA-256 of
    every input (plan, outcomes, baseline, policy) and the build time in ISO 8601 with
    its UTC offset. A build adds a ``build`` entry (when, and the reports of that build).
    Every float is rounded (:func:`rounded`). With ``section`` the programmes and targets
    are those of one programme (a section review's JSON); ``overall`` stays the plan's.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> data = summary_dict(ctx.result, ctx.provenance, ctx.outcomes, ctx.plan)
    >>> sorted(data)  # doctest: +NORMALIZE_WHITESPACE
    ['banner', 'format_version', 'overall', 'provenance', 'reading', 'section', 'sections',
     'sensitivity', 'targets', 'warnings']
    >>> part = summary_dict(ctx.result, ctx.provenance, ctx.outcomes, ctx.plan, "economy")
    >>> {t["section"] for t in part["targets"]}, len(part["sections"])
    ({'economy'}, 1)
    >>> data["format_version"], data["reading"]
    (2, {'midyear': False, 'as_of': None})
    >>> data["banner"]
    '本报告使用示例数据（虚构），不是官方统计'
    >>> rank = next(t for t in data["targets"] if t["target_id"] == "econ-investment-rank")
    >>> rank["actual_text"]
    '第 3 名'
    >>> fdi = next(t for t in data["targets"] if t["target_id"] == "econ-fdi-utilised")
    >>> fdi["target"], fdi["actual"], fdi["ratio"], fdi["score"]
    ('300万美元以上', 210.0, 0.7, 70.0)
    """
    as_of = getattr(result, "as_of", None)
    midyear = bool(result.overall.get("midyear", False))
    if section is not None:
        from dataclasses import replace

        result = replace(
            result,
            targets=result.targets[result.targets["section"] == section],
            sections=result.sections[result.sections["section"] == section],
        )
    return {
        "format_version": SUMMARY_FORMAT_VERSION,
        "section": section,
        "reading": {
            "midyear": midyear,
            "as_of": as_of.isoformat() if midyear and as_of is not None else None,
        },
        "banner": banner_text(result, provenance),
        "overall": _plain(dict(result.overall)),
        "sections": _plain(result.sections.to_dict(orient="records")),
        "targets": _summary_targets(result, outcomes, plan),
        "sensitivity": _sensitivity(result),
        "warnings": [str(w) for w in result.warnings],
        "provenance": provenance.as_dict() if provenance is not None else None,
    }


def write_summary_json(
    result: Any,
    path: str | Path,
    provenance: Provenance | None = None,
    outcomes: pd.DataFrame | None = None,
    plan: Any = None,
    section: str | None = None,
) -> Path:
    """Write :func:`summary_dict` as UTF-8 JSON (Chinese kept readable)."""

    return write_atomic(
        Path(path),
        json.dumps(
            summary_dict(result, provenance, outcomes, plan, section),
            ensure_ascii=False,
            indent=2,
            default=str,
        ),
        what="JSON 汇总",
    )
