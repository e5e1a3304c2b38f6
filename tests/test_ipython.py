"""In IPython/JupyterLab a user's own mistake shows as a Chinese message, not a traceback."""

from __future__ import annotations

import pytest

IPython = pytest.importorskip("IPython")


def test_gutang_errors_show_without_traceback(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_cell("import gutang_analysis")
        capsys.readouterr()
        shell.run_cell("gutang_analysis.load_plan('no-such-plan.yaml')")
        captured = capsys.readouterr()
        text = captured.out + captured.err
        assert "找不到计划文件" in text
        assert "Traceback" not in text and "File " not in text
        shell.run_cell("1/0")  # other errors keep their normal traceback
        captured = capsys.readouterr()
        assert "ZeroDivisionError" in captured.out + captured.err
    finally:
        InteractiveShell.clear_instance()
