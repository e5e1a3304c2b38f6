"""The kinds of commitment: one registry, one entry per kind.

Every module that treats kinds differently reads this registry instead of keeping its own
list: the plan loader (which comparators and fields a kind needs), the outcome loader (what
an office reports), scoring (which judge), charts (what can be drawn as a share of the
target), the template and the reports (the one phrase that says a target, ``50家以上``),
the extractor and the tests. Adding a kind means adding an entry here and, when no existing
judge fits, a judge in :mod:`gutang_analysis.scoring`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._values import format_amount
from ._values import num as _num
from ._values import text as _text

__all__ = [
    "KINDS",
    "Kind",
    "get_kind",
    "is_ceiling",
    "kind_codes",
    "kind_label",
    "numeric_kinds",
    "target_phrase",
]


def _amount(row: Mapping[str, Any]) -> str:
    value = _num(row.get("target_value"))
    return f"{format_amount(value)}{_text(row.get('unit'))}" if value is not None else ""


def _phrase_at_least(row: Mapping[str, Any]) -> str:
    return f"{_amount(row)}以上"


def _phrase_amount(row: Mapping[str, Any]) -> str:
    return _amount(row)


def _phrase_about(row: Mapping[str, Any]) -> str:
    return f"{_amount(row)}左右"


def _phrase_at_most(row: Mapping[str, Any]) -> str:
    return f"控制在{_amount(row)}以内"


def _phrase_rate(row: Mapping[str, Any]) -> str:
    if _text(row.get("comparator")) == "<=":
        return f"不高于{_amount(row)}"
    return _amount(row)


def _phrase_growth(row: Mapping[str, Any]) -> str:
    comparator = _text(row.get("comparator"))
    if comparator == ">":
        value = _num(row.get("target_value"))
        return "正增长" if value == 0 else f"增长超过{_amount(row)}"
    suffix = "左右" if comparator == "~" else "以上"
    return f"增长{_amount(row)}{suffix}"


def _phrase_zero(row: Mapping[str, Any]) -> str:
    return "清零"


def _phrase_milestone(row: Mapping[str, Any]) -> str:
    return f"达到“{_text(row.get('required_stage')) or '已完成'}”"


def _phrase_direction(row: Mapping[str, Any]) -> str:
    word = "下降" if row.get("direction") == "decrease" else "上升"
    year = _num(row.get("baseline_year"))
    return f"较{int(year)}年{word}" if year is not None else f"同比{word}"


def _phrase_rank(row: Mapping[str, Any]) -> str:
    value = _num(row.get("target_value"))
    peers = _text(row.get("rank_peers")) or "同类"
    return f"{peers}前{format_amount(value)}名" if value is not None else f"保持{peers}前列"


def _phrase_qualitative(row: Mapping[str, Any]) -> str:
    return "定性评价"


@dataclass(frozen=True)
class Kind:
    """One kind of commitment.

    Attributes
    ----------
    code : str
        The code written in plan files (``at_least``).
    label : str
        The Chinese label every table, chart and message uses (``不低于``).
    meaning : str
        What the kind covers, in Chinese (for help texts and the plan-format reference).
    comparators : tuple of str
        The comparators a target of this kind accepts; the first is the default.
    numeric : bool
        The target is a number in a unit (``target_value`` and ``unit`` apply).
    value_required : bool
        A plan entry must give ``target_value``.
    unit_family : str or None
        The unit family a target's unit must belong to (``percent`` for rates), if any.
    reports : str
        What an office reports for it: ``value``, ``stage``, ``rating`` or ``rank``.
    negative_allowed : bool
        A reported value may be below zero (a growth rate can be negative).
    chartable : bool
        Completion can be drawn as a share of the target line.
    grows : bool
        Progress accumulates upwards through the year (for the mid-year trajectory).
    judge : str
        The name of the judge in :mod:`gutang_analysis.scoring` (``_judge_<judge>``).
    phrase : callable
        ``phrase(row) -> str``: the target as the plan says it.
    family : str
        Kinds measured alike (``amount`` for 不低于, 确数, 左右, 不高于, 清零): two plans'
        targets are paired only within one family (:mod:`gutang_analysis.matching`).
    nodes : str or None
        What a node of the 分解表 gives for it: ``value`` (a number in the target's unit),
        ``stage`` (a milestone stage) or None (judged against a baseline, rank or rating).
    ceiling : bool
        The target is a ceiling (不高于, 清零): less is better. A rate is a ceiling when
        its comparator is ``<=`` (:func:`is_ceiling`).
    finance : tuple of str
        Its default place in the 财预〔2020〕10号 hierarchy (一级指标, 二级指标) of the
        self-evaluation form.
    """

    code: str
    label: str
    meaning: str
    comparators: tuple[str, ...]
    numeric: bool
    value_required: bool
    unit_family: str | None
    reports: str
    negative_allowed: bool
    chartable: bool
    grows: bool
    judge: str
    phrase: Callable[[Mapping[str, Any]], str]
    family: str
    nodes: str | None
    ceiling: bool
    finance: tuple[str, str]

    @property
    def default_comparator(self) -> str:
        """The comparator used when a plan entry gives none."""
        return self.comparators[0]


def _kind(
    code: str,
    label: str,
    meaning: str,
    comparators: tuple[str, ...],
    phrase: Callable[[Mapping[str, Any]], str],
    *,
    numeric: bool = True,
    value_required: bool | None = None,
    unit_family: str | None = None,
    reports: str = "value",
    negative_allowed: bool = False,
    chartable: bool | None = None,
    grows: bool = False,
    judge: str | None = None,
    family: str | None = None,
    nodes: str | None = None,
    ceiling: bool = False,
    finance: tuple[str, str] = ("效益指标", "社会"),
) -> Kind:
    return Kind(
        code=code,
        label=label,
        meaning=meaning,
        comparators=comparators,
        numeric=numeric,
        value_required=numeric if value_required is None else value_required,
        unit_family=unit_family,
        reports=reports,
        negative_allowed=negative_allowed,
        chartable=numeric if chartable is None else chartable,
        grows=grows,
        judge=judge or code,
        phrase=phrase,
        family=family or code,
        nodes=nodes or ("value" if numeric else None),
        ceiling=ceiling,
        finance=finance,
    )


#: Every kind, in the order tables and help texts list them.
KINDS: dict[str, Kind] = {
    k.code: k
    for k in (
        _kind(
            "at_least",
            "不低于",
            "N 以上、不少于 N",
            (">=",),
            _phrase_at_least,
            grows=True,
            family="amount",
            finance=("产出指标", "数量"),
        ),
        _kind(
            "exact",
            "确数",
            "确定的数量，如 创建 3 家",
            ("=",),
            _phrase_amount,
            grows=True,
            family="amount",
            finance=("产出指标", "数量"),
        ),
        _kind(
            "about",
            "左右",
            "N 左右",
            ("~",),
            _phrase_about,
            grows=True,
            family="amount",
            finance=("产出指标", "数量"),
        ),
        _kind(
            "at_most",
            "不高于",
            "控制在 N 以内、不超过 N",
            ("<=",),
            _phrase_at_most,
            family="amount",
            ceiling=True,
            finance=("产出指标", "成本"),
        ),
        _kind(
            "rate",
            "比率",
            "百分比水平，如 优质率 100%",
            (">=", "<=", "="),
            _phrase_rate,
            unit_family="percent",
            grows=True,
            finance=("产出指标", "质量"),
        ),
        _kind(
            "growth",
            "增速",
            "比上年增长 N%，如 地区生产总值增长 6% 以上；“实现正增长”写作 > 0",
            (">=", "~", ">"),
            _phrase_growth,
            unit_family="percent",
            negative_allowed=True,
            grows=False,
            finance=("效益指标", "经济"),
        ),
        _kind(
            "zero",
            "清零",
            "清零、零发生",
            ("=",),
            _phrase_zero,
            value_required=False,
            unit_family="count",
            chartable=False,
            family="amount",
            ceiling=True,
            finance=("产出指标", "数量"),
        ),
        _kind(
            "milestone",
            "节点",
            "到期达到某一阶段，如 创成省级未来社区",
            ("stage",),
            _phrase_milestone,
            numeric=False,
            reports="stage",
            nodes="stage",
            finance=("产出指标", "时效"),
        ),
        _kind(
            "direction",
            "同比方向",
            "与上年相比下降或上升，如 双下降",
            ("<", ">"),
            _phrase_direction,
            numeric=False,
        ),
        _kind(
            "rank",
            "排名",
            "保持前列、进入前 N 名",
            ("rank",),
            _phrase_rank,
            numeric=False,
            reports="rank",
            finance=("效益指标", "经济"),
        ),
        _kind(
            "qualitative",
            "定性",
            "没有数字的工作，按 好/较好/一般/差 评定",
            ("rated",),
            _phrase_qualitative,
            numeric=False,
            reports="rating",
        ),
    )
}


def kind_codes() -> tuple[str, ...]:
    """Every kind code, in registry order.

    Examples
    --------
    >>> kind_codes()[:3]
    ('at_least', 'exact', 'about')
    """
    return tuple(KINDS)


def numeric_kinds() -> tuple[str, ...]:
    """The kinds whose target is a number in a unit.

    Examples
    --------
    >>> "rate" in numeric_kinds(), "milestone" in numeric_kinds()
    (True, False)
    """
    return tuple(k for k, v in KINDS.items() if v.numeric)


def get_kind(code: object) -> Kind | None:
    """The registry entry of a kind code, or None for an unknown code."""
    return KINDS.get(_text(code))


def kind_label(code: object) -> str:
    """The Chinese label of a kind (the code itself when unknown).

    Examples
    --------
    >>> kind_label("at_least"), kind_label("growth")
    ('不低于', '增速')
    """
    kind = get_kind(code)
    return kind.label if kind else _text(code)


def target_phrase(row: Mapping[str, Any]) -> str:
    """Say a target the way the plan does: ``50家以上``, ``较2021年下降``, ``清零``.

    Parameters
    ----------
    row : mapping
        A row of ``plan.targets`` (``kind``, ``target_value``, ``unit``, …).

    Examples
    --------
    >>> target_phrase({"kind": "at_least", "target_value": 50.0, "unit": "家"})
    '50家以上'
    >>> target_phrase({"kind": "direction", "direction": "decrease", "baseline_year": 2021})
    '较2021年下降'
    >>> target_phrase({"kind": "growth", "target_value": 6, "unit": "%", "comparator": ">="})
    '增长6%以上'
    >>> target_phrase({"kind": "growth", "target_value": 0, "unit": "%", "comparator": ">"})
    '正增长'
    >>> target_phrase({"kind": "rank", "target_value": 3, "rank_peers": "全市"})
    '全市前3名'
    """
    kind = get_kind(row.get("kind"))
    return kind.phrase(row) if kind else "定性评价"


def is_ceiling(row: Mapping[str, Any]) -> bool:
    """Whether a target is a ceiling (less is better): 不高于, 清零, a rate with ``<=``.

    Examples
    --------
    >>> is_ceiling({"kind": "at_most"}), is_ceiling({"kind": "rate", "comparator": "<="})
    (True, True)
    >>> is_ceiling({"kind": "rate", "comparator": ">="}), is_ceiling({"kind": "unknown"})
    (False, False)
    """
    kind = KINDS.get(str(row.get("kind")))
    if kind is None:
        return False
    return kind.ceiling or (kind.code == "rate" and _text(row.get("comparator")) == "<=")
