"""The 自评报告 (self-evaluation report) as a Word document, in 公文 style.

Sections: 一、总体情况 (score, grade, coverage, the conservative reading and the form's
points total, in sentences); 二、分板块完成情况 (per programme a short table and the
targets not fully met); 三、未完成目标的偏差原因及改进措施 (every shortfall with its cause
and remedy, （未填写） where missing); 四、评价的可靠程度 (coverage, what was not reported,
data sources; the 示例数据 statement when the figures are illustrative); 五、签字.

Typography follows 公文 practice (GB/T 9704): A4, body 仿宋 三号 (16 pt) with a fixed
28 pt line, headings 黑体 / 楷体 三号, the title 宋体 二号 bold, tables 四号. East Asian
fonts are set through the ``w:eastAsia`` attribute of ``w:rFonts`` (python-docx sets only
the Latin font). When any input is illustrative, every page header carries the notice.

Examples
--------
>>> import tempfile, pathlib
>>> from gutang_analysis.report import prepare
>>> ctx = prepare()
>>> out = write_self_evaluation_docx(ctx.result, ctx.plan,
...     pathlib.Path(tempfile.mkdtemp()) / "自评报告.docx", provenance=ctx.provenance,
...     outcomes=ctx.outcomes)
>>> out.suffix
'.docx'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic
from .phrases import actual_texts, banner_text, target_text
from .selfeval_form import form_totals, self_evaluation_form_table
from .style import STATUS_LABELS
from .tables import clean_text

__all__ = ["SECTION_HEADINGS", "curly_quotes", "write_self_evaluation_docx"]

#: The five headings of the report, in order.
SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、分板块完成情况",
    "三、未完成目标的偏差原因及改进措施",
    "四、评价的可靠程度",
    "五、签字",
)

#: Font sizes (pt) by their Chinese names.
SIZES = {"二号": 22.0, "三号": 16.0, "四号": 14.0, "小四": 12.0, "五号": 10.5}

_BODY_FONT = "仿宋"
_HEADING1_FONT = "黑体"
_HEADING2_FONT = "楷体"
_TITLE_FONT = "宋体"
_SHORT = ("nearly_met", "partial", "not_met", "behind", "no_data", "not_assessable")
_CN_NUM = "一二三四五六七八九十"
_MISSING = "（未填写）"


def curly_quotes(text: str) -> str:
    """Replace straight double quotes with Chinese “” pairs.

    Examples
    --------
    >>> curly_quotes('整治"低散乱"企业')
    '整治“低散乱”企业'
    """
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


def _quoted(text: str) -> str:
    """Put text in “”, turning quotes inside into ‘’ (Chinese nesting).

    Examples
    --------
    >>> _quoted("培育“小巨人”企业")
    '“培育‘小巨人’企业”'
    """
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def _t(value: Any) -> str:
    return curly_quotes(clean_text(value))


def _cn(n: int) -> str:
    if n <= 10:
        return _CN_NUM[n - 1]
    if n < 20:
        return "十" + (_CN_NUM[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return _CN_NUM[tens - 1] + "十" + (_CN_NUM[ones - 1] if ones else "")


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out


def _set_run_font(run: Any, name: str, size: float, *, bold: bool = False, color=None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _set_style_font(style: Any, name: str, size: float) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = name
    style.font.size = Pt(size)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


class _Writer:
    """Paragraph helpers with the report's fonts and spacing."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc

    def para(
        self,
        text: str = "",
        *,
        font: str = _BODY_FONT,
        size: float = SIZES["三号"],
        bold: bool = False,
        align: str | None = None,
        indent: bool = True,
        color: str | None = None,
        keep_next: bool = False,
        line: float = 28,
    ) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(line)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "left":
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.keep_with_next = keep_next
        if text:
            _set_run_font(p.add_run(text), font, size, bold=bold, color=color)
        return p

    def entry(self, title: str, facts: str, cause: str, remedy: str) -> Any:
        """One shortfall in 四号: bold title, the facts, then cause and remedy."""
        size = SIZES["四号"]
        p = self.para(size=size, line=24)
        _set_run_font(p.add_run(title), _BODY_FONT, size, bold=True)
        _set_run_font(p.add_run(facts), _BODY_FONT, size)
        _set_run_font(p.add_run("偏差原因："), _BODY_FONT, size, bold=True)
        _set_run_font(p.add_run(f"{cause.rstrip('。')}。"), _BODY_FONT, size)
        _set_run_font(p.add_run("改进措施："), _BODY_FONT, size, bold=True)
        _set_run_font(p.add_run(f"{remedy.rstrip('。')}。"), _BODY_FONT, size)
        return p

    def heading1(self, text: str) -> Any:
        return self.para(text, font=_HEADING1_FONT, keep_next=True)

    def heading2(self, text: str) -> Any:
        return self.para(text, font=_HEADING2_FONT, keep_next=True)

    def table(self, header: list[str], rows: list[list[str]]) -> Any:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        table = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate([header, *rows]):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                p = cell.paragraphs[0]
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(2)
                p.paragraph_format.line_spacing = 1.0
                p.paragraph_format.keep_with_next = r == 0
                _set_run_font(p.add_run(value), _BODY_FONT, SIZES["四号"], bold=(r == 0))
        return table


