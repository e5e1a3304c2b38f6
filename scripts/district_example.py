"""Plan folders for a district: the bundled example, real second plans, invented towns.

Used by ``make report`` (a small illustrative district), ``make bench`` (20 towns of about
100 targets each) and the district tests. Every outcome figure written here is invented
and every file says so on its first line (示例数据).

- :func:`second_plans`: other places' real published plans (``tests/fixtures/real_plans``),
  taken as ``tests/test_second_plans.py`` takes them: ``new`` drafts the folder from the
  text, the corpus' hand-checked list stands for the reviewer's corrections, ``finalize``,
  the entry template, invented figures.
- :func:`invented_towns`: copies of the bundled 古塘 2022 plan (93 targets) under other
  names, each with its own invented figures, for timing a district of many towns.

Usage::

    python scripts/district_example.py --out reports/district      # make report
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "real_plans"
EXAMPLE = ROOT / "data" / "plans" / "gutang-2022"

#: Real plans of other places that the district example and tests use.
SECOND_PLANS = (
    "jiashan-luoxing-subdistrict-2023",
    "minhang-jiangchuan-subdistrict-2023",
    "lvyuan-district-2024",
)
#: Units the corpus uses that the package registry lacks, as a reviewer registers them.
PLAN_UNITS = {
    "间": {"family": "count", "factor": 1},
    "万平方米": {"family": "area", "factor": 10000},
}
#: The issuer of each, as the reviewer writes it (the draft may leave it 待补填).
ISSUERS = {
    "jiashan-luoxing-subdistrict-2023": "嘉善县罗星街道",
    "minhang-jiangchuan-subdistrict-2023": "闵行区江川路街道",
    "lvyuan-district-2024": "长春市绿园区",
}
NOTE = "# 示例数据（虚构）：本文件中的数字为测试和演示编造，不是任何单位的官方统计。"


def review_draft(folder: Path, plan_id: str) -> None:
    """Stand in for the reviewer: replace the draft's targets with the checked ones."""
    gold = yaml.safe_load((CORPUS / f"{plan_id}.gold.yaml").read_text(encoding="utf-8"))
    plan_file = folder / "plan.yaml"
    data = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    section = data["sections"][0]["id"]
    targets, used = [], set()
    for i, g in enumerate(gold["targets"], 1):
        entry = {
            "id": f"t{i:02d}",
            "section": section,
            "title": g.get("indicator") or g["text"],
            "source_text": g["text"],
            "kind": g["kind"],
            "comparator": g["comparator"],
            "draft": True,
        }
        if g["kind"] not in ("zero", "direction", "milestone"):
            entry["target_value"] = g["value"]
        if g["kind"] == "rank":
            entry["rank_peers"] = "全区"
            if entry.get("target_value") is None:
                entry.pop("target_value", None)
        if g.get("unit"):
            entry["unit"] = g["unit"]
            used.add(g["unit"])
        elif g["kind"] in ("at_least", "exact", "about", "at_most"):
            entry["unit"] = "项"
        if g["kind"] == "zero":
            entry["unit"] = "起"
        if not g.get("annual", True):
            entry["annual"] = False
        targets.append(entry)
    data["targets"] = targets
    data["plan"]["issuer"] = ISSUERS.get(plan_id, data["plan"].get("issuer"))
    plan_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    extra = {u: spec for u, spec in PLAN_UNITS.items() if u in used}
    if extra:
        (folder / "units.yaml").write_text(
            yaml.safe_dump({"units": extra}, allow_unicode=True), encoding="utf-8"
        )


def fill_template(template: Path, year: int, seed: int) -> Path:
    """Fill a CSV template with invented figures, labelled 示例数据 on its first line."""
    rng = random.Random(seed)
    rows = list(csv.reader(template.read_text(encoding="utf-8-sig").splitlines()))
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "指标编号")
    header = rows[header_at]
    col = {n: header.index(n) for n in ("完成值", "统计期", "偏差原因", "改进措施", "进展阶段")}
    for row in rows[header_at + 1 :]:
        if not row or row[0].startswith("#"):
            continue
        target = row[header.index("目标值")].replace(",", "")
        unit = row[header.index("计量单位")]
        number = re.search(r"\d+(?:\.\d+)?", target)
        factor = rng.choice((0.6, 0.85, 0.97, 1.0, 1.05, 1.15))
        if "前" in target:
            row[col["完成值"]] = f"第{rng.choice((1, 2, 5))}名"
        elif "清零" in target:
            row[col["完成值"]] = "0"
        elif number:
            value = float(number.group()) * factor
            if "%" in target:
                value = min(value, 100.0)
            whole = unit not in ("%", "亿元", "万元", "万平方米", "亩", "万美元", "亿美元")
            row[col["完成值"]] = str(max(round(value), 0)) if whole else f"{value:.2f}"
            if factor < 0.9 and rng.random() < 0.6:
                row[col["偏差原因"]] = "示例：项目审批进度慢于预期"
                row[col["改进措施"]] = "示例：下一年度加快推进"
        elif row[col["进展阶段"]] == "" and "定性" not in target:
            row[col["进展阶段"]] = rng.choice(("推进中", "已完成", "已完成"))
        row[col["统计期"]] = str(year)
    out = template.with_name(f"{year}.csv")
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(NOTE + "\n")
        csv.writer(fh).writerows(rows)
    return out


