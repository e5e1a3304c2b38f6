"""The JSON summary of a report: banner, overall, programmes, targets, warnings, provenance."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from .phrases import _outcome_records, _text, actual_texts, banner_text
from .provenance import Provenance

__all__ = ["SUMMARY_TARGET_FIELDS", "summary_dict", "write_summary_json"]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


#: The per-target fields of the JSON summary, in order.
SUMMARY_TARGET_FIELDS: tuple[str, ...] = (
    "target_id",
    "section",
    "title",
    "status",
    "status_label",
    "actual",
    "unit",
    "actual_text",
    "stage",
    "rating",
    "ratio",
    "score",
    "cause",
    "remedy",
    "office",
    "evidence",
)


def _summary_targets(result: Any, outcomes: pd.DataFrame | None) -> list[dict[str, Any]]:
    records = _outcome_records(outcomes)
    texts = actual_texts(result, outcomes)
    rows = []
    for r in result.targets.itertuples(index=False):
        rec = records.get((str(r.target_id), str(getattr(r, "period", ""))), {})
        row = {
            "target_id": r.target_id,
            "section": r.section,
            "title": r.title,
            "status": r.status,
            "status_label": r.status_label,
            "actual": r.actual,
            "unit": _text(r.unit) or None,
            "actual_text": texts.get(r.target_id) or None,
            "stage": _text(rec.get("stage")) or None,
            "rating": _text(rec.get("rating")) or None,
            "ratio": r.ratio,
            "score": r.score,
            "cause": _text(r.cause) or None,
            "remedy": _text(r.remedy) or None,
            "office": _text(r.office) or None,
            "evidence": _text(r.evidence) or None,
        }
        rows.append({k: row[k] for k in SUMMARY_TARGET_FIELDS})
    return _plain(rows)


def summary_dict(
    result: Any, provenance: Provenance | None = None, outcomes: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The JSON summary: banner, overall, per programme, per target, warnings, provenance.

    ``banner`` is the illustrative-data banner (示例数据) when any input of the report is
    illustrative, else None. Each target row carries :data:`SUMMARY_TARGET_FIELDS`:
    ``actual_text`` is what a reader sees (``56家``, ``第 3 名``, the stage or rating, or
    what the analyst typed), ``stage`` and ``rating`` come from ``outcomes``.
    ``provenance`` carries the SHA-256 of every input (plan, outcomes, baseline, policy)
    and the build time in ISO 8601 with its UTC offset. A build adds a ``build`` entry
    (when, and the reports of that build).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> data = summary_dict(ctx.result, ctx.provenance, ctx.outcomes)
    >>> sorted(data)
    ['banner', 'overall', 'provenance', 'sections', 'targets', 'warnings']
    >>> data["banner"]
    '本报告使用示例数据（虚构），不是官方统计'
    >>> rank = next(t for t in data["targets"] if t["target_id"] == "econ-investment-rank")
    >>> rank["actual_text"]
    '第 3 名'
    """
    return {
        "banner": banner_text(result, provenance),
        "overall": _plain(dict(result.overall)),
        "sections": _plain(result.sections.to_dict(orient="records")),
        "targets": _summary_targets(result, outcomes),
        "warnings": [str(w) for w in result.warnings],
        "provenance": provenance.as_dict() if provenance is not None else None,
    }


def write_summary_json(
    result: Any,
    path: str | Path,
    provenance: Provenance | None = None,
    outcomes: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`summary_dict` as UTF-8 JSON (Chinese kept readable)."""
    out = Path(path)
    out.write_text(
        json.dumps(
            summary_dict(result, provenance, outcomes), ensure_ascii=False, indent=2, default=str
        ),
        encoding="utf-8",
    )
    return out
