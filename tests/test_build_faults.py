"""Builds under faults (issue 11): all or nothing, never through a link, nothing left running.

The notebooks here are fixtures that say when they started (a file named after the
kernel's pid in ``signals/``) and then wait for a ``go`` file, so a test interrupts a
build exactly while its notebooks run. Tests that start kernels are marked slow; ``make
test`` runs them.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from gutang_analysis import paths
from gutang_analysis.build import (
    BUILD_LOG_NAME,
    OUTPUT_MANIFEST_NAME,
    _BuildLock,
    _publish,
    _recover,
    build_reports,
    verify_build,
)
from gutang_analysis.cli import main
from gutang_analysis.errors import BuildError

PLAN_ID = "gutang-2022"
POSIX_ONLY = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")

DRIVER = """
import functools, sys
from gutang_analysis import build, cli
build.build_reports = functools.partial(build.build_reports, notebooks_dir=sys.argv[1])
sys.exit(cli.main(sys.argv[2:]))
"""

WAIT_CELL = """
import os, pathlib, time
signals = pathlib.Path(signal_dir)
(signals / f"started-{os.getpid()}").write_text(os.getcwd(), encoding="utf-8")
deadline = time.time() + 120
while time.time() < deadline and not (signals / "go").exists():
    time.sleep(0.05)
print("完成")
"""


def _notebooks(tmp_path: Path, signals: Path, n: int = 2) -> Path:
    """Fixture notebooks: ``n`` reports that wait for ``signals/go``; one writes summary.json."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("signal_dir = None\nrun = None\ntitle = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(WAIT_CELL)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, str(folder / "wait.ipynb"))
    entries = []
    for i in range(n):
        entry = (
            f"  - name: report{i}\n    notebook: wait.ipynb\n    title: 报告{i}\n"
            f"    needs: [outcomes]\n    parameters: {{signal_dir: '{signals}'}}\n"
        )
        if i == 0:
            entry += (
                "    main: true\n"
                "    outputs:\n      - {file: summary.json, writer: summary_json, label: 汇总}\n"
            )
        entries.append(entry)
    (folder / "reports.yaml").write_text(
        "format_version: 1\nreports:\n" + "".join(entries), encoding="utf-8"
    )
    return folder


@pytest.fixture
def setup(tmp_path):
    """A plan folder of its own, an output folder holding a first good set, notebooks."""
    plan = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, plan)
    signals = tmp_path / "signals"
    signals.mkdir()
    nbs = _notebooks(tmp_path, signals)
    out = tmp_path / "out"
    (signals / "go").touch()
    first = build_reports(plan, out_dir=out, progress=False, notebooks_dir=nbs)
    assert first.published
    (signals / "go").unlink()
    for f in signals.iterdir():
        f.unlink()
    return plan, out, nbs, signals


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in folder.iterdir()}


