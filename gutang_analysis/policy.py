"""The scoring policy: every number the scoring rules depend on, in one YAML file.

A policy says where the status bands lie, how far over-achievement may lift a score, the
grade bands, how 确保 and 力争 targets differ, how much of the weight must have data
before an overall grade is given, section weights and veto targets. The rules themselves
(what a ratio is for each kind) live in :mod:`gutang_analysis.scoring`; the default file
``data/policies/default.yaml`` explains each setting in Chinese, and
``docs/methodology.md`` gives the reasons.

A bad policy file raises :class:`~gutang_analysis.errors.PolicyError` listing every
problem at once (file, setting, value, what was expected).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from . import paths
from ._validation import pydantic_problems, read_yaml
from .errors import PolicyError, Problem
from .kinds import KINDS, get_kind, kind_codes
from .plan import RATINGS

__all__ = [
    "DEFAULT_FINANCE_MAPPING",
    "FINANCE_LEVELS",
    "GRADES",
    "RATINGS",
    "STRENGTH_KEYS",
    "Policy",
    "SelfEvaluation",
    "WarningLights",
    "check_policy_for_plan",
    "load_policy",
]

#: Grade names, best first; the lowest (差) is what is left below 中.
GRADES: tuple[str, ...] = ("优", "良", "中", "差")
#: Strength keys in a policy; 未注明 applies to targets without 确保/力争/争创.
STRENGTH_KEYS: tuple[str, ...] = ("确保", "力争", "争创", "未注明")


class _Strict(BaseModel):
    # .inf and .nan are not numbers a rule can use
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class StatusBands(_Strict):
    """Attainment thresholds (shares of the 'met' line)."""

    exceeded: float = Field(ge=1.0, le=10.0)
    nearly_met: float = Field(gt=0.0, lt=1.0)
    partial: float = Field(gt=0.0, lt=1.0)


class ScoreRule(_Strict):
    """The cap on a single target's score (100 = met) and the rule of the official total.

    ``total`` chooses how the one official total (总分, ``ScoreResult.overall["score"]``)
    is made; every report, the form's SUM formulas and the downloads state it:

    - ``form`` (default, the rule a reviewing bureau applies to a signed 自评表): every
      target keeps its 分值 (its share of 100); it earns 分值 × min(score, 100) / 100, so
      a met target earns its full 分值 and no more, and a target without a score
      (未报送, 缺少基期, 无期末数据, 无法评估) earns 0.
    - ``scored``: only targets with a score count; their 分值 are rescaled to 100 and each
      earns 分值 × min(score, 100) / 100 (the grade is withheld below
      ``coverage.min_share``).

    Either way no total exceeds 100.

    Examples
    --------
    >>> ScoreRule(cap=110).total
    'form'
    """

    cap: float = Field(ge=100.0, le=200.0)
    total: Literal["form", "scored"] = "form"


class Grades(_Strict):
    """Lower bounds of the 百分制 grades; below 中 is 差."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    you: float = Field(alias="优", gt=0.0, le=100.0)
    liang: float = Field(alias="良", gt=0.0, le=100.0)
    zhong: float = Field(alias="中", gt=0.0, le=100.0)


class StrengthRule(_Strict):
    """How a wording of commitment (确保/力争/争创) is judged."""

    met_ratio: float = Field(gt=0.0, le=1.0)
    weight_factor: float = Field(ge=0.0, le=10.0)


class AboutRule(_Strict):
    default_tolerance: float = Field(gt=0.0, lt=1.0)


class MilestoneRule(_Strict):
    late_score: float = Field(ge=0.0, le=100.0)
    in_progress_score: float = Field(ge=0.0, le=100.0)
    not_started_score: float = Field(ge=0.0, le=100.0)


class RankRule(_Strict):
    front_divisor: int = Field(ge=1, le=100)


class QualitativeRule(_Strict):
    ratings: dict[str, float]
    require_evidence: bool
    no_evidence_cap: float = Field(ge=0.0, le=100.0)


class MidyearRule(_Strict):
    on_track_ratio: float = Field(gt=0.0, le=1.0)


