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
