"""report.py: one call loads and scores a report's inputs, reusing what a build checked."""

from __future__ import annotations

import shutil

import pytest

from gutang_analysis import paths, report
from gutang_analysis.report import INPUTS_CACHE_ENV, prepare, resolve_inputs


@pytest.fixture
def own_plan(tmp_path):
    """A copy of the bundled plan that a test may change."""
    copy = tmp_path / "plans" / "plan.yaml"
    copy.parent.mkdir()
    shutil.copyfile(paths.DEFAULT_PLAN, copy)
    # the plan names its source text relative to itself
    shutil.copytree(paths.DEFAULT_PLAN.parent.parent / "source", tmp_path / "source")
    return copy


def _count_plan_loads(monkeypatch) -> list[int]:
    import gutang_analysis.plan as plan_module

    calls: list[int] = []
    original = plan_module.load_plan

    def counting(path=None):
        calls.append(1)
        return original(path)

    monkeypatch.setattr(plan_module, "load_plan", counting)
    return calls


def test_prepare_reuses_the_inputs_a_build_checked(tmp_path, own_plan, monkeypatch):
    inputs = resolve_inputs(plan=own_plan)
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(inputs.write_cache(tmp_path / "cache.pickle")))
    calls = _count_plan_loads(monkeypatch)
    ctx = prepare(plan=own_plan)
    assert calls == []
    assert len(ctx.result.targets) == len(ctx.plan.targets)
    assert ctx.provenance.outcomes_sha256 is not None
    assert ctx.illustrative


def test_a_file_changed_after_the_check_is_loaded_again(tmp_path, own_plan, monkeypatch):
    inputs = resolve_inputs(plan=own_plan)
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(inputs.write_cache(tmp_path / "cache.pickle")))
    with own_plan.open("a", encoding="utf-8") as fh:
        fh.write("\n# 检查之后又改过\n")
    calls = _count_plan_loads(monkeypatch)
    prepare(plan=own_plan)
    assert calls == [1]


def test_without_a_build_prepare_loads_the_files(monkeypatch, tmp_path):
    monkeypatch.setenv(INPUTS_CACHE_ENV, str(tmp_path / "没有这个文件.pickle"))
    calls = _count_plan_loads(monkeypatch)
    ctx = prepare()
    assert calls == [1]
    assert ctx.plan.path == paths.DEFAULT_PLAN


def test_resolve_inputs_keeps_what_it_loaded():
    inputs = resolve_inputs()
    kinds = sorted(key[0] for key in inputs.loaded)
    assert kinds == ["outcomes", "outcomes", "outcomes", "plan", "policy"]
    assert report.ReportInputs.__dataclass_fields__["loaded"].compare is False
