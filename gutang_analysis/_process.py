"""Child processes that never outlive their parent (Linux), named so a build finds them.

One home for what a forked kernel, a build worker and a chart drawn ahead
(:func:`gutang_analysis.charts.draw_ahead`) each need: on Linux the kernel ends the
child when its parent dies (``PR_SET_PDEATHSIG``) and can give it a name of its own
(``PR_SET_NAME``, shown in ``/proc/PID/comm``). Elsewhere both are quietly skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1
_PR_SET_NAME = 15


def die_with_parent(signum: int = signal.SIGKILL, name: str | None = None) -> bool:
    """Have the system send ``signum`` to this process when its parent ends, and name it.

    Returns whether the system took the request (Linux only). Call it first thing in a
    forked or started child; the caller still checks ``os.getppid()`` for a parent that
    ended before the request. (Tested in a child process: tests/test_engine.py.)
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if name is not None:
            libc.prctl(_PR_SET_NAME, name.encode()[:15], 0, 0, 0)
        return libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0) == 0
    return False
