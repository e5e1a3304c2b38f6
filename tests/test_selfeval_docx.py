"""Tests for the self-evaluation report as a Word document (selfeval_docx)."""

from __future__ import annotations

import re
from dataclasses import replace

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gutang_analysis.selfeval_docx import (
    FONT_FALLBACKS,
    SECTION_HEADINGS,
    write_self_evaluation_docx,
)
from gutang_analysis.selfeval_form import form_totals, self_evaluation_form_table

SHORT = ("nearly_met", "partial", "not_met", "no_data", "not_assessable")


@pytest.fixture(scope="module")
def ctx(example_ctx):
    return example_ctx


@pytest.fixture(scope="module")
def document(ctx, tmp_path_factory):
    out = tmp_path_factory.mktemp("docx") / "自评报告.docx"
    write_self_evaluation_docx(
        ctx.result, ctx.plan, out, provenance=ctx.provenance, outcomes=ctx.outcomes
    )
    return docx.Document(out)


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


def test_structure_title_addressee_and_headings(ctx, document):
    texts = [p.text for p in document.paragraphs]
    # GB/T 9704: no 书名号 around the whole title, only around the document it names;
    # 主送机关 line ending with a full colon
    title = f"关于《{ctx.plan.title}》目标完成情况的自评报告"
    assert title in texts and not any(t.startswith("《") for t in texts)
    assert texts[texts.index(title) + 1].endswith("：")
    positions = [texts.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert "主要成效" in SECTION_HEADINGS[1]
    # one short table per programme with targets
    assert len(document.tables) == len(ctx.result.sections)
    assert document.tables[0].rows[0].cells[0].text == "目标数"


def test_the_verdict_comes_first_and_is_the_official_total(ctx, document):
    texts = [p.text for p in document.paragraphs]
    o = ctx.result.overall
    opening = texts[texts.index(SECTION_HEADINGS[0]) - 1]
    assert f"总分 {o['score']:.2f} 分，等级“{o['grade']}”" in opening
    assert "完成 " in opening and "未报送 " in opening
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    assert form_totals(form, ctx.result).total == o["score"]
    text = _text(document)
    # one total: every 总分 in the report is the same number; other readings are named
    totals = set(re.findall(r"总分 (\d+(?:\.\d+)?) 分", text))
    assert totals == {f"{o['score']:.2f}"}
    assert "保守口径" not in text and "自评总分" not in text
    assert f"有数据指标平均得分 {o['scored_mean']:.1f} 分，不是总分" in text


def test_headings_match_their_content(ctx, document):
    texts = [p.text for p in document.paragraphs]
    part = texts[texts.index(SECTION_HEADINGS[3]) : texts.index(SECTION_HEADINGS[4])]
    heading = None
    seen = 0
    for line in part[1:]:
        if line.startswith("（"):
            heading = line
            continue
        m = re.match(r"\d+\. (.+?)（([^，]+)，", line)
        if not m:
            continue
        seen += 1
        label = m.group(2)
        assert label in heading or (label in ("缺少基期", "无期末数据") and "未报送" in heading)
    assert seen == int(ctx.result.targets["status"].isin(SHORT).sum())


def test_every_shortfall_has_cause_and_remedy(ctx, document):
    text = _text(document)
    t = ctx.result.targets
    short = t[t["status"].isin(SHORT)]
    for row in short.itertuples():
        assert row.title.replace('"', "“") in text or row.title in text
    for value in list(t["cause"].dropna()) + list(t["remedy"].dropna()):
        assert str(value).strip() in text
    missing = short["cause"].isna().sum() + short["remedy"].isna().sum()
    assert "（未填写）" not in text
    assert text.count("待补充") >= missing > 0
    # each shortfall is body text: 三号 as the rest of the body (GB/T 9704), not 四号
    entries = [p for p in document.paragraphs if "偏差原因：" in p.text and "改进措施：" in p.text]
    assert entries and {r.font.size.pt for p in entries for r in p.runs} == {16.0}


def test_page_setup_fonts_numbers_and_signature(document):
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.top_margin - Cm(3.7)) < Cm(0.01)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if r.font.size}
    assert sizes <= {22.0, 16.0, 14.0, 12.0}  # 二号 三号 四号 小四
    for p in document.paragraphs:
        for run in p.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")), p.text
    # fonts name their fallbacks in the font table
    table = document.part.part_related_by(RT.FONT_TABLE)
    xml = table.blob.decode("utf-8") if hasattr(table, "blob") else ""
    for name, alt in FONT_FALLBACKS.items():
        assert f'w:name="{name}"' in xml and f'w:val="{alt}"' in xml
    # "— 1 —" page numbers, odd at the right and even at the left
    for footer in (section.footer, section.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and footer.paragraphs[0].text.startswith("— ")
        assert footer.paragraphs[0].text.endswith(" —")
    assert document.settings.odd_and_even_pages_header_footer
    # 落款 and 成文日期 at the end, kept with the text above them; no provenance page
    texts = [p.text for p in document.paragraphs]
    assert texts[-2] == "古塘街道" and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", texts[-1])
    assert any(t.startswith("单位负责人（签字）") for t in texts)
    tail = document.paragraphs[-5:-1]  # the last text, a blank line, the signer, the unit
    assert all(p.paragraph_format.keep_with_next for p in tail)
    text = _text(document)
    assert "SHA-256" not in text and "/tmp" not in text and "数据来源：" not in text
    assert '"' not in text


def test_illustrative_statement_in_text_and_every_page_header(document):
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "示例数据（虚构）" in header
    assert not document.sections[0].different_first_page_header_footer
    assert "示例数据（虚构）" in document.paragraphs[0].text
    reliability = _text(document).split(SECTION_HEADINGS[4])[1]
    assert "示例数据（虚构）" in reliability


def test_no_illustrative_statement_for_real_figures(ctx, tmp_path):
    result = replace(ctx.result, overall={**ctx.result.overall, "illustrative": False})
    out = write_self_evaluation_docx(result, ctx.plan, tmp_path / "r.docx")
    doc = docx.Document(out)
    assert "示例数据" not in _text(doc)
    assert "示例数据" not in "\n".join(p.text for p in doc.sections[0].header.paragraphs)


def test_addressee_from_the_policy(ctx, tmp_path):
    policy = ctx.result.policy.with_(self_evaluation={"addressee": "慈溪市人民政府"})
    out = write_self_evaluation_docx(ctx.result, ctx.plan, tmp_path / "r.docx", policy=policy)
    assert "慈溪市人民政府：" in [p.text for p in docx.Document(out).paragraphs]
