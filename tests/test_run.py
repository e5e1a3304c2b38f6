"""run.py: a run's inputs resolved once, by the same rules everywhere, and loaded once."""

from __future__ import annotations

import shutil
import warnings

import pytest

from gutang_analysis import paths
from gutang_analysis.errors import FolderError, PlanError, UsageError
from gutang_analysis.run import RunInputs, load_run, resolve_run


@pytest.fixture
def folder(tmp_path):
    """A copy of the bundled example folder that a test may change."""
    copy = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, copy)
    return copy


def test_the_readme_example_gives_the_reports_figure():
    from gutang_analysis import load_run as front_load
    from gutang_analysis import resolve_run as front_resolve

    run = front_load(front_resolve(paths.EXAMPLE_FOLDER))
    assert run.result.overall["score"] == 83.03  # baseline included, as in reports
    assert run.baseline is not None


def test_the_folder_provides_every_input(folder):
    inputs = resolve_run(folder)
    assert inputs.plan == (folder / "plan.yaml").resolve()
    assert inputs.outcomes.name == "2022.csv" and inputs.baseline.name == "2021.csv"
    assert inputs.midyear.name == "2022-06-30.csv" and inputs.as_of == "2022-06-30"
    assert not inputs.example
    assert dict(inputs.hashes).keys() >= {"plan", "registry", "policy", "outcomes"}


def test_the_folder_is_found_from_where_you_stand(folder, monkeypatch):
    monkeypatch.chdir(folder / "outcomes")
    assert resolve_run().folder == folder.resolve()


def test_no_outcomes_for_the_plan_year_is_said_never_filled_from_elsewhere(folder):
    for f in (folder / "outcomes").iterdir():
        shutil.rmtree(f) if f.is_dir() else f.unlink()  # period folders of office files too
    with pytest.raises(FolderError) as err:
        resolve_run(folder)
    message = str(err.value)
    assert "没有 2022 年度的完成情况数据" in message
    assert "outcomes/2022.xlsx" in message and "template" in message


def test_midyear_figures_alone_make_a_run(folder):
    (folder / "outcomes" / "2022.csv").unlink()
    run = load_run(resolve_run(folder))
    assert run.outcomes is None and run.result is None
    assert run.midyear_result is not None


def test_two_files_for_one_period_are_refused(folder):
    shutil.copy(folder / "outcomes" / "2022.csv", folder / "outcomes" / "2022-年终.csv")
    with pytest.raises(FolderError) as err:
        resolve_run(folder)
    assert "2022-年终.csv、2022.csv" in str(err.value)


def test_flags_override_the_folders_files(folder, tmp_path):
    other = tmp_path / "other.csv"
    shutil.copy(folder / "outcomes" / "2022.csv", other)
    inputs = resolve_run(folder, outcomes=other)
    assert inputs.outcomes == other.resolve()
    assert inputs.baseline is not None  # a user's own folder keeps its baseline


def test_the_example_never_pairs_its_invented_extras_with_your_figures(tmp_path):
    own = tmp_path / "own.csv"
    shutil.copy(paths.DEFAULT_OUTCOMES, own)
    inputs = resolve_run(paths.EXAMPLE_FOLDER, outcomes=own)
    assert inputs.baseline is None and inputs.midyear is None


@pytest.mark.parametrize("as_of", ["2030-01-01", "2022-12-31", "abc"])
def test_as_of_must_lie_within_the_plan_year(as_of):
    with pytest.raises(FolderError) as err:
        resolve_run(paths.EXAMPLE_FOLDER, as_of=as_of)
    assert "2022" in str(err.value)


def test_a_broken_plan_is_reported_before_anything_else(folder):
    (folder / "plan.yaml").write_text("plan: [\n", encoding="utf-8")
    with pytest.raises(PlanError):
        resolve_run(folder)


def test_the_inputs_travel_as_one_plain_parameter_and_back(folder):
    inputs = resolve_run(folder)
    parameter = inputs.as_parameter("cache.pickle")
    assert parameter["cache"] == "cache.pickle"
    assert RunInputs.from_parameter(parameter) == inputs
    with pytest.raises(Exception) as err:
        RunInputs.from_parameter({**parameter, "colour": "red"})
    assert "colour" in str(err.value)


