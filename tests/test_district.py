"""district.py: many towns' plan folders read once, ranked, compared by indicator."""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from openpyxl import load_workbook

from gutang_analysis import paths
from gutang_analysis.district import District, Town, load_district, write_district_xlsx
from gutang_analysis.errors import FolderError
from gutang_analysis.run import load_run, resolve_run
from gutang_analysis.units import load_units

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import district_example


@pytest.fixture(scope="module")
def towns(tmp_path_factory):
    """The example, two invented towns (one with other ids), a 2023 plan, a broken folder."""
    root = tmp_path_factory.mktemp("district")
    shutil.copytree(paths.EXAMPLE_FOLDER, root / "gutang-2022")
    district_example.invented_towns(root, 2)
    other = root / "town-02"  # the same plan under other ids: matching must not need them
    plan = other / "plan.yaml"
    head, targets = plan.read_text("utf-8").split("\ntargets:", 1)
    plan.write_text(head + "\ntargets:" + targets.replace("  - id: ", "  - id: x-"), "utf-8")
    for f in (other / "outcomes").glob("*.csv"):
        lines = f.read_text(encoding="utf-8-sig").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("指标编号"))
        rows = list(csv.reader(lines[start + 1 :]))
        with f.open("w", encoding="utf-8-sig", newline="") as fh:
            fh.write("\n".join(lines[: start + 1]) + "\n")
            csv.writer(fh).writerows(
                [("x-" + r[0] if r and not r[0].startswith("#") else r[0]), *r[1:]] for r in rows
            )
    district_example.second_plans(root, district_example.SECOND_PLANS[:1])
    broken = root / "zz-broken"
    broken.mkdir()
    (broken / "plan.yaml").write_text("plan: [unclosed\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def district(towns):
    return load_district([towns])


def test_each_town_has_the_total_its_own_build_publishes(district, towns):
    r = district.ranking().set_index("plan_id")
    for t in district.loaded:
        own = load_run(resolve_run(t.folder)).result.overall
        assert r.loc[str(t.run.plan.id), "score"] == own["score"]
        assert r.loc[str(t.run.plan.id), "grade"] == own["grade"]
    assert len(district.towns) == 5 and len(district.loaded) == 4


def test_years_are_ranked_apart_unless_asked(district, towns):
    r = district.ranking()
    assert set(r["rank_group"]) == {"2022 年", "2023 年"}
    assert r.loc[r["year"] == 2023, "rank"].tolist() == [1]
    ranks_2022 = r[r["year"] == 2022].sort_values("score", ascending=False)["rank"].tolist()
    assert ranks_2022 == [1, 2, 3]
    together = District(district.towns, rank_across_years=True).ranking()
    assert set(together["rank_group"]) == {"全部年度"}
    assert sorted(together["rank"].tolist()) == [1, 2, 3, 4]


def test_a_broken_folder_is_that_towns_problem_only(district, towns):
    (problem,) = district.problems
    # named by the folder's name: the report goes to the district, not the analyst's disk
    assert "计划文件夹 zz-broken：" in problem and str(towns) not in problem
    assert "Traceback" not in problem


def test_shared_shortfalls_match_by_indicator_not_by_id(district):
    shared = district.shared_shortfalls()
    assert not shared.empty and (shared["n_towns"] >= 2).all()
    # town-02 has other ids than town-01 and the example: it is still matched
    assert shared["towns"].str.contains("示例第02镇").any()
    assert set(shared["method"]) <= {"指标名称相同", "同一指标（指标登记表）"}
    assert shared["n_towns"].is_monotonic_decreasing


def _town(name, year, rows, units=None):
    targets = pd.DataFrame(
        rows, columns=["target_id", "title", "kind", "unit", "target_value", "actual", "status"]
    )
    for c in ("strength", "cause"):
        targets[c] = None
    targets["ratio"] = targets["actual"] / targets["target_value"]
    result = SimpleNamespace(
        targets=targets, overall={"score": 90.0, "grade": "优", "coverage": 1.0}
    )
    plan = SimpleNamespace(year=year, units=units or load_units(), id=f"{name}-{year}")
    run = SimpleNamespace(plan=plan, result=result, outcomes=None, baseline=None, midyear=None)
    return Town(Path(name), name, run)


def test_common_indicators_side_by_side_in_one_unit():
    a = _town(
        "甲镇", 2024, [("s1-01", "固定资产投资5亿元", "at_least", "亿元", 5.0, 4.0, "partial")]
    )
    b = _town(
        "乙乡",
        2024,
        [
            ("s1-01", "粮食总产量", "at_least", "吨", 2000.0, 2100.0, "met"),
            ("s1-02", "完成固定资产投资60000万元", "at_least", "万元", 60000.0, 30000.0, "not_met"),
        ],
    )
    c = _town("丙镇", 2024, [("s1-01", "固定资产投资", "at_least", "亿元", 3.0, 3.0, "met")])
    d = District((a, b, c))
    common = d.common_indicators()
    assert set(common["indicator"]) == {"固定资产投资"}
    by = common.set_index("town")
    assert by.loc["乙乡", "unit"] == "亿元" and by.loc["乙乡", "target_value"] == 6.0
    assert by.loc["乙乡", "actual"] == 3.0 and by.loc["乙乡", "status"] == "未完成"
    shared = d.shared_shortfalls()
    assert shared["towns"].tolist() == ["甲镇、乙乡"]


def test_the_workbook_writes_text_as_text_and_prints_on_a4(tmp_path):
    a = _town(
        "甲镇", 2024, [("t1", '=HYPERLINK("http://x")', "at_least", "个", 5.0, 1.0, "not_met")]
    )
    b = _town(
        "乙乡", 2024, [("t9", '=HYPERLINK("http://x")', "at_least", "个", 5.0, 2.0, "partial")]
    )
    out = write_district_xlsx(District((a, b)), tmp_path / "汇总.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["排名", "共性短板", "共同指标", "读取问题"]
    ws = wb["共同指标"]
    cells = [c for row in ws.iter_rows() for c in row if str(c.value).startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.print_title_rows == "$1:$1"
    assert wb["排名"]["A1"].value == "名次"  # no invented figures here: no banner


def test_nothing_to_read_is_a_message(tmp_path):
    with pytest.raises(FolderError, match="没有计划文件夹"):
        load_district([tmp_path])


@pytest.mark.slow
def test_the_district_command_writes_one_report_and_workbook(towns, tmp_path, capsys):
    from gutang_analysis.cli import main

    code = main(["district", str(towns), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 1  # one folder had a problem; the report is written all the same
    assert "zz-broken" in captured.err and "第 1 名" in captured.out
    page = (tmp_path / "out" / "district_review.html").read_text(encoding="utf-8")
    assert "示例数据（虚构）" in page and "zz-broken" in page
    for name in ("古塘街道", "示例第01镇", "示例第02镇", "嘉善县罗星街道"):
        assert name in page
    assert "共性短板" in page and "http://" not in page.split("</head>")[0]
    # the ranking first; paths and hashes only in the appendix at the end
    assert page.index("排名（") < page.rindex("附录") < page.index('class="gutang-provenance')
    wb = load_workbook(tmp_path / "out" / "辖区考核汇总.xlsx")
    assert wb["排名"]["A1"].value.startswith("⚠") and "示例数据" in wb["排名"]["A1"].value
    assert list((tmp_path / "out").iterdir()) == [
        tmp_path / "out" / n for n in sorted(("district_review.html", "辖区考核汇总.xlsx"))
    ] or {p.name for p in (tmp_path / "out").iterdir()} == {
        "district_review.html",
        "辖区考核汇总.xlsx",
    }


def test_each_town_is_read_and_scored_once_and_one_notebook_runs(tmp_path, monkeypatch):
    import gutang_analysis.across as across
    import gutang_analysis.run as run_module

    folders = district_example.invented_towns(tmp_path / "towns", 3)
    scored, notebooks = [], []
    real_score = run_module.score
    monkeypatch.setattr(
        run_module, "score", lambda *a, **k: scored.append(a[0].id) or real_score(*a, **k)
    )

    def one_notebook(spec, work, notebooks_dir=None, run=None, warm=False):
        notebooks.append(spec.notebook)
        (Path(work) / f"{spec.name}.html").write_text("<html></html>", encoding="utf-8")
        return True, None, 0.0

    monkeypatch.setattr(across, "run_report", one_notebook)
    d = load_district(folders)
    result = across.write_across("district", d, tmp_path / "out")
    assert sorted(scored) == ["town-01-2022", "town-02-2022", "town-03-2022"]
    assert notebooks == ["district_review.ipynb"] and result.ok
    assert {p.name for p in (tmp_path / "out").iterdir()} == {
        "district_review.html",
        "辖区考核汇总.xlsx",
    }


def test_worker_processes_read_the_same_towns(towns, district):
    parallel = load_district([towns], jobs=2)
    assert [t.name for t in parallel.towns] == [t.name for t in district.towns]
    pd.testing.assert_frame_equal(parallel.ranking(), district.ranking())
    assert parallel.problems == district.problems


def test_no_path_of_the_machine_in_what_the_district_report_shows(district, towns, tmp_path):
    # the district report goes to the 考核办: folders are named, never the analyst's disk
    from gutang_analysis.district import provenance_html

    machine = str(towns.resolve())
    assert machine not in provenance_html(district)
    ranking = district.ranking()
    assert not ranking["folder"].astype(str).str.contains(machine, regex=False).any()
    assert "town-02" in set(ranking["folder"])
    out = write_district_xlsx(district, tmp_path / "汇总.xlsx")
    cells = [c.value for ws in load_workbook(out) for row in ws.iter_rows() for c in row]
    assert not any(machine in str(v) for v in cells if v is not None)


def test_shared_shortfalls_name_each_towns_year_and_have_a_chinese_header(district):
    from gutang_analysis.district import LABELS, SHORTFALL_COLUMNS

    shared = district.shared_shortfalls()
    assert not shared.empty
    assert all("年）：" in d for d in shared["detail"])  # 古塘街道（2022 年）：…
    assert all(c in LABELS for c in SHORTFALL_COLUMNS)  # no English header reaches a reader


def test_a_town_of_two_plan_years_is_named_with_its_year(tmp_path):
    from gutang_analysis.district import sentences

    for name in ("a", "b"):
        shutil.copytree(paths.EXAMPLE_FOLDER, tmp_path / name)
    said = sentences(load_district([tmp_path / "a", tmp_path / "b"]))[-1]
    assert said.startswith("未说明偏差原因的未完成目标：古塘街道（2022 年）")


def test_a_wide_district_table_says_it_scrolls_on_a_phone():
    from gutang_analysis.district import table_html

    frame = pd.DataFrame([{c: 1 for c in ("rank", "town", "year", "score", "grade")}])
    assert "可左右滑动" in table_html(frame, list(frame.columns), "排名")
    assert "可左右滑动" not in table_html(frame, ["rank", "town"], "排名")
