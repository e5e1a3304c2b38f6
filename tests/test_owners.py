"""Owners and nodes: owners.yaml and the 分解表 workbook (gutang_analysis.owners)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gutang_analysis import paths
from gutang_analysis.cli import main
from gutang_analysis.owners import (
    OWNERS_FILE,
    OwnersError,
    load_owners,
    read_decomposition,
    save_owners,
    write_decomposition,
)
from gutang_analysis.plan import load_plan

EXAMPLE_OWNERS = paths.EXAMPLE_FOLDER / OWNERS_FILE


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def _yaml(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "owners.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_example_owners_load_and_say_they_are_invented(plan):
    owners = load_owners(EXAMPLE_OWNERS, plan)
    assert owners.illustrative
    assert len(owners.assignments) == len(plan.targets)
    fdi = owners.get("econ-fdi-utilised")
    assert fdi.office == "招商服务中心" and fdi.partners == ("经济发展办公室",)
    assert [n.value for n in fdi.nodes] == [50, 120, 200]
    assert "招商服务中心" in owners.offices
    assert owners.targets_of("招商服务中心")[0] == "econ-domestic-capital"


def test_save_and_load_round_trip(plan, tmp_path):
    owners = load_owners(EXAMPLE_OWNERS, plan)
    out = save_owners(owners, tmp_path / "owners.yaml")
    again = load_owners(out, plan)
    assert again.assignments == owners.assignments
    assert again.illustrative


def test_every_problem_is_listed_at_once(plan, tmp_path):
    p = _yaml(
        tmp_path,
        """format_version: 1
plan: gutang-2022
targets:
  - id: econ-fdi-utilsed
    office: 招商服务中心
  - id: econ-fdi-utilised
    office: 招商服务中心
    nodes:
      - {date: 2021-06-30, value: 50}
      - {date: 2022-09-30, value: 3亿元}
      - {date: 2022-10-31, stage: 推进中}
  - id: econ-domestic-capital
    office: 招商服务中心
    nodes:
      - {date: 2022-06-30, value: 1.0}
      - {date: 2022-09-30, value: 0.5}
  - id: econ-hidden-champions
    office: 经济发展办公室
    nodes:
      - {date: 2022-09-30, value: 2}
      - {date: 2022-06-30, value: 1}
  - id: dev-jiepai-land-acquisition
    office: 征迁工作办公室
    nodes:
      - {date: 2022-03-31, stage: 开工了}
      - {date: 2022-06-30, value: 5}
  - id: econ-stable-growth
    office: 经济发展办公室
    nodes:
      - {date: 2022-06-30, value: 1}
  - id: econ-zheshang-return
    ofice: 招商服务中心