def test_a_changed_input_is_noticed(folder):
    inputs = resolve_run(folder)
    assert inputs.changed() == []
    with (folder / "outcomes" / "2022.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert inputs.changed() == ["年度完成情况"]


def test_a_plans_own_units_are_added_for_that_plan_only(folder):
    from gutang_analysis.plan import load_plan
    from gutang_analysis.units import load_units

    (folder / "units.yaml").write_text(
        "families:\n  weight: {label: 重量, base: 吨}\nunits:\n  吨: {family: weight, factor: 1}\n",
        encoding="utf-8",
    )
    assert load_plan(folder).units.known("吨")
    assert not load_units().known("吨")
    assert resolve_run(folder).units == (folder / "units.yaml").resolve()


def test_a_plan_folder_cannot_redefine_the_package_units(folder):
    from gutang_analysis.errors import UnitError
    from gutang_analysis.plan import load_plan

    (folder / "units.yaml").write_text("units:\n  万元: {family: cny, factor: 1}\n", "utf-8")
    with pytest.raises(UnitError) as err:
        load_plan(folder)
    assert "万元" in str(err.value) and "不能在计划文件夹中重新定义" in str(err.value)


def test_the_supervision_inputs_are_hashed_too(folder):
    inputs = resolve_run(folder)
    roles = dict(inputs.hashes)
    assert "owners" in roles
    assert any(r.startswith("office:2022-09-30:") for r in roles)
    office = next(f for r, f in inputs.files().items() if r.startswith("office:2022-09-30:"))
    with office.open("a", encoding="utf-8") as fh:
        fh.write("\n")
    changed = inputs.changed()
    assert (
        len(changed) == 1 and changed[0].startswith("2022-09-30 ") and changed[0].endswith("填报")
    )


# ------------------------------------------------------------------ read once, scored once

#: What a build must do once: (module, function) whose every binding is counted.
_COUNTED = {
    "load_outcomes": ("gutang_analysis.outcomes", "load_outcomes"),
    "score": ("gutang_analysis.scoring", "score"),
    "load_owners": ("gutang_analysis.owners", "load_owners"),
    "load_plan": ("gutang_analysis.plan", "load_plan"),
    "load_policy": ("gutang_analysis.policy", "load_policy"),
    "find_folder": ("gutang_analysis.workspace", "find_folder"),
}


def _count_calls(monkeypatch) -> dict[str, list]:
    """Replace every binding of the counted functions in every loaded module of the
    package (``from .outcomes import load_outcomes`` included) with a counting wrapper."""
    import importlib
    import sys

    importlib.import_module("gutang_analysis.ledger")  # every module a notebook uses
    importlib.import_module("gutang_analysis.narrative")
    importlib.import_module("gutang_analysis.outputs")
    importlib.import_module("gutang_analysis.report")
    calls: dict[str, list] = {name: [] for name in _COUNTED}
    for name, (module, attr) in _COUNTED.items():
        original = getattr(importlib.import_module(module), attr)

        def counted(*args, __name=name, __original=original, **kwargs):
            calls[__name].append((args[0] if args else None, kwargs.get("as_of")))
            return __original(*args, **kwargs)

        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith("gutang_analysis") and (
                getattr(mod, attr, None) is original
            ):
                monkeypatch.setattr(mod, attr, counted)
    return calls


def _notebook_code(name: str, parameters: dict) -> str:
    """A notebook's code as papermill runs it: its parameters cell, the injected
    parameters, then the rest."""
    import json

    nb = json.loads((paths.NOTEBOOKS_DIR / name).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    injected = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    return "\n".join([cells[0], injected, *cells[1:]])


def _build_in_process(tmp_path, monkeypatch, *, notebooks: bool) -> tuple[dict, object]:
    """The in-process equivalent of a build of the example: the run loaded once, every
    download writer, then each notebook's front door (or, with ``notebooks``, one report of
    each notebook run whole) against the saved run. Returns the calls and the run."""
    import IPython.display

    from gutang_analysis import ledger, report
    from gutang_analysis.manifest import load_manifest
    from gutang_analysis.outputs import write_output

    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: None)
    calls = _count_calls(monkeypatch)
    inputs = resolve_run(paths.EXAMPLE_FOLDER)
    run = load_run(inputs)
    parameter = inputs.as_parameter(run.save(tmp_path / "run.pickle"))
    specs, _skipped = load_manifest().expand(run)
    for spec in specs:
        for file, writer, _label in spec.outputs:
            write_output(writer, run, tmp_path / file, spec.parameters.get("section"))
    report.open_report(parameter)
    report.open_report(parameter, midyear=True)
    ledger.open_periods(parameter).ledger()
    seen: set[str] = set()
    for spec in specs if notebooks else ():
        key = spec.notebook + str("office" in spec.parameters)  # a section, an office …
        if key in seen:
            continue
        seen.add(key)
        code = _notebook_code(spec.notebook, {**spec.parameters, "run": parameter})
        exec(compile(code, spec.notebook, "exec"), {})
    return calls, run


def _assert_once(calls: dict, run) -> None:
    # every outcome file parsed once: year-end, baseline, mid-year, each office's file
    files = [str(c[0]) for c in calls["load_outcomes"]]
    assert len(files) == len(set(files)), files
    office_files = sum(len(sub.offices) for sub in run.periods.submissions.values())
    assert len(files) == 3 + office_files
    # scored once per period: the 督查 periods reuse the year-end and mid-year scores
    assert len(calls["score"]) == len(run.periods.periods) == 4
    assert [c[1] for c in calls["score"]].count("2022-06-30") == 1
    for name in ("load_owners", "load_plan", "load_policy", "find_folder"):
        assert len(calls[name]) == 1, (name, calls[name])


def test_a_build_reads_every_input_once_and_scores_each_period_once(tmp_path, monkeypatch):
    calls, run = _build_in_process(tmp_path, monkeypatch, notebooks=False)
    _assert_once(calls, run)


@pytest.mark.slow
def test_every_notebook_reads_nothing_and_scores_nothing(tmp_path, monkeypatch):
    calls, run = _build_in_process(tmp_path, monkeypatch, notebooks=True)
    print("calls over a whole build:", {k: len(v) for k, v in calls.items()})
    _assert_once(calls, run)


def test_a_broken_decomposition_stops_only_the_reports_that_need_it(folder):
    from gutang_analysis.owners import OwnersError
    from gutang_analysis.periods import periods_of_run

    owners = folder / "owners.yaml"
    owners.write_text(
        owners.read_text(encoding="utf-8").replace("plan: gutang-2022", "plan: other-2022"),
        encoding="utf-8",
    )
    run = load_run(resolve_run(folder))
    assert run.result is not None and run.owners is None
    assert run.result.targets["office"].isna().all()
    assert any("分解表（owners.yaml）有误" in w for w in run.warnings)
    with pytest.raises(OwnersError):
        periods_of_run(run)


def test_load_run_takes_a_folder_path(folder):
    by_path, by_text = load_run(folder), load_run(str(folder))
    assert by_path.inputs == by_text.inputs == resolve_run(folder)
    assert by_path.result.overall["score"] == by_text.result.overall["score"]
    with pytest.raises(UsageError, match="计划文件夹"):
        load_run(42)


def test_data_that_drops_out_is_a_chinese_warning(folder):
    from gutang_analysis.errors import DataWarning

    (folder / "outcomes" / "2021.csv").unlink()  # no baseline
    with pytest.warns(DataWarning, match="缺少 2021 年基期数据") as caught:
        load_run(folder)
    assert all(issubclass(w.category, DataWarning) for w in caught)
    # a period asked for that has no file: no mid-year figures, said so
    with pytest.warns(DataWarning, match="没有截至 2022-07-31 的完成情况文件"):
        inputs = resolve_run(folder, as_of="2022-07-31")
    assert inputs.midyear is None


def test_an_as_of_outside_the_plan_year_is_a_warning(example_run):
    from gutang_analysis import score
    from gutang_analysis.errors import DataWarning

    run = example_run
    with pytest.warns(DataWarning, match="不在计划年度 2022 年内"):
        score(run.plan, run.outcomes, baseline=run.baseline, as_of="2023-06-30")


def test_one_light_per_target_and_date_in_every_report(example_run):
    run = example_run
    mid = run.midyear_result.targets.set_index("target_id")["light"]
    same_day = run.periods.frames[run.inputs.as_of].set_index("target_id")["light_label"]
    shown = same_day.where(same_day.isin(["红灯", "黄灯", "绿灯"]))
    assert mid.fillna("-").equals(shown.reindex(mid.index).fillna("-"))


def test_outside_a_plan_folder_the_example_is_used_only_with_a_warning(tmp_path, monkeypatch):
    from gutang_analysis.errors import DataWarning

    monkeypatch.chdir(tmp_path)
    with pytest.warns(DataWarning, match="示例计划.*不是您的计划"):
        inputs = resolve_run()
    assert inputs.example
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataWarning)
        assert resolve_run(paths.EXAMPLE_FOLDER).example  # asked for: no warning


def test_a_run_from_the_cached_plan_equals_one_from_the_parsed_plan(tmp_path, monkeypatch):
    """What a build shows comes from the Run: the plan cache changes none of it."""
    import pandas as pd

    from gutang_analysis import plan as plan_module

    folder = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, folder)
    monkeypatch.setenv("GUTANG_CACHE_DIR", str(tmp_path / "cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = load_run(resolve_run(folder))  # the example is too small to be cached
        monkeypatch.setattr(plan_module, "_CACHE_MIN_BYTES", 0)
        load_run(resolve_run(folder))  # parsed, and kept

        def no_parsing(*args):
            raise AssertionError("parsed again despite the cache")

        monkeypatch.setattr(plan_module, "_parse_plan", no_parsing)
        cached = load_run(resolve_run(folder))
    for name in ("targets", "sections", "groups"):
        pd.testing.assert_frame_equal(
            getattr(parsed.result, name), getattr(cached.result, name), check_exact=True
        )
    assert parsed.result.overall == cached.result.overall
    assert parsed.warnings == cached.warnings
    pd.testing.assert_frame_equal(parsed.plan.targets, cached.plan.targets, check_exact=True)
