"""Loading plan files: the bundled plan, and every kind of mistake a user can make."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml

from gutang_analysis import PlanError, load_plan, paths
from gutang_analysis.plan import KINDS, TARGET_COLUMNS

FIXTURES = Path(__file__).parent / "fixtures" / "plans"


@pytest.fixture(scope="module")
def plan():
    return load_plan()


def test_bundled_plan_loads_with_metadata(plan):
    assert plan.id == "gutang-2022"
    assert plan.year == 2022
    assert plan.issuer == "古塘街道"
    assert plan.published.isoformat() == "2022-03-01"
    assert plan.index_no == "11330282677650558X/2022-152845"
    assert plan.source_text.startswith("索引号")
    assert plan.metadata["n_targets"] == len(plan.targets)


def test_targets_frame_has_the_documented_columns(plan):
    t = plan.targets
    assert list(t.columns) == list(TARGET_COLUMNS)
    assert t["target_id"].is_unique
    assert set(t["kind"]) <= set(KINDS)
    assert pd.api.types.is_float_dtype(t["target_value"])
    assert pd.api.types.is_datetime64_any_dtype(t["deadline"])
    assert t["section_name"].notna().all()


def test_six_parts_in_plan_order(plan):
    assert list(plan.sections["name"]) == [
        "经济转型升级",
        "开发改造",
        "数字赋能",
        "富美品质",
        "民生普惠",
        "政府自身建设",
    ]
    assert set(plan.targets["section"]) == set(plan.sections["section"])


def test_defaults_are_filled(plan):
    t = plan.targets
    assert (t["deadline"] <= pd.Timestamp("2022-12-31")).all()
    assert t.loc[t["kind"] == "milestone", "required_stage"].notna().all()
    directions = t[t["kind"] == "direction"]
    assert (directions["baseline_year"] == 2021).all()
    assert set(directions["comparator"]) <= {"<", ">"}
    assert (t.loc[t["kind"] == "zero", "target_value"] == 0).all()


def test_units_are_canonical(plan):
    numeric = plan.targets[plan.targets["unit"].notna()]
    assert all(plan.units.canonical(u) == u for u in numeric["unit"])


def test_target_lookup(plan):
    row = plan.target(plan.targets["target_id"].iloc[0])
    assert row["target_id"] == plan.targets["target_id"].iloc[0]
    with pytest.raises(KeyError):
        plan.target("no-such-target")


def test_loading_twice_gives_equal_frames(plan):
    pd.testing.assert_frame_equal(load_plan().targets, plan.targets)


def test_valid_fixture_loads():
    small = load_plan(FIXTURES / "valid.yaml")
    assert len(small.targets) >= 3


def _message(name: str) -> str:
    with pytest.raises(PlanError) as info:
        load_plan(FIXTURES / name)
    return str(info.value)


@pytest.mark.parametrize(
    ("fixture", "must_mention"),
    [
        ("duplicate_id.yaml", ["不重复的指标编号", "id"]),
        ("unknown_kind.yaml", ["kind", "at_least"]),
        ("unknown_unit.yaml", ["unit", "已登记的计量单位"]),
        ("quote_not_in_text.yaml", ["source_text", "逐字"]),
        ("missing_value.yaml", ["target_value", "目标数值"]),
        ("bad_yaml.yaml", ["YAML", "行"]),
        ("missing_section.yaml", ["section", "sections 中已定义"]),
    ],
)
def test_each_mistake_is_named(fixture, must_mention):
    message = _message(fixture)
    assert fixture in message  # the file is named
    for text in must_mention:
        assert text in message, (text, message)
    assert "Traceback" not in message


def test_entries_are_named_with_their_line():
    message = _message("duplicate_id.yaml")
    assert "指标 " in message and "行）" in message


def test_every_problem_is_listed_at_once():
    with pytest.raises(PlanError) as info:
        load_plan(FIXTURES / "many_mistakes.yaml")
    assert len(info.value.problems) >= 4
    message = str(info.value)
    for n in range(1, len(info.value.problems) + 1):
        assert f"  {n}. " in message


def test_missing_file_is_a_plan_error(tmp_path):
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path / "nope.yaml")
    assert "找不到计划文件" in str(info.value)


def _write(tmp_path, body: str) -> Path:
    source = (
        Path(__file__).resolve().parents[1]
        / "data"
        / "plans"
        / "gutang-2022"
        / "gutang-2022-work-plan.txt"
    )
    path = tmp_path / "plan.yaml"
    path.write_text(
        "plan:\n  id: t\n  title: 测试\n  year: 2022\n  issuer: 古塘街道\n"
        f"  source: {source}\n"
        "sections:\n  - {id: economy, code: 一, name: 经济转型升级}\n" + body,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("entry", "field", "expected"),
    [
        ("{kind: rate, target_value: 100, unit: 家}", "unit", "%"),
        ("{kind: rate, target_value: 120, unit: '%'}", "target_value", "0 到 100"),
        ("{kind: zero, target_value: 3, unit: 户}", "target_value", "目标值 0"),
        ("{kind: direction}", "direction", "decrease"),
        ("{kind: direction, direction: decrease, comparator: '>'}", "comparator", "<"),
        ("{kind: at_least, comparator: '<=', target_value: 1, unit: 家}", "comparator", ">="),
        ("{kind: at_least, target_value: -1, unit: 家}", "target_value", "不小于 0"),
        ("{kind: milestone, required_stage: 完工}", "required_stage", "已通过验收"),
        ("{kind: at_least, target_value: 50, unit: 家, strength: 努力}", "strength", "确保"),
        ("{kind: at_least, target_value: 50, unit: 家, colour: red}", "colour", "不是本格式的字段"),
        ("{kind: at_least, target_value: true, unit: 家}", "target_value", "不是 true/false"),
        ("{kind: zero, target_value: 0, unit: '%'}", "unit", "计数单位"),
        ("{kind: atleast, target_value: 50, unit: 家}", "kind", "at_least（不低于）、exact"),
    ],
)
def test_kind_specific_rules(tmp_path, entry, field, expected):
    body = (
        "targets:\n  - {id: a, section: economy, title: 测试, source_text: 整治“低散乱”50家以上, "
        + entry.strip("{}")
        + "}\n"
    )
    with pytest.raises(PlanError) as info:
        load_plan(_write(tmp_path, body))
    message = str(info.value)
    assert f"“{field}”" in message and expected in message, message


def test_defaults_for_a_minimal_entry(tmp_path):
    body = (
        "targets:\n  - {id: a, section: economy, title: 测试, "
        "source_text: 整治“低散乱”50家以上, kind: at_least, target_value: 50, unit: 家}\n"
    )
    row = load_plan(_write(tmp_path, body)).target("a")
    assert row["comparator"] == ">="
    assert row["weight"] == 1.0
    assert row["deadline"] == pd.Timestamp("2022-12-31")
    assert row["annual"] is True or row["annual"] == 1


def test_plan_text_is_kept_unchanged():
    """The published text is stored byte for byte (sha256 recorded when it was copied)."""
    import hashlib

    root = Path(__file__).resolve().parents[1]
    data = (root / "data" / "plans" / "gutang-2022" / "gutang-2022-work-plan.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == (
        "7a57f272bc6a19a0908e05edd5c8c7dcfb2682104e4aa5cfa629217ec6fbd439"
    )
    text = data.decode("utf-8")
    for field in ("索引号", "发布机构", "发布日期", "古塘街道2022年工作安排"):
        assert field in text


def test_a_malformed_field_does_not_hide_other_problems(tmp_path):
    body = (
        "targets:\n"
        "  - {id: a, section: economy, title: 测试, source_text: 整治“低散乱”50家以上,"
        " kind: at_least, target_value: 50, unit: 家}\n"
        "  - {id: a, section: nowhere, title: 测试, source_text: 不在原文里的话,"
        " kind: at_least, target_value: 五十, unit: 家}\n"
    )
    with pytest.raises(PlanError) as info:
        load_plan(_write(tmp_path, body))
    fields = [p.field for p in info.value.problems]
    assert sorted(fields) == ["id", "section", "source_text", "target_value"]


def test_choices_are_listed_in_chinese(tmp_path):
    body = (
        "targets:\n  - {id: a, section: economy, title: 测试, "
        "source_text: 整治“低散乱”50家以上, kind: x}\n"
    )
    with pytest.raises(PlanError) as info:
        load_plan(_write(tmp_path, body))
    message = str(info.value)
    assert " or " not in message and "'" not in message


def test_straight_quotes_get_a_hint(tmp_path):
    body = (
        "targets:\n  - {id: a, section: economy, title: 测试, "
        "source_text: '整治\"低散乱\"50家以上', kind: at_least, target_value: 50, unit: 家}\n"
    )
    with pytest.raises(PlanError) as info:
        load_plan(_write(tmp_path, body))
    assert "弯引号" in str(info.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "空（没有内容）"),
        ("plan: [1, 2]\n", "值“列表”"),
        ("targets: {a: 1}\n", "值“键值对（映射）”"),
        ("plan:\n\tid: x\n", "Tab"),
    ],
)
def test_wrong_shapes_are_described_in_words(tmp_path, content, expected):
    path = tmp_path / "p.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    message = str(info.value)
    assert expected in message and "NoneType" not in message and "expected" not in message


def test_a_folder_is_not_a_plan(tmp_path):
    with pytest.raises(PlanError) as info:
        load_plan(tmp_path)
    assert "是文件夹" in str(info.value)


# -- the quick YAML path builds what the full loader builds ------------------------------

_PLAIN_YAML = (
    "a: yes\nb: No\nc: ~\nd:\ne: 0x1F\nf: 1_000\ng: 1:30\nh: .inf\ni: -.NaN\n"
    "j: 2022-01-02\nk: 2022-01-02 10:00:00\nl: '12'\nm: |\n  x\n  y\nn: >\n  p\n  q\n"
    "1: int key\nnull: a null key\n'2': a text key\n",
    "- a\n- [1, 2, {x: y}]\n- {}\n- 0o17\n- 017\n- +1\n- 1e3\n- .5\n",
    "x:\n  y:\n    - z: 1\n      w: [v, {u: t}]\n  s: r\n",
    "",
    "# only a comment\n",
    "--- a\n...\n",
    "a: &anchor 1\n",
    # the same text plain and quoted: typed only when plain; keys of two types differ
    "a: 'yes'\nb: yes\nc: \"1\"\nd: 1\ne: '~'\nf: ''\ng: 标题\nh: '2022-01-02'\ni: yes\n"
    "true: x\n'true': y\n3: z\n\"3\": w\n'': e\n",
)
_UNUSUAL_YAML = (
    "a: 1\na: 2\n",  # a repeated key: the full loader names its line
    "a: 1\n'a': 2\n",  # the same text key, plain and quoted
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "<<: {a: 1}\n",
    "? [a]\n: 1\n",
    "--- 1\n--- 2\n",
    "a: 2022-13-45\n",
    "x: " + "[" * 60 + "]" * 60 + "\n",
)


def _same(a, b, lines_a, lines_b):
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert list(a) == list(b) and lines_a.get(id(a)) == lines_b.get(id(b))
        for key in a:
            _same(a[key], b[key], lines_a, lines_b)
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y, lines_a, lines_b)
    else:
        assert a == b or (a != a and b != b)  # .nan


def test_the_quick_yaml_path_builds_what_the_full_loader_builds():
    from gutang_analysis import _validation

    root = Path(__file__).parent.parent
    texts = [*_PLAIN_YAML]
    texts += [p.read_text(encoding="utf-8-sig") for p in sorted(root.glob("data/**/*.yaml"))]
    texts += [p.read_text(encoding="utf-8-sig") for p in sorted(FIXTURES.glob("*.yaml"))]
    for text in texts:
        full = _validation._FastLineLoader(text)
        try:
            expected = full.get_single_data()
        except Exception:
            continue  # a fixture with a syntax error: both raise (see the message tests)
        finally:
            full.dispose()
        data, lines = _validation._load_plain(text)
        _same(expected, data, full.lines, lines)
    for text in _UNUSUAL_YAML:
        with pytest.raises(_validation._Unusual):
            _validation._load_plain(text)


def test_a_repeated_key_is_still_named_with_its_line(tmp_path):
    f = tmp_path / "plan.yaml"
    f.write_text("plan:\n  id: a\n  id: b\n", encoding="utf-8")
    with pytest.raises(PlanError, match="重复的键") as err:
        load_plan(f)
    assert err.value.problems[0].where == "第 3 行"


def test_a_repeated_id_names_both_entries_with_their_lines(tmp_path):
    """Entries are named only when they have a problem; the first use is named as well."""
    data = yaml.safe_load(paths.DEFAULT_PLAN.read_text(encoding="utf-8"))
    data["plan"]["source"] = str(paths.DEFAULT_PLAN.parent / data["plan"]["source"])
    targets = data["targets"]
    targets[3]["id"] = targets[9]["id"] = targets[0]["id"]
    targets[5]["unit"] = "光年"
    f = tmp_path / "plan.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = f.read_text(encoding="utf-8").splitlines()
    after = lines.index("targets:")
    starts = [n for n, line in enumerate(lines, 1) if n > after and line.startswith("- id: ")]
    first = targets[0]["id"]
    with pytest.raises(PlanError) as err:
        load_plan(f)
    got = [(p.where, p.field, p.expected.split("，")[0]) for p in err.value.problems]
    assert got == [
        (
            f"指标 {first}（第 {starts[3]} 行）",
            "id",
            f"不重复的指标编号（已在 指标 {first}（第 {starts[0]} 行） 使用）",
        ),
        (f"指标 {targets[5]['id']}（第 {starts[5]} 行）", "unit", got[1][2]),
        (
            f"指标 {first}（第 {starts[9]} 行）",
            "id",
            f"不重复的指标编号（已在 指标 {first}（第 {starts[0]} 行） 使用）",
        ),
    ]


# --------------------------------------------------------------------------- the plan cache


@pytest.fixture
def cached(tmp_path, monkeypatch):
    """The plan cache on for every plan (not only large ones), in a folder of its own."""
    from gutang_analysis import plan as plan_module

    monkeypatch.setenv("GUTANG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(plan_module, "_CACHE_MIN_BYTES", 0)
    return tmp_path / "cache" / plan_module._CACHE_KIND


def _same_plan(a, b):
    pd.testing.assert_frame_equal(a.targets, b.targets, check_exact=True)
    pd.testing.assert_frame_equal(a.sections, b.sections, check_exact=True)
    for column in a.targets.columns:  # the Python types of the cells too, not only equal
        assert a.targets[column].map(type).tolist() == b.targets[column].map(type).tolist()
    assert a.metadata == b.metadata
    assert (a.path, a.source_path, a.source_text) == (b.path, b.source_path, b.source_text)
    assert a.units == b.units


def _copy_example(tmp_path):
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    return folder


def test_a_cached_plan_equals_the_parsed_one(cached, tmp_path, monkeypatch):
    from gutang_analysis import plan as plan_module

    folder = _copy_example(tmp_path)
    parsed = load_plan(folder)
    assert len(list(cached.glob("*.json"))) == 1

    def no_parsing(*args):
        raise AssertionError("parsed again despite the cache")

    monkeypatch.setattr(plan_module, "_parse_plan", no_parsing)
    _same_plan(parsed, load_plan(folder))


def test_the_cache_is_never_used_for_changed_inputs(cached, tmp_path):
    folder = _copy_example(tmp_path)
    load_plan(folder)
    plan_file = folder / "plan.yaml"
    plan_file.write_text(
        plan_file.read_text(encoding="utf-8").replace("weight: 2", "weight: 3", 1),
        encoding="utf-8",
    )
    changed = load_plan(folder)
    assert (changed.targets["weight"] == 3).any()
    # the plan text a quote no longer matches: refused, never served from the cache
    text = folder / "gutang-2022-work-plan.txt"
    quote = changed.targets["source_text"].iloc[0]
    text.write_text(text.read_text(encoding="utf-8").replace(quote, "（删去）"), encoding="utf-8")
    with pytest.raises(PlanError, match="问题"):
        load_plan(folder)
    # a units file beside the plan is part of the key: a bad one is reported
    (folder / "units.yaml").write_text("units: 3\n", encoding="utf-8")
    with pytest.raises(Exception, match="单位"):
        load_plan(folder)


def test_an_unreadable_entry_is_parsed_again(cached, tmp_path):
    folder = _copy_example(tmp_path)
    parsed = load_plan(folder)
    (entry,) = cached.glob("*.json")
    for damaged in ('{"key": "other", "payload": {}}', "{not json", '{"key": 1}', ""):
        entry.write_text(damaged, encoding="utf-8")
        _same_plan(parsed, load_plan(folder))
    # a payload of the right key but the wrong shape
    entry.write_text(json.dumps({"key": entry.stem, "payload": {"meta": 3}}), encoding="utf-8")
    _same_plan(parsed, load_plan(folder))


def test_a_small_plan_is_not_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("GUTANG_CACHE_DIR", str(tmp_path / "cache"))
    load_plan()
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("planted", ["fifo", "device", "dangling", "folder"])
def test_a_units_file_that_cannot_be_read_is_named_never_skipped(tmp_path, planted):
    # a plan folder whose units.yaml is a pipe, a device, a link to nothing or a folder:
    # the plan is refused naming it, not checked as if the plan had no units of its own
    import os

    from gutang_analysis.errors import GutangError

    folder = _copy_example(tmp_path)
    units = folder / "units.yaml"
    if planted == "fifo":
        os.mkfifo(units)
    elif planted == "device":
        units.symlink_to(os.devnull)
    elif planted == "dangling":
        units.symlink_to(tmp_path / "nowhere.yaml")
    else:
        units.mkdir()
    with pytest.raises(GutangError) as err:
        load_plan(folder)
    assert "计量单位文件" in str(err.value)


@pytest.mark.parametrize("planted", ["fifo", "device", "huge"])
def test_a_plan_text_that_is_a_pipe_a_device_or_huge_is_refused_unread(tmp_path, planted):
    # read whole, a pipe would hang every command and /dev/zero would fill the memory
    import os

    from gutang_analysis.plan import MAX_SOURCE_BYTES

    folder = _copy_example(tmp_path)
    text = folder / "gutang-2022-work-plan.txt"
    text.unlink()
    if planted == "fifo":
        os.mkfifo(text)
    elif planted == "device":
        text.symlink_to("/dev/zero")
    else:
        with text.open("wb") as fh:
            fh.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(PlanError) as err:
        load_plan(folder)
    assert "plan.source" in str(err.value) and "gutang-2022-work-plan.txt（" in str(err.value)


def test_quotes_that_follow_the_text_are_checked_in_one_pass(tmp_path, monkeypatch):
    # 100,000 distinct quotes in a 3 MB text took a minute when each was looked for from
    # the start of the text; in order, the whole check reads the text about once
    from gutang_analysis import plan as plan_module

    n = 300
    folder = tmp_path / "plan"
    folder.mkdir()
    body = "".join(f"确保新增企业{i}家。\n" for i in range(n))
    (folder / "src.txt").write_text("某镇2025年工作安排\n" + body, encoding="utf-8")
    head = (
        "format_version: 1\nplan: {id: x-2025, title: 某镇2025年工作安排, year: 2025, "
        "issuer: 某镇, source: src.txt}\nsections:\n- {id: s1, code: 一, name: 经济}\ntargets:\n"
    )
    rows = "".join(
        f"- {{id: t{i}, section: s1, title: 企业{i}, source_text: 确保新增企业{i}家, "
        f"kind: at_least, target_value: {i + 1}, unit: 家}}\n"
        for i in range(n)
    )
    (folder / "plan.yaml").write_text(head + rows, encoding="utf-8")
    scanned = []
    real_find = str.find

    def find(self, sub, start=0, *rest):
        found = real_find(self, sub, start, *rest)
        scanned.append((found + len(sub) if found >= 0 else len(self)) - start)
        return found

    monkeypatch.setattr(plan_module._InOrder, "find", find, raising=False)
    plan = load_plan(folder)
    assert len(plan.targets) == n
    assert sum(scanned) <= 3 * len(plan.source_text), (sum(scanned), len(plan.source_text))
