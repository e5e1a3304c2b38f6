"""The 自评报告 (self-evaluation report) as a Word document, in 公文 form (GB/T 9704).

Verdict first: after the title and the 主送机关 the opening paragraph states the official
total (``result.overall["score"]``, the number the form's SUM formulas give), the grade and
the counts by status. Then 一、总体情况 (the total's rule, coverage, the other readings under
their own names); 二、主要成效 (the targets met, a few per programme); 三、分板块完成情况 (per
programme a short table); 四、未完全完成目标的偏差原因及改进措施 (one sub-heading per status:
未完成, 部分完成, 基本完成, 未报送或无法评估, each listing only its own targets; a missing
cause or remedy reads 待补充); 五、评价的可靠程度; then the 落款 (issuing unit) and the
成文日期, kept on one page with the text above them. No provenance: paths and hashes are in
``manifest.json`` only.

Typography follows GB/T 9704 where it applies: A4 with 37 mm top and 28 mm left margins,
title 二号 方正小标宋简体 (falling back to 宋体), body 三号 仿宋_GB2312 (falling back to
仿宋 / FangSong) with a fixed 28 pt line and a two-character first-line indent, level-1
headings 黑体, level-2 headings 楷体_GB2312 (楷体), page numbers "— 1 —" in 四号 宋体 (odd
pages right, even pages left). The fallbacks are written to the document's font table
(``w:altName``), which Word and WPS use when a font is missing. When any input is
illustrative, every page header carries the notice.

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

from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic
from ._values import total_text
from .labels import TO_COMPLETE
from .phrases import actual_texts, banner_text, commitment_text
from .style import STATUS_LABELS
from .tables import clean_text

__all__ = ["FONT_FALLBACKS", "SECTION_HEADINGS", "curly_quotes", "write_self_evaluation_docx"]

#: The five level-1 headings of the report, in order.
SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主要成效",
    "三、分板块完成情况",
    "四、未完全完成目标的偏差原因及改进措施",
    "五、评价的可靠程度",
)

#: Font sizes (pt) by their Chinese names.
SIZES = {"二号": 22.0, "三号": 16.0, "四号": 14.0, "小四": 12.0, "五号": 10.5}

_TITLE_FONT = "方正小标宋简体"
_BODY_FONT = "仿宋_GB2312"
_HEADING1_FONT = "黑体"
_HEADING2_FONT = "楷体_GB2312"
_NUMBER_FONT = "宋体"

#: Each font the report names → the font Word and WPS use when it is missing (written to
#: the document's font table as ``w:altName``), as GB/T 9704 practice names them in order.
FONT_FALLBACKS: dict[str, str] = {
    _TITLE_FONT: "宋体",
    _BODY_FONT: "仿宋",
    _HEADING1_FONT: "SimHei",
    _HEADING2_FONT: "楷体",
    _NUMBER_FONT: "SimSun",
}

#: Sub-headings of part 四, one per status group, each listing only its own targets.
_SHORT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("未完成", ("not_met",)),
    ("部分完成", ("partial", "behind")),
    ("基本完成", ("nearly_met",)),
    ("未报送或无法评估", ("no_data", "not_assessable")),
)
_SHORT = tuple(s for _, group in _SHORT_GROUPS for s in group)
_GOOD = ("exceeded", "met", "on_track")
_CN_NUM = "一二三四五六七八九十"


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


def _register_fallbacks(doc: Any) -> None:
    """Name each font's fallback in the font table (``w:font/w:altName``)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    try:
        part = doc.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = part.element if hasattr(part, "element") else parse_xml(part.blob)
    for font in list(root.findall(qn("w:font"))):
        if font.get(qn("w:name")) in FONT_FALLBACKS:
            root.remove(font)
    for name, alt in FONT_FALLBACKS.items():
        root.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alt}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/>'
                '<w:pitch w:val="fixed"/></w:font>'
            )
        )
    if not hasattr(part, "element"):
        from lxml import etree

        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page_number(paragraph: Any) -> None:
    """``— PAGE —`` in 四号 宋体 (a PAGE field between two dashes)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1")):
            run = paragraph.add_run()
            _set_run_font(run, _NUMBER_FONT, SIZES["四号"])
            if kind:
                el = OxmlElement("w:fldChar")
                el.set(qn("w:fldCharType"), kind)
                run._element.append(el)
            elif text == code:
                el = OxmlElement("w:instrText")
                el.set(qn("xml:space"), "preserve")
                el.text = f" {code} "
                run._element.append(el)
            else:
                run.text = text
        end = paragraph.add_run()
        _set_run_font(end, _NUMBER_FONT, SIZES["四号"])
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), "end")
        end._element.append(el)

    _set_run_font(paragraph.add_run("— "), _NUMBER_FONT, SIZES["四号"])
    field("PAGE")
    _set_run_font(paragraph.add_run(" —"), _NUMBER_FONT, SIZES["四号"])


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
        """One shortfall in 三号, as the body (GB/T 9704): bold title, the facts, then cause
        and remedy."""
        size = SIZES["三号"]
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
    return f"目标 {_t(commitment_text(plan_row))}，{reached}"


def _date_text(value: Any) -> str:
    import datetime as dt

    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return _t(value)
    if isinstance(value, dt.datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return _t(value)


def write_self_evaluation_docx(
    result: Any,
    plan: Any,
    path: str | Path,
    *,
    provenance: Any = None,
    outcomes: pd.DataFrame | None = None,
    policy: Any = None,
    unit_name: str | None = None,
    addressee: str | None = None,
    dated: Any = None,
) -> Path:
    """Write the self-evaluation report (自评报告) as a Word document in 公文 form.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.docx`` file to write.
    provenance : Provenance, optional
        Its ``illustrative`` flag adds the 示例数据 statement to the text and to every page
        header; its build time is the 成文日期 when ``dated`` is omitted. Paths and hashes
        are not printed (they are in ``manifest.json``).
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for what each target reached).
    policy : Policy, optional
        Its ``self_evaluation.addressee`` is the 主送机关 when ``addressee`` is omitted;
        ``result.policy`` when omitted.
    unit_name : str, optional
        The reporting unit (落款); ``plan.issuer`` when omitted.
    addressee : str, optional
        The 主送机关 (the reviewing body). When neither it nor the policy names one, the
        line is left blank for the sender to fill in.
    dated : datetime.date or str, optional
        The 成文日期; the build date when omitted.

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
    block = getattr(pol, "self_evaluation", None)
    to = _t(addressee) or _t(getattr(block, "addressee", None))
    if dated is None and provenance is not None:
        dated = getattr(provenance, "built_at", None)
    texts = actual_texts(result, outcomes)
    targets = {r["target_id"]: r for r in plan.targets.to_dict("records")}
    t = result.targets
    o = result.overall
    midyear = bool(o.get("midyear"))

    doc = Document()
    _set_style_font(doc.styles["Normal"], _BODY_FONT, SIZES["三号"])
    _register_fallbacks(doc)
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(2.8)
    for header in (section.header, section.even_page_header):
        if notice:
            hp = header.paragraphs[0]
            hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_run_font(
                hp.add_run(f"⚠ {notice}，不得作为正式自评材料上报"),
                _BODY_FONT,
                SIZES["五号"],
                bold=True,
                color="C00000",
            )
    # page numbers: odd pages at the right, even pages at the left, one character in
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        fp = footer.paragraphs[0]
        fp.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fp.paragraph_format.right_indent = Pt(SIZES["四号"])
        else:
            fp.paragraph_format.left_indent = Pt(SIZES["四号"])
        _page_number(fp)

    w = _Writer(doc)
    if notice:
        w.para(
            f"【{notice}。本报告仅用于演示，不得作为正式自评材料上报。】",
            bold=True,
            color="C00000",
            indent=False,
            align="center",
        )
    what = "时间过半目标任务推进情况" if midyear else "目标完成情况"
    # the title names a document: 《》 around that document's name only (GB/T 9704 practice)
    title = f"关于《{_t(plan.title).strip('《》')}》{what}的自评报告"
    title_p = w.para(title, font=_TITLE_FONT, size=SIZES["二号"], align="center", indent=False)
    title_p.paragraph_format.line_spacing = Pt(36)
    title_p.paragraph_format.space_before = Pt(12)
    title_p.paragraph_format.space_after = Pt(28)
    if to:
        w.para(f"{to}：", align="left", indent=False)
    else:  # a line for the sender to write the reviewing body on
        line = w.para(align="left", indent=False)
        blank = line.add_run("\u3000" * 10)
        _set_run_font(blank, _BODY_FONT, SIZES["三号"])
        blank.font.underline = True
        _set_run_font(line.add_run("："), _BODY_FONT, SIZES["三号"])

    # the verdict first: total, grade, counts
    counts = {k: v for k, v in (o.get("counts") or {}).items() if v}
    count_text = "，".join(f"{STATUS_LABELS.get(k, k)} {v} 项" for k, v in counts.items())
    grade = _t(o.get("grade"))
    grade_text = f"等级“{grade}”" if grade else "不评定等级"
    unexplained = len(o.get("unexplained") or [])
    as_of = f"截至 {o.get('as_of')}，" if midyear else ""
    w.para(
        f"{as_of}{_t(plan.title)}共列出可考核目标 {o.get('n_targets', len(t))} 项。经自评，"
        f"总分 {total_text(o.get('score'))} 分，{grade_text}；其中{count_text}。"
        + (
            f"偏差原因或改进措施尚待补充的 {unexplained} 项，在第四部分标为“{TO_COMPLETE}”。"
            if unexplained
            else ""
        )
        + "现将有关情况报告如下。"
    )

    # 一、总体情况
    w.heading1(SECTION_HEADINGS[0])
    scored_rule = o.get("total_rule") == "scored"
    w.para(
        f"按{_t(o.get('policy')) or '评分规则'}评分。总分按"
        + (
            "只计有数据目标的口径计算：分值按有得分的目标折算为 100 分，"
            if scored_rule
            else "自评表口径计算：各项目标的分值合计 100 分，"
            "未报送、无法评估的目标保留分值、得 0 分，"
        )
        + "每项得分不超过其分值，完成率未达 100% 的按完成率折算、不得满分，超额完成不加分；"
        "总分与年终自评表的合计、评估报告中的总分是同一个数。"
    )
    mean = _num(o.get("scored_mean"))
    w.para(
        f"有完成数据、可以评分的目标 {o.get('n_scored', 0)} 项，按权重计占全部目标的 "
        f"{_pct(o.get('coverage'))}（数据覆盖率）。"
        + (
            f"另一读数：只对有数据的目标加权平均，有数据指标平均得分 {mean:.1f} 分，不是总分。"
            if mean is not None and (_num(o.get("coverage")) or 0) < 1
            else ""
        )
    )
    if _t(o.get("grade_note")):
        w.para(f"{_t(o.get('grade_note'))}。")
    for warning in result.warnings:
        w.para(f"需要说明的是：{_t(warning)}")

    # 二、主要成效
    w.heading1(SECTION_HEADINGS[1])
    good = t[t["status"].isin(_GOOD)]
    if good.empty:
        w.para("本期没有已完成的目标。")
    else:
        w.para(
            f"全年完成或超额完成目标 {len(good)} 项，"
            f"占全部目标的 {len(good) / max(len(t), 1):.0%}。"
            if not midyear
            else f"进度正常或已完成的目标 {len(good)} 项，占全部目标的 "
            f"{len(good) / max(len(t), 1):.0%}。"
        )
        for i, sec in enumerate(result.sections.to_dict("records"), 1):
            part = good[good["section"] == sec["section"]]
            if part.empty:
                continue
            name = _t(sec.get("section_name")) or _t(sec.get("section"))
            shown = "、".join(_quoted(_t(x)) for x in part["title"].head(3))
            more = f"等 {len(part)} 项" if len(part) > 3 else ""
            w.para(f"（{_cn(i)}）{name}：{shown}{more}目标已完成。", size=SIZES["三号"])

    # 三、分板块完成情况
    w.heading1(SECTION_HEADINGS[2])
    header = ["目标数", *_status_counts({}).keys(), "板块得分"]
    for i, sec in enumerate(result.sections.to_dict("records"), 1):
        name = _t(sec.get("section_name")) or _t(sec.get("section"))
        part = t[t["section"] == sec["section"]]
        if part.empty:
            continue
        w.heading2(f"（{_cn(i)}）{name}")
        sec_grade = _t(sec.get("grade"))
        score_text = f"{total_text(sec.get('score'))} 分"
        w.para(
            f"共 {len(part)} 项目标，板块得分 {score_text}（按总分口径折合为百分制）"
            + (f"，等级“{sec_grade}”" if sec_grade else "")
            + f"，数据覆盖率 {_pct(sec.get('coverage'))}。",
            keep_next=True,
        )
        counts_row = _status_counts(sec)
        w.table(header, [[str(len(part)), *(str(v) for v in counts_row.values()), score_text]])

    # 四、偏差原因及改进措施, one sub-heading per status group
    w.heading1(SECTION_HEADINGS[3])
    shortfalls = t[t["status"].isin(_SHORT)]
    if shortfalls.empty:
        w.para("全部目标均已完成，无需说明偏差。")
    n, k = 0, 0
    for name, statuses in _SHORT_GROUPS:
        part = shortfalls[shortfalls["status"].isin(statuses)]
        if part.empty:
            continue
        k += 1
        w.heading2(f"（{_cn(k)}）{name}（{len(part)} 项）")
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
                _t(row.cause) or TO_COMPLETE,
                _t(row.remedy) or TO_COMPLETE,
            )
    # a cause or remedy written for a met target is reported too
    extra = t[~t["status"].isin(_SHORT) & (t["cause"].notna() | t["remedy"].notna())]
    extra = [r for r in extra.itertuples(index=False) if _t(r.cause) or _t(r.remedy)]
    if extra:
        k += 1
        w.heading2(f"（{_cn(k)}）已完成但附有说明的目标（{len(extra)} 项）")
        for row in extra:
            w.entry(
                f"{_t(row.title)}",
                f"（{_t(row.status_label)}）。",
                _t(row.cause) or "无",
                _t(row.remedy) or "无",
            )

    # 五、评价的可靠程度
    w.heading1(SECTION_HEADINGS[4])
    missing = t[t["status"].isin(["no_data", "not_assessable"])]
    w.para(
        f"本次评价的数据覆盖率为 {_pct(o.get('coverage'))}（按权重计）。"
        + (
            f"未报送或无法评估的目标 {len(missing)} 项："
            + "、".join(_quoted(_t(x)) for x in missing["title"])
            + "。"
            if len(missing)
            else "全部目标均有可用于评分的数据。"
        )
    )
    evidence = int(t["evidence"].map(lambda v: bool(_t(v))).sum())
    w.para(f"{evidence} 项目标附有佐证材料，逐项列在年终自评表的“佐证材料”栏中。")
    last = w.para(
        "评分规则、数据来源与校验值见随报告生成的 manifest.json 与自评表“说明”工作表。",
        keep_next=True,
    )
    if notice:
        last.paragraph_format.keep_with_next = False
        last = w.para(
            f"{notice}：本报告中的完成值、原因和措施均为演示用的虚构数据，"
            "不反映真实工作情况，不得作为正式自评材料上报。",
            bold=True,
            color="C00000",
            keep_next=True,
        )

    # 落款 and 成文日期, kept on one page with the last lines of text
    w.para("", keep_next=True)
    sign = w.para(
        "单位负责人（签字）：\u3000\u3000\u3000\u3000\u3000\u3000",
        align="right",
        indent=False,
        keep_next=True,
    )
    sign.paragraph_format.space_before = Pt(14)
    w.para(unit, align="right", indent=False, keep_next=True).paragraph_format.right_indent = Pt(
        SIZES["三号"] * 4
    )
    date_text = _date_text(dated) if dated else "\u3000" * 4 + "年\u3000\u3000月\u3000\u3000日"
    w.para(date_text, align="right", indent=False).paragraph_format.right_indent = Pt(
        SIZES["三号"] * 4
    )

    return write_atomic(Path(path), doc.save, what="自评报告")