""",
    )
    with pytest.raises(OwnersError) as err:
        load_owners(p, plan)
    text = str(err.value)
    assert "econ-fdi-utilsed" in text and "是否为 econ-fdi-utilised" in text  # unknown id
    assert "计划年度 2022 年内的日期" in text  # date outside the year
    assert "美元" in text and "3亿元" in text  # wrong unit
    assert "数值（" in text and "推进中" in text  # a stage for a numeric target
    assert "不减少" in text  # values going backwards
    assert "按日期先后排列" in text  # dates going backwards
    assert "开工了" in text and "已通过验收" in text  # unknown stage, with the list
    assert "节点类目标的阶段" in text  # a number for a milestone
    assert "不设节点" in text  # a node on a qualitative target
    assert "ofice" in text  # unknown key
    assert len(err.value.problems) >= 10


def test_another_plans_file_is_named_as_such(plan, tmp_path):
    p = _yaml(tmp_path, "format_version: 1\nplan: other-2024\ntargets: []\n")
    with pytest.raises(OwnersError, match="属于计划 other-2024"):
        load_owners(p, plan)


def test_a_node_after_the_deadline_is_refused(plan, tmp_path):
    p = _yaml(
        tmp_path,
        "plan: gutang-2022\ntargets:\n  - id: econ-fdi-utilised\n    office: 甲\n"
        "    nodes: [{date: 2022-12-31, value: 300}, {date: 2022-06-30, value: 100}]\n",
    )
    with pytest.raises(OwnersError, match="按日期先后排列"):
        load_owners(p, plan)


def test_decomposition_sheet_layout(plan, tmp_path):
    out = write_decomposition(plan, tmp_path / "分解表.xlsx")
    wb = load_workbook(out)
    ws = wb["分解表"]
    assert "填写说明" in wb.sheetnames
    header = [c.value for c in ws[3]]
    assert header[:9] == [
        "指标编号",
        "所属板块",
        "指标名称",
        "目标",
        "计量单位",
        "截止日期",
        "牵头领导",
        "责任科室",
        "配合科室",
    ]
    assert header[9:11] == ["节点1（日期）", "节点1（要求：数值或阶段）"]
    assert ws.protection.sheet and ws.freeze_panes == "G4"
    assert ws["A4"].protection.locked and not ws["H4"].protection.locked
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "推进中" in lists[0].formula1


def _fill(path: Path, rows: dict[str, dict[str, object]]) -> None:
    wb = load_workbook(path)
    ws = wb["分解表"]
    header = {c.value: c.column for c in ws[3]}
    for r in range(4, ws.max_row + 1):
        tid = ws.cell(row=r, column=1).value
        for key, value in rows.get(tid, {}).items():
            ws.cell(row=r, column=header[key], value=value)
    wb.save(path)


def test_decomposition_read_back(plan, tmp_path):
    out = write_decomposition(plan, tmp_path / "分解表.xlsx")
    _fill(
        out,
        {
            "econ-fdi-utilised": {
                "牵头领导": "副主任",
                "责任科室": "招商服务中心",
                "配合科室": "经济发展办公室、财政办公室",
                "节点1（日期）": dt.datetime(2022, 6, 30),
                "节点1（要求：数值或阶段）": "120万美元",
                "节点2（日期）": "2022-09-30",
                "节点2（要求：数值或阶段）": 200,
            },
            "dev-jiepai-land-acquisition": {
                "责任科室": "征迁工作办公室",
                "节点1（日期）": "2022年6月30日",
                "节点1（要求：数值或阶段）": "进行中",
            },
        },
    )
    owners = read_decomposition(out, plan)
    fdi = owners.get("econ-fdi-utilised")
    assert fdi.partners == ("经济发展办公室", "财政办公室")
    assert [(n.date.isoformat(), n.value) for n in fdi.nodes] == [
        ("2022-06-30", 120.0),
        ("2022-09-30", 200.0),
    ]
    land = owners.get("dev-jiepai-land-acquisition")
    assert land.nodes[0].stage == "推进中"
    assert set(owners.offices) == {"招商服务中心", "征迁工作办公室"}


def test_decomposition_problems_name_the_row_and_column(plan, tmp_path):
    out = write_decomposition(plan, tmp_path / "分解表.xlsx")
    _fill(
        out,
        {
            "econ-fdi-utilised": {
                "牵头领导": "副主任",
                "节点1（日期）": "2023-06-30",
                "节点1（要求：数值或阶段）": "2亿元",
            },
        },
    )
    with pytest.raises(OwnersError) as err:
        read_decomposition(out, plan)
    text = str(err.value)
    assert "第 " in text and "节点1（日期）" in text and "节点1（要求：数值或阶段）" in text
    assert "责任科室" in text  # a row with a lead but no office


def test_prefilled_sheet_reads_back_unchanged(plan, tmp_path):
    owners = load_owners(EXAMPLE_OWNERS, plan)
    out = write_decomposition(plan, tmp_path / "分解表.xlsx", owners)
    again = read_decomposition(out, plan)
    assert again.assignments == owners.assignments
    assert again.illustrative


def test_cli_owners_out_then_read(tmp_path, capsys):
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    (folder / OWNERS_FILE).unlink()
    sheet = tmp_path / "分解表.xlsx"
    assert main(["owners", "--dir", str(folder), "--out", str(sheet)]) == 0
    assert main(["owners", "--dir", str(folder), "--out", str(sheet)]) == 1  # not overwritten
    _fill(sheet, {"econ-fdi-utilised": {"责任科室": "招商服务中心", "牵头领导": "副主任"}})
    assert main(["owners", "--dir", str(folder), "--read", str(sheet)]) == 0
    assert "已写入" in capsys.readouterr().out
    plan = load_plan(folder / "plan.yaml")
    assert load_owners(folder / OWNERS_FILE, plan).office_of("econ-fdi-utilised") == "招商服务中心"


def test_cli_template_for_one_office(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    code = main(
        ["template", "--dir", str(folder), "--office", "招商服务中心", "--period", "2022-12-15"]
    )
    assert code == 0
    out = folder / "outcomes" / "2022-12-15" / "招商服务中心.xlsx"
    from gutang_analysis.outcomes import load_outcomes

    frame = load_outcomes(out, load_plan(folder / "plan.yaml"))
    assert sorted(frame["target_id"]) == [
        "econ-domestic-capital",
        "econ-fdi-utilised",
        "econ-zheshang-return",
    ]
    assert set(frame["office"]) == {"招商服务中心"}
    assert main(["template", "--dir", str(folder), "--office", "没有这个科室"]) == 1


def test_the_decomposition_goes_through_the_one_guarded_reader(plan, tmp_path):
    from gutang_analysis.owners import OwnersError

    with pytest.raises(OwnersError) as err:
        read_decomposition("/dev/null", plan)  # a device: never opened
    assert "普通文件" in str(err.value)
    bomb = tmp_path / "分解表.xlsx"
    bomb.write_bytes(b"PK\x03\x04" + b"\0" * 64)  # not a workbook
    with pytest.raises(OwnersError) as err:
        read_decomposition(bomb, plan)
    assert "分解表无法读取" in str(err.value)


@pytest.mark.parametrize(
    "name",
    [
        "~$经济发展办公室",
        "CON",
        "nul",
        "Lpt1",
        "经济\u2028发展",
        "经济\u00ad发展",
        "经济\u2060发展",
    ],
)
def test_names_that_a_reader_or_windows_would_drop_are_refused(plan, tmp_path, name):
    # ``~$…`` is skipped as an Excel lock file when the office's file is collected (the
    # office would be listed as not reporting); ``CON.xlsx`` cannot be saved on Windows;
    # a line separator or an invisible character makes two names look alike
    import json

    text = EXAMPLE_OWNERS.read_text(encoding="utf-8").replace(
        "经济发展办公室", json.dumps(name, ensure_ascii=False), 1
    )
    with pytest.raises(OwnersError) as err:
        load_owners(_yaml(tmp_path, text), plan)
    assert "科室名称" in str(err.value)
