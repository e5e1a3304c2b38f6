"""Tests for gutang_analysis.policy: the default policy, grades and error reporting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gutang_analysis import paths
from gutang_analysis.errors import PolicyError
from gutang_analysis.policy import Policy, check_policy_for_plan, load_policy

FIXTURES = Path(__file__).parent / "fixtures" / "policies"


def test_default_policy_loads_with_documented_values():
    p = load_policy()
    assert isinstance(p, Policy)
    assert p.path == paths.DEFAULT_POLICY.resolve()
    assert re.fullmatch(r"[0-9a-f]{64}", p.sha256)
    assert (p.grades.you, p.grades.liang, p.grades.zhong) == (90, 80, 60)
    assert p.coverage.min_share == 0.8
    assert p.score.cap == 110
    assert p.strength["确保"].met_ratio == 1.0
    assert p.strength["力争"].met_ratio < 1.0
    assert p.strength["争创"].met_ratio == p.strength["力争"].met_ratio
    assert set(p.qualitative.ratings) == {"好", "较好", "一般", "差"}
    assert p.veto.targets == []


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (100, "优"),
        (90, "优"),
        (89.99, "良"),
        (80, "良"),
        (79.99, "中"),
        (60, "中"),
        (59.99, "差"),
        (0, "差"),
    ],
)
def test_grade_bands(value, grade):
    assert load_policy().grade(value) == grade


def test_strength_rule_falls_back_to_unspecified():
    p = load_policy()
    assert p.strength_rule(None) == p.strength["未注明"]
    assert p.strength_rule(float("nan")) == p.strength["未注明"]
    assert p.strength_rule("力争") == p.strength["力争"]


def test_section_weight_uses_default_and_listed():
    p = load_policy(FIXTURES / "weighted_veto.yaml")
    assert p.section_weight("s1") == 3.0
    assert p.section_weight("other") == 1.0
    assert p.veto.targets == ["v"]


def test_bad_policy_lists_every_problem_in_chinese():
    path = FIXTURES / "bad_many.yaml"
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    err = info.value
    fields = {p.field for p in err.problems}
    assert {
        "status_bands.exceeded",
        "score.cap",
        "grades.良",
        "strength.力争.met_ratio",
        "qualitative.ratings.较好",
        "coverage.min_share",
        "veto.max_grade",
        "colour",
        "about",
    } <= fields
    assert len(err.problems) == 9
    assert all(p.file == str(path) for p in err.problems)
    text = str(err)
    assert "9 处问题" in text
    # no English pydantic text reaches the user
    for english in ("Input should", "Field required", "Extra inputs", "validation error"):
        assert english not in text
    cap = next(p for p in err.problems if p.field == "score.cap")
    assert cap.value == "很多"
    assert cap.expected == "数字"


def test_missing_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "nope.yaml")
    assert "找不到" in str(info.value)


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(PolicyError) as info:
        load_policy(FIXTURES / "broken_syntax.yaml")
    assert "第 4 行" in str(info.value)


def test_top_level_must_be_a_mapping():
    with pytest.raises(PolicyError) as info:
        load_policy(FIXTURES / "not_mapping.yaml")
    assert "映射" in str(info.value)


def test_milestone_scores_must_agree_with_status_bands(tmp_path):
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = text.replace("in_progress_score: 60", "in_progress_score: 50").replace(
        "no_evidence_cap: 60", "no_evidence_cap: 95"
    )
    assert bad != text
    f = tmp_path / "p.yaml"
    f.write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(f)
    fields = {p.field for p in info.value.problems}
    assert fields == {"milestone.in_progress_score", "qualitative.no_evidence_cap"}


def test_strength_keys_are_checked(tmp_path):
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = text.replace("  争创:\n", "  争取:\n")
    f = tmp_path / "p.yaml"
    f.write_text(bad, encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_policy(f)
    fields = {p.field for p in info.value.problems}
    assert fields == {"strength.争取", "strength.争创"}


def test_policy_is_frozen():
    p = load_policy()
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        p.score = None  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cap", "ok"), [(40, False), (59.9, False), (60, True), (89, True), (90, False)]
)
def test_no_evidence_cap_must_be_a_partial_score(tmp_path, cap, ok):
    # the capped rating is shown as 部分完成, so the cap must lie in that band (60–89.9)
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    bad = text.replace("no_evidence_cap: 60", f"no_evidence_cap: {cap}")
    f = tmp_path / "p.yaml"
    f.write_text(bad, encoding="utf-8")
    if ok:
        assert load_policy(f).qualitative.no_evidence_cap == cap
        return
    with pytest.raises(PolicyError) as info:
        load_policy(f)
    (problem,) = info.value.problems
    assert problem.field == "qualitative.no_evidence_cap" and problem.value == cap
    assert "部分完成" in problem.expected and "60" in problem.expected


def _plan():
    from gutang_analysis.plan import load_plan

    return load_plan()


def test_default_policy_fits_bundled_plan():
    assert check_policy_for_plan(load_policy(), _plan()) is None


def test_policy_plan_mismatch_lists_every_problem():
    path = FIXTURES / "unknown_refs.yaml"
    policy = load_policy(path)
    with pytest.raises(PolicyError) as info:
        check_policy_for_plan(policy, _plan())
    err = info.value
    by_field = {p.field: p for p in err.problems}
    assert set(by_field) == {"section_weights.weights.nowhere", "veto.targets"}
    assert all(p.file == str(path.resolve()) for p in err.problems)
    section = by_field["section_weights.weights.nowhere"]
    assert section.value == "nowhere" and "econ" in section.expected
    assert by_field["veto.targets"].value == "no-such-target"
    assert "2 处" in str(err) and "gutang-2022" in str(err)


def test_policy_plan_mismatch_suggests_close_target_ids(tmp_path):
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    f = tmp_path / "p.yaml"
    f.write_text(
        text.replace(
            "targets: []", "targets: [econ-fdi-utilized, econ-fdi-utilised, econ-fdi-utilised]"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as info:
        check_policy_for_plan(load_policy(f), _plan())
    problems = info.value.problems
    assert [p.value for p in problems] == ["econ-fdi-utilized", "econ-fdi-utilised"]
    assert "econ-fdi-utilised" in problems[0].expected
    assert "不重复" in problems[1].expected


def test_policy_with_all_sections_weighted_zero_is_refused(tmp_path):
    text = paths.DEFAULT_POLICY.read_text(encoding="utf-8")
    f = tmp_path / "p.yaml"
    f.write_text(text.replace("  default: 1.0", "  default: 0"), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        check_policy_for_plan(load_policy(f), _plan())
    assert [p.field for p in info.value.problems] == ["section_weights"]
