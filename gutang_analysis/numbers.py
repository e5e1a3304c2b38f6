"""Numbers as people write them: ``50``, ``５０``, ``1,200``, ``1.8亿``, ``五十``, ``第3名``.

Two public pieces:

- :func:`parse_quantity` reads one cell into a :class:`Quantity` (a value and the unit
  written after it, or ``None``), or returns ``None`` when the cell says "not reported".
- :func:`to_unit` goes one step further and expresses the cell in a target's unit,
  converting within a unit family (18000万元 for a 亿元 target is 1.8) and refusing
  anything it cannot read on purpose.

Anything ambiguous (``约50``, ``50以上``, ``50-60``, ``1,2``) is refused with a message
that says what was expected; nothing is guessed, and an empty cell is never zero.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from .errors import QuantityError

if TYPE_CHECKING:
    from .units import UnitRegistry

__all__ = [
    "MAGNITUDES",
    "NOT_REPORTED",
    "Quantity",
    "QuantityError",
    "format_number",
    "is_not_reported",
    "normalize_text",
    "parse_quantity",
    "to_unit",
]

#: Cell contents that mean "not reported" (after NFKC normalisation and trimming). An
#: empty cell (``None``, a float NaN) normalises to ``""``; the words ``NaN`` or ``None``
#: typed into a cell are not among these (a value to correct, never read as a gap).
NOT_REPORTED: frozenset[str] = frozenset({"", "-", "--", "—", "——", "–", "/", "无", "未报送"})

#: Magnitude words that may follow a number on their own (``1.8亿``) or before a unit
#: (``1.2万人``). Longest first so ``百万`` wins over ``万``.
MAGNITUDES: dict[str, float] = {
    "万亿": 1e12,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "亿": 1e8,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

_RANK_UNIT = "名次"
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_APPROX = ("约", "大约", "左右", "以上", "以下", "以内", "余", "多", "超过", "不到", "近", "上下")
_ARABIC = re.compile(r"^(?:(\d{1,3}(?:,\d{3})+)|(\d+))?(?:\.(\d+))?")
_CN_DECIMALS = "零〇一二两三四五六七八九"
_CHINESE = re.compile(rf"^[{_CN_DIGITS}]+(?:点[{_CN_DECIMALS}]+)?")
_RANK = re.compile(r"^第(.+?)(?:名|位)?$")
# units whose spelling ends in a power: m2, km2, μg/m3, mg/m3 (no other digit, no dash)
_UNIT_WITH_DIGIT = re.compile(r"[^\d\-]*[A-Za-zμ][23]")


class Quantity(NamedTuple):
    """A number read from a cell and the unit written after it.

    Attributes
    ----------
    value : float
        The number as written (a magnitude word such as 亿 is kept in ``unit``).
    unit : str or None
        What followed the number, NFKC-normalised (``亿元``, ``家``, ``%``, ``亿``,
        ``名次`` for ``第3名``), or ``None`` for a bare number.
    """

    value: float
    unit: str | None


def normalize_text(text: object) -> str:
    """NFKC-normalise a cell and drop all whitespace (full-width digits, ％, U+3000).

    Examples
    --------
    >>> normalize_text("５０　％")
    '50%'
    """
    if isinstance(text, str):
        if not text:
            return ""
        return _normalize_short(text) if len(text) <= 64 else _normalize(text)
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _normalize(str(text))


_SPACES = re.compile(r"\s+")


def _normalize(text: str) -> str:
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).replace("−", "-")


# cells repeat (units, stages, 未报送 …): short ones are normalised once
_normalize_short = lru_cache(maxsize=1 << 16)(_normalize)


def is_not_reported(text: object) -> bool:
    """Whether a cell means "not reported" (empty, ``—``, ``-``, ``/``, ``无``, ``未报送``).

    Examples
    --------
    >>> is_not_reported("——"), is_not_reported("0")
    (True, False)
    """
    return normalize_text(text) in NOT_REPORTED


def format_number(value: float) -> str:
    """Shortest plain text for a number (``1.8``, ``50``, ``1200000``), no exponent.

    Examples
    --------
    >>> format_number(50.0), format_number(1.8), format_number(1.2e8)
    ('50', '1.8', '120000000')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return np.format_float_positional(float(value), trim="-")


def _clean(x: float) -> float:
    """Remove binary noise from a product or quotient (``18000 * 1e4 / 1e8``)."""
    return float(f"{x:.12g}") if x != 0 else 0.0


def _fail_general(text: str) -> QuantityError:
    return QuantityError(
        text,
        "一个数字，可带单位，如 50、1,200、1.8亿元、85%、五十、第3名；未报送请留空",
    )


