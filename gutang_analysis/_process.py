"""Child processes that never outlive their parent (Linux), named so a build finds them,
and the memory a process may use.

One home for what a forked kernel, a build worker and a chart drawn ahead
(:func:`gutang_analysis.charts.draw_ahead`) each need: on Linux the kernel ends the
child when its parent dies (``PR_SET_PDEATHSIG``) and can give it a name of its own
(``PR_SET_NAME``, shown in ``/proc/PID/comm``). Elsewhere both are quietly skipped.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import threading
from collections.abc import Iterator

__all__ = ["MIN_ADDRESS_SPACE", "address_space_limit", "die_with_parent", "sigterm_as_interrupt"]

#: The least virtual memory (``ulimit -v``, ``prlimit --as``) a build's notebook kernel
#: works in: at 1.0 GB the kernel cannot start its threads and waits for ever, at 1.1 GB
#: the bundled example builds (measured 2026-12-06). Below this a build stops at once.
MIN_ADDRESS_SPACE = 1_200_000_000

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


def address_space_limit() -> int | None:
    """The virtual memory this process may use (``RLIMIT_AS``) in bytes, or None when
    unlimited or unknown (not a Unix system).

    >>> address_space_limit() is None or address_space_limit() > 0
    True
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else int(soft)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (``kill``, a service manager) stops the work like Ctrl+C: it raises
    KeyboardInterrupt, so the same tidying and the same message follow. Only in the main
    thread; the handler it replaced is put back after.

    >>> with sigterm_as_interrupt():
    ...     pass
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)
