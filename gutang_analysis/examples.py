"""The bundled examples, by name: one call gives a notebook a loaded, scored run.

Each example is a plan folder shipped with the package. :func:`gutang_2022` returns the
example's :class:`~gutang_analysis.run.Run`: loaded exactly as ``gutang-review build`` loads
it (plan, year-end outcomes, the baseline year, the mid-year figures and the policy of
the folder), so ``run.result.overall["score"]`` is the figure the reports show.
:func:`folder` gives the folder itself, for :func:`~gutang_analysis.run.resolve_run` or for
copying as the start of one's own plan folder.

The example's outcome figures are invented (示例数据); every report built from them says
so, and ``run.result.overall["illustrative"]`` is True.
"""

from __future__ import annotations

from pathlib import Path

from . import paths
from .errors import Problem, UsageError
from .run import load_run, resolve_run

__all__ = ["EXAMPLES", "folder", "gutang_2022", "load"]

#: Example name -> (plan folder, Chinese description).
EXAMPLES: dict[str, tuple[Path, str]] = {
    "gutang-2022": (
        paths.EXAMPLE_FOLDER,
        "古塘街道（宁波慈溪）2022 年工作安排；完成情况为示例数据（虚构）",
    ),
}


def folder(name: str = "gutang-2022") -> Path:
    """The plan folder of a bundled example.

    Parameters
    ----------
    name : str
        The example's name (a key of :data:`EXAMPLES`).

    Raises
    ------
    UsageError
        When there is no example of that name (the message lists the names).

    Examples
    --------
    >>> folder().name
    'gutang-2022'
    >>> (folder() / "plan.yaml").is_file()
    True
    """
    if name not in EXAMPLES:
        raise UsageError(
            "没有这个示例",
            [Problem(None, None, "name", name, "以下示例之一：" + "、".join(EXAMPLES))],
        )
    return EXAMPLES[name][0]


def load(name: str = "gutang-2022"):
    """The bundled example ``name`` loaded and scored as the reports load it.

    Returns
    -------
    Run
        With ``.plan .policy .outcomes .baseline .midyear .result .midyear_result`` and
        ``.inputs`` (the resolved files).

    Examples
    --------
    >>> load("gutang-2022").plan.id
    'gutang-2022'
    """

    return load_run(resolve_run(folder(name)))


def gutang_2022():
    """The 古塘街道 2022 example, loaded and scored exactly as the reports are.

    The run reads the example folder ``data/plans/gutang-2022/``: the plan, the year-end
    figures (``outcomes/2022.csv``), the baseline year (``outcomes/2021.csv``, used by the
    year-on-year targets) and the mid-year figures (``outcomes/2022-06-30.csv``). Its
    ``result`` is therefore the same result the annual review shows; scoring the year-end
    figures *without* the baseline would leave the year-on-year targets unscored and give
    a different total.

    Returns
    -------
    Run
        ``run.result`` (year end), ``run.midyear_result`` (30 June), ``run.plan``,
        ``run.policy``, ``run.outcomes``, ``run.baseline``, ``run.midyear`` and
        ``run.inputs`` (a :class:`~gutang_analysis.run.RunInputs`).

    Examples
    --------
    >>> run = gutang_2022()
    >>> run.result.overall["score"], run.result.overall["grade"]
    (83.03, '良')
    >>> run.inputs.as_of, run.result.overall["illustrative"]
    ('2022-06-30', True)
    """
    return load("gutang-2022")