def _parse_number(s: str, original: str) -> tuple[float, str]:
    """Split ``s`` into a number and the rest; raise when there is no number in front.

    A Chinese numeral that spells out 万 or 亿 and has no unit after it comes back in the
    form ``1.8`` + ``亿`` (like the digits ``1.8亿``), so that its magnitude applies to the
    base unit of the target (元, 美元, 人 …) rather than to the target unit itself.
    """
    m = _ARABIC.match(s)
    if m and (m.group(1) or m.group(2) or m.group(3)):
        whole = (m.group(1) or m.group(2) or "0").replace(",", "")
        frac = m.group(3)
        rest = s[m.end() :]
        if rest[:1] in (",", ".") or (rest[:1].isdigit()):
            # 1,2 / 1,2345 / 1.2.3: separators that do not group digits by three
            raise QuantityError(
                original, "数字的千分位逗号应每三位一组（如 1,200），小数点只写一个"
            )
        return float(f"{whole}.{frac}" if frac else whole), rest
    m = _CHINESE.match(s)
    if m:
        import cn2an  # imported here: it is slow to import and only Chinese numerals need it

        word = m.group(0)
        rest = s[m.end() :]
        # a trailing magnitude word belongs to a unit like 万元 only when cn2an cannot read
        # the whole; try the longest numeral first, then give magnitude words back to the unit
        for cut in range(len(word), 0, -1):
            try:
                value = float(cn2an.cn2an(word[:cut], "normal"))
            except (ValueError, KeyError, IndexError, TypeError):
                continue
            rest = word[cut:] + rest
            if not rest and ("亿" in word[:cut] or "万" in word[:cut]):
                # 两亿 = 2亿, 一亿二千万 = 1.2亿, 三万 = 3万: the numeral names its magnitude
                magnitude = "亿" if "亿" in word[:cut] else "万"
                return _clean(value / MAGNITUDES[magnitude]), magnitude
            return value, rest
        raise _fail_general(original)
    raise _fail_general(original)


def parse_quantity(text: object) -> Quantity | None:
    """Read one cell as a number and the unit written after it.

    Parameters
    ----------
    text : object
        The cell as written (``str``; numbers are accepted too).

    Returns
    -------
    Quantity or None
        ``None`` when the cell means "not reported" (empty, ``—``, ``-``, ``/``, ``无``,
        ``未报送``): never zero.

    Raises
    ------
    QuantityError
        If the text is not a number, is approximate (``约50``, ``50以上``), a range, or
        uses thousands separators that do not group by three.

    Examples
    --------
    >>> parse_quantity("1,200家")
    Quantity(value=1200.0, unit='家')
    >>> parse_quantity("１．８亿")
    Quantity(value=1.8, unit='亿')
    >>> parse_quantity("五十")
    Quantity(value=50.0, unit=None)
    >>> parse_quantity("一亿八千万")
    Quantity(value=1.8, unit='亿')
    >>> parse_quantity("第3名")
    Quantity(value=3.0, unit='名次')
    >>> parse_quantity("—") is None
    True
    """
    original = "" if text is None else str(text)
    if isinstance(text, bool):
        raise _fail_general(original)
    s = normalize_text(text)
    if s in NOT_REPORTED:
        return None
    if any(word in s for word in _APPROX) or s[:1] in "~≈<>≥≤" or "~" in s[1:]:
        raise QuantityError(original, "确切的数值（不要写“约”“以上”“左右”“多”等字样）")
    m = _RANK.match(s)
    if m:
        inner = parse_quantity(m.group(1))
        if inner is None or inner.unit is not None or inner.value < 1 or inner.value % 1:
            raise QuantityError(original, "名次，写成 3 或 第3名（正整数）")
        return Quantity(inner.value, _RANK_UNIT)
    if s.startswith("百分之"):
        inner = parse_quantity(s[3:])
        if inner is None or inner.unit is not None:
            raise _fail_general(original)
        return Quantity(inner.value, "%")
    sign = 1.0
    if s[:1] in ("+", "-") or s.startswith("负"):
        sign = -1.0 if s[0] in "-负" else 1.0
        s = s[1:]
    value, rest = _parse_number(s, original)
    if re.search(r"\d|-", rest) and not _UNIT_WITH_DIGIT.fullmatch(rest):
        # 50-60, 1亿2000万, 3/4 ... : not one number
        raise QuantityError(original, "一个数字（不能是区间、分数或多个数字的组合）")
    return Quantity(sign * value, rest or None)


