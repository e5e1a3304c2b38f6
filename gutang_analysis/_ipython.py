"""Show a user's own mistakes in IPython/JupyterLab as a Chinese message, not a traceback."""

from __future__ import annotations

from typing import Any

from .errors import GutangError


def _show_gutang_error(shell: Any, etype: type, evalue: BaseException, tb: Any, tb_offset=None):
    # An "error" output whose traceback is only the message: the front end (and papermill)
    # still sees a failed cell, with the error's name and text, but no Python stack.
    shell._showtraceback(etype, evalue, [f"{etype.__name__}：{evalue}"])
    return None


def install(shell: Any = None) -> bool:
    """Register the handler in an IPython shell (default: the running one, if any);
    returns whether a shell was found."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((GutangError,), _show_gutang_error)
    return True
