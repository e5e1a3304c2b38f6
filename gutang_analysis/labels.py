"""The one vocabulary of Chinese labels a reader sees.

Every table, chart, workbook and message names a column, a status, a kind or a strength
with the words here, so the same thing is called the same everywhere. (The column names
of the entry template are a file format, kept in :data:`gutang_analysis.outcomes.HEADERS`,
which also reads older spellings back.)
"""

from __future__ import annotations

from .kinds import KINDS

__all__ = [
    "COLUMN_LABELS",
    "COMPARATOR_LABELS",
    "CONFIDENCE_LABELS",
    "KIND_LABELS",
    "STATUS_LABELS",
    "STRENGTH_LABELS",
    "TOTAL_LABEL",
    "TO_COMPLETE",
    "UNSURE_NUMBER",
    "column_label",
]

#: What each comparator of a plan's ``comparator`` field means, as a message names it.
COMPARATOR_LABELS = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不高于",
    "<": "低于",
    "=": "等于",
    "~": "左右",
}

#: The one official total (``ScoreResult.overall["score"]``) is called this everywhere;
#: no other reading is.
TOTAL_LABEL = "总分"

#: What a cause or remedy that a shortfall lacks shows (in the form, the Word report and
#: the reports), and what ``check`` asks for before the build.
TO_COMPLETE = "待补充"

STATUS_LABELS: dict[str, str] = {
    "exceeded": "超额完成",
    "met": "完成",
    "nearly_met": "基本完成",
    "partial": "部分完成",
    "not_met": "未完成",
    "no_data": "未报送",
    "not_assessable": "无法评估",
    "on_track": "进度正常",
    "behind": "进度滞后",
}

#: Kind code -> Chinese label (from the kinds registry).
KIND_LABELS: dict[str, str] = {code: k.label for code, k in KINDS.items()}

STRENGTH_LABELS: dict[str, str] = {
    "确保": "确保（刚性）",
    "力争": "力争（争取）",
    "争创": "争创（争取）",
}

CONFIDENCE_LABELS: dict[str, str] = {"high": "高", "medium": "中", "low": "低"}

#: Column name -> Chinese header, for plan, result, section and scorecard tables.
COLUMN_LABELS: dict[str, str] = {
    # targets
    "target_id": "目标编号",
    "section": "板块编号",
    "section_name": "板块",
    "area": "领域",
    "title": "目标任务",
    "source_text": "计划原文",
    "kind": "类型",
    "comparator": "比较方式",
    "strength": "力度",
    "target_value": "目标值",
    "target": "目标",
    "unit": "单位",
    "deadline": "完成时限",
    "actual": "完成值",
    "actual_text": "完成值",
    "baseline": "基期值",
    "baseline_text": "基期值",
    "expected": "序时进度目标",
    "expected_text": "序时进度目标",
    # 完成率 is always against the annual target; progress against the time schedule
    # (时间过半) is 进度完成率, against the 序时进度目标
    "ratio": "完成率",
    "schedule_ratio": "进度完成率",
    "score": "得分",
    "status": "状态",
    "status_label": "状态",
    "rule": "评分依据",
    "flag": "提示",
    "reason": "未计分原因",
    "weight": "权重",
    "effective_weight": "权重占比",
    "group": "组合",
    "group_status": "组合状态",
    "group_status_label": "组合状态",
    "period": "报告期",
    "evidence": "佐证材料",
    "cause": "偏差原因",
    "remedy": "改进措施",
    "office": "责任科室",
    "partners": "配合科室",
    "lead": "牵头领导",
    "reporting_office": "报送单位",
    "confidence": "可信度",
    # sections, groups, sensitivity
    "order": "序号",
    "n_targets": "指标数",
    "n_scored": "计分指标数",
    "grade": "等级",
    "coverage": "数据覆盖率",
    "conservative_score": "保守口径得分（含超额加分）",
    "scored_mean": "有数据指标平均得分",
    "official_weight": "分值占比",
    "members": "组成指标",
    "titles": "指标名称",
    "n_members": "指标数",
    "n_met": "达到数",
    "scenario": "口径",
    "description": "说明",
    **STATUS_LABELS,
}


def column_label(column: str) -> str:
    """The Chinese header of a column (the name itself when it has none).

    Examples
    --------
    >>> column_label("ratio"), column_label("no_such")
    ('完成率', 'no_such')
    """
    return COLUMN_LABELS.get(column, column)


#: The review list's reason for a number the drafter did not take as a target and could
#: not explain: the analyst checks whether a commitment was missed (``finalize`` reminds).
UNSURE_NUMBER = "未识别为目标（请核对是否漏提）"
