"""The front door: what a notebook imports, the bundled examples, the README's example."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gutang_analysis
from gutang_analysis import examples, paths
from gutang_analysis.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run(example_run):
    return example_run


NOTEBOOK_NAMES = (
    "load_run",
    "resolve_run",
    "load_plan",
    "load_outcomes",
    "score",
    "compare",
    "compare_chart",
    "comparison_view",
    "what_if",
    "explain_change",
    "results_view",
    "style_results",
    "show_results",
    "write_results_xlsx",
    "readable_targets",
    "completion_chart",
    "section_scores_chart",
    "status_counts_chart",
    "direction_chart",
    "examples",
    "charts",
    "tables",
    "UsageError",
)


@pytest.mark.parametrize("name", NOTEBOOK_NAMES)
def test_front_door_offers_what_a_notebook_needs(name):
    assert name in dir(gutang_analysis)
    assert getattr(gutang_analysis, name) is not None


def test_compare_is_the_function_even_after_the_module_is_imported():
    import gutang_analysis.compare  # noqa: F401
    from gutang_analysis import compare
    from gutang_analysis.compare import compare_chart

    assert callable(compare) and compare.__name__ == "compare"
    assert compare_chart.__name__ == "compare_chart"


def test_importing_the_package_stays_light():
    code = "import sys, gutang_analysis; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_example_is_the_reports_run(run):
    assert run.inputs.folder == paths.EXAMPLE_FOLDER.resolve()
    assert run.baseline is not None and run.midyear_result is not None
    assert run.result.overall["score"] == 83.03
    assert run.result.overall["grade"] == "良"


def test_example_by_name_and_unknown_names():
    assert examples.folder("gutang-2022") == paths.EXAMPLE_FOLDER
    with pytest.raises(UsageError, match="gutang-2022"):
        examples.folder("gutang-2099")


def test_score_on_the_same_inputs_gives_the_reports_figure(run):
    """score() with the run's inputs (baseline included) is the report's figure."""
    from gutang_analysis import load_outcomes, load_plan, score

    plan = load_plan(run.inputs.folder)
    outcomes = load_outcomes(run.inputs.outcomes, plan)
    baseline = load_outcomes(run.inputs.baseline, plan)
    result = score(plan, outcomes, baseline=baseline)
    assert result.overall["score"] == pytest.approx(run.result.overall["score"])


def _readme_python() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## 在 JupyterLab 中分析") :]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_python_block_reproduces_the_report(tmp_path):
    """The README's example runs as written and prints the report's total and grade."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, "-c", _readme_python()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "83.03 良"
    assert lines[1].startswith("总分由 83.03 分变为")
    assert "Traceback" not in out.stderr
