"""Tests for gutang_analysis.policy: the default policy, grades and error reporting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gutang_analysis import paths
from gutang_analysis.errors import PolicyError
from gutang_analysis.policy import Policy, load_policy

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
