"""What a report notebook needs in one call: the run opened, shown year-end or mid-year.

Notebooks stay thin: ``report.open_report(run)`` returns a :class:`ReportContext` (plan,
outcomes, baseline, policy, score result, provenance) for the run a build handed them, or
for the plan folder they stand in. :func:`prepare` does the same from file paths, for
analysts. The words, tables and files a report is made of live in :mod:`phrases`,
:mod:`tables`, :mod:`narrative`, :mod:`workbook` and :mod:`summary`.
"""

from __future__ import annotations

import datetime as dt
import functools
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._ipython import install
from .errors import DataWarning, FolderError
from .phrases import actual_texts
from .provenance import (
    Provenance,
    collect_provenance,
    provenance_appendix_html,
    report_header_html,
    warnings_html,
)
from .run import Run, load_run, missing_outcomes_problem, resolve_run, reuse_run
from .summary import write_summary_json
from .verdict import verdict_html
from .workbook import write_self_evaluation_xlsx

__all__ = ["ReportContext", "context_of", "open_report", "prepare"]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report shows, loaded and scored once.

    Attributes
    ----------
    plan : Plan
    outcomes : pandas.DataFrame
    baseline : pandas.DataFrame or None
    policy : Policy
    result : ScoreResult
    provenance : Provenance
    as_of : str or None
        The as-of date of a mid-year check (None for the year-end review).
    lights : pandas.Series or None
        The year-end review's 三色预警 lights: each target's light label (index
        ``target_id``) at the latest 督查 period of the run, None without 督查 periods.
    lights_when : str or None
        That period, as a reader names it (``2022 年末``, ``2022-09-30``).
    """

    plan: Any
    outcomes: pd.DataFrame
    baseline: pd.DataFrame | None
    policy: Any
    result: Any
    provenance: Provenance
    as_of: str | None = None
    lights: pd.Series | None = None
    lights_when: str | None = None

    @property
    def illustrative(self) -> bool:
        """True when the outcome figures are illustrative (示例数据)."""
        return self.provenance.illustrative

    @functools.cached_property
    def sections(self) -> list[tuple[str, str]]:
        """(section id, name) of every programme with targets, in plan order."""
        present = set(self.result.targets["section"])
        return [
            (str(r.section), str(r.name))
            for r in self.plan.sections.sort_values("order").itertuples()
            if r.section in present
        ]

    @functools.cached_property
    def actual_texts(self) -> dict[str, str]:
        """What each target reached, as a reader writes it, by target id
        (:func:`gutang_analysis.phrases.actual_texts`; worked out once per report)."""
        return actual_texts(self.result, self.outcomes)

    def section_name(self, section: str) -> str:
        """The name of a programme (its id when the plan has no such programme)."""
        return dict(self.sections).get(section, section)

    def header_html(
        self, title: str, subtitle: str | None = None, *, section: str | None = None
    ) -> str:
        """The top of a report, verdict first: illustrative banner, title, subtitle, the
        main points (:func:`verdict.verdict_html`, of one programme with ``section``) and
        the scoring's warnings (``result.warnings``). The provenance is the appendix at
        the end (:meth:`appendix_html`).

        Examples
        --------
        >>> from gutang_analysis import paths
        >>> ctx = prepare(folder=paths.EXAMPLE_FOLDER)
        >>> top = ctx.header_html("年度报告")
        >>> top.index("<h1>") < top.index("自评总分") and "SHA-256" not in top
        True
        """
        sub = subtitle or f"{self.plan.issuer} · {self.plan.year} 年"
        head = report_header_html(title, self.provenance, sub, appendix=True)
        verdict = verdict_html(
            self.result,
            self.plan,
            section=section,
            as_of=self.as_of,
            lights=self.lights,
            lights_when=self.lights_when,
        )
        return head + "\n" + verdict + warnings_html(self.result.warnings)

    def appendix_html(self) -> str:
        """The end of a report: the files, policy and code that built it, SHA-256 each.

        Examples
        --------
        >>> "SHA-256" in prepare().appendix_html()
        True
        """
        return provenance_appendix_html(self.provenance)

    def write_outputs(
        self, xlsx_path: str | Path | None = None, json_path: str | Path | None = None
    ) -> list[Path]:
        """Write the self-evaluation workbook and/or the JSON summary; return the files."""
        out = []
        if xlsx_path:
            out.append(
                write_self_evaluation_xlsx(
                    self.result, self.plan, xlsx_path, self.provenance, self.outcomes
                )
            )
        if json_path:
            out.append(
                write_summary_json(
                    self.result, json_path, self.provenance, self.outcomes, self.plan
                )
            )
        return out


def context_of(run: Run, *, midyear: bool = False) -> ReportContext:
    """What one report shows of a run: the year-end figures, or the mid-year ones.

    Raises
    ------
    FolderError
        When ``midyear`` is asked of a run without mid-year figures.
    """
    if midyear:
        if run.midyear is None or run.midyear_result is None:
            raise FolderError(
                "没有年中数据，无法生成时间过半检查",
                [
                    f"{run.inputs.folder or run.inputs.plan} 中没有 {run.plan.year} 年内某一日期的"
                    f"完成情况文件；请放入如 outcomes/{run.plan.year}-06-30.xlsx 的文件"
                    "（或用 --midyear 指定）"
                ],
            )
        frame, result, when = run.midyear, run.midyear_result, run.inputs.as_of
    elif run.outcomes is None or run.result is None:
        raise FolderError(
            f"没有 {run.plan.year} 年度的完成情况数据，无法生成年度报告",
            [missing_outcomes_problem(run.inputs, run.plan.year)],
        )
    else:
        frame, result, when = run.outcomes, run.result, None
    prov = collect_provenance(
        run.plan, frame, baseline=run.baseline, policy=run.policy, as_of=when, inputs=run.inputs
    )
    lights = lights_when = None
    periods = getattr(run, "periods", None)
    if not midyear and periods is not None:  # the year-end review states the latest lights too
        latest = periods.at()
        lights = latest.set_index("target_id")["light_label"]
        lights_when = f"{periods.latest} 年末" if len(periods.latest) == 4 else periods.latest
    return ReportContext(
        run.plan, frame, run.baseline, run.policy, result, prov, when, lights, lights_when
    )


def open_report(run: dict[str, Any] | None = None, *, midyear: bool = False) -> ReportContext:
    """Open the run a report notebook shows: the one a build passed, or found here.

    Parameters
    ----------
    run : dict, optional
        The ``run`` parameter a build injects (:meth:`RunInputs.as_parameter`). Left as
        None (a notebook opened by hand), the plan folder is found from the current
        directory (else the bundled example) with its default files.
    midyear : bool
        Show the mid-year figures (the 时间过半 check).

    Returns
    -------
    ReportContext

    Examples
    --------
    >>> ctx = open_report()
    >>> ctx.plan.id, ctx.illustrative
    ('gutang-2022', True)
    """

    install()  # in a notebook: the user's own mistakes show as Chinese messages
    with warnings.catch_warnings():  # a report shows them in its header instead
        warnings.simplefilter("ignore", DataWarning)
        loaded = reuse_run(run) if run is not None else load_run(resolve_run())
    return context_of(loaded, midyear=midyear)


def prepare(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    as_of: str | dt.date | None = None,
    *,
    midyear: bool = False,
    folder: str | Path | None = None,
) -> ReportContext:
    """Load the inputs of one report and score them (the rules of :func:`resolve_run`).

    Parameters
    ----------
    plan, outcomes, baseline, policy : str or Path, optional
        Overrides of the plan folder's files.
    as_of : str or datetime.date, optional
        The as-of date of a mid-year check (selects the folder's file of that date).
    midyear : bool
        Prepare a mid-year check (progress against the trajectory).
    folder : str or Path, optional
        The plan folder; found from the current directory when left out.

    Returns
    -------
    ReportContext

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> ctx = prepare(folder=paths.EXAMPLE_FOLDER)
    >>> ctx.illustrative, len(ctx.result.targets) == len(ctx.plan.targets)
    (True, True)
    """

    install()  # in a notebook: the user's own mistakes show as Chinese messages
    inputs = resolve_run(
        folder,
        plan=plan,
        outcomes=None if midyear else outcomes,
        baseline=baseline,
        policy=policy,
        midyear=outcomes if midyear else None,
        as_of=as_of,
    )
    return context_of(load_run(inputs), midyear=midyear)


# ---------------------------------------------------------------------------------------
# the self-evaluation table, xlsx and JSON