def second_plans(root: Path, plans: tuple[str, ...] = SECOND_PLANS) -> list[Path]:
    """Plan folders of real second plans with invented year-end figures, under ``root``."""
    from gutang_analysis.plan import load_plan
    from gutang_analysis.template import write_template
    from gutang_analysis.workspace import finalize_plan, new_plan_folder

    out = []
    for seed, plan_id in enumerate(plans):
        text = CORPUS / f"{plan_id}.txt"
        folder = root / plan_id
        new_plan_folder(text, folder)
        review_draft(folder, plan_id)
        finalize_plan(folder)
        plan = load_plan(folder)
        template = write_template(plan, folder / "outcomes" / f"{plan.year}-template.csv")
        fill_template(template, int(plan.year), seed)
        template.unlink()
        for extra in (folder / "outcomes").glob("*原文上年实绩*"):
            extra.unlink()  # the drafted baseline is not reviewed here
        out.append(folder)
    return out


def invented_towns(root: Path, n: int = 20) -> list[Path]:
    """``n`` towns: the 古塘 2022 plan under other names, each with invented figures."""
    out = []
    source = (EXAMPLE / "outcomes" / "2022.csv").read_text(encoding="utf-8-sig").splitlines()
    for i in range(1, n + 1):
        folder = root / f"town-{i:02d}"
        (folder / "outcomes").mkdir(parents=True)
        shutil.copyfile(EXAMPLE / "gutang-2022-work-plan.txt", folder / "gutang-2022-work-plan.txt")
        plan_id, issuer = f"town-{i:02d}-2022", f"示例第{i:02d}镇"
        base = (EXAMPLE / "outcomes" / "2021.csv").read_text(encoding="utf-8-sig")
        (folder / "outcomes" / "2021.csv").write_text(
            base.replace("gutang-2022", plan_id), encoding="utf-8-sig"
        )
        plan = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
        plan = plan.replace("id: gutang-2022", f"id: {plan_id}", 1)
        plan = plan.replace("issuer: 古塘街道", f"issuer: {issuer}", 1)
        (folder / "plan.yaml").write_text(plan, encoding="utf-8")
        rng = random.Random(i)
        rows = list(csv.reader(line.replace("gutang-2022", plan_id) for line in source))
        header_at = next(k for k, r in enumerate(rows) if r and r[0] == "指标编号")
        value_col = rows[header_at].index("完成值")
        unit_col = rows[header_at].index("计量单位")
        for row in rows[header_at + 1 :]:
            if not row or row[0].startswith("#"):
                continue
            try:
                value = float(row[value_col])
            except ValueError:
                continue
            new = value * rng.choice((0.7, 0.9, 1.0, 1.0, 1.1))
            if row[unit_col] == "%":
                new = min(new, 100.0)
            whole = value == int(value) and row[unit_col] != "%"
            row[value_col] = str(round(new)) if whole else f"{new:.2f}"
        with (folder / "outcomes" / "2022.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            fh.write(NOTE + "\n")
            csv.writer(fh).writerows(r for r in rows if not (r and r[0].startswith("# 示例")))
        out.append(folder)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例辖区（示例数据）并运行 district")
    parser.add_argument("--out", required=True, help="报告输出文件夹")
    args = parser.parse_args(argv)
    from gutang_analysis.cli import main as cli

    out = Path(args.out)
    plans = out / "示例计划文件夹"
    shutil.rmtree(plans, ignore_errors=True)
    plans.mkdir(parents=True)
    shutil.copytree(EXAMPLE, plans / "gutang-2022")
    second_plans(plans)
    return cli(["district", str(plans), "--out", str(out)])


if __name__ == "__main__":
    sys.exit(main())
