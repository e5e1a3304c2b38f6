"""phrases.py: data-dependent prose, never a raw Python value, honest about missing grades."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from gutang_analysis import load_outcomes, load_plan, load_policy, paths, score
from gutang_analysis.phrases import summary_paragraphs


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def _text(result, plan) -> str:
    return "".join(summary_paragraphs(result, plan, load_policy()))


def test_full_data_gives_a_grade(plan):
    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    baseline = load_outcomes(paths.DEFAULT_BASELINE, plan)
    result = score(plan, outcomes, baseline=baseline)
    text = _text(result, plan)
    assert f"总分 {result.overall['score']:.2f} 分，等级“良”" in text
    assert "None" not in text and "nan" not in text.lower()


def test_low_coverage_says_no_grade_instead_of_none(plan):
    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    few = outcomes[outcomes["target_id"].isin(plan.targets["target_id"].iloc[:20])]
    # the rule that withholds a grade below the coverage threshold (score.total: scored)
    result = score(plan, few, policy=load_policy().with_(score={"total": "scored"}))
    assert result.overall["grade"] is None
    text = _text(result, plan)
    assert "None" not in text and "nan" not in text.lower()
    assert "不评定等级" in text and "80%" in text


def test_shortfalls_list_reported_gaps_before_missing_figures(plan):
    from gutang_analysis.narrative import shortfalls_html
    from gutang_analysis.phrases import shortfalls

    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    baseline = load_outcomes(paths.DEFAULT_BASELINE, plan)
    result = score(plan, outcomes, baseline=baseline)
    order = list(shortfalls(result, "economy")["status"])
    assert "no_data" in order and "nearly_met" in order
    rank = {"not_met": 0, "partial": 1, "nearly_met": 2, "no_data": 3}
    assert [rank[s] for s in order] == sorted(rank[s] for s in order)
    page = shortfalls_html(result, plan, "economy")
    missing = result.targets[
        (result.targets["section"] == "economy") & (result.targets["status"] == "no_data")
    ]
    assert f"以下 {len(missing)} 项未报送：" in page
    assert page.count("未报送</span>") == 1  # one line, not one entry per target
    assert page.index("基本完成") < page.index("未报送")
    for title in missing["title"]:
        assert title in page


def test_readable_tables_show_no_codes_or_nan(plan):
    from gutang_analysis.style import STATUS_LABELS
    from gutang_analysis.tables import overall_frame, readable_targets, status_table

    outcomes = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    result = score(plan, outcomes)
    t = result.targets
    text = "".join(
        [
            readable_targets(
                t, ["title", "kind", "actual", "ratio", "score", "status"]
            ).to_string(),
            overall_frame(result).to_string(),
            status_table(t).to_string(),
        ]
    )
    for raw in ("nan", "NaN", "None", "not_met", "no_data", "at_least", "qualitative", "score"):
        assert raw not in text, raw
    assert list(status_table(t).columns)[:-1] == [
        STATUS_LABELS[s]
        for s in ("exceeded", "met", "nearly_met", "partial", "not_met", "no_data")
        if s in set(t["status"])
    ] + [STATUS_LABELS[s] for s in ("not_assessable",) if s in set(t["status"])]
    scored = load_policy().with_(score={"total": "scored"})
    assert "不评定" in overall_frame(score(plan, outcomes.iloc[:5], policy=scored)).to_string()


# --------------------------------------------------------------------------- issue 12


@pytest.fixture(scope="module")
def ctx(example_ctx):
    return example_ctx


def test_a_cause_written_for_a_met_target_is_shown(ctx):
    """A 力争 target at 92.3 % counts as 完成; its office's cause and remedy still show."""
    from gutang_analysis.narrative import section_html, self_evaluation_html, shortfalls_html

    t = ctx.result.targets.set_index("target_id")
    row = t.loc["live-inclusive-kindergarten-quality"]
    assert row["status"] == "met" and row["ratio"] < 1 and row["cause"] and row["remedy"]
    for page in (
        shortfalls_html(ctx.result, ctx.plan, row["section"]),
        section_html(ctx, row["section"]),
        self_evaluation_html(ctx),
    ):
        assert row["cause"] in page and row["remedy"] in page
    page = shortfalls_html(ctx.result, ctx.plan, row["section"])
    assert "按“力争”类完成线计为完成，但未达到目标值" in page


def test_every_cause_and_remedy_appears_where_its_target_appears(ctx):
    from gutang_analysis.narrative import section_html, self_evaluation_html

    t = ctx.result.targets
    written = t[t["cause"].notna() | t["remedy"].notna()]
    assert len(written) > 5
    selfeval = self_evaluation_html(ctx)
    pages = {section: section_html(ctx, section) for section in set(written["section"])}
    for r in written.itertuples():
        page = pages[r.section]
        for text in (r.cause, r.remedy):
            if isinstance(text, str) and text:
                assert html.escape(text) in page, (r.target_id, text)
                assert html.escape(text) in selfeval, (r.target_id, text)


