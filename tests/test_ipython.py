"""In IPython/JupyterLab a user's own mistake shows as a Chinese message, not a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("IPython")

# A fresh interpreter, so that importing the package inside the shell is the first import.
SCRIPT = textwrap.dedent(
    """
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance(colors="nocolor")
    shell.run_cell("import gutang_analysis")
    shell.run_cell("gutang_analysis.load_plan('no-such-plan.yaml')")
    print("=====")
    shell.run_cell("%load_ext gutang_analysis")
    print("=====")
    shell.run_cell("gutang_analysis.load_plan('no-such-plan.yaml')")
    print("=====")
    shell.run_cell("1/0")
    """
)


def test_gutang_errors_show_without_traceback():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=120
    )
    before, _, mistake, other = (result.stdout + result.stderr).split("=====")
    assert "Traceback" in before  # importing the package alone changes nothing
    assert "PlanError：找不到计划文件" in mistake
    assert "Traceback" not in mistake and "File " not in mistake
    # other errors keep their normal traceback
    assert "ZeroDivisionError" in other and "Traceback" in other
