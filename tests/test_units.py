"""Unit registry: conversion within a family, refusal across families, validation."""

from __future__ import annotations

import pytest

from gutang_analysis import UnitError, load_units


@pytest.fixture(scope="module")
def units():
    return load_units()


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (1.8, "亿元", "万元", 18000.0),
        (18000, "万元", "亿元", 1.8),
        (1.2, "亿元", "元", 120_000_000.0),
        (300, "万美元", "美元", 3_000_000.0),
        (3_000_000, "美元", "万美元", 300.0),
        (85, "％", "%", 85.0),
        (50, "家", "家", 50.0),
        (3, "亩", "平方米", 2000.0),
        (2, "公里", "米", 2000.0),
    ],
)
def test_converts_within_a_family(units, value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("src", "dst"), [("美元", "元"), ("万美元", "亿元"), ("%", "家"), ("亩", "个")]
)
def test_refuses_to_mix_families(units, src, dst):
    with pytest.raises(UnitError) as info:
        units.convert(1, src, dst)
    message = str(info.value)
    assert src in message and dst in message and "量纲" in message


def test_unknown_unit_is_named_with_examples(units):
    with pytest.raises(UnitError) as info:
        units.canonical("斤")
    assert "“斤”" in str(info.value) and "亿元" in str(info.value)


def test_aliases_and_families(units):
    assert units.canonical("％") == "%"
    assert units.canonical(" 栋 ") == "幢"
    assert units.family("亿元") == units.family("元") == "cny"
    assert units.family("万美元") == "usd"
    assert {"个", "家", "名", "所", "项", "村", "户"} <= set(units.units_in_family("count"))
    assert units.known("万元") and not units.known("斤") and not units.known(None)


def test_bad_registry_lists_every_problem(tmp_path):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "families:\n  cny: {label: 人民币金额, base: 元}\n"
        "units:\n"
        "  元: {family: cny, factor: 1}\n"
        "  万元: {family: cny, factor: -5}\n"
        "  磅: {family: weight, factor: 1}\n"
        "  千元: {family: cny, factor: 1000, colour: red}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnitError) as info:
        load_units(bad)
    message = str(info.value)
    assert str(bad) in message
    assert "万元" in message and "-5" in message and "大于 0" in message
    assert "千元" in message and "colour" in message


def test_registry_with_unknown_family(tmp_path):
    bad = tmp_path / "units.yaml"
    bad.write_text(
        "families:\n  cny: {label: 人民币金额, base: 元}\n"
        "units:\n  元: {family: cny, factor: 1}\n  磅: {family: weight, factor: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnitError) as info:
        load_units(bad)
    assert "单位 磅" in str(info.value) and "weight" in str(info.value)


def test_missing_registry_file(tmp_path):
    with pytest.raises(UnitError) as info:
        load_units(tmp_path / "nope.yaml")
    assert "找不到" in str(info.value)
