"""engine.py: one warm kernel per build process, a clean namespace for every notebook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from gutang_analysis import engine
from gutang_analysis.build import ReportSpec, run_report


def _notebook(folder: Path, name: str, source: str) -> ReportSpec:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_code_cell("title = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source),
    ]
    nbformat.write(nb, str(folder / f"{name}.ipynb"))
    return ReportSpec(name, f"{name}.ipynb", name)


@pytest.fixture
def warm():
    yield
    engine.stop()


def test_the_engine_is_registered_with_papermill():
    assert pm.engines.papermill_engines.get_engine(engine.ENGINE_NAME) is engine.WarmEngine


@pytest.mark.slow
def test_notebooks_share_one_kernel_with_a_clean_namespace(tmp_path, warm):
    write = (
        "import os, json\nleak = 1\n"
        "json.dump({'pid': os.getpid(), 'cwd': os.getcwd()}, open('a.json', 'w'))"
    )
    read = (
        "import os, json\n"
        "json.dump({'pid': os.getpid(), 'leak': 'leak' in globals(), 'cwd': os.getcwd()},"
        " open('b.json', 'w'))"
    )
    a, b = _notebook(tmp_path, "a", write), _notebook(tmp_path, "b", read)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert run_report(a, first, notebooks_dir=tmp_path, warm=True)[0]
    assert run_report(b, second, notebooks_dir=tmp_path, warm=True)[0]
    one = json.loads((first / "a.json").read_text())
    two = json.loads((second / "b.json").read_text())
    assert one["pid"] == two["pid"] == engine._pids()[0]  # one kernel for both
    assert two["leak"] is False  # nothing of the first notebook is left
    assert Path(two["cwd"]) == second.resolve()
    engine.stop()
    assert engine._pids() == []


@pytest.mark.slow
def test_a_kernel_that_died_is_replaced(tmp_path, warm):
    die = _notebook(tmp_path, "die", "import os\nos._exit(1)")
    ok = _notebook(tmp_path, "ok", "x = 1")
    assert not run_report(die, tmp_path, notebooks_dir=tmp_path, warm=True)[0]
    assert run_report(ok, tmp_path, notebooks_dir=tmp_path, warm=True)[0]


@pytest.mark.skipif(sys.platform != "linux", reason="prctl is Linux's")
def test_a_child_can_be_named_and_end_with_its_parent():
    script = (
        "import signal\n"
        "from gutang_analysis._process import die_with_parent\n"
        "print(die_with_parent(signal.SIGKILL, 'gutang-test'))\n"
        "print(open('/proc/self/comm').read().strip())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "gutang-test"]


class _FakeChannel:
    def __init__(self, messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        from queue import Empty

        if not self.messages:
            raise Empty
        return self.messages.pop(0)


class _FakeClient:
    def __init__(self, shell, iopub, alive=True):
        self.shell_channel, self.iopub_channel = _FakeChannel(shell), _FakeChannel(iopub)
        self.alive, self.asked = alive, 0

    def kernel_info(self):
        self.asked += 1

    async def _async_is_alive(self):
        return self.alive


def test_ready_once_the_kernel_answers_and_waiting_output_is_dropped():
    import asyncio

    kc = _FakeClient(
        shell=[{"msg_type": "execute_reply"}, {"msg_type": "kernel_info_reply"}],
        iopub=[{"msg_type": "status"}, {"msg_type": "status"}, {"msg_type": "stream"}],
    )
    asyncio.run(engine._answering(kc, timeout=5))
    assert kc.asked == 2  # the preload's reply came first
    assert kc.iopub_channel.messages == []  # nothing left for the first notebook


def test_a_kernel_that_dies_before_answering_is_an_error():
    import asyncio

    kc = _FakeClient(shell=[], iopub=[], alive=False)
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(engine._answering(kc, timeout=5))


def test_a_build_stopped_at_once_prints_no_thread_traceback(tmp_path):
    # the kernel is starting while the build finds the folder missing and stops
    for _ in range(3):  # the race showed in about half the runs
        done = subprocess.run(
            [sys.executable, "-m", "gutang_analysis.cli", "build", "--dir", str(tmp_path / "无")],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1
        assert "Traceback" not in done.stderr, done.stderr
        assert "找不到计划文件夹" in done.stderr
