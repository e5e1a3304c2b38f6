"""Time ``load_plan`` against PyYAML's C-loader parse of the same file.

Builds a large plan (the bundled targets repeated with new ids, 4,650 targets by default)
in a temporary folder and prints the parse time, the load time and their ratio. The
target is a ratio of at most 2.5.

Usage: ``python scripts/bench_plan_load.py [N_TARGETS]``
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

from gutang_analysis import paths
from gutang_analysis.plan import load_plan

TARGET_RATIO = 2.5


def make_plan(folder: Path, n_targets: int) -> Path:
    """Write a plan of ``n_targets`` targets (the bundled ones, repeated) into ``folder``."""
    data = yaml.load(paths.DEFAULT_PLAN.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    base = data["targets"]
    targets = []
    for i in range(n_targets):
        t = dict(base[i % len(base)])
        t["id"] = f"{t['id']}-{i // len(base)}"
        if t.get("group"):
            t["group"] = f"{t['group']}-{i // len(base)}"
        targets.append(t)
    data["targets"] = targets
    source = folder / "source.txt"
    shutil.copy(paths.DEFAULT_PLAN.parent / data["plan"]["source"], source)
    data["plan"]["source"] = source.name
    out = folder / "big-plan.yaml"
    out.write_text(
        yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return out


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 4650
    with tempfile.TemporaryDirectory() as tmp:
        path = make_plan(Path(tmp), n)
        text = path.read_text(encoding="utf-8")
        caches = iter(range(1000))

        def cold() -> None:  # every load parses and checks: a cache of its own, empty
            os.environ["GUTANG_CACHE_DIR"] = str(Path(tmp) / f"cache-{next(caches)}")
            load_plan(path)

        cold()  # warm up imports and the unit registry
        parse = best_of(lambda: yaml.load(text, Loader=yaml.CSafeLoader))
        load = best_of(cold)
        os.environ["GUTANG_CACHE_DIR"] = str(Path(tmp) / "cache-warm")
        load_plan(path)
        cached = best_of(lambda: load_plan(path))
    ratio = load / parse
    print(f"targets: {n}")
    print(f"yaml.load (CSafeLoader): {parse:.3f} s")
    print(f"load_plan (no cache):    {load:.3f} s")
    print(f"ratio:                   {ratio:.2f} (target ≤ {TARGET_RATIO})")
    print(f"load_plan (cached plan): {cached:.3f} s")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
