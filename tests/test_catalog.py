"""Integrity of the bundled 2022 target catalog (``data/plans/gutang-2022/plan.yaml``).

The catalog is read with pyyaml directly, independently of ``gutang_analysis.plan``, so
these tests check the data itself: every commitment quotes the plan text verbatim, sits
in the programme and sub-area it quotes, and carries the fields its kind needs. The
fixture plans under ``tests/fixtures/plans/`` are checked here to contain exactly the
mistake their name says (the loader tests use them).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PLAN_FILE = ROOT / "data" / "plans" / "gutang-2022" / "plan.yaml"
UNITS_FILE = ROOT / "data" / "units.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"

KINDS = {
    "at_least": {">="},
    "exact": {"="},
    "about": {"~"},
    "at_most": {"<="},
    "rate": {">=", "<=", "="},
    "growth": {">=", "~"},
    "zero": {"="},
    "milestone": {"stage"},
    "direction": {"<", ">"},
    "rank": {"rank"},
    "qualitative": {"rated"},
}
NUMERIC_KINDS = {"at_least", "exact", "about", "at_most", "rate", "growth", "zero"}
STAGES = ("未启动", "推进中", "已完成", "已通过验收")
STRENGTHS = {"确保", "力争", "争创", None}
TOP_KEYS = {"format_version", "plan", "sections", "targets"}
PLAN_KEYS = {
    "id",
    "title",
    "year",
    "issuer",
    "published",
    "index_no",
    "source",
    "default_deadline",
}
SECTION_KEYS = {"id", "code", "name", "title"}
TARGET_REQUIRED = {"id", "section", "title", "source_text", "kind"}
TARGET_KEYS = TARGET_REQUIRED | {
    "area",
    "comparator",
    "target_value",
    "unit",
    "strength",
    "deadline",
    "weight",
    "annual",
    "required_stage",
    "direction",
    "baseline_year",
    "group",
    "tolerance",
    "rank_peers",
    "draft",
    "confidence",
    "notes",
}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")

# The five programmes and the closing part, in plan order, with the id prefix of their
# targets and the sub-area headings the plan gives each of them.
SECTIONS = {
    "economy": ("一", "econ", ["深化精准服务", "深化产业治理", "深化招商引资", "深化科技创新"]),
    "development": (
        "二",
        "dev",
        ["重点区块征迁再攻坚", "未来社区建设再加速", "城市精细建管再提升"],
    ),
    "digital": ("三", "dig", ["打造智慧街道", "打造智慧政务", "打造智慧网格"]),
    "environment": (
        "四",
        "env",
        ["持之以恒抓环境保护", "提质增效抓垃圾分类", "文明引领抓环境整治"],
    ),
    "livelihood": (
        "五",
        "live",
        ["优化教育卫生服务", "落实社会救助保障", "办好惠民实事项目"],
    ),
    "conduct": (
        "结语",
        "conduct",
        ["牢记嘱托勇担当", "规范履职重法治", "强化职能优服务", "清正廉洁树形象"],
    ),
}
CLOSING_START = "为实现上述年度目标"


def read_catalog(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def registered_units() -> set[str]:
    return set(read_catalog(UNITS_FILE)["units"])


def count_units() -> set[str]:
    units = read_catalog(UNITS_FILE)["units"]
    return {name for name, spec in units.items() if spec["family"] == "count"}


def expected_weight(target: dict) -> int:
    """The catalog's documented default weight rule."""
    kind = target["kind"]
    if kind in NUMERIC_KINDS:
        return 3 if target.get("strength") == "确保" else 2
    if kind in {"milestone", "direction", "rank"}:
        return 2
    return 1