class WarningLights(_Strict):
    """The 三色预警 rule (see ``docs/methodology.md`` and :mod:`gutang_analysis.supervision`).

    ``green_min`` and ``red_below`` are shares of what the node (or the time-proportional
    trajectory) requires at the period's date: at least ``green_min`` is green, below
    ``red_below`` red, in between yellow. A node (or the deadline) passed by more than
    ``overdue_days`` and not reached is red; a milestone still 未启动 on or after its start
    node is red. A count target with nothing done lights yellow from ``milestone_start``
    (when work should have started) even where the time-proportional share rounds down to
    nothing, and red past its node. A target without figures for ``no_data_after``
    periods in a row lights yellow (0: never). The 整改时限 of a yellow item is its next
    node, else ``remedy_days`` after the period; of a red item the earlier of its next node
    and ``remedy_days_red`` after the period. An unreported item is to be reported (催报)
    within ``urge_days``.

    Examples
    --------
    >>> WarningLights().green_min, WarningLights().red_below, WarningLights().overdue_days
    (0.95, 0.7, 30)
    """

    green_min: float = Field(default=0.95, gt=0.0, le=1.0)
    red_below: float = Field(default=0.70, gt=0.0, lt=1.0)
    overdue_days: int = Field(default=30, ge=0, le=366)
    milestone_start: str = Field(
        default="06-30", pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
    )
    remedy_days: int = Field(default=30, ge=1, le=366)
    remedy_days_red: int = Field(default=15, ge=1, le=366)
    urge_days: int = Field(default=7, ge=1, le=366)
    no_data_after: int = Field(default=3, ge=0, le=12)
    no_data: Literal["none", "yellow", "red"] = "none"


class CoverageRule(_Strict):
    min_share: float = Field(ge=0.0, le=1.0)


class SectionWeights(_Strict):
    default: float = Field(ge=0.0)
    weights: dict[str, float] = Field(default_factory=dict)


class VetoRule(_Strict):
    targets: list[str] = Field(default_factory=list)
    max_grade: str


#: The 财预〔2020〕10号 indicator hierarchy: 一级指标 → its 二级指标, in form order.
FINANCE_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量", "质量", "时效", "成本"),
    "效益指标": ("经济", "社会", "生态", "可持续影响"),
    "满意度指标": ("服务对象满意度",),
}


def _default_points() -> dict[str, float]:
    return {"产出指标": 50.0, "效益指标": 30.0, "满意度指标": 10.0}


def _default_finance(kind: str, title: str) -> tuple[str, str]:
    """The default 财预 place of a target with no mapping: by its wording and kind."""
    if "满意" in title:
        return ("满意度指标", "服务对象满意度")
    found = get_kind(kind)  # each kind's place is in the kinds registry
    return found.finance if found is not None else ("效益指标", "社会")


#: The default mapping of kinds to the 财预〔2020〕10号 hierarchy (layout ``finance``),
#: used when the policy's ``finance_mapping`` names neither the target, its section nor
#: its kind. A target whose title mentions 满意 goes to 满意度指标 / 服务对象满意度.
DEFAULT_FINANCE_MAPPING: dict[str, tuple[str, str]] = {k: _default_finance(k, "") for k in KINDS}


class SelfEvaluation(_Strict):
    """How the self-evaluation form (自评表) groups and weighs the indicators.

    ``layout`` is ``plan`` (一级 = the plan's programmes, 二级 = their areas) or
    ``finance`` (the 财预〔2020〕10号 hierarchy of :data:`FINANCE_LEVELS`).
    ``finance_mapping`` sends a target id, a section id or a kind code to
    ``[一级指标, 二级指标]`` (the most specific key wins); ``points`` are the shares of the
    一级指标 (scaled to 100 over those that have indicators). ``addressee`` is the
    主送机关 of the Word report (the reviewing body, e.g. 慈溪市人民政府); left blank for the
    sender when not set. See :mod:`gutang_analysis.selfeval_form`.

    Examples
    --------
    >>> SelfEvaluation().layout, SelfEvaluation().points["产出指标"]
    ('plan', 50.0)
    """

    layout: Literal["plan", "finance"] = "plan"
    addressee: str | None = Field(default=None, min_length=1, max_length=60)
    finance_mapping: dict[str, list[str]] = Field(default_factory=dict)
    points: dict[str, Annotated[float, Field(gt=0.0, le=100.0)]] = Field(
        default_factory=_default_points
    )

    def finance_place(self, target_id: Any, section: Any, kind: Any, title: Any) -> tuple[str, str]:
        """``(一级指标, 二级指标)`` of a target under the ``finance`` layout.

        The most specific key of ``finance_mapping`` wins (target id, then section id,
        then kind); otherwise the default by kind (a title mentioning 满意 goes to
        满意度指标).

        Examples
        --------
        >>> SelfEvaluation().finance_place("t1", "econ", "growth", "地区生产总值增长")
        ('效益指标', '经济')
        >>> SelfEvaluation(finance_mapping={"econ": ["产出指标", "数量"]}).finance_place(
        ...     "t1", "econ", "growth", "")
        ('产出指标', '数量')
        """
        m = self.finance_mapping
        pair = m.get(str(target_id)) or m.get(str(section)) or m.get(str(kind))
        if pair:
            return str(pair[0]), str(pair[1])
        return _default_finance(str(kind), title if isinstance(title, str) else "")


