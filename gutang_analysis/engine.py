"""A papermill engine that keeps one warm kernel per process for a build.

Starting a kernel and importing pandas, matplotlib and this package costs about as much
as a whole small report. A build runs some thirty notebooks; with the engine registered
here (``engine_name="gutang"``, also declared as a ``papermill.engine`` entry point) each
build process (the build itself with ``--jobs 1``, each worker with ``--jobs 2``) starts
one kernel, imports the libraries once, and runs every notebook it is given in that
kernel. Before each notebook the kernel's namespace is cleared (``%reset -f``), its
working directory set to the notebook's, open figures closed, and the chart cache
(:func:`gutang_analysis.charts.cache_charts`) pointed at the set being built, so a chart
shown in two reports is drawn once. A build that runs one notebook at a time leaves a
processor idle meanwhile: there a long report's charts are drawn ahead of it on that
processor (:func:`gutang_analysis.charts.draw_ahead`). A kernel that died is replaced by a new one.

Two things keep the step between notebooks short: every notebook runs through the one
client connected when the kernel started (a new client per notebook waits for its
subscription to connect), and the objects of the preloaded libraries are frozen out of
the garbage collector (``gc.freeze``), so each reset's collection looks at the last
notebook's objects only.

On Linux the kernel is forked from the build process, which has imported pandas and
this package's core already (:func:`_forking_manager`): the kernel is ready about a
second sooner than a new interpreter that imports them again. The forked kernel is
an ordinary ipykernel in a session of its own, named :data:`FORKED_NAME` so the build can
find and end it, and it ends when the process that forked it ends. A kernel spec that
runs another interpreter, other systems, and a build run from inside IPython or a
notebook start the kernel as papermill does.

:func:`start` starts the kernel without waiting for it (a build starts it before it
loads the run, so both happen at once); :func:`stop` ends it. Papermill itself, its
notebook client and its error handling are unchanged: only where the kernel comes from
differs.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from queue import Empty
from typing import Any

from papermill.engines import NBClientEngine, papermill_engines

from ._process import die_with_parent

__all__ = ["ENGINE_NAME", "WarmEngine", "abandon", "register", "start", "stop"]

#: The name the engine is registered under.
ENGINE_NAME = "gutang"
#: Folder (inside the notebook's working directory) where a build's charts are cached.
CHART_CACHE = ".charts"

#: What every report imports, run once when the kernel starts.
_PRELOAD = """\
import gutang_analysis.report, gutang_analysis.narrative, gutang_analysis.charts
import gutang_analysis.phrases, gutang_analysis.tables, gutang_analysis.supervision
import gutang_analysis.ledger, gutang_analysis.lights, gutang_analysis.periods
from IPython.display import HTML, display
from matplotlib.figure import Figure as _gutang_Figure
gutang_analysis.charts.use_house_style()
_gutang_fig = _gutang_Figure(figsize=(1, 1))
_gutang_fig.text(0.5, 0.5, "中文 1.0")
gutang_analysis.charts.figure_png(_gutang_fig)  # fonts found and loaded once
del _gutang_Figure, _gutang_fig
import gc as _gutang_gc
_gutang_gc.collect()
_gutang_gc.freeze()  # the libraries are never garbage: each reset's collection skips them
del _gutang_gc
"""

#: Run before each notebook: a clean namespace, its folder, no open figure, the cache.
_RESET = """\
get_ipython().run_line_magic("reset", "-f")
import os as _gutang_os, sys as _gutang_sys
_gutang_os.chdir({cwd!r})
if "matplotlib.pyplot" in _gutang_sys.modules:
    _gutang_sys.modules["matplotlib.pyplot"].close("all")
import gutang_analysis.charts as _gutang_charts
_gutang_charts.cache_charts({cache!r}, ahead={ahead!r})
del _gutang_os, _gutang_sys, _gutang_charts
"""

_KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL"]

#: The process name of a kernel forked from a build process (``/proc/PID/comm``): its
#: command line is the build's, so this is how the build finds it to end it.
FORKED_NAME = "gutang-kernel"


def _can_fork(kernel_spec: Any) -> bool:
    """Whether a kernel can be forked from this process: Linux, a kernel spec that runs
    this very interpreter's ipykernel, and a process that is not itself an IPython
    shell or kernel (an analyst calling the build from a notebook)."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    argv = list(getattr(kernel_spec, "argv", None) or [])
    if len(argv) < 3 or "ipykernel_launcher" not in argv[2] or "{connection_file}" not in argv:
        return False
    # jupyter_client runs a spec's bare "python" as this interpreter
    pythons = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}
    if argv[0] not in pythons:
        try:
            if not os.path.samefile(argv[0], sys.executable):
                return False
        except OSError:
            return False
    shell = sys.modules.get("IPython.core.interactiveshell")
    return not (shell is not None and shell.InteractiveShell.initialized())


