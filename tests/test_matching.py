"""matching.py: targets of two plans pair only when they measure the same thing."""

from __future__ import annotations

import pandas as pd
import pytest

from gutang_analysis.errors import PlanError
from gutang_analysis.matching import (
    indicator_name,
    load_indicators,
    match_targets,
    measure_of,
)


def _targets(rows):
    return pd.DataFrame(rows, columns=["target_id", "title", "kind", "unit"])


def test_generated_ids_never_pair_targets_of_two_plans():
    a = _targets([("s1-01", "以商招商", "qualitative", None)])
    b = _targets([("s1-01", "粮食总产量", "at_least", "吨")])
    assert match_targets(a, b) == []
    # within one plan the id is the target
    assert match_targets(a, a, same_plan=True) == [("s1-01", "s1-01", "目标编号（同一计划）")]


def test_the_measure_must_agree_kind_family_and_unit_family():
    a = _targets([("a1", "固定资产投资5亿元", "at_least", "亿元")])
    b = _targets(
        [
            ("b1", "固定资产投资增长10%", "growth", "%"),  # a growth is not an amount
            ("b2", "完成固定资产投资60000万元", "exact", "万元"),  # 亿元 and 万元: one family
        ]
    )
    assert match_targets(a, b) == [("a1", "b2", "同一指标（指标登记表：固定资产投资）")]
    assert measure_of("at_least", "家") != measure_of("at_least", "亿元")


def test_each_target_pairs_once_best_match_first():
    a = _targets(
        [("a1", "新增市场主体500家", "at_least", "家"), ("a2", "新增市场主体", "at_least", "个")]
    )
    b = _targets([("b1", "新增市场主体600家", "at_least", "家")])
    pairs = match_targets(a, b)
    assert pairs == [("a1", "b1", "指标名称相同")]


def test_similar_names_pair_and_say_how_alike():
    a = _targets([("a1", "城镇老旧小区改造", "at_least", "个")])
    b = _targets([("b1", "城镇老旧小区综合改造", "at_least", "个")])
    ((_, _, how),) = match_targets(a, b)
    assert how.startswith("名称相近（相似度 ")


def test_the_longest_spelling_of_the_registry_wins():
    assert indicator_name("农村居民人均可支配收入增长7%") == "农村居民人均可支配收入"
    assert indicator_name("居民人均可支配收入增长7%") == "居民人均可支配收入"
    assert indicator_name("GDP增长") == indicator_name("地区生产总值增长8%") == "地区生产总值"


def test_a_broken_registry_lists_every_problem(tmp_path):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        "format_version: 1\nindicators:\n  甲: [GDP]\n  乙: [gdp]\n  丙: 1\n  丁: [x, 5]\n",
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as err:
        load_indicators(bad)
    text = str(err.value)
    assert "已登记在“甲”下" in text and "indicators.丙" in text and "indicators.丁" in text
    assert load_indicators()["固投"] == "固定资产投资"
