"""Time ``gutang-review plan``, ``template`` and ``check`` on a plan of many targets.

Writes a plan folder of N targets (the bundled targets repeated with new ids, in the
compact flow style a generated plan uses, 100,000 by default: about 20 MB, just under
the YAML size limit), then runs each command as a user would (a new process) and prints
its wall time, CPU time and the load average. Issue 19 asks for seconds, not minutes:
the goal is :data:`GOAL_SECONDS` of CPU time for ``template`` and ``check`` at 100,000
targets (ideally :data:`IDEAL_SECONDS`).

A plan this large is kept, validated, in the plan cache (:mod:`gutang_analysis._cache`)
by the first command that reads it, so each command is timed twice: first with an empty
cache (冷启动: the plan is parsed and validated, as after any change to the plan, its
units or the package) and then again with the cache the first runs left (缓存命中: the
plan is not parsed). The cache used is a temporary folder of this run
(``GUTANG_CACHE_DIR``), never the user's.

The machine is shared, so the same run first measures a floor: ``plan`` on the bundled
example (93 targets), which is little more than starting Python and importing the
package. Compare each figure with the floor of the same run, not with another day's.

Usage: ``python scripts/bench_scale.py [N_TARGETS]`` (``make bench`` runs it).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from gutang_analysis import paths

#: CPU seconds ``template`` and ``check`` should each stay within at 100,000 targets …
GOAL_SECONDS = 10.0
#: … and what they should ideally take.
IDEAL_SECONDS = 5.0

#: The fields a generated target keeps (the rest take their defaults).
FIELDS = (
    "section",
    "title",
    "source_text",
    "kind",
    "comparator",
    "target_value",
    "unit",
    "direction",
    "required_stage",
)


def make_plan_folder(folder: Path, n_targets: int) -> Path:
    """A plan folder of ``n_targets`` targets (``plan.yaml`` and the plan text)."""
    data = yaml.load(paths.DEFAULT_PLAN.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    base = data.pop("targets")
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(paths.DEFAULT_PLAN.parent / data["plan"]["source"], folder / "source.txt")
    data["plan"]["source"] = "source.txt"
    lines = []
    for i in range(n_targets):
        t = base[i % len(base)]
        entry = {"id": f"t{i}", **{k: t[k] for k in FIELDS if t.get(k) is not None}}
        flow = yaml.dump(
            entry, Dumper=yaml.CSafeDumper, allow_unicode=True, default_flow_style=True, width=10**6
        )
        lines.append("- " + flow.strip())
    head = yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    text = head + "targets:\n" + "\n".join(lines) + "\n"
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    return folder


def run(*args: str, cache: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of one ``gutang-review`` command in a new process, with the
    plan cache in ``cache``."""
    code = "import sys; from gutang_analysis.cli import main; sys.exit(main())"
    env = {**os.environ, "GUTANG_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False, env=env
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.returncode


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 100_000
    print(
        f"目标：10 万项目标时 template、check 各不超过 {GOAL_SECONDS:.0f} 秒 CPU 时间"
        f"（理想 {IDEAL_SECONDS:.0f} 秒）；机器为多人共用，请与同一次运行的基线比较"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = make_plan_folder(Path(tmp) / "plan", n)
        cache = Path(tmp) / "cache"
        size = (folder / "plan.yaml").stat().st_size / 1024 / 1024
        print(f"计划 {n} 项目标（plan.yaml {size:.1f} MB）；负载 {os.getloadavg()[0]:.1f}")
        example = make_plan_folder(Path(tmp) / "example", len(_bundled_targets()))
        wall, cpu, status = run("plan", "--dir", str(example), cache=cache)
        print(
            f"  基线（启动与导入，{len(_bundled_targets())} 项目标的 plan）"
            f"{wall:6.1f} 秒（CPU {cpu:5.1f} 秒）"
        )
        outcomes = folder / "outcomes"
        for label in ("冷启动（无缓存）", "缓存命中"):
            print(f"  {label}：")
            for command in ("plan", "template", "check"):
                if label != "缓存命中":
                    shutil.rmtree(cache, ignore_errors=True)  # each cold run parses the plan
                if command == "template":
                    shutil.rmtree(outcomes, ignore_errors=True)  # template never overwrites
                wall, cpu, code = run(command, "--dir", str(folder), cache=cache)
                shown = f"{wall:6.1f} 秒（CPU {cpu:5.1f} 秒，退出码 {code}）"
                if command != "plan" and n >= 100_000:
                    if cpu <= IDEAL_SECONDS:
                        shown += f"，达到理想（不超过 {IDEAL_SECONDS:.0f} 秒）"
                    elif cpu <= GOAL_SECONDS:
                        shown += f"，达到目标，未达理想 {IDEAL_SECONDS:.0f} 秒"
                    else:
                        shown += f"，超过 {GOAL_SECONDS:.0f} 秒目标"
                print(f"    gutang-review {command:<8} {shown}")
                status = max(status, code)
        print(f"  负载 {os.getloadavg()[0]:.1f}")
    return status


def _bundled_targets() -> list:
    data = yaml.load(paths.DEFAULT_PLAN.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return data["targets"]


if __name__ == "__main__":
    sys.exit(main(sys.argv))
