"""The downloads a build writes next to its reports, by name.

The report manifest (``notebooks/reports.yaml``) names a writer for each download; this
registry maps the name to a function ``writer(ctx, path) -> Path`` that writes the file
from the year-end :class:`~gutang_analysis.report.ReportContext` of the run loaded once
for the whole build. A new kind of download is a function here and a line in the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .ledger import write_ledger_json, write_ledger_xlsx
from .periods import periods_of_run
from .report import context_of
from .selfeval_docx import write_self_evaluation_docx
from .selfeval_form import write_self_evaluation_form
from .summary import write_summary_json
from .tables import write_targets_csv
from .workbook import write_self_evaluation_xlsx

__all__ = ["MIDYEAR_WRITERS", "RUN_WRITERS", "SECTION_WRITERS", "WRITERS", "write_output"]


def _self_evaluation_xlsx(ctx: Any, path: Path) -> Path:

    return write_self_evaluation_xlsx(ctx.result, ctx.plan, path, ctx.provenance, ctx.outcomes)


def _summary_json(ctx: Any, path: Path, section: str | None = None) -> Path:

    return write_summary_json(ctx.result, path, ctx.provenance, ctx.outcomes, ctx.plan, section)


#: Writers that write the mid-year figures (the 时间过半 check) rather than the year-end ones.
MIDYEAR_WRITERS: frozenset[str] = frozenset({"midyear_summary_json"})
#: Writers of one programme's figures (a section review's JSON): they get its section id.
SECTION_WRITERS: frozenset[str] = frozenset({"section_summary_json"})
#: Writers that read the whole run (every period of the year), not one report's figures.
RUN_WRITERS: frozenset[str] = frozenset({"supervision_xlsx", "supervision_json"})


def _self_evaluation_form(ctx: Any, path: Path) -> Path:

    return write_self_evaluation_form(
        ctx.result,
        ctx.plan,
        path,
        provenance=ctx.provenance,
        outcomes=ctx.outcomes,
        policy=ctx.policy,
    )


def _self_evaluation_docx(ctx: Any, path: Path) -> Path:

    return write_self_evaluation_docx(
        ctx.result,
        ctx.plan,
        path,
        provenance=ctx.provenance,
        outcomes=ctx.outcomes,
        policy=ctx.policy,
    )


def _targets_csv(ctx: Any, path: Path) -> Path:

    return write_targets_csv(
        ctx.result, ctx.plan, path, outcomes=ctx.outcomes, provenance=ctx.provenance
    )


def _supervision_xlsx(run: Any, path: Path) -> Path:

    return write_ledger_xlsx(periods_of_run(run), path)


def _supervision_json(run: Any, path: Path) -> Path:

    return write_ledger_json(periods_of_run(run), path)


#: Writer name -> function writing one download from a report context (or, for
#: :data:`RUN_WRITERS`, from the run itself).
WRITERS: dict[str, Callable[[Any, Path], Path]] = {
    "self_evaluation_xlsx": _self_evaluation_xlsx,
    "summary_json": _summary_json,
    "section_summary_json": _summary_json,
    "midyear_summary_json": _summary_json,
    "self_evaluation_form": _self_evaluation_form,
    "self_evaluation_docx": _self_evaluation_docx,
    "targets_csv": _targets_csv,
    "supervision_xlsx": _supervision_xlsx,
    "supervision_json": _supervision_json,
}


def write_output(writer: str, run: Any, path: Path, section: str | None = None) -> Path:
    """Write one download of a run with the named writer (year-end figures, or the
    mid-year ones for :data:`MIDYEAR_WRITERS`; one programme's for :data:`SECTION_WRITERS`)."""

    if writer in RUN_WRITERS:
        return WRITERS[writer](run, path)
    ctx = context_of(run, midyear=writer in MIDYEAR_WRITERS)
    if writer in SECTION_WRITERS:
        return WRITERS[writer](ctx, path, section)
    return WRITERS[writer](ctx, path)
