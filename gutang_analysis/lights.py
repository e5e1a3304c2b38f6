"""The 三色预警 rule: each target at one period lit green, yellow or red.

:func:`light` is the rule; :func:`assess` judges every target of a plan at one period (a
score at that date, then each target against its node in the 分解表 or, without nodes,
the default trajectory of :mod:`gutang_analysis.scoring`) and lights it;
:func:`midyear_lights` is the ``light`` column of a mid-year result. Lights sit above
scoring, which knows nothing of them. Periods are read and combined in
:mod:`gutang_analysis.periods`; the 督查台账, its pages and downloads are
:mod:`gutang_analysis.ledger`. The rule in Chinese is in ``docs/methodology.md``.

The rule (defaults of ``warning_lights`` in ``data/policies/default.yaml``):

- numeric targets: attainment = value ÷ what the node (or trajectory) requires by the
  period's date (for ceilings, requirement ÷ value). At least ``green_min`` (95%) is
  green, below ``red_below`` (70%) red, in between yellow;
- milestones: the reported stage against the stage the last node due requires; still
  未启动 on or after the start node is red, started but short of a node is yellow;
- a node (or the deadline) passed by more than ``overdue_days`` (30) and not reached is
  red;
- targets judged against a baseline, a rank or a rating (no nodes) take the light of their
  status in that period: good is green, short is yellow, not met (year end) is red;
- no figure: no light (listed as 未报送), unless ``no_data`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .kinds import format_amount, is_ceiling, target_phrase
from .outcomes import STAGES
from .owners import Node, Owners, node_style
from .policy import WarningLights, load_policy
from .scoring import ScoreResult, score
from .scoring import _annual as _annual_target

__all__ = [
    "LIGHTS",
    "LIGHT_COLORS",
    "LIGHT_LABELS",
    "NO_LIGHT",
    "TREND_LABELS",
    "assess",
    "light",
    "midyear_lights",
    "movement",
]

#: Light codes, most urgent first, and their labels.
LIGHTS: tuple[str, ...] = ("red", "yellow", "green")
LIGHT_LABELS: dict[str, str] = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
#: The label of a target without a figure in a period.
NO_LIGHT = "未报送"
LIGHT_COLORS: dict[str, str] = {
    "red": "#c0392b",
    "yellow": "#f2b134",
    "green": "#1a7f4b",  # white text 5.0:1 (WCAG AA)
    None: "#9e9e9e",  # type: ignore[dict-item]
}
_RANK = {"red": 0, "yellow": 1, None: 2, "green": 3}

#: Movement since the previous period (:func:`movement`).
TREND_LABELS: dict[str, str] = {
    "new_red": "新亮红灯",
    "still_red": "持续红灯",
    "red_to_yellow": "红转黄",
    "new_yellow": "新亮黄灯",
    "still_yellow": "持续黄灯",
    "recovered": "已转绿",
    "still_green": "保持绿灯",
    "green": "绿灯",
    "no_data": "未报送",
    "first": "首期",
}
_TREND_RANK = {"new_red": 0, "still_red": 1, "new_yellow": 2, "red_to_yellow": 3}

_GOOD = frozenset({"exceeded", "met", "on_track", "nearly_met"})
_SHORT = frozenset({"behind", "partial"})


def _code(value: Any) -> str | None:
    """A light code, or None (NaN and other blanks included)."""
    return value if isinstance(value, str) and value in LIGHT_LABELS else None


# ---------------------------------------------------------------------------------------
# the rule


def _rules(policy: Any = None) -> Any:
    if policy is None:
        return load_policy().warning_lights
    if isinstance(policy, WarningLights):
        return policy
    return policy.warning_lights


def light(
    attainment: float | None = None,
    *,
    status: str | None = None,
    overdue: bool = False,
    policy: Any = None,
) -> str | None:
    """The 三色预警 light of one target in one period: ``"green"``, ``"yellow"``, ``"red"``.

    Parameters
    ----------
    attainment : float, optional
        Value ÷ what the node or trajectory requires at the date (requirement ÷ value for
        a ceiling); None when the target is not judged by a number.
    status : str, optional
        The scoring status in that period (used when ``attainment`` is None).
    overdue : bool
        A node or the deadline passed by more than ``overdue_days`` and not reached, or a
        milestone still 未启动 on or after its start node: red.
    policy : Policy or WarningLights, optional
        The rule; the bundled default when omitted.

    Returns
    -------
    str or None
        None when there is nothing to judge (no figure), unless the policy's ``no_data``
        gives a light.

    Examples
    --------
    >>> light(1.02), light(0.96), light(0.85), light(0.5)
    ('green', 'green', 'yellow', 'red')
    >>> light(0.99, overdue=True), light(status="behind"), light(status="no_data")
    ('red', 'yellow', None)
    >>> light(status="nearly_met"), light(status="partial"), light(status="not_met")
    ('green', 'yellow', 'red')
    """
    rules = _rules(policy)
    if status in ("no_data", "not_assessable") and attainment is None:
        return None if rules.no_data == "none" else rules.no_data
    if overdue:
        return "red"
    if attainment is not None and not math.isnan(attainment):
        if attainment >= rules.green_min:
            return "green"
        return "yellow" if attainment >= rules.red_below else "red"
    if status in _GOOD:
        return "green"
    if status in _SHORT:
        return "yellow"
    if status == "not_met":
        return "red"
    return None if rules.no_data == "none" else rules.no_data


def movement(previous: str | None, current: str | None, *, first: bool = False) -> str:
    """How a target's light moved since the previous period (a :data:`TREND_LABELS` code).

    Examples
    --------
    >>> [TREND_LABELS[movement(a, b)] for a, b in
    ...  [("green", "red"), ("red", "red"), ("red", "green"), ("yellow", "yellow"),
    ...   ("red", "yellow"), (None, "yellow"), ("green", "green"), ("red", None)]]
    ['新亮红灯', '持续红灯', '已转绿', '持续黄灯', '红转黄', '新亮黄灯', '保持绿灯', '未报送']
    >>> movement(None, "red", first=True)
    'first'
    """
    previous, current = _code(previous), _code(current)
    if first:
        return "first"
    if current is None:
        return "no_data"
    if current == "red":
        return "still_red" if previous == "red" else "new_red"
    if current == "yellow":
        if previous == "red":
            return "red_to_yellow"
        return "still_yellow" if previous == "yellow" else "new_yellow"
    if previous in ("red", "yellow"):
        return "recovered"
    return "still_green" if previous == "green" else "green"


# ---------------------------------------------------------------------------------------
# one target in one period


def _num(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return f


def _text(value: Any) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _day_of(period: str) -> dt.date:
    if len(period) == 4:
        return dt.date(int(period), 12, 31)
    return dt.date.fromisoformat(period)


def _deadline(t: Mapping[str, Any], year: int) -> dt.date:
    d = t.get("deadline")
    if d is None or d is pd.NaT or (isinstance(d, float) and math.isnan(d)):
        return dt.date(year, 12, 31)
    return pd.Timestamp(d).date()


def _start_default(rules: Any, year: int, deadline: dt.date) -> dt.date:
    month, day = (int(x) for x in rules.milestone_start.split("-"))
    return min(dt.date(year, month, day), deadline)


def _schedule(
    t: Mapping[str, Any], nodes: tuple[Node, ...], rules: Any, year: int
) -> tuple[list[Node], bool]:
    """The nodes a target is checked against, ending with its deadline; and whether they
    come from the owners file. Numeric targets without nodes return [] (the trajectory)."""
    style = node_style(t.get("kind"))
    deadline = _deadline(t, year)
    if style == "stage":
        final = Node(deadline, stage=_text(t.get("required_stage")) or "已完成")
        if nodes:
            out = list(nodes)
        else:
            out = [Node(_start_default(rules, year, deadline), stage="推进中")]
        if out[-1].date < deadline:
            out.append(final)
        elif out[-1].date == deadline and out[-1].stage != final.stage:
            out[-1] = final if STAGES.index(final.stage) > STAGES.index(out[-1].stage) else out[-1]
        return out, bool(nodes)
    if style == "value" and nodes:
        out = list(nodes)
        target = _num(t.get("target_value"))
        if out[-1].date < deadline and not math.isnan(target):
            out.append(Node(deadline, value=target))
        return out, True
    return [], False


def _upper(t: Mapping[str, Any]) -> bool:
    return is_ceiling(t)


def _value_text(t: Mapping[str, Any], o: Mapping[str, Any], actual: float) -> str | None:
    kind = t.get("kind")
    if kind == "milestone":
        return _text(o.get("stage"))
    if kind == "qualitative":
        return _text(o.get("rating"))
    if kind == "rank" and not math.isnan(actual):
        return f"第 {format_amount(actual)} 名"
    if math.isnan(actual):
        return None
    unit = _text(t.get("unit")) or ""
    return f"{format_amount(actual)}{unit}"


def _assess_target(
    t: Mapping[str, Any],
    r: Mapping[str, Any],
    o: Mapping[str, Any],
    nodes: tuple[Node, ...],
    day: dt.date,
    rules: Any,
    year: int,
) -> dict[str, Any]:
    """Light, requirement and reason of one target at ``day`` (``r``: its score row at
    that date; ``o``: its outcome row; ``nodes``: from the owners file)."""
    unit = _text(t.get("unit"))
    deadline = _deadline(t, year)
    style = node_style(t.get("kind"))
    schedule, from_owners = _schedule(t, nodes, rules, year)
    basis = "分解表节点" if from_owners else "默认进度"
    actual = _num(r.get("actual"))
    status = r.get("status")
    due = [n for n in schedule if n.date <= day]
    later = [n for n in schedule if n.date > day]
    req = due[-1] if due else None
    nxt = later[0] if later else None
    grace = dt.timedelta(days=rules.overdue_days)
    out: dict[str, Any] = {
        "basis": basis,
        "requirement": None,
        "attainment": math.nan,
        "light": None,
        "reason": None,
        "next_node": nxt.date if nxt is not None else None,
    }
    value = _value_text(t, o, actual)
    out["value"] = value

    if style == "stage":
        stage = _text(o.get("stage"))
        out["requirement"] = (
            req.describe(unit) if req else f"首个节点：{schedule[0].describe(unit)}"
        )
        if stage is None or stage not in STAGES:
            out["light"] = light(status="no_data", policy=rules)
            out["reason"] = "本期未报送进展阶段"
            return out
        got = STAGES.index(stage)
        start = next((n.date for n in schedule if STAGES.index(n.stage or "未启动") >= 1), deadline)
        if req is None or got >= STAGES.index(req.stage or "未启动"):
            out["light"] = "green"
            out["reason"] = (
                f"进展阶段“{stage}”，尚未到第一个节点"
                if req is None
                else f"进展阶段“{stage}”，达到节点要求"
            )
        elif got == 0 and day >= start:
            out["light"] = "red"
            out["reason"] = f"启动节点 {start.isoformat()} 已到，仍未启动"
        elif day - req.date > grace:
            out["light"] = "red"
            out["reason"] = (
                f"节点 {req.date.isoformat()} 要求“{req.stage}”，"
                f"已逾期 {(day - req.date).days} 天，"
                f"仍为“{stage}”"
            )
        else:
            out["light"] = "yellow"
            out["reason"] = f"进展阶段“{stage}”，未达到节点要求“{req.stage}”"
        return out

    if style == "value" and not (t.get("kind") == "zero" and not from_owners):
        if math.isnan(actual):
            out["light"] = light(status="no_data", policy=rules)
            out["reason"] = "本期未报送完成值"
            out["requirement"] = req.describe(unit) if req else None
            return out
        target = _num(t.get("target_value"))
        if from_owners:
            if req is None:
                out["requirement"] = f"首个节点：{schedule[0].describe(unit)}"
                out["light"] = "green"
                out["reason"] = f"完成 {value}，尚未到第一个节点"
                return out
            required = float(req.value or 0.0)
            out["requirement"] = req.describe(unit)
            req_date = req.date
        else:
            required = _num(r.get("expected"))
            if math.isnan(required):
                required = target
            whole = day >= deadline or math.isnan(target) or abs(required - target) < 1e-9
            what = "全年目标" if whole else "序时进度"
            out["requirement"] = f"{what} {format_amount(required)}{unit or ''}"
            req_date = deadline if day >= deadline else None
        upper = _upper(t)
        if upper:
            att = 1.0 if actual <= required else (required / actual if required > 0 else 0.0)
        elif (
            required <= 0
            and not target > 0
            and (actual > required or (actual == required and _text(t.get("comparator")) != ">"))
        ):
            out["light"] = "green"  # a bar of zero or less (正增长, growth ≥ 0 %) reached
            out["reason"] = f"完成 {value}，达到要求（{target_phrase(t)}）"
            return out
        elif required <= 0 and actual >= required and target > 0:
            start = _start_default(rules, year, deadline)
            if actual <= 0 and target > 0 and day >= start:
                # a count target with nothing done once work should have started
                out["light"] = "yellow"
                out["reason"] = (
                    f"完成 {value}，尚无进展；按进度 {start.isoformat()} 起应已开展"
                    f"（截止 {deadline.isoformat()}）"
                )
                return out
            out["light"] = "green"
            out["reason"] = f"完成 {value}，按计数类向下取整，此时尚无必须完成的数量"
            return out
        elif required <= 0:
            att = 0.0  # below a requirement of zero or less (growth under 0 %): no share of it
        else:
            att = actual / required
        out["attainment"] = att
        overdue = bool(req_date is not None and day - req_date > grace and att < 1.0)
        if upper and not from_owners and day < deadline and actual > target and _annual(t):
            overdue = True  # a ceiling over the year already exceeded: cannot be met any more
        out["light"] = light(att, overdue=overdue, policy=rules)
        pct = f"{att * 100:.1f}%"
        ref = (
            "节点要求" if from_owners else ("全年目标" if req_date is not None else "序时进度目标")
        )
        if upper:
            reason = f"完成 {value}，上限 {format_amount(required)}{unit or ''}"
            reason += "，未超过上限" if att >= 1.0 else f"，超出上限（完成率 {pct}）"
        elif required <= 0:
            below = "未高于" if actual >= required else "低于"  # 正增长 reported as 0 %
            reason = f"完成 {value}，{below}{ref} {format_amount(required)}{unit or ''}"
        else:
            reason = f"完成 {value}，为{ref}的 {pct}"
        if overdue and req_date is not None and day - req_date > grace:
            reason += f"；节点 {req_date.isoformat()} 已逾期 {(day - req_date).days} 天未达到"
        elif overdue:
            reason += "；已超过全年上限，全年目标已无法完成"
        out["reason"] = reason
        return out

    # judged by status (direction, rank, qualitative; 清零 without nodes)
    overdue = (
        day - deadline > grace
        and status not in _GOOD
        and status not in ("no_data", "not_assessable")
    )
    out["light"] = light(status=status, overdue=overdue, policy=rules)
    label = r.get("status_label") or "—"
    out["requirement"] = f"{target_phrase(t)}（截止 {deadline.isoformat()}）"
    if status in ("no_data", "not_assessable"):
        out["reason"] = f"本期{label}"
    else:
        out["reason"] = f"按本期评分：{label}" + (
            f"；截止日期 {deadline.isoformat()} 已逾期" if overdue else ""
        )
    return out


def _fix_by(
    code: str | None, next_node: dt.date | None, day: dt.date, rules: Any, year: int
) -> dt.date | None:
    """The 整改时限 of a lit target: yellow, its next node (else ``remedy_days`` after the
    period); red, the earlier of its next node and ``remedy_days_red`` after the period.
    Never later than 31 January of the year after.

    Examples
    --------
    >>> from gutang_analysis.policy import WarningLights
    >>> day, rules = dt.date(2022, 6, 30), WarningLights()
    >>> _fix_by("yellow", dt.date(2022, 9, 30), day, rules, 2022)
    datetime.date(2022, 9, 30)
    >>> _fix_by("red", dt.date(2022, 9, 30), day, rules, 2022)
    datetime.date(2022, 7, 15)
    >>> _fix_by("red", dt.date(2022, 7, 10), day, rules, 2022)
    datetime.date(2022, 7, 10)
    >>> _fix_by("green", None, day, rules, 2022) is None
    True
    """
    if code not in ("red", "yellow"):
        return None
    days = rules.remedy_days_red if code == "red" else rules.remedy_days
    by_policy = day + dt.timedelta(days=days)
    if next_node is not None:
        by_policy = next_node if code == "yellow" else min(next_node, by_policy)
    return min(by_policy, dt.date(year + 1, 1, 31))


def _annual(t: Mapping[str, Any]) -> bool:
    return bool(_annual_target(t))


def _pseudo_outcome(t: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    """The stage implied by a mid-year milestone status (when only the score is at hand)."""
    status = r.get("status")
    required = _text(t.get("required_stage")) or "已完成"
    if t.get("kind") != "milestone" or status in ("no_data", "not_assessable", None):
        return {}
    if status == "behind" or status == "not_met":
        return {"stage": "未启动"}
    if status in ("met", "exceeded", "nearly_met"):
        return {"stage": required}
    return {"stage": "推进中"}


def midyear_lights(
    frame: pd.DataFrame, targets: pd.DataFrame, policy: Any, as_of: dt.date, year: int
) -> pd.Series:
    """The 三色预警 label (绿灯/黄灯/红灯, None without data) of each row of a mid-year result.

    The mid-year check has no owners file: every target is checked against the default
    trajectory (the one its status was judged by). Used by :func:`scoring.score` for the
    ``light`` column of mid-year results.

    Examples
    --------
    >>> from gutang_analysis.run import load_run, resolve_run
    >>> from gutang_analysis import paths
    >>> mid = load_run(resolve_run(paths.EXAMPLE_FOLDER)).midyear_result.targets
    >>> sorted(mid["light"].dropna().unique())
    ['红灯', '绿灯', '黄灯']
    """
    rules = _rules(policy)
    by_id = {str(t["target_id"]): t for t in targets.to_dict("records")}
    out = []
    for r in frame.to_dict("records"):
        t = by_id.get(str(r["target_id"]), r)
        a = _assess_target(t, r, _pseudo_outcome(t, r), (), as_of, rules, year)
        out.append(LIGHT_LABELS.get(a["light"]) if a["light"] else None)
    return pd.Series(out, index=frame.index, dtype=object)


def assess(
    plan: Any,
    outcomes: pd.DataFrame,
    period: str,
    *,
    owners: Owners | None = None,
    policy: Any = None,
    baseline: pd.DataFrame | None = None,
    result: ScoreResult | None = None,
) -> pd.DataFrame:
    """Judge every target at one period and light it.

    Parameters
    ----------
    plan : Plan
    outcomes : pandas.DataFrame
        The period's figures (``load_outcomes`` or :func:`combine_submissions`).
    period : str
        ``"2022-03-31"`` (a date in the plan year) or ``"2022"`` (year end).
    owners : Owners, optional
        Owners and nodes; without them every target follows the default trajectory.
    policy : Policy, optional
    baseline : pandas.DataFrame, optional
        The year before (direction targets).
    result : ScoreResult, optional
        The score of ``outcomes`` at ``period`` with this baseline and policy, when the
        caller has it already (a run); otherwise it is scored here.

    Returns
    -------
    pandas.DataFrame
        One row per target, plan order: ``period, target_id, section, section_name, title,
        kind, target, unit, lead, office, partners, requirement, basis, value, attainment,
        light, light_label, reason, status, status_label, cause, remedy, fix_by,
        reporting_office``. ``lead``, ``office`` (责任科室) and ``partners`` come from
        the 分解表 only (None for a target it does not assign); the office that sent the
        figure (报送单位) is ``reporting_office``.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> mid = load_outcomes(paths.EXAMPLE_FOLDER / "outcomes" / "2022-06-30.csv", plan)
    >>> frame = assess(plan, mid, "2022-06-30")
    >>> row = frame.set_index("target_id").loc["econ-fdi-utilised"]
    >>> row["requirement"], row["light_label"]
    ('序时进度 150万美元', '红灯')
    """
    policy = policy if policy is not None else load_policy()
    rules = policy.warning_lights
    year = int(plan.year)
    day = _day_of(period)
    as_of = None if len(period) == 4 else period
    if result is None:
        result = score(plan, outcomes, baseline=baseline, policy=policy, as_of=as_of)
    rows = {str(r["target_id"]): r for r in result.targets.to_dict("records")}
    own = outcomes[outcomes["period"].astype(str) == period] if len(outcomes) else outcomes
    reported = {str(o["target_id"]): o for o in own.to_dict("records")}
    out = []
    for t in plan.targets.to_dict("records"):
        tid = str(t["target_id"])
        r = rows[tid]
        o = reported.get(tid, {})
        a = owners.get(tid) if owners is not None else None
        got = _assess_target(t, r, o, a.nodes if a else (), day, rules, year)
        fix_by = _fix_by(got["light"], got["next_node"], day, rules, year)
        out.append(
            {
                "period": period,
                "target_id": tid,
                "section": t.get("section"),
                "section_name": t.get("section_name"),
                "title": t.get("title"),
                "kind": t.get("kind"),
                "target": target_phrase(t),
                "unit": _text(t.get("unit")),
                "lead": a.lead if a else None,
                "office": _text(a.office) if a else None,
                "partners": "、".join(a.partners) if a and a.partners else None,
                "requirement": got["requirement"],
                "basis": got["basis"],
                "value": got["value"],
                "attainment": got["attainment"],
                "light": got["light"],
                "light_label": LIGHT_LABELS[got["light"]]
                if got["light"] in LIGHT_LABELS
                else (NO_LIGHT if r.get("status") == "no_data" else "无法评估"),
                "reason": got["reason"],
                "status": r.get("status"),
                "status_label": r.get("status_label"),
                "cause": _text(o.get("cause")),
                "remedy": _text(o.get("remedy")),
                "fix_by": fix_by,
                "reporting_office": _text(o.get("office")),
            }
        )
    frame = pd.DataFrame(out)
    frame["attainment"] = pd.to_numeric(frame["attainment"], errors="coerce")
    return frame