class Policy(_Strict):
    """A validated scoring policy (see ``data/policies/default.yaml``).

    Use :func:`load_policy` to read one; ``policy.path`` and ``policy.sha256`` say which
    file it came from (for provenance).

    Examples
    --------
    >>> policy = load_policy()
    >>> policy.score.cap, policy.coverage.min_share
    (110.0, 0.8)
    >>> policy.grade(91.5), policy.grade(59.9)
    ('优', '差')
    """

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    status_bands: StatusBands
    score: ScoreRule
    grades: Grades
    strength: dict[str, StrengthRule]
    about: AboutRule
    milestone: MilestoneRule
    rank: RankRule
    qualitative: QualitativeRule
    midyear: MidyearRule
    coverage: CoverageRule
    section_weights: SectionWeights
    veto: VetoRule
    self_evaluation: SelfEvaluation = Field(default_factory=SelfEvaluation)
    warning_lights: WarningLights = Field(default_factory=WarningLights)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The file this policy was read from."""
        return self._path

    @property
    def sha256(self) -> str | None:
        """SHA-256 of the policy file's bytes."""
        return self._sha256

    def grade(self, score: float) -> str:
        """The 百分制 grade (优/良/中/差) for an overall score."""
        g = self.grades
        if score >= g.you:
            return "优"
        if score >= g.liang:
            return "良"
        if score >= g.zhong:
            return "中"
        return "差"

    def strength_rule(self, strength: object) -> StrengthRule:
        """The rule for a target's strength (None or unknown → 未注明)."""
        key = strength if isinstance(strength, str) and strength in self.strength else "未注明"
        return self.strength[key]

    def section_weight(self, section: str) -> float:
        """The weight of one section (``section_weights.default`` when not listed)."""
        return self.section_weights.weights.get(section, self.section_weights.default)

    def with_(self, **changes: Any) -> Policy:
        """A new policy with some settings changed, checked as a policy file is.

        Each keyword is a top-level setting of the policy file; a mapping is merged into
        the current setting, so only what is named changes
        (``strength={"力争": {"met_ratio": 1.0}}`` keeps 力争's weight factor and the
        other strengths). The result goes through the same checks, with the same Chinese
        messages, as a policy read from YAML: an impossible combination is refused. This
        policy is not changed.

        Parameters
        ----------
        **changes
            Settings to change: ``grades``, ``strength``, ``status_bands``, ``score``,
            ``coverage``, ``section_weights``, ``veto``, ``midyear`` …

        Returns
        -------
        Policy
            The changed policy; its ``path`` is None and its ``name`` says what changed.

        Raises
        ------
        PolicyError
            When a setting is unknown or the changed policy breaks a rule (every problem
            listed).

        Examples
        --------
        >>> strict = load_policy().with_(grades={"优": 95, "良": 85, "中": 60})
        >>> strict.grade(92.0), load_policy().grade(92.0)
        ('良', '优')
        >>> load_policy().with_(strength={"力争": {"met_ratio": 1.0}}).strength["力争"]
        StrengthRule(met_ratio=1.0, weight_factor=1.0)
        >>> load_policy().with_(grades={"优": 50})
        Traceback (most recent call last):
        ...
        gutang_analysis.errors.PolicyError: 调整后的评分规则有 1 处问题，请修改后重试：
          1. 调整后的评分规则，字段“grades.良”：值“80”不符合要求，应为小于 grades.优（50）的分数
        """
        if not changes:
            return self
        data = _plain(self.model_dump(by_alias=True))
        merged = _merge(data, changes)
        if "name" not in changes:
            merged["name"] = f"{self.name}（调整：{'、'.join(changes)}）"
        shown = "调整后的评分规则"
        policy = _validated(merged, shown, f"{shown}有 {{n}} 处问题，请修改后重试")
        policy._path = None
        policy._sha256 = None
        return policy


