"""The one module that knows where things are.

In a checkout (or an editable install) the bundled data and notebooks are the repository's
own ``data/`` and ``notebooks/``; in a wheel they are shipped inside the package under
``_bundled/``. Everything else asks this module.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "DEFAULT_BASELINE",
    "DEFAULT_MIDYEAR",
    "DEFAULT_OUTCOMES",
    "DEFAULT_PLAN",
    "DEFAULT_POLICY",
    "EXAMPLE_FOLDER",
    "INDICATORS_FILE",
    "NOTEBOOKS_DIR",
    "PACKAGE_DIR",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "REPORTS_MANIFEST",
    "UNITS_FILE",
    "cache_dir",
]

PACKAGE_DIR = Path(__file__).resolve().parent


def _root() -> Path:
    checkout = PACKAGE_DIR.parent
    if (checkout / "data" / "plans").is_dir() and (checkout / "notebooks").is_dir():
        return checkout
    return PACKAGE_DIR / "_bundled"


PROJECT_ROOT = _root()
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"

UNITS_FILE = DATA_DIR / "units.yaml"
#: The indicators registry: names of one indicator across plans (cross-plan matching).
INDICATORS_FILE = DATA_DIR / "indicators.yaml"
DEFAULT_POLICY = DATA_DIR / "policies" / "default.yaml"
#: The bundled example plan folder (古塘街道 2022, illustrative figures).
EXAMPLE_FOLDER = DATA_DIR / "plans" / "gutang-2022"
DEFAULT_PLAN = EXAMPLE_FOLDER / "plan.yaml"
EXAMPLE_SOURCE = EXAMPLE_FOLDER / "gutang-2022-work-plan.txt"
DEFAULT_OUTCOMES = EXAMPLE_FOLDER / "outcomes" / "2022.csv"
DEFAULT_BASELINE = EXAMPLE_FOLDER / "outcomes" / "2021.csv"
DEFAULT_MIDYEAR = EXAMPLE_FOLDER / "outcomes" / "2022-06-30.csv"
#: The list of reports a build makes (the report manifest).
REPORTS_MANIFEST = NOTEBOOKS_DIR / "reports.yaml"


def cache_dir() -> Path:
    """Where the package keeps what it can work out again (the validated large plans of
    :mod:`gutang_analysis._cache`): never a user's file, safe to delete at any time.

    ``GUTANG_CACHE_DIR`` overrides it (the tests point it at a temporary folder); otherwise
    the user's cache folder (``$XDG_CACHE_HOME``, ``~/.cache`` or, on Windows,
    ``%LOCALAPPDATA%``), subfolder ``gutang-analysis``.

    Examples
    --------
    >>> isinstance(cache_dir(), Path)
    True
    """
    own = os.environ.get("GUTANG_CACHE_DIR")
    if own:
        return Path(own)
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "gutang-analysis" / "Cache"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gutang-analysis"