def _status_counts(row: Any) -> dict[str, int]:
    def n(key: str) -> int:
        value = _num(row.get(key)) if hasattr(row, "get") else None
        return int(value) if value is not None else 0

    return {
        "完成（含超额）": n("exceeded") + n("met") + n("on_track"),
        "基本完成": n("nearly_met"),
        "部分完成": n("partial") + n("behind"),
        "未完成": n("not_met"),
        "未报送或无法评估": n("no_data") + n("not_assessable"),
    }


def _score(value: Any) -> str:
    v = _num(value)
    return f"{v:.1f} 分" if v is not None else "不计分"


def _pct(value: Any) -> str:
    v = _num(value)
    return f"{v:.1%}" if v is not None else "—"


def _actual_phrase(row: Any, texts: dict, targets: dict) -> str:
    """What was promised and what was reached, in a few words."""

    plan_row = dict(targets.get(row.target_id, {}))
    plan_row.setdefault("kind", row.kind)
    actual = _t(texts.get(row.target_id))
    if row.kind == "qualitative":
        return f"评定：{actual}" if actual else "未报送评定"
    reached = f"完成 {actual}" if actual else "未报送完成值"
    return f"目标 {target_text(plan_row)}，{reached}"


def write_self_evaluation_docx(
    result: Any,
    plan: Any,
    path: str | Path,
    *,
    provenance: Any = None,
    outcomes: pd.DataFrame | None = None,
    policy: Any = None,
    unit_name: str | None = None,
) -> Path:
    """Write the self-evaluation report (自评报告) as a Word document.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.docx`` file to write.
    provenance : Provenance, optional
        Data sources in 四、评价的可靠程度; its ``illustrative`` flag adds the 示例数据
        statement to the text and to every page header.
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for what each target reached).
    policy : Policy, optional
        For the form's points total (:mod:`gutang_analysis.selfeval_form`);
        ``result.policy`` when omitted.
    unit_name : str, optional
        The reporting unit; ``plan.issuer`` when omitted.

    Returns
    -------
    Path
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    pol = policy if policy is not None else result.policy
    notice = banner_text(result, provenance)
    unit = _t(unit_name) or _t(getattr(plan, "issuer", ""))
    texts = actual_texts(result, outcomes)
    targets = {r["target_id"]: r for r in plan.targets.to_dict("records")}
    t = result.targets
    o = result.overall

    doc = Document()
    _set_style_font(doc.styles["Normal"], _BODY_FONT, SIZES["三号"])
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance = section.footer_distance = Cm(1.5)
    if notice:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_run_font(
            header.add_run(f"⚠ {notice}，不得作为正式自评材料上报"),
            _BODY_FONT,
            SIZES["五号"],
            bold=True,
            color="C00000",
        )
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_run_font(footer.add_run(f"{unit} 自评报告"), _BODY_FONT, SIZES["五号"])

    w = _Writer(doc)
    if notice:
        w.para(
            f"【{notice}。本报告仅用于演示，不得作为正式自评材料上报。】",
            bold=True,
            color="C00000",
            indent=False,
            align="center",
        )
    title = f"《{_t(plan.title)}》目标完成情况自评报告"
    if o.get("midyear"):
        title += f"（时间过半检查，截至 {o.get('as_of')}）"
    title_p = w.para(
        title, font=_TITLE_FONT, size=SIZES["二号"], bold=True, align="center", indent=False
    )
    title_p.paragraph_format.line_spacing = Pt(36)
    title_p.paragraph_format.space_before = Pt(12)
    title_p.paragraph_format.space_after = Pt(12)
    w.para(f"填报单位：{unit}", font=_HEADING2_FONT, align="center", indent=False)

    # 一、总体情况
    w.heading1(SECTION_HEADINGS[0])
    counts = {k: v for k, v in (o.get("counts") or {}).items() if v}
    count_text = "、".join(f"{STATUS_LABELS.get(k, k)} {v} 项" for k, v in counts.items())
    grade = _t(o.get("grade"))
    grade_text = f"等级为“{grade}”" if grade else "不给出总体等级"
    cons_grade = _t(o.get("conservative_grade"))
    form = self_evaluation_form_table(result, plan, outcomes=outcomes, policy=pol)
    layout = pol.self_evaluation.layout if hasattr(pol, "self_evaluation") else "plan"
    totals = form_totals(form, result, pol, layout)
    w.para(
        f"《{_t(plan.title)}》共列出可考核目标 {o.get('n_targets', len(t))} 项。"
        f"按{_t(o.get('policy')) or '评分规则'}评定，自评总分 {_score(o.get('score'))}，"
        f"{grade_text}。其中{count_text}。"
    )
    w.para(
        f"有完成数据、可以评分的目标 {o.get('n_scored', 0)} 项，按权重计占全部目标的 "
        f"{_pct(o.get('coverage'))}（数据覆盖率）；自评总分只对这些目标加权平均。"
        "按保守口径（未报送、无法评估的目标按 0 分计入），总分 "
        f"{_score(o.get('conservative_score'))}"
        + (f"，等级为“{cons_grade}”。" if cons_grade else "。")
        + f"按自评表的分值口径（各项分值合计 100 分，超额完成不加分），总分 {totals.total:.2f} 分。"
    )
    if _t(o.get("grade_note")):
        w.para(f"{_t(o.get('grade_note'))}。")
    for warning in result.warnings:
        w.para(f"需要说明的是：{_t(warning)}")

    # 二、分板块完成情况
    w.heading1(SECTION_HEADINGS[1])
    header = ["目标数", *_status_counts({}).keys(), "板块得分"]
    for i, sec in enumerate(result.sections.to_dict("records"), 1):
        name = _t(sec.get("section_name")) or _t(sec.get("section"))
        part = t[t["section"] == sec["section"]]
        if part.empty:
            continue
        w.heading2(f"（{_cn(i)}）{name}")
        sec_grade = _t(sec.get("grade"))
        w.para(
            f"共 {len(part)} 项目标，板块得分 {_score(sec.get('score'))}"
            + (f"（等级“{sec_grade}”）" if sec_grade else "")
            + f"，数据覆盖率 {_pct(sec.get('coverage'))}。",
            keep_next=True,
        )
        counts_row = _status_counts(sec)
        w.table(
            header,
            [[str(len(part)), *(str(v) for v in counts_row.values()), _score(sec.get("score"))]],
        )
        short = part[part["status"].isin(_SHORT)]
        if short.empty:
            w.para("本板块目标均已完成。")
            continue
        items = "；".join(
            f"{_t(r.title)}（{_t(r.status_label) or STATUS_LABELS.get(r.status, r.status)}）"
            for r in short.itertuples(index=False)
        )
        w.para(
            f"未完全完成的目标 {len(short)} 项：{items}。偏差原因和改进措施见第三部分。",
            size=SIZES["四号"],
            line=24,
        )

    # 三、偏差原因及改进措施
    w.heading1(SECTION_HEADINGS[2])
    shortfalls = t[t["status"].isin(_SHORT)]
    if shortfalls.empty:
        w.para("全部目标均已完成，无需说明偏差。")
    n = 0
    for i, sec in enumerate(result.sections.to_dict("records"), 1):
        part = shortfalls[shortfalls["section"] == sec["section"]]
        if part.empty:
            continue
        w.heading2(f"（{_cn(i)}）{_t(sec.get('section_name')) or _t(sec.get('section'))}")
        for row in part.itertuples(index=False):
            n += 1
            label = _t(row.status_label) or STATUS_LABELS.get(row.status, row.status)
            office = _t(row.office)
            facts = f"{label}，{_actual_phrase(row, texts, targets)}" + (
                f"；责任科室：{office}" if office else ""
            )
            w.entry(
                f"{n}. {_t(row.title)}",
                f"（{facts}）。",
                _t(row.cause) or _MISSING,
                _t(row.remedy) or _MISSING,
            )
    # a cause or remedy written for a met target is reported too
    extra = t[~t["status"].isin(_SHORT) & (t["cause"].notna() | t["remedy"].notna())]
    for row in extra.itertuples(index=False):
        if not (_t(row.cause) or _t(row.remedy)):
            continue
        w.entry(
            f"另：{_t(row.title)}",
            f"（{_t(row.status_label)}）。",
            _t(row.cause) or _MISSING,
            _t(row.remedy) or _MISSING,
        )

    # 四、评价的可靠程度
    w.heading1(SECTION_HEADINGS[3])
    missing = t[t["status"].isin(["no_data", "not_assessable"])]
    w.para(
        f"本次评价的数据覆盖率为 {_pct(o.get('coverage'))}（按权重计），"
        f"评分规则要求不低于 {_pct(o.get('min_coverage'))} 才给出总体等级。"
        + (
            f"未报送或无法评估的目标 {len(missing)} 项："
            + "、".join(_quoted(_t(x)) for x in missing["title"])
            + "。"
            if len(missing)
            else "全部目标均有可用于评分的数据。"
        )
    )
    evidence = int(t["evidence"].notna().sum())
    w.para(f"{evidence} 项目标附有佐证材料，评分依据逐项列在自评表中。")
    if notice:
        w.para(
            f"{notice}：本报告中的完成值、原因和措施均为演示用的虚构数据，"
            "不反映真实工作情况，不得作为正式自评材料上报。",
            bold=True,
            color="C00000",
        )
    if provenance is not None:
        w.para("数据来源：", keep_next=True)
        for label, value in provenance.rows():
            value = re.sub(r"（SHA-256 ([0-9a-f]{64})）", r"\n校验码（SHA-256）：\1", _t(value))
            for k, line in enumerate(value.split("\n")):
                p = w.para(
                    line if k else f"{label}：{line}",
                    size=SIZES["小四"],
                    line=20,
                    align="left",
                    indent=False,
                )
                p.paragraph_format.left_indent = Pt(SIZES["三号"] * (4 if k else 2))

    # 五、签字
    w.heading1(SECTION_HEADINGS[4])
    for text in (
        "单位负责人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000",
        "填报单位（盖章）：\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000",
        "日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日",
    ):
        p = w.para(text, align="left", indent=False, keep_next=True)
        p.paragraph_format.left_indent = Cm(7.5)
        p.paragraph_format.space_before = Pt(14)

    return write_atomic(Path(path), doc.save, what="自评报告")