def _start(plan: Path, out: Path, nbs: Path, jobs: int) -> subprocess.Popen:
    args = ["build", "--dir", str(plan), "--out", str(out), "--jobs", str(jobs)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(nbs), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def _wait_started(signals: Path, n: int, proc: subprocess.Popen) -> list[int]:
    """The kernels' pids, once ``n`` notebooks are running."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        started = [int(f.name.split("-")[1]) for f in signals.glob("started-*")]
        if len(started) >= n:
            return started
        if proc is not None and proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"build ended early ({proc.returncode}): {err.decode()}")
        time.sleep(0.1)
    pytest.fail("the notebooks never started")


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def _descendants(root: int) -> set[int]:
    pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {p for p in pids if _ppid(p) in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in (b"Z", b"X")


def _all_gone(pids: set[int], seconds: float = 20) -> set[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = {p for p in pids if _alive(p)}
        if not left:
            return set()
        time.sleep(0.2)
    return left


def _no_leftovers(out: Path) -> None:
    assert not list(out.glob(f".{PLAN_ID}.new-*"))
    assert not list(out.glob(f".{PLAN_ID}.old-*"))


# ---------------------------------------------------------------------------- signals


@POSIX_ONLY
@pytest.mark.slow
@pytest.mark.parametrize(
    ("sig", "jobs"),
    [(signal.SIGINT, 1), (signal.SIGINT, 2), (signal.SIGTERM, 2)],
    ids=["sigint-serial", "sigint-workers", "sigterm-workers"],
)
def test_an_interrupted_build_keeps_the_previous_set_and_leaves_nothing_running(setup, sig, jobs):
    plan, out, nbs, signals = setup
    final = out / PLAN_ID
    before = _snapshot(final)
    proc = _start(plan, out, nbs, jobs)
    kernels = _wait_started(signals, jobs, proc)
    running = _descendants(proc.pid) | set(kernels)
    assert list(out.glob(f".{PLAN_ID}.new-*"))  # the build is under way
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    text = err.decode("utf-8")
    assert proc.returncode == 130, text
    assert "已取消" in text and "上次成功生成的报告保持不变" in text
    assert "Traceback" not in text
    _no_leftovers(out)
    assert _snapshot(final) == before  # the previous set, whole
    assert verify_build(final) == []  # its record and summary.json describe it
    assert "build" in __import__("json").loads(before["summary.json"])
    assert not _all_gone(running), "processes left running"


@POSIX_ONLY
@pytest.mark.slow
def test_a_killed_build_leaves_no_workers_and_the_next_build_tidies(setup):
    plan, out, nbs, signals = setup
    final = out / PLAN_ID
    before = _snapshot(final)
    proc = _start(plan, out, nbs, 2)
    kernels = _wait_started(signals, 2, proc)
    running = _descendants(proc.pid) | set(kernels)
    proc.kill()
    proc.wait(timeout=30)
    # the workers see their parent gone (prctl / polling) and end their kernels
    assert not _all_gone(running), "workers or kernels outlived the killed build"
    assert list(out.glob(f".{PLAN_ID}.new-*"))  # what the killed build left
    assert _snapshot(final) == before
    _recover(out, PLAN_ID)
    _no_leftovers(out)
    assert _snapshot(final) == before and verify_build(final) == []


@POSIX_ONLY
@pytest.mark.slow
def test_a_second_build_into_the_same_folder_is_refused_and_the_first_publishes(
    setup, monkeypatch, capsys
):
    from gutang_analysis import build

    plan, out, nbs, signals = setup
    proc = _start(plan, out, nbs, 1)
    _wait_started(signals, 1, proc)
    monkeypatch.setattr(
        build, "build_reports", functools.partial(build.build_reports, notebooks_dir=nbs)
    )
    code = main(["build", "--dir", str(plan), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "另一个构建正在向同一文件夹生成这份计划的报告" in err and "Traceback" not in err
    (signals / "go").touch()
    stdout, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 0, stderr.decode()
    assert "已生成 2 份报告" in stdout.decode()
    _no_leftovers(out)
    assert verify_build(out / PLAN_ID) == []


@pytest.mark.slow
def test_an_outcome_file_edited_during_the_build_is_not_published(setup):
    plan, out, nbs, signals = setup
    final = out / PLAN_ID
    before = _snapshot(final)
    result: dict[str, object] = {}

    def run() -> None:
        try:
            build_reports(plan, out_dir=out, progress=False, notebooks_dir=nbs)
        except BaseException as exc:  # handed to the test thread
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    _wait_started(signals, 1, None)
    with (plan / "outcomes" / "2022.csv").open("a", encoding="utf-8") as fh:
        fh.write("# 构建过程中有人保存了文件\n")
    (signals / "go").touch()
    thread.join(180)
    err = result.get("error")
    assert isinstance(err, BuildError), err
    assert "构建过程中输入文件被修改，本次不发布报告" in str(err)
    assert "年度完成情况在构建开始后有变化" in str(err)
    _no_leftovers(out)
    assert _snapshot(final) == before


# ---------------------------------------------------------------------------- links


def _target(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "重要.txt").write_text("别人的文件", encoding="utf-8")
    return target, _snapshot(target)


def test_a_link_at_the_plan_output_folder_is_refused_and_its_target_untouched(tmp_path, capsys):
    target, before = _target(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / PLAN_ID).symlink_to(target, target_is_directory=True)
    code = main(["build", "--example", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "符号链接" in err and str(out / PLAN_ID) in err and str(target) in err
    assert _snapshot(target) == before
    assert (out / PLAN_ID).is_symlink()
    _no_leftovers(out)


def test_publish_and_recover_never_write_through_a_link(tmp_path):
    target, before = _target(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    new = out / f".{PLAN_ID}.new-1"
    new.mkdir()
    (new / "index.html").write_text("新", encoding="utf-8")
    final = out / PLAN_ID
    # a link planted at OUT/PLAN mid-build: refused, neither followed nor replaced
    final.symlink_to(target, target_is_directory=True)
    with pytest.raises(BuildError, match="符号链接"):
        _publish(new, final)
    assert _snapshot(target) == before and final.is_symlink() and new.is_dir()
    final.unlink()
    # a link inside the new set: refused
    (new / BUILD_LOG_NAME).symlink_to(target / "重要.txt")
    with pytest.raises(BuildError, match="符号链接"):
        _publish(new, final)
    assert not final.exists() and _snapshot(target) == before
    # links at the leftovers' names: removed as links, the targets untouched
    (out / f".{PLAN_ID}.new-2").symlink_to(target, target_is_directory=True)
    (out / f".{PLAN_ID}.old-3").symlink_to(target, target_is_directory=True)
    _recover(out, PLAN_ID)
    _no_leftovers(out)
    assert _snapshot(target) == before


def test_a_link_at_the_lock_file_is_refused_and_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    (out / f".{PLAN_ID}.lock").symlink_to(victim)
    with pytest.raises(BuildError) as info, _BuildLock(out, PLAN_ID):
        pass
    assert "符号链接" in str(info.value) and str(victim) in str(info.value)
    assert not victim.exists()


@pytest.mark.slow
def test_a_failing_build_writes_nothing_through_a_linked_failed_folder(tmp_path):
    target, before = _target(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "_failed").symlink_to(target, target_is_directory=True)
    fixtures = Path(__file__).parent / "fixtures" / "notebooks"
    with pytest.raises(BuildError, match="生成失败"):
        build_reports(out_dir=out, progress=False, notebooks_dir=fixtures, only=["self_evaluation"])
    assert _snapshot(target) == before
    _no_leftovers(out)


# ---------------------------------------------------------------------------- provenance


@pytest.mark.slow
def test_the_plans_own_units_file_is_recorded_and_verify_names_it(tmp_path, capsys):
    import json

    plan = tmp_path / "plan"
    shutil.copytree(paths.EXAMPLE_FOLDER, plan)
    units = plan / "units.yaml"
    units.write_text(
        "families:\n  weight: {label: 重量, base: 吨}\nunits:\n  吨: {family: weight, factor: 1}\n",
        encoding="utf-8",
    )
    fixtures = Path(__file__).parent / "fixtures" / "notebooks"
    summary = build_reports(
        plan,
        out_dir=tmp_path / "out",
        progress=False,
        notebooks_dir=fixtures,
        only=["annual_review"],
    )
    record = json.loads((summary.out_dir / OUTPUT_MANIFEST_NAME).read_text("utf-8"))
    entry = record["inputs"]["units"]
    assert entry["file"] == str(units.resolve()) and len(entry["sha256"]) == 64
    log = (summary.out_dir / BUILD_LOG_NAME).read_text("utf-8")
    assert f"本计划计量单位：{units.resolve()}（{entry['sha256']}）" in log
    assert main(["verify", str(summary.out_dir)]) == 0
    capsys.readouterr()
    with units.open("a", encoding="utf-8") as fh:
        fh.write("# 改过\n")
    assert main(["verify", str(summary.out_dir)]) == 1
    err = capsys.readouterr().err
    assert f"输入文件 {units.resolve()} 在构建后被修改过（本计划计量单位）" in err
