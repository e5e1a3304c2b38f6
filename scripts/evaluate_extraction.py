"""Measure the extractor against a hand-checked catalog.

Drafts a catalog from the plan text a reviewed plan file quotes, matches the two one to one
(overlapping ``source_text``; for numeric kinds also value, unit and comparator) and prints
found / wrong / missed / spurious counts, numeric kinds and the others apart.

Usage::

    .venv/bin/python scripts/evaluate_extraction.py [--plan data/plans/gutang-2022.yaml] [-v]

Exit status 1 when a numeric commitment of the catalog is missed or drafted wrong.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from gutang_analysis.errors import GutangError
from gutang_analysis.extract import compare_to_catalog, extract_plan
from gutang_analysis.plan import load_plan


def _shown(value: object) -> str:
    return "—" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


LABELS = {"found": "找到", "wrong": "找到但有误", "missed": "漏提", "spurious": "多提"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="用人工核对的目标清单检验自动提取的效果")
    parser.add_argument("--plan", default=None, help="人工核对的计划文件（默认：古塘街道 2022）")
    parser.add_argument("-v", "--verbose", action="store_true", help="逐条列出非“找到”的条目")
    args = parser.parse_args(argv)
    try:
        plan = load_plan(args.plan)
    except GutangError as err:
        print(err, file=sys.stderr)
        return 1
    draft = extract_plan(plan.source_text, year=plan.year)
    result = compare_to_catalog(draft, plan.targets)
    print(f"计划：{plan.title}（人工清单 {len(plan.targets)} 项，草稿 {len(draft.targets)} 项）")
    qualitative = result["kind"] == "qualitative"
    parts = (
        ("数值类目标", result["numeric"]),
        ("节点、同比方向、排名", ~result["numeric"] & ~qualitative),
        ("定性目标（只提取带“确保/力争/争创”的）", qualitative),
    )
    for label, mask in parts:
        part = result[mask]
        numeric = bool(part["numeric"].all()) and len(part) > 0
        counts = part["status"].value_counts()
        shown = "，".join(f"{LABELS[s]} {int(counts.get(s, 0))}" for s in LABELS)
        print(f"{label}：{shown}")
        if args.verbose or numeric:
            for row in part[part["status"] != "found"].itertuples(index=False):
                print(
                    f"  [{LABELS[row.status]}] 清单 {_shown(row.catalog_id)} / 草稿 "
                    f"{_shown(row.draft_id)}：{row.source_text}"
                    f"（应为 {_shown(row.expected)}，草稿 {_shown(row.drafted)}）"
                )
    if draft.warnings:
        print(f"提取提示 {len(draft.warnings)} 条" + ("：" if args.verbose else "（-v 显示）"))
        if args.verbose:
            for warning in draft.warnings:
                print(f"  {warning}")
    numeric = result[result["numeric"]]
    return int(bool(numeric["status"].isin(["missed", "wrong"]).any()))


if __name__ == "__main__":
    sys.exit(main())