def _expected_for(target_unit: str | None, registry: UnitRegistry) -> str:
    if target_unit is None:
        return "一个数字（本指标没有计量单位，只填数字）；未报送请留空"
    if target_unit == _RANK_UNIT:
        return "名次（正整数），如 3 或 第3名；未报送请留空"
    fam = registry.family(target_unit)
    same = "、".join(registry.units_in_family(fam))
    return (
        f"以“{target_unit}”计的数字（如 50 或 50{target_unit}），"
        f"也可写同类单位（{registry.family_label(fam)}：{same}）；未报送请留空"
    )


def _unprefixed(target_unit: str, registry: UnitRegistry) -> str:
    """The target unit without its magnitude (亿元 -> 元, 万美元 -> 美元, 家 -> 家)."""
    for word in MAGNITUDES:
        if target_unit.startswith(word) and len(target_unit) > len(word):
            base = target_unit[len(word) :]
            if registry.known(base) and registry.same_family(base, target_unit):
                return registry.canonical(base)
    return target_unit


def to_unit(text: object, target_unit: str | None, registry: UnitRegistry) -> float:
    """Read a cell as a number in ``target_unit``, converting within its unit family.

    Parameters
    ----------
    text : object
        The cell as written.
    target_unit : str or None
        The target's unit (``亿元``, ``家``, ``%``, ``名次`` for ranks), or ``None`` when
        the target has no unit (only a bare number is then accepted).
    registry : UnitRegistry
        From :func:`gutang_analysis.units.load_units`.

    Returns
    -------
    float
        The value in ``target_unit``; ``nan`` when the cell means "not reported".

    Raises
    ------
    QuantityError
        If the cell is not a number, or its unit is unknown or of another family
        (``300万美元`` for a ``亿元`` target). ``.expected`` says what would be accepted.

    Notes
    -----
    A magnitude word on its own applies to the target's unit without its own magnitude:
    ``1.8亿`` for a ``亿元`` target is 1.8 亿元, ``300万`` for a ``万美元`` target is
    300 万美元, ``1.2万`` for a ``人`` target is 12000 人.

    A Chinese numeral is read the same way: one that spells out 万 or 亿 is a quantity of
    the base unit (``两亿`` for a ``亿元`` target is 2 亿元, ``一亿二千万`` for a ``万元``
    target is 12000 万元; ``两亿元`` and ``两亿美元`` name their unit), one without them is
    the plain number (``五十`` for a ``家`` target is 50, like ``50``).

    Examples
    --------
    >>> from gutang_analysis.units import load_units
    >>> units = load_units()
    >>> to_unit("18000万元", "亿元", units)
    1.8
    >>> to_unit("1.8亿", "亿元", units)
    1.8
    >>> to_unit("两亿", "亿元", units), to_unit("一亿二千万", "万元", units)
    (2.0, 12000.0)
    >>> to_unit("５０家", "家", units)
    50.0
    >>> to_unit("100％", "%", units)
    100.0
    >>> to_unit("", "家", units)
    nan
    >>> try:
    ...     to_unit("300万美元", "亿元", units)
    ... except QuantityError as err:
    ...     print(err.expected.split("；")[-1])
    未报送请留空（“万美元”属于美元金额，不能换算）
    """
    original = "" if text is None else str(text)
    if target_unit is not None:
        target_unit = registry.canonical(target_unit)
    q = parse_quantity(text)
    if q is None:
        return math.nan
    expected = _expected_for(target_unit, registry)
    if q.unit is None:
        return float(q.value)
    if target_unit is None:
        if q.unit in MAGNITUDES:
            return _clean(q.value * MAGNITUDES[q.unit])  # 1.2万 with no unit is 12000
        raise QuantityError(original, expected + f"（多写了单位“{q.unit}”）")
    if target_unit == _RANK_UNIT and q.unit == "名":
        return float(q.value)  # 3名 for a rank target: the rank, not three people
    if registry.known(q.unit):
        unit = registry.canonical(q.unit)
        if not registry.same_family(unit, target_unit):
            label = registry.family_label(registry.family(unit))
            raise QuantityError(original, expected + f"（“{unit}”属于{label}，不能换算）")
        return _clean(registry.convert(q.value, unit, target_unit))
    for word, factor in MAGNITUDES.items():
        if q.unit == word:
            base = _unprefixed(target_unit, registry)
            return _clean(registry.convert(q.value * factor, base, target_unit))
        if q.unit.startswith(word) and registry.known(q.unit[len(word) :]):
            unit = registry.canonical(q.unit[len(word) :])
            if not registry.same_family(unit, target_unit):
                label = registry.family_label(registry.family(unit))
                raise QuantityError(original, expected + f"（“{q.unit}”属于{label}，不能换算）")
            return _clean(registry.convert(q.value * factor, unit, target_unit))
    raise QuantityError(original, expected + f"（不认识的单位“{q.unit}”）")