def _plain(value: Any) -> Any:
    """Settings as a file would write them: 80 rather than 80.0 (for messages)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _merge(base: Any, changes: Any) -> Any:
    """``base`` with ``changes`` merged in: mappings recursively, anything else replaced."""
    if isinstance(base, dict) and isinstance(changes, dict):
        out = dict(base)
        for key, value in changes.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return changes


def _validated(data: Any, shown: str, summary: str) -> Policy:
    """A policy from its settings, or a PolicyError listing every problem.

    ``summary`` may hold ``{n}``, the number of problems.
    """
    problems: list[Problem] = []
    policy: Policy | None = None
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        problems += pydantic_problems(exc, shown, _locate, data)
    problems += _cross_checks(data, shown)
    if problems:
        raise PolicyError(summary.format(n=len(problems)), problems)
    assert policy is not None
    return policy


def load_policy(path: str | Path | None = None) -> Policy:
    """Read and validate a scoring policy file.

    Parameters
    ----------
    path : str or Path, optional
        A policy YAML file; the bundled ``data/policies/default.yaml`` when omitted.

    Returns
    -------
    Policy
        The validated policy.

    Raises
    ------
    PolicyError
        When the file is missing, is not valid YAML, or breaks any rule; every problem is
        listed (file, setting, value, what was expected), in Chinese.

    Examples
    --------
    >>> policy = load_policy()
    >>> policy.status_bands.exceeded, policy.strength["力争"].met_ratio
    (1.05, 0.9)
    >>> policy.section_weight("any-section")
    1.0
    """
    p = Path(path) if path is not None else paths.DEFAULT_POLICY
    shown = str(path) if path is not None else p.name
    data = read_yaml(p, PolicyError, "评分规则文件")
    if not isinstance(data, dict):
        raise PolicyError(
            f"评分规则文件 {shown} 格式不对",
            [
                Problem(
                    shown, None, None, _short(data), "以设置项为键的映射（参照默认评分规则文件）"
                )
            ],
        )
    policy = _validated(data, shown, f"评分规则文件 {shown} 有 {{n}} 处问题，请逐一修改后重试")
    policy._path = p.resolve()
    policy._sha256 = hashlib.sha256(p.read_bytes()).hexdigest()
    return policy


def _locate(loc: tuple, data: Any) -> tuple[str | None, str | None]:
    """A pydantic location → (where, field) in the file's own key names."""
    return None, ".".join(str(part) for part in loc) or None


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _num(data: Any, *keys: str) -> float | None:
    """A number at ``data[k1][k2]…``, or None when absent or not a number."""
    for k in keys:
        if not isinstance(data, dict) or k not in data:
            return None
        data = data[k]
    if isinstance(data, bool) or not isinstance(data, int | float):
        return None
    return float(data)