def catalog_problems(doc: object, base: Path) -> list[tuple[str, str]]:
    """Every mistake in a plan document as ``(code, where)`` pairs (empty when valid).

    The codes are the fixture names: ``duplicate_id``, ``unknown_kind``, ``unknown_unit``,
    ``quote_not_in_text``, ``missing_value``, ``missing_section``, plus ``bad_field`` for
    any other field with a wrong or missing value.
    """
    problems: list[tuple[str, str]] = []
    if not isinstance(doc, dict):
        return [("bad_field", "top level")]
    for key in set(doc) ^ TOP_KEYS:
        problems.append(("bad_field", f"top level {key}"))
    meta = doc.get("plan") or {}
    for key in set(meta) - PLAN_KEYS:
        problems.append(("bad_field", f"plan.{key}"))
    text = ""
    try:
        text = (base / meta["source"]).read_text(encoding="utf-8")
    except (KeyError, OSError):
        problems.append(("bad_field", "plan.source"))
    sections = doc.get("sections") or []
    section_ids = [s.get("id") for s in sections]
    for s in sections:
        if set(s) - SECTION_KEYS or not {"id", "code", "name"} <= set(s):
            problems.append(("bad_field", f"section {s.get('id')}"))
    units = registered_units()
    seen: set[str] = set()
    for t in doc.get("targets") or []:
        tid = str(t.get("id"))
        if tid in seen:
            problems.append(("duplicate_id", tid))
        seen.add(tid)
        if set(t) - TARGET_KEYS or not set(t) >= TARGET_REQUIRED or not ID_PATTERN.match(tid):
            problems.append(("bad_field", tid))
        if t.get("section") not in section_ids:
            problems.append(("missing_section", tid))
        kind = t.get("kind")
        if kind not in KINDS:
            problems.append(("unknown_kind", tid))
        elif t.get("comparator", next(iter(KINDS[kind]))) not in KINDS[kind]:
            problems.append(("bad_field", f"{tid} comparator"))
        if str(t.get("source_text")) not in text:
            problems.append(("quote_not_in_text", tid))
        if t.get("unit") is not None and t["unit"] not in units:
            problems.append(("unknown_unit", tid))
        if kind in NUMERIC_KINDS and (t.get("target_value") is None or t.get("unit") is None):
            problems.append(("missing_value", tid))
        if t.get("strength") not in STRENGTHS:
            problems.append(("bad_field", f"{tid} strength"))
        if kind == "milestone" and t.get("required_stage") not in STAGES:
            problems.append(("bad_field", f"{tid} required_stage"))
        if kind == "direction" and t.get("direction") not in {"decrease", "increase"}:
            problems.append(("bad_field", f"{tid} direction"))
    return problems


CATALOG = read_catalog(PLAN_FILE)
META = CATALOG["plan"]
TARGETS = CATALOG["targets"]
TEXT = (PLAN_FILE.parent / META["source"]).read_text(encoding="utf-8")
BY_ID = {t["id"]: t for t in TARGETS}


def target_params():
    return [pytest.param(t, id=t["id"]) for t in TARGETS]


