"""The one module that knows where things are.

In a checkout (or an editable install) the bundled data and notebooks are the repository's
own ``data/`` and ``notebooks/``; in a wheel they are shipped inside the package under
``_bundled/``. Everything else asks this module.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "DATA_DIR",
    "DEFAULT_BASELINE",
    "DEFAULT_MIDYEAR",
    "DEFAULT_OUTCOMES",
    "DEFAULT_PLAN",
    "DEFAULT_POLICY",
    "NOTEBOOKS_DIR",
    "PACKAGE_DIR",
    "PROJECT_ROOT",
    "REPORTS_DIR",
    "UNITS_FILE",
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
DEFAULT_PLAN = DATA_DIR / "plans" / "gutang-2022.yaml"
DEFAULT_POLICY = DATA_DIR / "policies" / "default.yaml"
DEFAULT_OUTCOMES = DATA_DIR / "outcomes" / "gutang-2022-annual.csv"
DEFAULT_BASELINE = DATA_DIR / "outcomes" / "gutang-2021-baseline.csv"
DEFAULT_MIDYEAR = DATA_DIR / "outcomes" / "gutang-2022-midyear.csv"
