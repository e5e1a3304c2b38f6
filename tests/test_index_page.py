"""The index page routes every file to its reader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gutang_analysis.index_page import index_html
from gutang_analysis.manifest import load_manifest


@dataclass
class _Outcome:
    spec: object
    ok: bool = True


@dataclass
class _Summary:
    reports: tuple
    plan_title: str = "计划"
    started_at: str = "2023-01-05T10:00:00+08:00"
    skipped: tuple = ()
    carried: tuple = ()
    warnings: tuple = field(default_factory=tuple)
    out_dir: Path = Path(".")


def _page(run, **kw):
    specs, _ = load_manifest().expand(run)
    return index_html(_Summary(tuple(_Outcome(s) for s in specs)), run, "示例数据", **kw), specs


def test_every_file_is_listed_once_under_its_recipient(example_run):
    page, specs = _page(example_run)
    assert '<html lang="zh-CN">' in page
    for s in specs:
        assert page.count(f'href="{s.name}.html"') == 1, s.name
        for file, _, _ in s.outputs:
            assert page.count(f'href="{file}" download') == 1, file
    form = page.index('href="年终自评表.xlsx"')
    assert page.rindex("报送考核办", 0, form) > page.rindex("<h3>", 0, form) - 200
    assert page.index("呈报领导班子") < page.index('href="annual_review.html"')
    assert page.index("分析与存档") < page.index('href="summary.json"')


def test_the_index_opens_with_the_verdict(example_run):
    page, _ = _page(example_run)
    assert page.index("自评总分") < page.index("报送与分发")


def test_office_pages_carry_their_red_and_yellow_counts_red_first(example_run):
    run = example_run
    specs, _ = load_manifest().expand(run)
    offices = [s.parameters["office"] for s in specs if "office" in s.parameters]
    assert len(offices) >= 2
    lights = {o: {"红灯": 0, "黄灯": 0} for o in offices}
    lights[offices[-1]] = {"红灯": 2, "黄灯": 1}
    page = index_html(_Summary(tuple(_Outcome(s) for s in specs)), run, None, office_lights=lights)
    last = next(s for s in specs if s.parameters.get("office") == offices[-1])
    first = next(s for s in specs if s.parameters.get("office") == offices[0])
    assert page.index(f'href="{last.name}.html"') < page.index(f'href="{first.name}.html"')
    assert "红灯 2" in page and "督查最新一期：红灯 2 项（涉及 1 个科室）" in page


def test_the_run_s_own_lights_are_counted_per_office(example_run):
    page, _ = _page(example_run)
    assert "督查最新一期：红灯 " in page and 'class="count red"' in page