def test_reliability_says_how_much_is_self_rated(ctx):
    from gutang_analysis.narrative import reliability_html
    from gutang_analysis.phrases import honesty_paragraphs

    text = "".join(honesty_paragraphs(ctx.result, ctx.policy))
    assert "按权重计，53% 的目标为定性指标" in text
    assert re.search(r"只计其余 \d+ 项有客观数据的指标时，得分为 \d+\.\d 分", text)
    assert "这一读数不是总分" in text
    page = reliability_html(ctx)
    assert "仅量化指标" in page and ">计入权重</th>" in page and ">47%<" in page


def test_a_plan_without_qualitative_targets_says_nothing_about_self_ratings(ctx):
    from gutang_analysis.phrases import self_rated_paragraph

    outcomes = ctx.outcomes[ctx.outcomes["target_id"].isin(ctx.plan.targets["target_id"])]
    quant = ctx.plan.targets[ctx.plan.targets["kind"] != "qualitative"]
    plan = type("P", (), {"year": ctx.plan.year, "targets": quant, "sections": None})()
    result = score(plan, outcomes[outcomes["target_id"].isin(quant["target_id"])])
    assert self_rated_paragraph(result) == ""


def test_section_summary_gives_the_grade(ctx):
    from gutang_analysis.narrative import section_score_html
    from gutang_analysis.phrases import section_paragraphs

    s = ctx.result.sections.set_index("section").loc["economy"]
    text = "".join(section_paragraphs(ctx.result, ctx.plan, "economy"))
    assert f"本板块得分 {s['score']:.2f} 分" in text and f"等级“{s['grade']}”" in text
    box = section_score_html(ctx, "economy")
    assert f">{s['score']:.2f}<" in box and f">{s['grade']}<" in box
    assert f">{ctx.result.overall['score']:.2f}<" in box


def test_long_reports_have_a_table_of_contents(ctx):
    from gutang_analysis.narrative import OUTLINES, heading_html, section_html, toc_html

    pages = {section: section_html(ctx, section) for section, _ in ctx.sections}
    for report, parts in OUTLINES.items():
        toc = toc_html(ctx, report)
        for key, text in parts:
            anchor = f'id="part-{key}"'
            assert anchor in heading_html(report, key)
            assert f'href="#part-{key}">{text}</a>' in toc
        for section, name in ctx.sections:
            assert f'href="#section-{section}">{name}</a>' in toc
            assert f'id="section-{section}"' in pages[section]


def test_no_corner_brackets_in_what_these_modules_say(ctx, example_midyear_ctx):
    """公文 quotes: “” (nested ‘’), never “”, in the words of the reports."""
    from gutang_analysis.narrative import reliability_html, section_html
    from gutang_analysis.phrases import midyear_paragraphs, summary_paragraphs

    texts = [
        *summary_paragraphs(ctx.result, ctx.plan, ctx.policy),
        reliability_html(ctx),
        *(section_html(ctx, s) for s, _ in ctx.sections),
        *ctx.result.targets["rule"].astype(str),
        *ctx.result.warnings,
    ]
    mid = example_midyear_ctx
    texts += midyear_paragraphs(mid.result, mid.plan, mid.as_of)
    for text in texts:
        assert "\u300c" not in text and "\u300d" not in text  # no corner brackets, text


OWN_FILES = (
    "gutang_analysis/phrases.py",
    "gutang_analysis/narrative.py",
    "gutang_analysis/summary.py",
    "gutang_analysis/scoring.py",
    "gutang_analysis/workbook.py",
    "gutang_analysis/provenance.py",
    "gutang_analysis/outputs.py",
    "notebooks/annual_review.ipynb",
    "notebooks/section_review.ipynb",
    "notebooks/self_evaluation.ipynb",
    "notebooks/midyear_check.ipynb",
    "notebooks/reports.yaml",
    "docs/methodology.md",
)


@pytest.mark.parametrize("name", OWN_FILES)
def test_report_sources_use_gongwen_quotes(name):
    text = (Path(__file__).parents[1] / name).read_text(encoding="utf-8")
    assert "\u300c" not in text and "\u300d" not in text  # no corner brackets


def test_a_cause_written_for_a_target_without_figures_is_shown(ctx):
    from gutang_analysis.narrative import shortfalls_html

    outcomes = ctx.outcomes.copy()
    t = ctx.result.targets
    tid = t.loc[t["status"] == "no_data", "target_id"].iloc[0]
    section = t.set_index("target_id").loc[tid, "section"]
    mask = outcomes["target_id"] == tid
    if not mask.any():
        outcomes = pd.concat(
            [outcomes, pd.DataFrame([{"target_id": tid, "period": "2022"}])], ignore_index=True
        )
        mask = outcomes["target_id"] == tid
    outcomes.loc[mask, "cause"] = "统计口径调整，数据尚未发布"
    result = score(ctx.plan, outcomes, baseline=ctx.baseline)
    assert result.targets.set_index("target_id").loc[tid, "status"] == "no_data"
    page = shortfalls_html(result, ctx.plan, section)
    assert "偏差原因：统计口径调整，数据尚未发布" in page
