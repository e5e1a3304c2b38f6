"""The downloads a build writes next to its reports, by name.

The report manifest (``notebooks/reports.yaml``) names a writer for each download; this
registry maps the name to a function ``writer(run, path) -> Path`` that writes the file
from the run loaded once for the whole build. A new kind of download is a function here
and a line in the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["WRITERS"]


def _self_evaluation_xlsx(run: Any, path: Path) -> Path:
    from .report import context_of, write_self_evaluation_xlsx

    ctx = context_of(run)
    return write_self_evaluation_xlsx(ctx.result, ctx.plan, path, ctx.provenance, ctx.outcomes)


def _summary_json(run: Any, path: Path) -> Path:
    from .report import context_of, write_summary_json

    ctx = context_of(run)
    return write_summary_json(ctx.result, path, ctx.provenance, ctx.outcomes)


def _self_evaluation_form(run: Any, path: Path) -> Path:
    from .report import context_of
    from .selfeval_form import write_self_evaluation_form

    ctx = context_of(run)
    return write_self_evaluation_form(
        ctx.result,
        ctx.plan,
        path,
        provenance=ctx.provenance,
        outcomes=ctx.outcomes,
        policy=ctx.policy,
    )


def _self_evaluation_docx(run: Any, path: Path) -> Path:
    from .report import context_of
    from .selfeval_docx import write_self_evaluation_docx

    ctx = context_of(run)
    return write_self_evaluation_docx(
        ctx.result,
        ctx.plan,
        path,
        provenance=ctx.provenance,
        outcomes=ctx.outcomes,
        policy=ctx.policy,
    )


def _targets_csv(run: Any, path: Path) -> Path:
    from .report import context_of
    from .tables import write_targets_csv

    ctx = context_of(run)
    return write_targets_csv(
        ctx.result, ctx.plan, path, outcomes=ctx.outcomes, provenance=ctx.provenance
    )


def _supervision_xlsx(run: Any, path: Path) -> Path:
    from .supervision import periods_of_run, write_ledger_xlsx

    return write_ledger_xlsx(periods_of_run(run), path)


def _supervision_json(run: Any, path: Path) -> Path:
    from .supervision import periods_of_run, write_ledger_json

    return write_ledger_json(periods_of_run(run), path)


#: Writer name -> function writing one download of a run.
WRITERS: dict[str, Callable[[Any, Path], Path]] = {
    "self_evaluation_xlsx": _self_evaluation_xlsx,
    "summary_json": _summary_json,
    "self_evaluation_form": _self_evaluation_form,
    "self_evaluation_docx": _self_evaluation_docx,
    "targets_csv": _targets_csv,
    "supervision_xlsx": _supervision_xlsx,
    "supervision_json": _supervision_json,
}
