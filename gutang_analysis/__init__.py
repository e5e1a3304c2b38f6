"""gutang-analysis: a sub-district's annual work plan as measurable commitments.

Everything a notebook needs is importable from here::

    from gutang_analysis import examples, load_run, resolve_run, results_view

    run = examples.gutang_2022()            # the bundled example, loaded as the reports are
    run = load_run("my-plan")                # a plan folder: plan, outcomes, baseline, policy
    run.result.overall["score"]              # the figure the reports show
    results_view(run.result)                 # Chinese headers, numbers kept numeric

    from gutang_analysis import compare, what_if
    compare(run.midyear_result, run.result, names=("年中", "年终"))
    what_if(run, run.policy.with_(grades={"优": 95, "良": 85, "中": 60}))

    from gutang_analysis import load_plan, load_outcomes, score
    plan = load_plan("my-plan")             # a plan folder or a plan file
    outcomes = load_outcomes(path, plan)    # an analyst's filled-in template
    result = score(plan, outcomes, baseline=load_outcomes(base_path, plan))

    from gutang_analysis import load_district, use_chinese_font, year_over_year
    load_district(["town-a", "town-b"]).ranking()   # many towns: totals, ranks, shortfalls
    year_over_year("town-a-2023", "town-a-2024")     # one town's two years, by indicator
    use_chinese_font()                               # Chinese text in your own plots

``load_run`` is the way to get the reports' figures: it reads the folder's baseline year
too, which year-on-year targets need. Names are imported lazily, so
``import gutang_analysis`` stays fast and a notebook only pays for what it uses.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._ipython import install
from ._version import __version__
from .errors import (
    BuildError,
    DataWarning,
    ExtractError,
    FolderError,
    GutangError,
    OutcomesError,
    OutputError,
    PlanError,
    PolicyError,
    Problem,
    QuantityError,
    UnitError,
    UsageError,
)

_LAZY = {
    "Plan": "plan",
    "load_plan": "plan",
    "UnitRegistry": "units",
    "load_units": "units",
    "load_outcomes": "outcomes",
    "check_outcomes": "outcomes",
    "load_baseline": "outcomes",
    "write_template": "template",
    "write_outcomes": "template",
    "Policy": "policy",
    "load_policy": "policy",
    "check_policy_for_plan": "policy",
    "ScoreResult": "scoring",
    "score": "scoring",
    "build_reports": "build",
    "RunInputs": "run",
    "Run": "run",
    "resolve_run": "run",
    "load_run": "run",
    "PlanFolder": "workspace",
    "find_folder": "workspace",
    "kind_label": "kinds",
    "target_phrase": "kinds",
    "extract_plan": "extract",
    "compare_chart": "compare",
    "comparison_view": "compare",
    "style_comparison": "compare",
    "results_view": "tables",
    "style_results": "tables",
    "show_results": "tables",
    "write_results_xlsx": "tables",
    "readable_targets": "tables",
    "overall_frame": "tables",
    "status_table": "tables",
    "what_if": "compare",
    "explain_change": "compare",
    "completion_chart": "charts",
    "use_chinese_font": "fonts",
    "load_district": "district",
    "year_over_year": "across_years",
    "direction_chart": "charts",
    "status_counts_chart": "charts",
    "section_scores_chart": "charts",
}

#: Submodules reachable as attributes (``gutang_analysis.charts``) without importing them.
_SUBMODULES = ("charts", "examples", "tables")

__all__ = [
    "BuildError",
    "DataWarning",
    "ExtractError",
    "FolderError",
    "GutangError",
    "OutcomesError",
    "OutputError",
    "PlanError",
    "PolicyError",
    "Problem",
    "QuantityError",
    "UnitError",
    "UsageError",
    "__version__",
    "compare",
    *_LAZY,
    *_SUBMODULES,
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gutang_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext gutang_analysis``: show this package's errors as Chinese messages.

    A user's own mistake (a wrong file, a wrong argument) then shows as its message, not a
    Python traceback. The report notebooks turn this on themselves (through
    :func:`gutang_analysis.report.open_report`); importing the package changes nothing.
    """

    install(ipython)


# ``compare`` is both a module and its main function. The module is imported here (it
# imports pandas only when called, so this is cheap) and the name then bound to the
# function, so ``from gutang_analysis import compare`` is always the function; the
# module's other names come from ``gutang_analysis.compare`` as usual
# (``from gutang_analysis.compare import compare_chart``).
from .compare import compare  # noqa: E402
