"""Tests for gutang_analysis.numbers: values as people write them."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gutang_analysis.errors import GutangError
from gutang_analysis.numbers import (
    Quantity,
    QuantityError,
    format_number,
    is_not_reported,
    parse_quantity,
    to_unit,
)
from gutang_analysis.units import load_units

UNITS = load_units()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50", Quantity(50.0, None)),
        ("５０", Quantity(50.0, None)),
        ("50家", Quantity(50.0, "家")),
        ("1,200", Quantity(1200.0, None)),
        ("1.8亿", Quantity(1.8, "亿")),
        ("18000万元", Quantity(18000.0, "万元")),
        ("300万美元", Quantity(300.0, "万美元")),
        ("五十", Quantity(50.0, None)),
        ("85%", Quantity(85.0, "%")),
        ("100％", Quantity(100.0, "%")),
        ("第3名", Quantity(3.0, "名次")),
        ("第三", Quantity(3.0, "名次")),
        ("百分之八十五", Quantity(85.0, "%")),
        ("  1 200 ", Quantity(1200.0, None)),
        ("-3", Quantity(-3.0, None)),
    ],
)
def test_parse_quantity_reads_common_spellings(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "—", "——", "-", "/", "无", "未报送", None, math.nan])
def test_not_reported_is_none_never_zero(text):
    assert parse_quantity(text) is None
    assert is_not_reported(text)
    assert math.isnan(to_unit(text, "家", UNITS))


@pytest.mark.parametrize(
    "text",
    ["约50", "50以上", "50左右", "五十多", "50-60", "1,2", "1亿2000万", "abc", "第0名", True],
)
def test_parse_quantity_refuses_what_it_cannot_read_on_purpose(text):
    with pytest.raises(QuantityError) as info:
        parse_quantity(text)
    assert info.value.expected  # says what was expected
    assert isinstance(info.value, GutangError)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("18000万元", "亿元", 1.8),
        ("1.8亿", "亿元", 1.8),
        ("1.8亿元", "万元", 18000.0),
        ("300万", "万美元", 300.0),
        ("3000000美元", "万美元", 300.0),
        ("1.2万人", "人", 12000.0),
        ("50家", "个", 50.0),
        ("3名", "名次", 3.0),
        ("第3名", "名次", 3.0),
        ("85", "%", 85.0),
    ],
)
def test_to_unit_converts_within_a_family(text, unit, value):
    assert to_unit(text, unit, UNITS) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "unit", "fragment"),
    [
        ("300万美元", "亿元", "美元金额"),
        ("85%", "家", "百分比"),
        ("50斤", "家", "不认识的单位"),
        ("50家", None, "没有计量单位"),
    ],
)
def test_to_unit_refuses_other_families_with_a_reason(text, unit, fragment):
    with pytest.raises(QuantityError) as info:
        to_unit(text, unit, UNITS)
    assert fragment in info.value.expected


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


finite = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(finite)
def test_thousands_separators_parse_back(value):
    text = f"{value:,.2f}"
    assert to_unit(text, "家", UNITS) == pytest.approx(float(value), rel=1e-12, abs=1e-9)


@given(finite)
def test_fullwidth_digits_parse_back(value):
    text = _fullwidth(f"{value:.2f}")
    assert to_unit(text, "家", UNITS) == pytest.approx(float(value), rel=1e-12, abs=1e-9)


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["万", "亿"]))
def test_magnitude_words_parse_back(value, word):
    factor = {"万": 1e4, "亿": 1e8}[word]
    got = to_unit(f"{value}{word}元", "元", UNITS)
    assert got == pytest.approx(float(value) * factor, rel=1e-9)


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_format_number_round_trips(value):
    assert to_unit(format_number(value), "元", UNITS) == value


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_parse_back(value):
    import cn2an

    assert to_unit(cn2an.an2cn(value), "个", UNITS) == value


# ---- Chinese numerals name their own magnitude ------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("两亿", "亿元", 2.0),
        ("一亿八千万", "亿元", 1.8),
        ("一亿二千万", "万元", 12000.0),
        ("两亿元", "亿元", 2.0),
        ("两亿美元", "万美元", 20000.0),
        ("三百万", "万美元", 300.0),
        ("三万", "人", 30000.0),
        ("一点八亿", "亿元", 1.8),
        ("五十", "家", 50.0),
        ("五十", "%", 50.0),
        ("三万", None, 30000.0),
    ],
)
def test_chinese_numerals_are_read_in_base_units(text, unit, value):
    assert to_unit(text, unit, UNITS) == pytest.approx(value, rel=1e-12)


big = st.integers(min_value=0, max_value=10**11)
CNY = ["元", "千元", "万元", "百万元", "亿元"]
USD = ["美元", "千美元", "万美元", "百万美元", "亿美元"]


@given(big, st.sampled_from(CNY + USD))
def test_chinese_numeral_with_unit_equals_the_digits(n, unit):
    import cn2an

    base = "美元" if "美元" in unit else "元"
    got = to_unit(cn2an.an2cn(n) + base, unit, UNITS)
    assert got == pytest.approx(to_unit(f"{n}{base}", unit, UNITS), rel=1e-9, abs=1e-12)


@given(big, st.sampled_from(CNY + USD))
def test_bare_chinese_numeral_with_wan_or_yi_is_a_base_unit_amount(n, unit):
    import cn2an

    word = cn2an.an2cn(n)
    base = "美元" if "美元" in unit else "元"
    got = to_unit(word, unit, UNITS)
    if "万" in word or "亿" in word:
        assert got == pytest.approx(to_unit(f"{n}{base}", unit, UNITS), rel=1e-9)
    else:  # below 万 the numeral is the plain number, like the digits
        assert got == to_unit(str(n), unit, UNITS)


@given(big, st.sampled_from(["个", "人", "家", "户"]))
def test_chinese_numerals_for_counts_are_the_number(n, unit):
    import cn2an

    assert to_unit(cn2an.an2cn(n), unit, UNITS) == n


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("35μg/m3", "微克/立方米"),
        ("35ug/m3", "微克/立方米"),
        ("35µg/m³", "微克/立方米"),
        ("0.035mg/m3", "微克/立方米"),
        ("35m2", "平方米"),
        ("0.000035km2", "平方米"),
    ],
)
def test_unit_spellings_with_a_power_digit_are_accepted(text, unit):
    assert to_unit(text, unit, UNITS) == pytest.approx(35.0)


@pytest.mark.parametrize("text", ["3m2-4m2", "1亿2000万", "3/4", "50-60m2"])
def test_digits_after_a_number_are_still_refused(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


@pytest.mark.parametrize("typed", ["NaN", "nan", "None"])
def test_the_words_nan_and_none_typed_in_a_cell_are_not_a_gap(typed):
    # an empty cell is a gap; the words are a value to correct, never silently unreported
    assert is_not_reported(None) and is_not_reported(float("nan"))
    assert not is_not_reported(typed)
    with pytest.raises(GutangError):
        parse_quantity(typed)
