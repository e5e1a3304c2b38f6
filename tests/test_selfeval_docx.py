"""Tests for the self-evaluation report as a Word document (selfeval_docx)."""

from __future__ import annotations

from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gutang_analysis.report import prepare
from gutang_analysis.selfeval_docx import SECTION_HEADINGS, write_self_evaluation_docx
from gutang_analysis.selfeval_form import form_totals, self_evaluation_form_table

SHORT = ("nearly_met", "partial", "not_met", "no_data", "not_assessable")


@pytest.fixture(scope="module")
def ctx():
    return prepare()


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


def test_structure_title_unit_and_headings(ctx, document):
    texts = [p.text for p in document.paragraphs]
    assert f"《{ctx.plan.title}》目标完成情况自评报告" in texts
    assert f"填报单位：{ctx.plan.issuer}" in texts
    positions = [texts.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)
    # one short table per programme with targets
    assert len(document.tables) == len(ctx.result.sections)
    assert document.tables[0].rows[0].cells[0].text == "目标数"


def test_overall_sentences_carry_the_library_figures(ctx, document):
    text = _text(document)
    o = ctx.result.overall
    assert f"自评总分 {o['score']:.1f} 分" in text
    assert f"等级为“{o['grade']}”" in text
    assert f"{o['coverage']:.1%}（数据覆盖率）" in text
    assert f"总分 {o['conservative_score']:.1f} 分" in text
    form = self_evaluation_form_table(ctx.result, ctx.plan)
    assert f"总分 {form_totals(form, ctx.result).total:.2f} 分" in text


def test_every_shortfall_has_cause_and_remedy(ctx, document):
    text = _text(document)
    t = ctx.result.targets
    short = t[t["status"].isin(SHORT)]
    for row in short.itertuples():
        assert row.title.replace('"', "“") in text or row.title in text
    for value in list(t["cause"].dropna()) + list(t["remedy"].dropna()):
        assert str(value).strip() in text
    missing = short["cause"].isna().sum() + short["remedy"].isna().sum()
    assert text.count("（未填写）") >= missing > 0


def test_page_setup_fonts_and_signature(document):
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)  # 三号
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"
    sizes = {r.font.size.pt for p in document.paragraphs for r in p.runs if r.font.size}
    assert sizes <= {22.0, 16.0, 14.0, 12.0}  # 二号 三号 四号 小四
    for p in document.paragraphs:
        for run in p.runs:
            assert run._element.rPr.rFonts.get(qn("w:eastAsia")), p.text
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("单位负责人（签字）") for t in texts)
    assert any(t.startswith("日期：") and "年" in t and "月" in t and "日" in t for t in texts)
    assert '"' not in _text(document)


def test_illustrative_statement_in_text_and_every_page_header(document):
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "示例数据（虚构）" in header
    assert not document.sections[0].different_first_page_header_footer
    assert "示例数据（虚构）" in document.paragraphs[0].text
    reliability = _text(document).split(SECTION_HEADINGS[3])[1]
    assert "示例数据（虚构）" in reliability


def test_no_illustrative_statement_for_real_figures(ctx, tmp_path):
    result = replace(ctx.result, overall={**ctx.result.overall, "illustrative": False})
    out = write_self_evaluation_docx(result, ctx.plan, tmp_path / "r.docx")
    doc = docx.Document(out)
    assert "示例数据" not in _text(doc)
    assert "示例数据" not in "\n".join(p.text for p in doc.sections[0].header.paragraphs)
