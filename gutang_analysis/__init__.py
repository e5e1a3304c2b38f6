"""gutang-analysis: a sub-district's annual work plan as measurable commitments.

The public API is small::

    from gutang_analysis import load_plan, load_outcomes, score
    plan = load_plan()                      # the bundled 2022 Gutang plan
    outcomes = load_outcomes(path, plan)    # an analyst's filled-in template
    result = score(plan, outcomes)          # statuses, scores, roll-ups

Names are imported lazily, so ``import gutang_analysis`` stays fast and a notebook only
pays for what it uses.
"""

from __future__ import annotations

import importlib
from typing import Any

from .errors import (
    BuildError,
    ExtractError,
    GutangError,
    OutcomesError,
    PlanError,
    PolicyError,
    Problem,
    QuantityError,
    UnitError,
)

__version__ = "0.1.0"

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
    "extract_plan": "extract",
}

__all__ = [
    "BuildError",
    "ExtractError",
    "GutangError",
    "OutcomesError",
    "PlanError",
    "PolicyError",
    "Problem",
    "QuantityError",
    "UnitError",
    "__version__",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
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
    from ._ipython import install

    install(ipython)