def _cross_checks(data: dict, file: str) -> list[Problem]:
    """Checks that span several settings (orderings, consistency of scores with bands).

    Run on the raw mapping so that they are reported together with type errors.
    """
    out: list[Problem] = []

    def add(field: str, value: Any, expected: str) -> None:
        out.append(Problem(file, None, field, value, expected))

    nearly = _num(data, "status_bands", "nearly_met")
    partial = _num(data, "status_bands", "partial")
    if nearly is not None and partial is not None and not partial < nearly:
        add(
            "status_bands.partial",
            data["status_bands"]["partial"],
            f"小于 status_bands.nearly_met（{nearly:g}）的数",
        )

    you, liang, zhong = (_num(data, "grades", g) for g in ("优", "良", "中"))
    if you is not None and liang is not None and not liang < you:
        add("grades.良", data["grades"]["良"], f"小于 grades.优（{you:g}）的分数")
    if liang is not None and zhong is not None and not zhong < liang:
        add("grades.中", data["grades"]["中"], f"小于 grades.良（{liang:g}）的分数")

    strength = data.get("strength")
    if isinstance(strength, dict):
        for key in strength:
            if key not in STRENGTH_KEYS:
                add(f"strength.{key}", key, "以下之一：" + "、".join(STRENGTH_KEYS))
        for key in STRENGTH_KEYS:
            if key not in strength:
                add(f"strength.{key}", None, "该力度的 met_ratio 与 weight_factor")

    # scores of fixed-status outcomes must fall inside that status's band, so that a
    # score and its status never disagree
    bands_ok = nearly is not None and partial is not None and partial < nearly
    hi_nearly, lo_nearly = 100.0, (nearly or 0.0) * 100
    lo_partial = (partial or 0.0) * 100
    bands = {
        "met": (100.0, 100.0, "100"),
        "nearly_met": (
            lo_nearly,
            hi_nearly,
            f"不小于 {lo_nearly:g} 且小于 100 的分数（基本完成档）",
        ),
        "partial": (
            lo_partial,
            lo_nearly,
            f"不小于 {lo_partial:g} 且小于 {lo_nearly:g} 的分数（部分完成档）",
        ),
        "not_met": (0.0, lo_partial, f"不小于 0 且小于 {lo_partial:g} 的分数（未完成档）"),
    }

    def in_band(value: float, status: str) -> bool:
        lo, hi, _ = bands[status]
        return value == 100.0 if status == "met" else lo <= value < hi

    ratings = (
        data.get("qualitative", {}).get("ratings")
        if isinstance(data.get("qualitative"), dict)
        else None
    )
    if isinstance(ratings, dict):
        for key in ratings:
            if key not in RATINGS:
                add(f"qualitative.ratings.{key}", key, "以下之一：" + "、".join(RATINGS))
        for key in RATINGS:
            if key not in ratings:
                add(f"qualitative.ratings.{key}", None, f"档次“{key}”的得分")
        if bands_ok:
            for key, status in zip(
                RATINGS, ("met", "nearly_met", "partial", "not_met"), strict=True
            ):
                value = _num(data, "qualitative", "ratings", key)
                if value is not None and not in_band(value, status):
                    add(f"qualitative.ratings.{key}", ratings[key], bands[status][2])
    if bands_ok:
        # a rating without evidence is capped and shown as 部分完成, so the cap must be a
        # 部分完成 score
        cap = _num(data, "qualitative", "no_evidence_cap")
        if cap is not None and not in_band(cap, "partial"):
            add(
                "qualitative.no_evidence_cap",
                data["qualitative"]["no_evidence_cap"],
                bands["partial"][2] + "：没有佐证材料的评定记为部分完成",
            )
        for key, status in (
            ("late_score", "nearly_met"),
            ("in_progress_score", "partial"),
            ("not_started_score", "not_met"),
        ):
            value = _num(data, "milestone", key)
            if value is not None and not in_band(value, status):
                add(f"milestone.{key}", data["milestone"][key], bands[status][2])

    out += _zero_weights(data, file)

    veto = data.get("veto")
    if isinstance(veto, dict) and "max_grade" in veto and veto["max_grade"] not in GRADES:
        add("veto.max_grade", veto["max_grade"], "以下之一：" + "、".join(GRADES))
    _self_evaluation_checks(data.get("self_evaluation"), add)
    green = _num(data, "warning_lights", "green_min")
    red = _num(data, "warning_lights", "red_below")
    if green is not None and red is not None and not red < green:
        add(
            "warning_lights.red_below",
            data["warning_lights"]["red_below"],
            f"小于 warning_lights.green_min（{green:g}）的比例",
        )
    start = (
        data.get("warning_lights", {}).get("milestone_start")
        if isinstance(data.get("warning_lights"), dict)
        else None
    )
    if isinstance(start, str) and len(start) == 5:
        try:
            dt.date(2000, int(start[:2]), int(start[3:]))
        except ValueError:
            add("warning_lights.milestone_start", start, "存在的月-日，如 06-30")
    return out


def _self_evaluation_checks(block: Any, add: Any) -> None:
    """Check the 一级/二级 names of ``self_evaluation`` (types are pydantic's job);
    each problem goes to ``add(field, value, expected)``."""
    if not isinstance(block, dict):
        return
    first = "、".join(FINANCE_LEVELS)
    mapping = block.get("finance_mapping")
    if isinstance(mapping, dict):
        for key, value in mapping.items():
            field = f"self_evaluation.finance_mapping.{key}"
            if not isinstance(value, list) or len(value) != 2:
                add(field, _short(value), "两项的列表：[一级指标, 二级指标]，如 [产出指标, 数量]")
                continue
            level1, level2 = (str(v) for v in value)
            if level1 not in FINANCE_LEVELS:
                add(field, level1, f"一级指标之一：{first}")
            elif level2 not in FINANCE_LEVELS[level1]:
                add(
                    field,
                    level2,
                    f"“{level1}”下的二级指标之一：" + "、".join(FINANCE_LEVELS[level1]),
                )
    points = block.get("points")
    if isinstance(points, dict):
        for key in points:
            if key not in FINANCE_LEVELS:
                add(f"self_evaluation.points.{key}", key, f"一级指标之一：{first}")


