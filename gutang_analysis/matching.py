"""Which targets of two plans measure the same thing.

Targets of one plan match by their id. Targets of two plans (two years of one town, two
towns of a district) never do: ids are generated per plan, and ``s1-01`` of one town's
draft has nothing to do with ``s1-01`` of another's. Across plans a pair must measure the
same thing, in this order of confidence:

1. **指标名称相同**: the same indicator name once spaces, punctuation and figures are
   taken out (:func:`indicator_key`: ``实际利用外资3亿美元`` = ``实际利用外资 3.5 亿美元``);
2. **同一指标（指标登记表）**: both names contain a spelling of one indicator of the
   registry ``data/indicators.yaml`` (``GDP增长`` and ``地区生产总值增长``);
3. **名称相近**: the names are at least :data:`SIMILAR` alike (difflib ratio).

and in every case the same *measure*: the same family of target kind (a growth rate is
never paired with an amount, a count never with a milestone) and units of one family of
the unit registry (亿元 with 万元, never 亿元 with 家). Each pair says how it was made; a
target that fits none stays unmatched. Nothing here reads a file except the registry.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from . import paths
from ._validation import read_yaml
from .errors import PlanError, Problem
from .kinds import get_kind
from .units import load_units

__all__ = [
    "METHODS",
    "SIMILAR",
    "indicator_key",
    "indicator_name",
    "load_indicators",
    "match_targets",
    "measure_of",
]

#: How a pair was made, as readers see it (``{name}``, ``{ratio}`` filled in).
METHODS: dict[str, str] = {
    "target_id": "目标编号（同一计划）",
    "title": "指标名称相同",
    "registry": "同一指标（指标登记表：{name}）",
    "similar": "名称相近（相似度 {ratio:.0%}）",
}

#: The least difflib ratio of two indicator names for a 名称相近 pair.
SIMILAR = 0.8


_DROP = re.compile(r"[\s\d.,，。、;；:：%％()（）\[\]【】《》<>\"'“”‘’·\-—_/～~+]+")


def indicator_key(title: Any) -> str:
    """The indicator a title names: width-normalised, without spaces, punctuation, figures.

    Examples
    --------
    >>> indicator_key("实际利用外资3亿美元") == indicator_key("实际利用外资 3.5 亿美元")
    True
    >>> indicator_key("ＰＭ２.５浓度同比下降")
    'pm浓度同比下降'
    """
    text = unicodedata.normalize("NFKC", str(title or "")).lower()
    return _DROP.sub("", text)


def _locate(loc: tuple, data: Any) -> tuple[str | None, str | None]:
    return ("indicators" + "".join(f"[{p}]" for p in loc[1:2]) if loc else None), (
        str(loc[-1]) if loc else None
    )


@cache
def _registry(path: str) -> tuple[tuple[str, str], ...]:
    """(spelling key, indicator name) pairs, longest spelling first."""
    file = Path(path)
    data = read_yaml(file, PlanError, "指标登记表")
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), dict):
        raise PlanError(
            "指标登记表格式不对",
            [Problem(str(file), None, "indicators", None, "指标名称到其各种叫法（列表）的映射")],
        )
    if data.get("format_version", 1) != 1:
        problems.append(Problem(str(file), None, "format_version", data["format_version"], "1"))
    pairs: dict[str, str] = {}
    for name, spellings in data["indicators"].items():
        if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
            problems.append(
                Problem(str(file), f"indicators.{name}", "叫法", spellings, "文本列表，如 [GDP]")
            )
            continue
        for spelling in [str(name), *spellings]:
            key = indicator_key(spelling)
            if not key:
                problems.append(
                    Problem(str(file), f"indicators.{name}", "叫法", spelling, "含文字的叫法")
                )
            elif pairs.get(key, name) != name:
                problems.append(
                    Problem(
                        str(file),
                        f"indicators.{name}",
                        "叫法",
                        spelling,
                        f"只属于一个指标的叫法（已登记在“{pairs[key]}”下）",
                    )
                )
            else:
                pairs[key] = str(name)
    if problems:
        raise PlanError("指标登记表有错误", problems)
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


def load_indicators(path: str | Path | None = None) -> dict[str, str]:
    """The indicators registry: spelling (as :func:`indicator_key`) → indicator name.

    Examples
    --------
    >>> load_indicators()["gdp"]
    '地区生产总值'
    """
    return dict(_registry(str(Path(path or paths.INDICATORS_FILE).resolve())))


def indicator_name(title: Any) -> str | None:
    """The registry's indicator a title names (the longest spelling it contains), or None.

    Examples
    --------
    >>> indicator_name("GDP增长7%"), indicator_name("全年地区生产总值增长8%以上")
    ('地区生产总值', '地区生产总值')
    >>> indicator_name("农村居民人均可支配收入增长6%"), indicator_name("以商招商")
    ('农村居民人均可支配收入', None)
    """
    key = indicator_key(title)
    if not key:
        return None
    for spelling, name in _registry(str(paths.INDICATORS_FILE.resolve())):
        if spelling in key:
            return name
    return None


def measure_of(kind: Any, unit: Any, units: Any = None) -> tuple[str, str]:
    """(kind family, unit family) of a target: two targets can pair only when equal.

    Examples
    --------
    >>> measure_of("at_least", "亿元") == measure_of("exact", "万元")
    True
    >>> measure_of("growth", "%") == measure_of("rate", "%")
    False
    """
    found = get_kind(kind)
    family = found.family if found is not None else str(kind)
    text = "" if unit is None or (isinstance(unit, float) and unit != unit) else str(unit)
    if (found is not None and not found.numeric) or not text:
        return family, ""
    if units is None:
        units = load_units()
    try:
        return family, units.family(text)
    except Exception:  # a unit only the plan's own units file knows: compare by name
        return family, text


def _rows(frame: Any, units: Any) -> list[dict[str, Any]]:
    cols = set(frame.columns)
    out = []
    for r in frame.to_dict("records"):
        title = r.get("title")
        unit = r.get("unit") if "unit" in cols else None
        out.append(
            {
                "id": str(r["target_id"]),
                "key": indicator_key(title),
                "name": indicator_name(title),
                "measure": measure_of(r.get("kind"), unit, units),
            }
        )
    return out


def match_targets(
    a: Any,
    b: Any,
    *,
    same_plan: bool = False,
    units_a: Any = None,
    units_b: Any = None,
) -> list[tuple[str, str, str]]:
    """Pairs of targets of ``a`` and ``b`` that measure the same thing.

    Parameters
    ----------
    a, b : pandas.DataFrame
        Targets (``target_id``, ``title``, ``kind``, ``unit``): a plan's targets or a
        result's.
    same_plan : bool
        Both are of one plan: ids match first.
    units_a, units_b : UnitRegistry, optional
        The plans' unit registries (their own ``units.yaml`` included).

    Returns
    -------
    list of (id in a, id in b, how)
        ``how`` in Chinese (:data:`METHODS`). Each target is in one pair at most.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"target_id": ["s1-01", "s1-02"], "title": ["以商招商", "GDP增长"],
    ...                   "kind": ["qualitative", "growth"], "unit": [None, "%"]})
    >>> b = pd.DataFrame({"target_id": ["s1-01", "s1-02"],
    ...                   "title": ["粮食总产量", "地区生产总值增长"],
    ...                   "kind": ["at_least", "growth"], "unit": ["万吨", "%"]})
    >>> match_targets(a, b)
    [('s1-02', 's1-02', '同一指标（指标登记表：地区生产总值）')]
    """
    pairs: list[tuple[str, str, str]] = []
    if same_plan:
        in_b = {str(t) for t in b["target_id"]}
        pairs += [(str(t), str(t), METHODS["target_id"]) for t in a["target_id"] if str(t) in in_b]
    done_a, done_b = {p[0] for p in pairs}, {p[1] for p in pairs}
    ra = [r for r in _rows(a, units_a) if r["id"] not in done_a and r["key"]]
    rb = [r for r in _rows(b, units_b) if r["id"] not in done_b and r["key"]]
    candidates: list[tuple[int, float, int, int, str]] = []
    for i, x in enumerate(ra):
        for j, y in enumerate(rb):
            if x["measure"] != y["measure"]:
                continue
            if x["key"] == y["key"]:
                candidates.append((3, 1.0, i, j, METHODS["title"]))
            elif x["name"] is not None and x["name"] == y["name"]:
                ratio = difflib.SequenceMatcher(None, x["key"], y["key"]).ratio()
                candidates.append((2, ratio, i, j, METHODS["registry"].format(name=x["name"])))
            else:
                sm = difflib.SequenceMatcher(None, x["key"], y["key"])
                if sm.real_quick_ratio() >= SIMILAR and sm.quick_ratio() >= SIMILAR:
                    ratio = sm.ratio()
                    if ratio >= SIMILAR:
                        candidates.append((1, ratio, i, j, METHODS["similar"].format(ratio=ratio)))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, _, i, j, how in sorted(candidates, key=lambda c: (-c[0], -c[1], c[2], c[3])):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((ra[i]["id"], rb[j]["id"], how))
    return pairs