class _Forked:
    """A forked kernel, as jupyter_client's provisioner handles a ``Popen``."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already (engine.stop)
                self.returncode = -signal.SIGKILL
            else:
                if done:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        if self.returncode is None:
            try:
                self.returncode = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            except ChildProcessError:
                self.returncode = -signal.SIGKILL
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _run_forked_kernel(argv: list[str], parent: int) -> None:
    """In the forked child: become a kernel (never returns)."""
    try:
        os.setsid()  # like a launched kernel: Ctrl+C in the terminal is for the build
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        die_with_parent(signal.SIGKILL, FORKED_NAME)  # ends with the build; elsewhere the poller
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        asyncio.events._set_running_loop(None)  # forked inside the build's event loop
        asyncio.set_event_loop(asyncio.new_event_loop())
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize([*argv, f"--IPKernelApp.parent_handle={parent}"])
        app.start()
    except KeyboardInterrupt:  # pragma: no cover - Ctrl+C reached it before its own session
        pass  # the build stops: nothing to tell
    except BaseException:  # pragma: no cover - the build sees a kernel that never answers
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        os._exit(0)


def _forking_manager(kernel_name: str) -> Any:
    """A kernel manager whose kernel is forked from this process when it can be.

    The build process has imported pandas and this package's core already; a forked
    kernel shares them instead of starting an interpreter and importing them again, and
    imports the rest (ipykernel, matplotlib's figures, the report modules) itself, while
    the build loads the run.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class _ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            argv = cmd[cmd.index("-f") :]
            parent = os.getpid()
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            pid = os.fork()
            if pid == 0:
                _run_forked_kernel(argv, parent)
            self.process = _Forked(pid)
            self.pid = self.pgid = pid
            self.cwd = kwargs.get("cwd", os.getcwd())
            return self.connection_info

    class _Manager(AsyncKernelManager):  # type: ignore[misc]
        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            out = await super()._async_pre_start_kernel(**kw)
            if type(self.provisioner) is LocalProvisioner and _can_fork(self.kernel_spec):
                self.provisioner.__class__ = _ForkProvisioner
            return out

    return _Manager(kernel_name=kernel_name)


async def _answering(kc: Any, timeout: float | None = None) -> None:
    """Wait until the kernel answers on its shell channel and its output reaches the client.

    jupyter_client's ``wait_for_ready`` does the same and then waits for a fifth of a
    second of silence on the output channel before it returns; the notebook client keeps
    only the output of the cells it runs, so here what is waiting there is dropped at once.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            reply = await kc.shell_channel.get_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                await kc.iopub_channel.get_msg(timeout=0.2)  # the output channel is connected
            except Empty:
                pass
            else:
                break
        if not await kc._async_is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if deadline is not None and time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
    while True:
        try:
            await kc.iopub_channel.get_msg(timeout=0)
        except Empty:
            return


class _Kernel:
    """One started kernel: its manager and one client, connected once.

    The client sends the preload and each reset, and papermill's notebook client runs
    every notebook through it: a new client for each notebook would wait for its IOPub
    subscription to connect (jupyter_client polls it in 0.2 s steps), about a quarter of
    a second per notebook.
    """

    def __init__(self, kernel_name: str) -> None:
        from jupyter_core.utils import run_sync

        self.name = kernel_name
        self.km = _forking_manager(kernel_name)
        run_sync(self.km.start_kernel)(extra_arguments=list(_KERNEL_ARGS))
        self.kc = self.km.client()
        # no heartbeat channel: the manager tells whether the kernel lives, and the
        # heartbeat's thread, still opening its socket when a build stops at once (a
        # folder that is not there), printed a traceback as the channels closed
        self.kc.start_channels(hb=False)
        self.kc.allow_stdin = False
        self.ready = False
        # queued: the kernel runs it as soon as it is up, while the build goes on
        self.kc.execute(_PRELOAD, silent=True, store_history=False)

    @property
    def pid(self) -> int | None:
        provisioner = getattr(self.km, "provisioner", None)
        return getattr(provisioner, "pid", None)

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def prepare(self, cwd: str, timeout: float | None = None) -> None:
        """Queue the reset for the next notebook (runs before its first cell).

        The first time, wait until the kernel answers on every channel (its output
        would otherwise be sent before the client listens)."""
        if not self.ready:
            from jupyter_core.utils import run_sync

            run_sync(_answering)(self.kc, timeout)
            self.ready = True
        cache = str(Path(cwd) / CHART_CACHE)
        self.kc.execute(_RESET.format(cwd=cwd, cache=cache, ahead=_DRAW_AHEAD[0]), silent=True)

    def kill(self) -> None:
        """End the kernel now and remove its connection file."""
        with contextlib.suppress(Exception):
            self.kc.stop_channels()
        pid = self.pid
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError, OSError):
                os.waitpid(pid, 0)
        with contextlib.suppress(Exception):
            from jupyter_core.utils import run_sync

            run_sync(self.km._async_cleanup_resources)()
        with contextlib.suppress(OSError, TypeError):
            Path(self.km.connection_file).unlink(missing_ok=True)


#: The warm kernel of this process, by kernel name.
_KERNELS: dict[str, _Kernel] = {}
#: Whether this process's notebooks may draw their charts ahead on an idle processor
#: (:func:`gutang_analysis.charts.draw_ahead`): a build that runs one notebook at a time.
_DRAW_AHEAD = [False]


def start(kernel_name: str = "python3", *, draw_ahead: bool | None = None) -> None:
    """Start this process's warm kernel (without waiting for it), if not running.

    ``draw_ahead`` (kept for later notebooks and kernels): let each notebook draw its
    charts ahead on a processor this process leaves idle while the notebook runs.
    """
    if draw_ahead is not None:
        _DRAW_AHEAD[0] = bool(draw_ahead)
    kernel = _KERNELS.get(kernel_name)
    if kernel is None or not kernel.alive():
        if kernel is not None:
            kernel.kill()
        _KERNELS[kernel_name] = _Kernel(kernel_name)


def stop() -> None:
    """End this process's warm kernels (and the drawing ahead, for the next build)."""
    _DRAW_AHEAD[0] = False
    while _KERNELS:
        _KERNELS.popitem()[1].kill()


def abandon() -> None:
    """End this process's warm kernels at once, from a signal handler: no message is
    sent, the connection files are removed."""
    for kernel in list(_KERNELS.values()):
        pid = kernel.pid
        if pid is not None:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(OSError, TypeError):
            Path(kernel.km.connection_file).unlink(missing_ok=True)


def _pids() -> list[int]:
    """Pids of this process's warm kernels (for tests and the build's tidying)."""
    return [k.pid for k in _KERNELS.values() if k.pid is not None]


class WarmEngine(NBClientEngine):
    """papermill's own engine, with the notebook run in this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(
        cls,
        nb_man: Any,
        kernel_name: str,
        log_output: bool = False,
        stdout_file: Any = None,
        stderr_file: Any = None,
        start_timeout: int = 60,
        execution_timeout: int | None = None,
        **kwargs: Any,
    ) -> Any:
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import logger
        from papermill.utils import merge_kwargs, remove_args

        start(kernel_name)
        kernel = _KERNELS[kernel_name]
        try:
            kernel.prepare(os.getcwd(), start_timeout)  # papermill is in the notebook's cwd
        except Exception:  # never answered: the next notebook gets a new kernel
            kernel.kill()
            _KERNELS.pop(kernel_name, None)
            raise
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        final = merge_kwargs(
            kwargs,
            timeout=execution_timeout,
            startup_timeout=start_timeout,
            kernel_name=kernel_name,
            log=logger,
            log_output=log_output,
            stdout_file=stdout_file,
            stderr_file=stderr_file,
        )
        client = PapermillNotebookClient(nb_man, km=kernel.km, **final)
        client.kc = kernel.kc  # kept: the client is the kernel's, not this notebook's
        try:
            return client.execute()
        finally:
            if not kernel.alive():  # died during the notebook: the next one gets a new one
                kernel.kill()
                _KERNELS.pop(kernel_name, None)


def register() -> None:
    """Register the engine with papermill under :data:`ENGINE_NAME`."""
    papermill_engines.register(ENGINE_NAME, WarmEngine)


register()