def _zero_weights(data: dict, file: str) -> list[Problem]:
    """Strength factors that leave every target with weight 0, each one listed.

    All strength ``weight_factor`` at 0 give every target a weight of 0 whatever the
    plan, and no overall score can be computed. (Section weights that are all 0 depend on
    the plan's sections: :func:`check_policy_for_plan` refuses them.)
    """
    out: list[Problem] = []
    strength = data.get("strength")
    if isinstance(strength, dict) and strength:
        factors = {k: _num(data, "strength", str(k), "weight_factor") for k in strength}
        if all(v == 0 for v in factors.values()):
            for key in factors:
                out.append(
                    Problem(
                        file,
                        None,
                        f"strength.{key}.weight_factor",
                        strength[key]["weight_factor"],
                        "大于 0 的权重系数：各力度的 weight_factor 不能全为 0（否则所有指标"
                        "权重为 0，无法计算总分）",
                    )
                )
    return out


def check_policy_for_plan(policy: Policy, plan: Any) -> None:
    """Check that a policy fits a plan: the sections and targets it names exist.

    ``load_policy`` checks a policy on its own; this checks it against one plan, so a
    report build can refuse a mismatched pair before any notebook runs. :func:`score`
    calls it first.

    Parameters
    ----------
    policy : Policy
        A loaded policy.
    plan : Plan
        The plan (``load_plan``); only ``targets`` (``target_id``, ``section``),
        ``sections`` (``section``) and ``id`` are read.

    Raises
    ------
    PolicyError
        Listing every problem at once: each section key in ``section_weights.weights``
        and each id in ``veto.targets`` the plan does not have (with the allowed values
        or the closest ones), repeated veto ids, and section weights that leave every
        section of the plan with weight 0.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> check_policy_for_plan(load_policy(), load_plan()) is None
    True
    """
    file = str(policy.path) if policy.path is not None else "评分规则"
    targets = plan.targets
    sections = getattr(plan, "sections", None)
    if isinstance(sections, pd.DataFrame) and "section" in sections:
        section_ids = [str(s) for s in sections["section"]]
    else:
        section_ids = [str(s) for s in dict.fromkeys(targets["section"].tolist())]
    target_ids = [str(t) for t in targets["target_id"].tolist()]
    plan_name = f"计划 {plan.id} " if getattr(plan, "id", None) else "计划"
    problems: list[Problem] = []
    for sid in policy.section_weights.weights:
        if sid not in section_ids:
            problems.append(
                Problem(
                    file,
                    None,
                    f"section_weights.weights.{sid}",
                    sid,
                    f"{plan_name}中的板块编号之一：" + "、".join(section_ids),
                )
            )
    known = set(target_ids)
    seen: set[str] = set()
    for tid in policy.veto.targets:
        if tid in seen:
            problems.append(Problem(file, None, "veto.targets", tid, "不重复的指标编号"))
            continue
        seen.add(tid)
        if tid not in known:
            close = difflib.get_close_matches(tid, target_ids, n=3, cutoff=0.5)
            hint = f"，最接近的是 {'、'.join(close)}" if close else ""
            problems.append(
                Problem(
                    file,
                    None,
                    "veto.targets",
                    tid,
                    f"{plan_name}中的指标编号（共 {len(target_ids)} 个{hint}）",
                )
            )

    allowed = set(section_ids) | known | set(kind_codes())
    for key in policy.self_evaluation.finance_mapping:
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=3, cutoff=0.5)
            hint = f"；最接近的是 {'、'.join(close)}" if close else ""
            problems.append(
                Problem(
                    file,
                    None,
                    f"self_evaluation.finance_mapping.{key}",
                    key,
                    f"{plan_name}中的指标编号、板块编号或指标类型（{'、'.join(kind_codes())}）"
                    + hint,
                )
            )
    if section_ids and all(policy.section_weight(s) <= 0 for s in section_ids):
        problems.append(
            Problem(
                file,
                None,
                "section_weights",
                f"default: {policy.section_weights.default:g}",
                f"{plan_name}至少一个板块的权重大于 0（板块：" + "、".join(section_ids) + "）",
            )
        )
    if problems:
        raise PolicyError(
            f"评分规则 {file} 与{plan_name.strip()}不一致（{len(problems)} 处），"
            "请修改评分规则文件",
            problems,
        )
