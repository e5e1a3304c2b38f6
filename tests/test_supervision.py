"""Supervision: 三色预警 rules, office submissions, several periods and trends."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from gutang_analysis import paths
from gutang_analysis.cli import main
from gutang_analysis.errors import FolderError, OutcomesError, PolicyError
from gutang_analysis.outcomes import load_outcomes
from gutang_analysis.owners import Assignment, Node, Owners
from gutang_analysis.plan import load_plan
from gutang_analysis.policy import WarningLights, load_policy
from gutang_analysis.supervision import (
    TREND_LABELS,
    assess,
    combine_submissions,
    light,
    load_periods,
    movement,
    write_ledger_json,
    write_ledger_xlsx,
)
from gutang_analysis.template import write_outcomes
from gutang_analysis.workspace import PlanFolder


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.fixture(scope="module")
def periods(example_periods):
    return example_periods


def _frame(period: str, **rows: dict) -> pd.DataFrame:
    records = [{"target_id": tid, "period": period, **values} for tid, values in rows.items()]
    df = pd.DataFrame(records, columns=["target_id", "period"] if not records else None)
    for col in ("actual", "stage", "rating"):
        if col not in df:
            df[col] = None
    df["actual"] = pd.to_numeric(df["actual"], errors="coerce")
    return df


def _owners(plan, **nodes: tuple[Node, ...]) -> Owners:
    return Owners(
        plan.id,
        {tid: Assignment(tid, "副主任", "甲办", (), ns) for tid, ns in nodes.items()},
        ("甲办", "乙办"),
    )


def _row(frame: pd.DataFrame, tid: str) -> pd.Series:
    return frame.set_index("target_id").loc[tid]


# ------------------------------------------------------------------ the rule


def test_light_thresholds_follow_the_policy():
    assert [light(x) for x in (1.2, 0.95, 0.949, 0.70, 0.699)] == [
        "green",
        "green",
        "yellow",
        "yellow",
        "red",
    ]
    strict = WarningLights(green_min=1.0, red_below=0.9)
    assert light(0.95, policy=strict) == "yellow" and light(0.85, policy=strict) == "red"
    assert light(1.5, overdue=True) == "red"
    assert light(status="no_data") is None
    assert light(status="no_data", policy=WarningLights(no_data="red")) == "red"


def test_policy_checks_the_warning_lights_block(tmp_path):
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = text.replace("red_below: 0.70", "red_below: 0.99").replace(
        'milestone_start: "06-30"', 'milestone_start: "02-30"'
    )
    p = tmp_path / "policy.yaml"
    p.write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_policy(p)
    assert "warning_lights.red_below" in str(err.value)
    assert "warning_lights.milestone_start" in str(err.value)
    assert load_policy().warning_lights.remedy_days == 30


def test_numeric_node_green_yellow_red(plan):
    nodes = (Node(dt.date(2022, 6, 30), value=100.0), Node(dt.date(2022, 9, 30), value=200.0))
    owners = _owners(plan, **{"econ-fdi-utilised": nodes})
    for actual, expected in ((98, "绿灯"), (80, "黄灯"), (60, "红灯")):
        out = assess(
            plan,
            _frame("2022-06-30", **{"econ-fdi-utilised": {"actual": actual}}),
            "2022-06-30",
            owners=owners,
        )
        row = _row(out, "econ-fdi-utilised")
        assert row["light_label"] == expected, actual
        assert row["basis"] == "分解表节点"
        assert row["requirement"] == "2022-06-30 前达到 100万美元"
    # a yellow's 整改时限 is the next node
    # red: the earlier of the next node and remedy_days_red (15) after the period
    assert row["fix_by"] == dt.date(2022, 7, 15)
    out = assess(
        plan,
        _frame("2022-06-30", **{"econ-fdi-utilised": {"actual": 80}}),
        "2022-06-30",
        owners=owners,
    )
    assert _row(out, "econ-fdi-utilised")["fix_by"] == dt.date(2022, 9, 30)


def test_a_node_passed_long_ago_and_not_reached_is_red(plan):
    owners = _owners(plan, **{"econ-fdi-utilised": (Node(dt.date(2022, 3, 31), value=50.0),)})
    frame = _frame("2022-06-30", **{"econ-fdi-utilised": {"actual": 48}})
    row = _row(assess(plan, frame, "2022-06-30", owners=owners), "econ-fdi-utilised")
    assert row["light"] == "red" and "已逾期 91 天" in row["reason"]


def test_before_the_first_node_is_green(plan):
    owners = _owners(plan, **{"econ-fdi-utilised": (Node(dt.date(2022, 6, 30), value=100.0),)})
    frame = _frame("2022-03-31", **{"econ-fdi-utilised": {"actual": 0}})
    row = _row(assess(plan, frame, "2022-03-31", owners=owners), "econ-fdi-utilised")
    assert row["light"] == "green" and "尚未到第一个节点" in row["reason"]


def test_default_trajectory_is_time_proportional_and_counts_round_down(plan):
    frame = _frame(
        "2022-03-31",
        **{"econ-fdi-utilised": {"actual": 60}, "econ-hidden-champions": {"actual": 0}},
    )
    out = assess(plan, frame, "2022-03-31")
    fdi = _row(out, "econ-fdi-utilised")
    assert fdi["requirement"] == "序时进度 75万美元" and fdi["basis"] == "默认进度"
    assert fdi["light"] == "yellow"  # 60 / 75 = 80%
    champions = _row(out, "econ-hidden-champions")  # 3家 × 25% = 0.75 → 0
    assert champions["light"] == "green" and "向下取整" in champions["reason"]


def test_milestone_not_started_after_its_start_node_is_red(plan):
    tid = "live-shundu-kindergarten"
    for period, expected in (("2022-03-31", "green"), ("2022-06-30", "red")):
        frame = _frame(period, **{tid: {"stage": "未启动"}})
        assert _row(assess(plan, frame, period), tid)["light"] == expected, period
    owners = _owners(plan, **{tid: (Node(dt.date(2022, 3, 31), stage="推进中"),)})
    frame = _frame("2022-03-31", **{tid: {"stage": "未启动"}})
    row = _row(assess(plan, frame, "2022-03-31", owners=owners), tid)
    assert row["light"] == "red" and "仍未启动" in row["reason"]


def test_milestone_started_but_behind_a_node_is_yellow_then_red(plan):
    tid = "dev-jiepai-land-acquisition"
    owners = _owners(plan, **{tid: (Node(dt.date(2022, 6, 30), stage="已完成"),)})
    at_node = _frame("2022-06-30", **{tid: {"stage": "推进中"}})
    assert _row(assess(plan, at_node, "2022-06-30", owners=owners), tid)["light"] == "yellow"
    later = _frame("2022-09-30", **{tid: {"stage": "推进中"}})
    row = _row(assess(plan, later, "2022-09-30", owners=owners), tid)
    assert row["light"] == "red" and "已逾期" in row["reason"]
    done = _frame("2022-09-30", **{tid: {"stage": "已完成"}})
    assert _row(assess(plan, done, "2022-09-30", owners=owners), tid)["light"] == "green"


def test_ceiling_and_status_judged_targets(plan):
    tid = "live-zero-employment-households"
    owners = _owners(plan, **{tid: (Node(dt.date(2022, 6, 30), value=2.0),)})
    frame = _frame("2022-06-30", **{tid: {"actual": 3}})
    row = _row(assess(plan, frame, "2022-06-30", owners=owners), tid)
    assert row["light"] == "red"  # 2 / 3 = 67%
    frame = _frame("2022", **{"econ-stable-growth": {"rating": "一般"}})
    row = _row(assess(plan, frame, "2022"), "econ-stable-growth")
    assert row["light"] == "yellow"
    frame = _frame("2022", **{"econ-stable-growth": {"rating": "差"}})
    assert _row(assess(plan, frame, "2022"), "econ-stable-growth")["light"] == "red"


def test_no_figure_is_listed_not_lit(plan):
    out = assess(plan, _frame("2022-06-30"), "2022-06-30")
    row = _row(out, "econ-fdi-utilised")
    assert row["light"] is None and row["light_label"] == "未报送"


def test_midyear_results_carry_the_light_and_keep_their_statuses(example_run):
    run = example_run
    mid = run.midyear_result.targets
    assert set(mid["light"].dropna()) <= {"绿灯", "黄灯", "红灯"}
    assert set(mid["status"]) <= {
        "exceeded",
        "met",
        "on_track",
        "behind",
        "no_data",
        "not_assessable",
    }
    assert (mid.loc[mid["status"] == "no_data", "light"].isna()).all()
    assert "light" not in run.result.targets.columns


# ------------------------------------------------------------------ trends


@pytest.mark.parametrize(
    ("previous", "current", "label"),
    [
        ("green", "red", "新亮红灯"),
        ("yellow", "red", "新亮红灯"),
        (None, "red", "新亮红灯"),
        ("red", "red", "持续红灯"),
        ("red", "green", "已转绿"),
        ("yellow", "green", "已转绿"),
        ("red", "yellow", "红转黄"),
        ("green", "yellow", "新亮黄灯"),
        ("yellow", "yellow", "持续黄灯"),
        ("green", "green", "保持绿灯"),
        (None, "green", "绿灯"),
        ("red", None, "未报送"),
        (float("nan"), "red", "新亮红灯"),
    ],
)
def test_trend_labels(previous, current, label):
    assert TREND_LABELS[movement(previous, current)] == label


def test_periods_side_by_side_with_trends(periods):
    assert periods.periods == ("2022-03-31", "2022-06-30", "2022-09-30", "2022")
    t = periods.table()
    shundu = t[t["target_id"] == "live-shundu-kindergarten"]
    assert shundu["trend_label"].tolist() == ["首期", "新亮红灯", "持续红灯", "已转绿"]
    assert shundu["red_streak"].tolist() == [0, 1, 2, 0]
    wide = periods.wide().set_index("target_id")
    assert wide.loc["econ-fdi-utilised", "2022-09-30|light"] == "红灯"
    assert wide.loc["econ-fdi-utilised", "2022-09-30|value"] == "130万美元"


def test_ledger_is_red_first_with_owner_and_deadline(periods):
    led = periods.ledger("2022-09-30")
    assert "green" not in set(led["light"])
    order = led["light"].map({"red": 0, "yellow": 1}).fillna(2).tolist()
    assert order == sorted(order)
    fdi = led.set_index("target_id").loc["econ-fdi-utilised"]
    assert fdi["lead"] == "分管经济副主任" and fdi["office"] == "招商服务中心"
    assert fdi["cause"] and fdi["remedy"] and fdi["fix_by"] == dt.date(2022, 10, 15)
    office = periods.ledger("2022-09-30", office="招商服务中心")
    assert set(office["office"]) == {"招商服务中心"}


def test_a_period_both_file_and_folder_is_refused(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    shutil.copy(folder / "outcomes" / "2022-06-30.csv", folder / "outcomes" / "2022-09-30.csv")
    with pytest.raises(FolderError, match="既有完成情况文件又有科室文件夹"):
        load_periods(folder)


# ------------------------------------------------------------------ office submissions


def _office_file(plan, folder: Path, office: str, period: str, rows: dict[str, str]) -> Path:
    frame = pd.DataFrame(
        [
            {"target_id": tid, "period": period, "actual_text": value, "office": office}
            for tid, value in rows.items()
        ]
    )
    for col in ("actual_unit", "stage", "rating", "peers", "date", "evidence", "cause", "remedy"):
        frame[col] = None
    frame["actual"] = float("nan")
    folder.mkdir(parents=True, exist_ok=True)
    return write_outcomes(frame, folder / f"{office}.csv", plan)


def test_offices_reporting_one_target_differently_is_an_error_naming_both(plan, tmp_path):
    d = tmp_path / "2022-09-30"
    files = {
        "甲办": _office_file(plan, d, "甲办", "2022-09-30", {"econ-fdi-utilised": "130"}),
        "乙办": _office_file(plan, d, "乙办", "2022-09-30", {"econ-fdi-utilised": "150万美元"}),
    }
    with pytest.raises(OutcomesError) as err:
        combine_submissions(files, plan, "2022-09-30")
    text = str(err.value)
    assert "甲办 报“130”" in text and "乙办 报“150万美元”" in text
    assert "甲办.csv" in text and "乙办.csv" in text


def test_missing_offices_duplicates_and_strays_are_listed(plan, tmp_path):
    d = tmp_path / "2022-09-30"
    files = {
        "甲办": _office_file(
            plan, d, "甲办", "2022-09-30", {"econ-fdi-utilised": "130", "econ-senior-talent": "9"}
        ),
        "丙办": _office_file(plan, d, "丙办", "2022-09-30", {"econ-fdi-utilised": "130万美元"}),
    }
    owners = _owners(plan, **{"econ-fdi-utilised": (), "econ-senior-talent": ()})
    sub = combine_submissions(files, plan, "2022-09-30", owners=owners)
    assert sub.missing == ("乙办",)
    assert len(sub.duplicates) == 1 and "econ-fdi-utilised" in sub.duplicates[0]
    assert any("丙办" in n and "不在分解表中" in n for n in sub.notes)
    assert sorted(sub.outcomes["target_id"]) == ["econ-fdi-utilised", "econ-senior-talent"]
    assert "未报送的科室（1 个）：乙办" in "\n".join(sub.describe())
    # the last line does not say the check passed while two things are left to check
    assert sub.conclusion().startswith("合并完成：共 2 项指标有报送数据；上面有 2 处需要核对")


def test_collect_says_passed_only_when_nothing_is_left_to_check(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    d = folder / "outcomes" / "2022-09-30"
    # 财政办公室 also reports, with the same figure, a target of 经济发展办公室
    rows = [
        line
        for line in (d / "经济发展办公室.csv").read_text(encoding="utf-8-sig").splitlines()
        if line.startswith("econ-stable-growth,")
    ]
    with (d / "财政办公室.csv").open("a", encoding="utf-8") as f:
        f.write(rows[0].replace("经济发展办公室", "财政办公室") + "\r\n")
    code = main(["collect", "2022-09-30", "--dir", str(folder)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "合并检查通过" not in out
    assert "由 经济发展办公室、财政办公室 重复报送" in out
    assert "合并完成：" in out and "处需要核对" in out


def test_a_row_of_another_period_in_a_period_folder_is_an_error(plan, tmp_path):
    d = tmp_path / "2022-09-30"
    files = {"甲办": _office_file(plan, d, "甲办", "2022-06-30", {"econ-fdi-utilised": "130"})}
    with pytest.raises(OutcomesError, match="本文件在统计期 2022-09-30 的文件夹中"):
        combine_submissions(files, plan, "2022-09-30")


def test_office_files_of_the_example():
    folder = PlanFolder.example_folder()
    assert sorted(folder.period_folders()) == ["2022-03-31", "2022-09-30"]
    assert "退役军人服务站" not in folder.office_files("2022-03-31")
    assert "退役军人服务站" in folder.office_files("2022-09-30")
    # the single-file mid-year check is unchanged by the period folders
    assert folder.interim_periods(2022) == ["2022-06-30"]


def test_cli_collect_reports_conflicts(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    assert main(["collect", "2022-03-31", "--dir", str(folder)]) == 0
    assert "退役军人服务站" in capsys.readouterr().out
    plan = load_plan(folder / "plan.yaml")
    d = folder / "outcomes" / "2022-09-30"
    _office_file(plan, d, "财政办公室", "2022-09-30", {"econ-fdi-utilised": "999"})
    assert main(["collect", "2022-09-30", "--dir", str(folder)]) == 1
    assert "财政办公室" in capsys.readouterr().err


# ------------------------------------------------------------------ downloads and manifest


def test_ledger_workbook_and_json(periods, tmp_path):
    out = write_ledger_xlsx(periods, tmp_path / "台账.xlsx")
    ws = load_workbook(out)["督查台账"]
    assert ws["A1"].value.startswith("示例数据")
    assert ws.auto_filter.ref.startswith("A3:") and ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    assert ws["A4"].value == "红灯"
    data = json.loads(write_ledger_json(periods, tmp_path / "d.json").read_text("utf-8"))
    assert data["banner"] and data["ledger"][0]["light"] == "red"
    assert len(data["rows"]) == 4 * len(periods.plan.targets)


def test_ledger_text_cells_stay_text(plan, tmp_path, periods):
    from dataclasses import replace

    frames = dict(periods.frames)
    f = frames["2022"].copy()
    f.loc[f["target_id"] == "econ-green-retrofit", "remedy"] = '=HYPERLINK("http://x")'
    frames["2022"] = f
    ps = replace(periods, frames=frames)
    ws = load_workbook(write_ledger_xlsx(ps, tmp_path / "t.xlsx"))["督查台账"]
    found = [c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert found and found[0].data_type == "s"


def test_manifest_expands_one_page_per_office(periods, tmp_path, example_run):
    from gutang_analysis.manifest import load_manifest
    from gutang_analysis.run import load_run, resolve_run

    specs, skipped = load_manifest().expand(example_run)
    names = [s.name for s in specs]
    assert "supervision" in names
    office_specs = [s for s in specs if s.name.startswith("supervision_office-")]
    assert len(office_specs) == len(periods.offices())
    spec = next(s for s in office_specs if s.parameters["office"] == "招商服务中心")
    assert spec.title == "督办单：招商服务中心" and spec.name == "supervision_office-招商服务中心"
    # without owners: the office pages are skipped with the reason
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    (folder / "owners.yaml").unlink()
    specs, skipped = load_manifest().expand(load_run(resolve_run(folder)))
    assert not [s for s in specs if s.name.startswith("supervision_office")]
    assert any("owners.yaml" in s for s in skipped)


def test_year_end_shortfalls_name_their_owner(periods, example_run):
    from gutang_analysis.supervision import shortfall_owners

    run = example_run
    t = shortfall_owners(run.result.targets, periods.owners).set_index("target_id")
    assert t.loc["econ-fdi-utilised", "lead"] == "分管经济副主任"
    assert t.loc["econ-fdi-utilised", "partners"] == "经济发展办公室"
    assert shortfall_owners(run.result.targets, None)["owner_office"].isna().all()


def test_example_period_files_say_they_are_invented():
    plan = load_plan()
    for f in (paths.EXAMPLE_FOLDER / "outcomes" / "2022-09-30").iterdir():
        assert load_outcomes(f, plan).attrs["illustrative"], f.name
    text = (paths.EXAMPLE_FOLDER / "owners.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 示例数据（虚构）")


def test_owner_line_for_the_year_end_shortfalls(plan, tmp_path):
    from gutang_analysis.supervision import owner_line

    assert owner_line(plan, "econ-fdi-utilised").startswith("责任：分管经济副主任（牵头领导）")
    assert owner_line(plan, "no-such-target") == ""
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    (folder / "owners.yaml").unlink()
    assert owner_line(load_plan(folder / "plan.yaml"), "econ-fdi-utilised") == ""


def test_cli_lights_prints_reds_and_writes_the_ledger(tmp_path, capsys):
    out = tmp_path / "台账.xlsx"
    code = main(
        [
            "lights",
            "--dir",
            str(paths.EXAMPLE_FOLDER),
            "--period",
            "2022-09-30",
            "--office",
            "招商服务中心",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and out.is_file()
    text = capsys.readouterr().out
    assert "示例数据" in text and "红灯｜新亮红灯｜实际利用外资｜招商服务中心" in text
    assert main(["lights", "--dir", str(paths.EXAMPLE_FOLDER), "--period", "2022-05-31"]) == 1


def test_manifest_refuses_office_in_a_title_without_for_each(tmp_path):
    from gutang_analysis.errors import BuildError
    from gutang_analysis.manifest import load_manifest

    (tmp_path / "supervision.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "reports.yaml").write_text(
        "format_version: 1\nreports:\n  - name: s\n    notebook: supervision.ipynb\n"
        "    title: 督查：{office}\n",
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="for_each: office"):
        load_manifest(tmp_path / "reports.yaml")


def test_a_count_target_with_nothing_done_warns_early(plan):
    """A target of 1 at 0 is not green all year: yellow once work should have started
    (milestone_start, 06-30), red at year end."""
    got = {}
    for period in ("2022-03-31", "2022-06-30", "2022-09-30", "2022"):
        out = assess(plan, _frame(period, **{"econ-green-retrofit": {"actual": 0}}), period)
        got[period] = _row(out, "econ-green-retrofit")["light_label"]
    assert got == {"2022-03-31": "绿灯", "2022-06-30": "黄灯", "2022-09-30": "黄灯", "2022": "红灯"}
    out = assess(plan, _frame("2022-09-30", **{"econ-green-retrofit": {"actual": 1}}), "2022-09-30")
    assert _row(out, "econ-green-retrofit")["light_label"] == "绿灯"


def test_unreported_periods_light_and_say_since_when(periods):
    rules = periods.policy.warning_lights
    t = periods.table()
    gaps = t[t["missing_streak"] >= rules.no_data_after]
    assert not gaps.empty
    assert set(gaps["light_label"]) == {"黄灯"}
    assert gaps["reason"].str.startswith("连续").all()
    # every unreported target has a 催报 date, urge_days after its period
    unreported = t[t["status"] == "no_data"]
    assert (unreported["urge_by"] == unreported["day"] + dt.timedelta(days=rules.urge_days)).all()
    # "since" is the first period of the current run of red or yellow lights
    for tid, rows in t.groupby("target_id"):
        run_start = None
        for r in rows.itertuples():
            if r.light in ("red", "yellow"):
                run_start = run_start or r.day
                assert r.since == run_start, tid
            else:
                run_start = None
                assert r.since is None or pd.isna(r.since), tid


def test_the_ledger_workbook_prints_readably(periods, tmp_path):
    """督查台账.xlsx: at least 9 pt on paper, the header row on every page, page numbers and
    the notice on every page, no target ids or configuration keys."""
    import re

    from openpyxl import load_workbook

    out = write_ledger_xlsx(periods, tmp_path / "台账.xlsx")
    wb = load_workbook(out)
    for ws in wb.worksheets:
        assert ws.print_title_rows, ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert "示例数据" in ws.oddHeader.center.text
        sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(sizes) >= 10, ws.title
        # one page wide: the shrink-to-width scale keeps 10 pt text at 9 pt or more
        used = ws.max_column
        width = sum(ws.column_dimensions[chr(64 + i)].width or 8.43 for i in range(1, used + 1))
        printable_px = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 96
        scale = min(1.0, printable_px / (width * 7 + used * 5))
        assert 10 * scale >= 9, (ws.title, round(scale, 2))
        text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
        ids = set(periods.plan.targets["target_id"])
        assert not [t for t in ids if t in text], ws.title
        assert not re.search(r"warning_lights|remedy_days", text)


def test_the_supervision_page_opens_with_its_verdict_and_names_no_ids(periods):
    import re

    from gutang_analysis.ledger import appendix_html, header_html, items_html, urge_html
    from gutang_analysis.lights import LIGHT_COLORS
    from gutang_analysis.style import contrast_ratio, text_colour_on

    office = "经济发展办公室"
    top = header_html(periods, "督办单", office)
    assert "主要结论" in top and "SHA-256" not in top
    led = periods.ledger(office=office)
    page = top + items_html(periods, led, office=office) + urge_html(periods, led, office=office)
    for words in ("承诺：", "整改措施", "整改时限", "自 2022-"):
        assert words in page, words
    ids = set(periods.plan.targets["target_id"])
    assert not [t for t in ids if t in page]
    assert not re.search(r"warning_lights|remedy_days|no_data_after", page)
    # the provenance is the appendix, with the sources of every period
    end = appendix_html(periods)
    assert "SHA-256" in end and "各期数据" in end
    # every light chip reads at 4.5:1 or better
    for colour in LIGHT_COLORS.values():
        assert contrast_ratio(colour, text_colour_on(colour)) >= 4.5, colour


def test_a_target_without_an_owner_that_an_office_reported_breaks_no_page(tmp_path):
    """The 责任科室 comes from the 分解表 only, at every period: a target it does not
    assign is on no office's page (and the consolidated page shows it), whoever sent its
    figure (报送单位, its own column)."""
    import shutil

    from gutang_analysis import ledger, paths
    from gutang_analysis.owners import unassigned_targets
    from gutang_analysis.periods import periods_of_run
    from gutang_analysis.run import load_run, resolve_run

    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    owners = folder / "owners.yaml"
    line = "- {id: econ-stable-growth, lead: 分管经济副主任, office: 经济发展办公室}\n"
    owners.write_text(owners.read_text(encoding="utf-8").replace(line, ""), encoding="utf-8")
    run = load_run(resolve_run(folder))
    ps = periods_of_run(run)
    rows = ps.table()
    mine = rows[rows["target_id"] == "econ-stable-growth"]
    assert mine["office"].isna().all()
    assert (mine["reporting_office"] == "经济发展办公室").any()  # an office did report it
    for office in ps.offices():
        page = (
            ledger.trend_html(ps, office)
            + ledger.counts_html(ps, office)
            + ledger.ledger_html(ps.ledger(office=office))
            + "".join(ledger.summary_sentences(ps, office))
        )
        assert "辖区经济发展稳中有进" not in page
    assert "辖区经济发展稳中有进" in ledger.trend_html(ps)
    (problem,) = unassigned_targets(run.owners, run.plan)
    assert problem.where.startswith("指标 econ-stable-growth") and problem.field == "责任科室"
    offices = run.by_office()
    assert offices.iloc[-1]["assigned"] is False or not offices.iloc[-1]["assigned"]
    assert offices.iloc[-1]["n_targets"] == 1


@pytest.mark.parametrize(
    ("comparator", "actual", "expected"),
    [(">=", -1.5, "red"), (">=", 0.0, "green"), (">=", 2.0, "green"), (">", 0.0, "red")],
)
def test_growth_below_a_zero_target_is_not_green(plan, comparator, actual, expected):
    t = plan.targets.iloc[:1].copy()  # 正增长: growth > 0 %, or >= 0 % as older plans say
    t["kind"], t["comparator"], t["target_value"], t["unit"] = "growth", comparator, 0.0, "%"
    grown = plan.__class__(**{**plan.__dict__, "targets": t})
    tid = t.iloc[0]["target_id"]
    row = _row(assess(grown, _frame("2022", **{tid: {"actual": actual}}), "2022"), tid)
    assert row["light"] == expected, row["reason"]
    if expected == "red" and comparator == ">=":
        assert "低于全年目标 0%" in row["reason"]
    elif expected == "green":
        assert "达到要求" in row["reason"] and "向下取整" not in row["reason"]


def test_a_target_reported_twice_is_named_with_its_words_not_only_its_code():
    from gutang_analysis.periods import combine_submissions
    from gutang_analysis.plan import load_plan
    from gutang_analysis.workspace import PlanFolder

    folder = PlanFolder.example_folder()
    plan = load_plan(folder.plan_file)
    got = combine_submissions(folder.office_files("2022-09-30"), plan, "2022-09-30")
    assert got.duplicates[0].startswith("指标 econ-fdi-utilised（实际利用外资） 由 ")
