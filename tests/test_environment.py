"""environment.yml (conda users) and pyproject.toml (pip users) list the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _normalise(spec: str) -> tuple[str, str]:
    spec = spec.replace(" ", "")
    name, rest = re.match(r"^([A-Za-z0-9_.\-\[\]]+)(.*)$", spec).groups()
    parts = ",".join(sorted(rest.split(","))) if rest else ""
    return re.sub(r"[-_.]+", "-", name).lower(), parts


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        specs += extra
    return dict(_normalise(s) for s in specs)


def _environment() -> tuple[dict[str, str], list[str]]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    packages = [p for p in pip if not p.startswith("-")]
    return dict(_normalise(s) for s in packages), conda


def test_environment_lists_the_same_dependencies_as_pyproject():
    pip, _ = _environment()
    assert pip == _pyproject()


def test_environment_pins_python_311_and_installs_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "python=3.11" in env["dependencies"]
    assert "-e ." in pip


def test_every_runtime_dependency_pins_a_major_version():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras = data["project"]["optional-dependencies"]
    for spec in data["project"]["dependencies"] + [s for v in extras.values() for s in v]:
        assert "<" in spec and ">=" in spec, spec


def test_interactive_extra_is_optional():
    """itables and ipywidgets are an extra: the package works without them."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    names = {_normalise(s)[0] for s in data["project"]["dependencies"]}
    extra = {_normalise(s)[0] for s in data["project"]["optional-dependencies"]["interactive"]}
    assert extra == {"itables", "ipywidgets"}
    assert not names & extra


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def _package_imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports (anywhere in it)."""
    import ast

    pkg = Path(__file__).resolve().parents[1] / "gutang_analysis"
    mods = {p.stem for p in pkg.glob("*.py")}
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for p in pkg.glob("*.py"):
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [a.name for a in node.names]
                edges[p.stem] |= {n.split(".")[0] for n in names if n.split(".")[0] in mods}
    return edges


def test_the_documented_layers_hold_and_nothing_imports_in_a_loop():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text(
        encoding="utf-8"
    )
    block = doc.split("## Layers")[1].split("```text\n")[1].split("```")[0]
    layers: list[list[str]] = []
    for line in block.splitlines():
        if not line.startswith("  "):
            layers.append([])
        layers[-1] += line[:43].replace(",", " ").split()
    rank = {m: -i for i, names in enumerate(layers) for m in names}
    edges = _package_imports()
    assert set(edges) - {"__init__"} <= set(rank), "every module has its layer in the doc"
    upward = sorted((a, b) for a, bs in edges.items() if a in rank for b in bs if rank[b] > rank[a])
    assert upward == []
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(edges[m] - {m}):
            assert state.get(n) != 1, " -> ".join([*path, m, n])  # an import loop
            if n not in state:
                visit(n, [*path, m])
        state[m] = 2

    for m in sorted(edges):
        if m not in state:
            visit(m, [])
