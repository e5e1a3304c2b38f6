"""Units of measure as data: a registry read from ``data/units.yaml``.

Every unit belongs to a family (人民币金额, 美元金额, 计数, 百分比 …) and converts to the
family's base unit by a factor. Values convert freely within a family and never across
families: 1.8 亿元 is 18,000 万元, but 美元 is never 元.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import paths
from ._validation import pydantic_problems, read_yaml
from .errors import Problem, UnitError

__all__ = ["UnitRegistry", "load_units"]


class _FamilySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1)
    base: str = Field(min_length=1)


class _UnitSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    family: str
    factor: float = Field(gt=0)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("aliases", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value


class _UnitsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format_version: int = 1
    families: dict[str, _FamilySpec]
    units: dict[str, _UnitSpec]


def _norm(name: str) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip()


@dataclass(frozen=True)
class UnitRegistry:
    """Known units, their families and conversion factors.

    Examples
    --------
    >>> units = load_units()
    >>> units.convert(1.8, "亿元", "万元")
    18000.0
    >>> units.family("万美元")
    'usd'
    >>> units.canonical("％")
    '%'
    """

    families: dict[str, tuple[str, str]]  # family -> (label, base unit)
    _factors: dict[str, tuple[str, float]]  # unit -> (family, factor)
    _aliases: dict[str, str] = field(default_factory=dict)  # normalised alias -> unit
    source: str = ""

    @property
    def names(self) -> list[str]:
        """Canonical unit names, in file order."""
        return list(self._factors)

    @property
    def spellings(self) -> dict[str, str]:
        """Every accepted spelling (NFKC-normalised names and aliases) -> canonical unit."""
        return dict(self._aliases)

    def known(self, name: str | None) -> bool:
        """Whether ``name`` (or one of its aliases) is a registered unit."""
        return name is not None and _norm(name) in self._aliases

    def canonical(self, name: str) -> str:
        """Return the registered name for ``name`` or one of its aliases.

        Raises
        ------
        UnitError
            If the unit is not registered.
        """
        key = _norm(name)
        if key not in self._aliases:
            raise UnitError(
                "不认识的计量单位",
                [Problem(None, None, "计量单位", name, self._expected())],
            )
        return self._aliases[key]

    def family(self, name: str) -> str:
        """The family code of a unit (``cny``, ``usd``, ``count``, ``percent`` …)."""
        return self._factors[self.canonical(name)][0]

    def family_label(self, family: str) -> str:
        """The Chinese label of a family, e.g. ``人民币金额``."""
        return self.families[family][0]

    def units_in_family(self, family: str) -> list[str]:
        """Canonical units of one family, in file order."""
        return [u for u, (f, _) in self._factors.items() if f == family]

    def same_family(self, a: str, b: str) -> bool:
        """Whether two known units can be converted into each other."""
        return self.family(a) == self.family(b)

    def convert(self, value: float, from_unit: str, to_unit: str) -> float:
        """Convert ``value`` from one unit to another of the same family.

        Raises
        ------
        UnitError
            If either unit is unknown or the two belong to different families.

        Examples
        --------
        >>> load_units().convert(300, "万美元", "美元")
        3000000.0
        """
        src, dst = self.canonical(from_unit), self.canonical(to_unit)
        (fam_a, fac_a), (fam_b, fac_b) = self._factors[src], self._factors[dst]
        if fam_a != fam_b:
            raise UnitError(
                "计量单位不能换算",
                [
                    Problem(
                        None,
                        None,
                        "计量单位",
                        from_unit,
                        f"与“{to_unit}”同一量纲（{self.family_label(fam_b)}）的单位，"
                        f"如 {'、'.join(self.units_in_family(fam_b)[:5])}；"
                        f"“{from_unit}”属于{self.family_label(fam_a)}",
                    )
                ],
            )
        result = float(value) * fac_a / fac_b
        # keep conversions like 1.8 亿元 -> 18000 万元 free of binary noise
        return float(round(result, 9)) if abs(result) < 1e15 else result

    def _expected(self) -> str:
        return "已登记的计量单位（见 data/units.yaml），如 " + "、".join(self.names[:12]) + " 等"


def _locate(loc: tuple, data: object) -> tuple[str | None, str | None]:
    if len(loc) >= 2 and loc[0] in ("units", "families"):
        kind = "单位" if loc[0] == "units" else "量纲"
        return f"{kind} {loc[1]}", ".".join(str(p) for p in loc[2:]) or None
    return None, ".".join(str(p) for p in loc) or None


def _merge_extra(data: dict, extra: Path) -> tuple[dict, list[Problem]]:
    """The package registry ``data`` with a plan folder's own units file added.

    The plan's file may add families and units; it may not redefine what the package
    registry already has (that would change every other plan's figures).
    """
    more = read_yaml(extra, UnitError, "本计划的计量单位文件")
    shown = str(extra)
    if more is None:
        return data, []
    if not isinstance(more, dict):
        return data, [
            Problem(shown, None, None, type(more).__name__, "含 units（及可选 families）的映射")
        ]
    problems = []
    unknown = sorted(set(more) - {"format_version", "families", "units"})
    for key in unknown:
        problems.append(Problem(shown, None, key, key, "顶层只含 format_version、families、units"))
    merged = {**data, "families": dict(data.get("families") or {})}
    merged["units"] = dict(data.get("units") or {})
    for block, label in (("families", "量纲"), ("units", "单位")):
        entries = more.get(block) or {}
        if not isinstance(entries, dict):
            problems.append(Problem(shown, None, block, type(entries).__name__, "键值对映射"))
            continue
        for name, spec in entries.items():
            if name in merged[block]:
                problems.append(
                    Problem(
                        shown,
                        f"{label} {name}",
                        None,
                        name,
                        f"软件包登记表中没有的{label}（已有的{label}不能在计划文件夹中重新定义）",
                    )
                )
                continue
            merged[block][name] = spec
    return merged, problems


def _build(path: Path, extra: Path | None = None) -> UnitRegistry:
    data = read_yaml(path, UnitError, "计量单位登记表")
    shown = str(path)
    extra_problems: list[Problem] = []
    if extra is not None and isinstance(data, dict):
        data, extra_problems = _merge_extra(data, extra)
        shown = f"{path} + {extra}"
    if not isinstance(data, dict):
        raise UnitError(
            "计量单位登记表格式不对",
            [Problem(shown, None, None, type(data).__name__, "含 families 与 units 的映射")],
        )
    try:
        spec = _UnitsFile.model_validate(data)
    except ValidationError as exc:
        raise UnitError(
            "计量单位登记表有错误", pydantic_problems(exc, shown, _locate, data)
        ) from None
    problems: list[Problem] = list(extra_problems)
    aliases: dict[str, str] = {}
    for name, unit in spec.units.items():
        if unit.family not in spec.families:
            problems.append(
                Problem(
                    shown,
                    f"单位 {name}",
                    "family",
                    unit.family,
                    "families 中已定义的量纲：" + "、".join(spec.families),
                )
            )
        for alias in (name, *unit.aliases):
            key = _norm(alias)
            if key in aliases and aliases[key] != name:
                problems.append(
                    Problem(
                        shown,
                        f"单位 {name}",
                        "aliases",
                        alias,
                        f"不与单位“{aliases[key]}”重复的写法",
                    )
                )
            aliases[key] = name
    for fam, fspec in spec.families.items():
        base = spec.units.get(fspec.base)
        if base is None or base.family != fam or base.factor != 1:
            problems.append(
                Problem(shown, f"量纲 {fam}", "base", fspec.base, "本量纲中系数为 1 的已登记单位")
            )
    if problems:
        raise UnitError("计量单位登记表有错误", problems)
    return UnitRegistry(
        families={k: (v.label, v.base) for k, v in spec.families.items()},
        _factors={k: (v.family, v.factor) for k, v in spec.units.items()},
        _aliases=aliases,
        source=shown,
    )


@lru_cache(maxsize=16)
def _cached(path: str, mtime: float, extra: str | None, extra_mtime: float) -> UnitRegistry:
    return _build(Path(path), Path(extra) if extra else None)


def _mtime(p: Path) -> float:
    return p.stat().st_mtime if p.exists() else -1.0


def load_units(path: str | Path | None = None, *, extra: str | Path | None = None) -> UnitRegistry:
    """Load the unit registry (the bundled ``data/units.yaml`` by default).

    Parameters
    ----------
    path : str or Path, optional
        Another registry file in the same format.
    extra : str or Path, optional
        A plan folder's own units file (``units.yaml`` beside ``plan.yaml``): units and
        families it adds to the registry for that plan only (吨, 万人 …). It cannot
        redefine a unit or family the registry already has.

    Returns
    -------
    UnitRegistry

    Raises
    ------
    UnitError
        If a file is missing or invalid; every problem is listed.

    Examples
    --------
    >>> load_units().convert(18000, "万元", "亿元")
    1.8
    """
    p = Path(path) if path is not None else paths.UNITS_FILE
    x = Path(extra).resolve() if extra is not None else None
    return _cached(str(p.resolve()), _mtime(p), str(x) if x else None, _mtime(x) if x else 0.0)