def header_fields(text: str) -> dict[str, str]:
    """The ``label:`` / value pairs at the top of the published page."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fields = {}
    for label, value in itertools.pairwise(lines):
        if label.endswith(":") and not value.endswith(":"):
            fields[label[:-1]] = value
    return fields


def section_span(section_id: str) -> tuple[int, int]:
    """Start and end offsets of a programme (or the closing part) in the plan text."""
    order = list(SECTIONS)
    starts = {}
    for s in CATALOG["sections"]:
        if s["id"] == "conduct":
            starts[s["id"]] = TEXT.index(CLOSING_START)
        else:
            starts[s["id"]] = TEXT.index(f"{s['code']}、{s['title']}。")
    start = starts[section_id]
    following = order[order.index(section_id) + 1 :]
    end = starts[following[0]] if following else len(TEXT)
    return start, end


def area_span(section_id: str, area: str) -> tuple[int, int]:
    """Start and end offsets of a sub-area (from its heading to the next one)."""
    start, end = section_span(section_id)
    areas = SECTIONS[section_id][2]
    a_start = TEXT.index(f"{area}。", start, end)
    following = areas[areas.index(area) + 1 :]
    a_end = TEXT.index(f"{following[0]}。", start, end) if following else end
    return a_start, a_end


def matching(fragment: str) -> list[dict]:
    return [t for t in TARGETS if fragment in t["source_text"]]


def label(fragment: str) -> str:
    """A readable ASCII test id: the target (or group) quoting the fragment."""
    found = [t for t in TARGETS if fragment in t["source_text"] or t["source_text"] in fragment]
    if not found:
        return fragment
    return found[0].get("group") or found[0]["id"] if len(found) > 1 else found[0]["id"]


# --------------------------------------------------------------------------- metadata


def test_top_level_blocks():
    assert set(CATALOG) == TOP_KEYS
    assert CATALOG["format_version"] == 1
    assert set(META) == PLAN_KEYS


def test_metadata_matches_text_header():
    header = header_fields(TEXT)
    assert META["issuer"] == header["发布机构"] == "古塘街道"
    assert META["published"] == dt.date.fromisoformat(header["发布日期"]) == dt.date(2022, 3, 1)
    assert META["index_no"] == header["索引号"] == "11330282677650558X/2022-152845"
    assert META["title"] in TEXT.splitlines()
    assert str(META["year"]) in META["title"]
    assert META["default_deadline"] == dt.date(META["year"], 12, 31)


def test_source_is_relative_to_the_plan_file():
    assert not Path(META["source"]).is_absolute()
    assert (PLAN_FILE.parent / META["source"]).resolve() == (
        ROOT / "data" / "plans" / "gutang-2022" / "gutang-2022-work-plan.txt"
    )


# --------------------------------------------------------------------------- sections


def test_sections_in_plan_order():
    sections = CATALOG["sections"]
    assert [s["id"] for s in sections] == list(SECTIONS)
    assert [s["code"] for s in sections] == [v[0] for v in SECTIONS.values()]
    for s in sections:
        assert set(s) == SECTION_KEYS
        assert s["title"] in TEXT, s["id"]
    spans = [section_span(s) for s in SECTIONS]
    assert spans == sorted(spans)


def test_programme_titles_are_the_verbatim_headings():
    for s in CATALOG["sections"]:
        if s["id"] != "conduct":
            assert f"\n{s['code']}、{s['title']}。" in TEXT


def test_every_sub_area_has_a_target():
    covered = Counter((t["section"], t.get("area")) for t in TARGETS)
    missing = [
        (sid, a) for sid, (_, _, areas) in SECTIONS.items() for a in areas if not covered[sid, a]
    ]
    assert missing == []


# --------------------------------------------------------------------------- every target


def test_target_count_is_plausible():
    assert 60 <= len(TARGETS) <= 100
    assert {t["section"] for t in TARGETS} == set(SECTIONS)


def test_ids_unique_ascii_and_prefixed_by_section():
    ids = [t["id"] for t in TARGETS]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for t in TARGETS:
        assert t["id"].isascii() and ID_PATTERN.match(t["id"]), t["id"]
        assert t["id"].startswith(SECTIONS[t["section"]][1] + "-"), t["id"]


def test_no_problems_in_bundled_catalog():
    assert catalog_problems(CATALOG, PLAN_FILE.parent) == []


@pytest.mark.parametrize("target", target_params())
def test_target_quotes_its_own_sub_area(target):
    assert set(target) <= TARGET_KEYS
    assert TARGET_REQUIRED | {"area", "comparator", "strength", "weight"} <= set(target)
    assert target["source_text"] in TEXT
    start, end = area_span(target["section"], target["area"])
    assert TEXT.find(target["source_text"], start, end) != -1, "quote outside its sub-area"


@pytest.mark.parametrize("target", target_params())
def test_target_fields_fit_its_kind(target):
    kind = target["kind"]
    assert kind in KINDS
    assert target["comparator"] in KINDS[kind]
    assert target["strength"] in STRENGTHS
    if kind in NUMERIC_KINDS:
        assert isinstance(target["target_value"], int | float)
        assert target["unit"] in registered_units()
    else:
        assert "target_value" not in target or kind == "rank"
    if target.get("unit") is not None:
        assert target["unit"] in registered_units()
    if kind == "rate":
        assert target["unit"] == "%"
        assert 0 <= target["target_value"] <= 100
    if kind == "zero":
        assert target["target_value"] == 0
        assert target["unit"] in count_units()
    if kind == "milestone":
        assert target["required_stage"] in STAGES
    else:
        assert "required_stage" not in target
    if kind == "direction":
        assert target["direction"] in {"decrease", "increase"}
        assert target["comparator"] == {"decrease": "<", "increase": ">"}[target["direction"]]
        assert target["baseline_year"] == META["year"] - 1
    else:
        assert "direction" not in target and "baseline_year" not in target
    if kind == "rank":
        assert target["rank_peers"]
    if kind == "about" and "tolerance" in target:
        assert 0 < target["tolerance"] < 1


@pytest.mark.parametrize("target", target_params())
def test_weight_follows_the_documented_rule(target):
    assert target["weight"] == expected_weight(target)


@pytest.mark.parametrize("target", target_params())
def test_strength_word_at_the_start_of_the_quote_is_recorded(target):
    lead = next((w for w in ("确保", "力争", "争创") if target["source_text"].startswith(w)), None)
    if lead is not None:
        assert target["strength"] == lead


@pytest.mark.parametrize("target", target_params())
def test_deadlines_fall_in_the_plan_year(target):
    deadline = target.get("deadline", META["default_deadline"])
    assert isinstance(deadline, dt.date)
    assert deadline.year == META["year"]
    if "2022年底" in target["source_text"]:
        assert target["deadline"] == dt.date(2022, 12, 31)


def test_groups_hold_related_targets():
    groups: dict[str, list[dict]] = {}
    for t in TARGETS:
        if t.get("group"):
            groups.setdefault(t["group"], []).append(t)
    assert groups
    for name, members in groups.items():
        assert ID_PATTERN.match(name) and name not in BY_ID, name
        assert len(members) >= 2, name
        assert len({(m["section"], m["area"], m["kind"]) for m in members}) == 1, name


# --------------------------------------------------------------------------- figures

FIGURES = [
    # fragment of the plan, then (kind, value, unit, strength) of every target quoting it
    ("完成工业集聚点搬迁1个", [("exact", 1, "个", "力争")]),
    ("市重点绿色化改造项目1个", [("exact", 1, "个", "力争")]),
    ("整治“低散乱”50家以上", [("at_least", 50, "家", "力争")]),
    ("引进宁波市外内资1.8亿元以上", [("at_least", 1.8, "亿元", "确保")]),
    ("浙商回归到位资金1.2亿元以上", [("at_least", 1.2, "亿元", "确保")]),
    ("实际利用外资300万美元以上", [("at_least", 300, "万美元", "确保")]),
    ("产业工程师20名以上", [("at_least", 20, "名", "力争")]),
    ("中高层次人才15名以上", [("at_least", 15, "名", "力争")]),
    ("创建隐形冠军3家", [("exact", 3, "家", None)]),
    ("专精特新“小巨人”企业各1家", [("exact", 1, "家", None)] * 2),
    ("改造老旧小区5个以上", [("at_least", 5, "个", "力争")]),
    ("建设“绿色社区”3个", [("exact", 3, "个", None)]),
    ("农房安居示范村3个", [("exact", 3, "个", None)]),
    ("省级节水型小区5个", [("exact", 5, "个", None)]),
    ("优质率100%", [("rate", 100, "%", "力争")] * 2),
    ("零就业家庭动态清零", [("zero", 0, "户", None)]),
    ("“枫桥式”退役军人服务站3家以上", [("at_least", 3, "家", "争创")]),
]


@pytest.mark.parametrize(("fragment", "expected"), FIGURES, ids=[label(f) for f, _ in FIGURES])
def test_plan_figures(fragment, expected):
    assert fragment in TEXT
    found = [
        (t["kind"], t.get("target_value"), t.get("unit"), t["strength"]) for t in matching(fragment)
    ]
    assert found == expected


def test_every_figure_in_the_plan_is_a_numeric_target():
    """Each ``<number><unit>`` in the programmes lies inside a numeric target's quote."""
    spans = []
    for t in TARGETS:
        if t["kind"] in NUMERIC_KINDS:
            for m in re.finditer(re.escape(t["source_text"]), TEXT):
                spans.append((m.start(), m.end(), t))
    figures = list(re.finditer(r"(\d+(?:\.\d+)?)(亿元|万美元|名|家|个|%)", TEXT))
    assert len(figures) >= 16
    for fig in figures:
        value, unit = float(fig.group(1)), fig.group(2)
        covering = [t for s, e, t in spans if s <= fig.start() < e]
        assert any(t["target_value"] == value and t["unit"] == unit for t in covering), fig.group()


