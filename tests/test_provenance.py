"""provenance.py: what built a report, its checksums, the build time and the warnings box."""

from __future__ import annotations

import datetime as dt
import re

from gutang_analysis import paths
from gutang_analysis.provenance import (
    ILLUSTRATIVE_BANNER,
    collect_provenance,
    file_sha256,
    local_time_text,
    report_header_html,
)


def _provenance(**kwargs):
    from gutang_analysis.outcomes import load_outcomes
    from gutang_analysis.plan import load_plan
    from gutang_analysis.policy import load_policy

    plan = load_plan()
    return collect_provenance(
        plan, load_outcomes(paths.DEFAULT_OUTCOMES, plan), policy=load_policy(), **kwargs
    )


def test_every_checksum_is_recorded_in_full():
    prov = _provenance()
    rows = dict(prov.rows())
    assert file_sha256(paths.DEFAULT_PLAN) in rows["计划文件"]
    assert file_sha256(paths.DEFAULT_OUTCOMES) in rows["完成情况数据"]
    assert rows["评分规则文件"] == (
        f"data/policies/default.yaml（SHA-256 {file_sha256(paths.DEFAULT_POLICY)}）"
    )
    assert prov.as_dict()["policy_sha256"] == file_sha256(paths.DEFAULT_POLICY)
    assert "…" not in "".join(rows.values())


def test_build_time_is_shown_in_beijing_time_and_kept_as_iso():
    when = dt.datetime(2026, 11, 25, 9, 17, 3, tzinfo=dt.UTC)
    prov = _provenance(built_at=when)
    assert dict(prov.rows())["生成时间"] == "2026年11月25日 17:17（北京时间）"
    assert prov.as_dict()["built_at"] == "2026-11-25T09:17:03+00:00"
    assert local_time_text("2022-12-31T20:30:00-05:00") == "2023年1月1日 09:30（北京时间）"


def test_header_shows_warnings_after_provenance_escaped():
    prov = _provenance()
    page = report_header_html("年度报告", prov, warnings=["6 项缺少<基期>"])
    assert page.index(ILLUSTRATIVE_BANNER) < page.index("<h1")
    assert page.index("gutang-provenance") < page.index("gutang-warnings")
    assert "6 项缺少&lt;基期&gt;" in page and "<基期>" not in page
    assert "gutang-warnings" not in report_header_html("年度报告", prov, warnings=[])
    assert re.search(r"SHA-256 [0-9a-f]{64}", page)


def _own_figures(tmp_path):
    """The bundled year-end figures without their 示例数据 line: a user's own file."""
    lines = paths.DEFAULT_OUTCOMES.read_text(encoding="utf-8-sig").splitlines()
    own = tmp_path / "本街道2022.csv"
    own.write_text("\n".join(ln for ln in lines if "示例数据" not in ln) + "\n", encoding="utf-8")
    return own


def test_an_illustrative_baseline_next_to_own_figures_is_named_in_the_banner(tmp_path):
    from gutang_analysis.outcomes import load_outcomes
    from gutang_analysis.plan import load_plan

    plan = load_plan()
    own = load_outcomes(_own_figures(tmp_path), plan)
    assert not own.attrs["illustrative"]
    base = load_outcomes(paths.DEFAULT_BASELINE, plan)
    prov = collect_provenance(plan, own, baseline=base)
    assert prov.illustrative and prov.illustrative_inputs == ("基期数据",)
    page = report_header_html("年度报告", prov)
    assert "⚠ 本报告的基期数据为示例数据（虚构），不是官方统计" in page
    assert "（示例数据，虚构）" in dict(prov.rows())["基期数据"]
    assert "示例数据" not in dict(prov.rows())["完成情况数据"]
    # real figures throughout: no banner
    assert "gutang-banner" not in report_header_html("年度报告", collect_provenance(plan, own))


def test_illustrative_mid_year_figures_get_the_full_banner(tmp_path):
    from gutang_analysis.outcomes import load_outcomes
    from gutang_analysis.plan import load_plan

    plan = load_plan()
    mid = load_outcomes(paths.DEFAULT_MIDYEAR, plan)
    prov = collect_provenance(plan, mid, as_of="2022-06-30")
    assert prov.illustrative_inputs == ("年中数据",)
    assert ILLUSTRATIVE_BANNER in report_header_html("时间过半", prov)


def test_a_plan_folder_is_named_by_its_folder_never_the_whole_path(tmp_path):
    import shutil

    from gutang_analysis.report import context_of
    from gutang_analysis.run import load_run, resolve_run

    folder = tmp_path / "深处" / "某镇2022"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    prov = context_of(load_run(resolve_run(folder))).provenance
    shown = " ".join(value for _, value in prov.rows())
    assert str(tmp_path) not in shown  # a form or report sent on tells nothing of the machine
    assert "某镇2022/plan.yaml" in shown and "某镇2022/outcomes/" in shown