MILESTONES = [
    ("完成界牌新潮塘区块征地任务", "已完成", "力争"),
    ("界牌社区创成省级未来社区", "已通过验收", "力争"),
    ("成立新潮塘社区", "已完成", None),
    ("“智慧大脑”指挥中心", "推进中", None),
    ("舜都地块公办幼儿园新建", "推进中", None),
    ("天姿幼儿园省二级幼儿园创建", "推进中", None),
    ("古塘社区卫生服务中心迁址改造", "推进中", None),
]


@pytest.mark.parametrize(
    ("fragment", "stage", "strength"), MILESTONES, ids=[label(m[0]) for m in MILESTONES]
)
def test_milestones(fragment, stage, strength):
    found = matching(fragment)
    assert [(t["kind"], t["required_stage"], t["strength"]) for t in found] == [
        ("milestone", stage, strength)
    ]


DIRECTIONS = [
    ("行政争议发案量和败诉率“双下降”", ["decrease", "decrease"]),
    ("PM2.5和臭氧“双控双减”", ["decrease", "decrease"]),
    ("提升公办幼儿园招生覆盖率", ["increase"]),
    ("压减一般性专项支出", ["decrease"]),
]


@pytest.mark.parametrize(
    ("fragment", "directions"), DIRECTIONS, ids=[label(d[0]) for d in DIRECTIONS]
)
def test_directions(fragment, directions):
    found = matching(fragment)
    assert all(t["kind"] == "direction" for t in found)
    assert [t["direction"] for t in found] == directions
    if len(found) > 1:
        assert len({t.get("group") for t in found}) == 1
        assert found[0].get("group")


def test_rank_target():
    (t,) = matching("有效投资总量继续保持全市前列")
    assert (t["kind"], t["comparator"], t["rank_peers"]) == ("rank", "rank", "全市")


SPLIT_PHRASES = [
    ("力争完成工业集聚点搬迁1个、市重点绿色化改造项目1个", 2),
    ("宁波市、国家专精特新“小巨人”企业各1家", 2),
    ("力争引进产业工程师20名以上、中高层次人才15名以上", 2),
    ("建设“绿色社区”3个、农房安居示范村3个、省级节水型小区5个", 3),
    ("PM2.5和臭氧“双控双减”", 2),
    ("行政争议发案量和败诉率“双下降”", 2),
    ("公办幼儿园和普惠幼儿园优质率100%", 2),
]


@pytest.mark.parametrize(("phrase", "n"), SPLIT_PHRASES, ids=[label(p) for p, _ in SPLIT_PHRASES])
def test_split_phrases_give_one_target_each(phrase, n):
    found = [t for t in TARGETS if t["source_text"] in phrase or phrase in t["source_text"]]
    assert len(found) == n
    assert len({t["id"] for t in found}) == n
    assert len({t.get("group") for t in found}) == 1 and found[0].get("group")


DELIVERABLES = [
    "深化“无欠薪”行动",
    "垃圾分类示范小区创建",
    "污水零直排区样板区建设",
    "打造数字化展示和服务平台",
]


@pytest.mark.parametrize("deliverable", DELIVERABLES, ids=[label(d) for d in DELIVERABLES])
def test_distinct_deliverables_have_their_own_target(deliverable):
    assert len(matching(deliverable)) == 1


# --------------------------------------------------------------------------- fixtures

SINGLE_MISTAKES = [
    "duplicate_id",
    "unknown_kind",
    "unknown_unit",
    "quote_not_in_text",
    "missing_value",
    "missing_section",
]


def test_valid_fixture_has_no_problems():
    doc = read_catalog(FIXTURES / "valid.yaml")
    assert 3 <= len(doc["targets"]) <= 5
    assert catalog_problems(doc, FIXTURES) == []


@pytest.mark.parametrize("name", SINGLE_MISTAKES)
def test_fixture_has_exactly_its_mistake(name):
    doc = read_catalog(FIXTURES / f"{name}.yaml")
    problems = catalog_problems(doc, FIXTURES)
    assert len(problems) == 1
    assert problems[0][0] == name


def test_bad_yaml_fixture_does_not_parse():
    with pytest.raises(yaml.YAMLError):
        read_catalog(FIXTURES / "bad_yaml.yaml")
    fixed = (
        (FIXTURES / "bad_yaml.yaml")
        .read_text(encoding="utf-8")
        .replace('title: "引进宁波市外内资\n', "title: 引进宁波市外内资\n")
    )
    assert catalog_problems(yaml.safe_load(fixed), FIXTURES) == []


def test_many_mistakes_fixture_has_several_kinds_of_mistake():
    problems = catalog_problems(read_catalog(FIXTURES / "many_mistakes.yaml"), FIXTURES)
    assert len({code for code, _ in problems}) >= 4
    assert len(problems) >= 6


def test_fixture_files_are_all_covered():
    names = {p.stem for p in FIXTURES.glob("*.yaml")}
    assert names == {*SINGLE_MISTAKES, "valid", "bad_yaml", "many_mistakes"}


# --------------------------------------------------------------------------- docs


def doc_examples() -> list[dict]:
    doc = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("## 八、") :]
    entries = []
    for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.S):
        entries += yaml.safe_load(block)
    return entries


def without_notes(target: dict) -> dict:
    return {k: v for k, v in target.items() if k != "notes"}


def test_plan_format_doc_has_a_valid_example_of_every_kind():
    examples = doc_examples()
    assert {e["kind"] for e in examples} == set(KINDS)
    sections = [{"id": s, "code": c, "name": s} for s, (c, _, _) in SECTIONS.items()]
    doc = {"format_version": 1, "plan": META, "sections": sections, "targets": examples}
    problems = catalog_problems(doc, PLAN_FILE.parent)
    # invented examples (示例数据) may quote text that is not in the 2022 plan; nothing else
    invented = [e["id"] for e in examples if "示例数据" in e.get("notes", "")]
    assert invented
    assert problems == [("quote_not_in_text", i) for i in invented]
    for e in examples:
        assert e["weight"] == expected_weight(e)
        if e["id"] in BY_ID:  # examples taken from the 2022 catalog are copied faithfully
            assert without_notes(e) == without_notes(BY_ID[e["id"]]), e["id"]
