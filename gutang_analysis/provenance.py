"""Which plan, outcome file, policy and package version built a report, and when.

Every report opens with this record (and with a red banner when any of its input figures,
outcomes or baseline, are illustrative), so a printed page can always be traced back to its inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from ._version import __version__
from .paths import NOTEBOOKS_DIR, PACKAGE_DIR, PROJECT_ROOT

__all__ = [
    "CHINA_TZ",
    "ILLUSTRATIVE_BANNER",
    "Provenance",
    "collect_provenance",
    "file_sha256",
    "illustrative_banner",
    "local_time_text",
    "report_header_html",
    "shown_path",
    "warnings_html",
]

#: The banner shown at the top of every report built from illustrative (invented) figures.
ILLUSTRATIVE_BANNER = "本报告使用示例数据（虚构），不是官方统计"

#: China Standard Time (UTC+8, no daylight saving): the time zone reports are read in.
CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "北京时间")


def local_time_text(when: str | dt.datetime) -> str:
    """A build time as readers in China write it: ``2026年11月25日 17:17（北京时间）``.

    ``when`` is an ISO 8601 string or a datetime; one without a time zone is taken as
    the machine's local time.

    Examples
    --------
    >>> local_time_text("2026-11-25T09:17:03+00:00")
    '2026年11月25日 17:17（北京时间）'
    """
    moment = dt.datetime.fromisoformat(when) if isinstance(when, str) else when
    if moment.tzinfo is None:
        moment = moment.astimezone()
    local = moment.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}（北京时间）"


def file_sha256(path: str | Path) -> str:
    """Return the SHA-256 of a file's bytes as hex.

    Examples
    --------
    >>> from gutang_analysis.paths import DEFAULT_PLAN
    >>> len(file_sha256(DEFAULT_PLAN))
    64
    """
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """The inputs and circumstances of one report.

    Attributes
    ----------
    plan_title, plan_id : str
        The plan's title and id.
    plan_file, plan_sha256 : str
        The plan file and its SHA-256.
    outcomes_file, outcomes_sha256 : str or None
        The outcome file and its SHA-256.
    illustrative : bool
        True when any input frame (outcomes or baseline) declares itself 示例数据.
    baseline_file, baseline_sha256 : str or None
        The baseline-year file, when one was used.
    policy : str
        The scoring policy (its name and file).
    version : str
        The gutang-analysis version.
    built_at : str
        When the report was built (ISO 8601 with the UTC offset).
    as_of : str or None
        The as-of date for a mid-year check.
    policy_file, policy_sha256 : str or None
        The policy file and its SHA-256.
    illustrative_inputs : tuple of str
        Which inputs are illustrative, as readers name them (``完成情况数据``,
        ``年中数据``, ``基期数据``); empty when none is (or when not recorded).
    """

    plan_title: str
    plan_id: str
    plan_file: str
    plan_sha256: str
    outcomes_file: str | None
    outcomes_sha256: str | None
    illustrative: bool
    baseline_file: str | None
    baseline_sha256: str | None
    policy: str
    version: str
    built_at: str
    as_of: str | None = None
    policy_file: str | None = None
    policy_sha256: str | None = None
    illustrative_inputs: tuple[str, ...] = ()
    units_files: tuple[tuple[str, str], ...] = ()
    code_sha256: str | None = None

    @property
    def banner(self) -> str | None:
        """The illustrative-data banner of this report, or None (:func:`illustrative_banner`)."""
        return illustrative_banner(self)

    def as_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (for the JSON summary)."""
        out = asdict(self)
        out["illustrative_inputs"] = list(self.illustrative_inputs)
        out["units_files"] = [{"file": f, "sha256": h} for f, h in self.units_files]
        return out

    def rows(self) -> list[tuple[str, str]]:
        """Return the record as (Chinese label, value) pairs, in reading order."""
        out = [
            ("计划", f"{self.plan_title}"),
            ("计划文件", f"{self.plan_file}（SHA-256 {self.plan_sha256}）"),
        ]
        flagged = set(self.illustrative_inputs)

        def mark(name: str) -> str:
            return "（示例数据，虚构）" if name in flagged else ""

        main = _MAIN_INPUT[self.as_of is not None]
        if self.outcomes_file:
            out.append(
                (
                    "完成情况数据",
                    f"{self.outcomes_file}{mark(main)}（SHA-256 {self.outcomes_sha256}）",
                )
            )
        else:
            out.append(("完成情况数据", "未提供"))
        if self.baseline_file:
            out.append(
                (
                    "基期数据",
                    f"{self.baseline_file}{mark('基期数据')}（SHA-256 {self.baseline_sha256}）",
                )
            )
        if self.as_of:
            out.append(("截至日期", self.as_of))
        out.append(("评分规则", self.policy))
        if self.policy_file:
            sha = f"（SHA-256 {self.policy_sha256}）" if self.policy_sha256 else ""
            out.append(("评分规则文件", f"{self.policy_file}{sha}"))
        for file, sha in self.units_files:
            out.append(("计量单位", f"{file}（SHA-256 {sha}）"))
        code = f"（程序与笔记本 SHA-256 {self.code_sha256}）" if self.code_sha256 else ""
        out.append(("软件版本", f"gutang-analysis {self.version}{code}"))
        out.append(("生成时间", local_time_text(self.built_at)))
        return out


#: How a report names its main figures: the year-end file, or the mid-year one.
_MAIN_INPUT = {False: "完成情况数据", True: "年中数据"}


def banner_div(text: str) -> str:
    """The red notice box that opens every page built from illustrative (示例数据) figures.

    Examples
    --------
    >>> banner_div("本报告使用示例数据（虚构）<测试>")[:30]
    '<div class="gutang-banner" rol'
    >>> "&lt;测试&gt;" in banner_div("<测试>")
    True
    """
    return (
        '<div class="gutang-banner" role="alert" style="border:2px solid #d7453c;'
        "background:#fff4e5;color:#8a1c13;padding:10px 14px;margin:0 0 16px;"
        f'font-weight:bold;font-size:15px">⚠ {html.escape(text)}</div>'
    )


def illustrative_banner(provenance: Provenance) -> str | None:
    """The banner a report built from illustrative (invented) inputs opens with, or None.

    :data:`ILLUSTRATIVE_BANNER` when the report's main figures are illustrative; when only
    another input is (a bundled baseline next to a user's own figures) the banner names it:
    ``本报告的基期数据为示例数据（虚构），不是官方统计``.

    Examples
    --------
    >>> prov = Provenance("计划", "p", "p.yaml", "0" * 64, "o.csv", "1" * 64, True,
    ...                   "b.csv", "2" * 64, "默认评分规则", "0.1.0",
    ...                   "2023-01-05T10:00:00+08:00", illustrative_inputs=("基期数据",))
    >>> illustrative_banner(prov)
    '本报告的基期数据为示例数据（虚构），不是官方统计'
    """
    if not provenance.illustrative:
        return None
    names = tuple(provenance.illustrative_inputs)
    if not names or any(n in _MAIN_INPUT.values() for n in names):
        return ILLUSTRATIVE_BANNER
    return f"本报告的{'、'.join(names)}为示例数据（虚构），不是官方统计"


def _is_illustrative(frame: pd.DataFrame | None) -> bool:
    return bool(frame is not None and frame.attrs.get("illustrative", False))


def _frame_file(frame: pd.DataFrame | None) -> tuple[str | None, str | None]:
    if frame is None:
        return None, None
    source = frame.attrs.get("source_file")
    digest = frame.attrs.get("sha256")
    if source and not digest and Path(source).is_file():
        digest = file_sha256(source)
    return (str(source) if source else None), digest


def shown_path(path: str | Path | None, folder: Path | None = None) -> str | None:
    """How a report names an input file or folder: a bundled one relative to the project,
    a file of the plan folder as ``FOLDER/relative path``, any other by its name. Never the
    whole path of the analyst's machine (a report or form is sent on: to the district, to
    the signing official); the SHA-256 beside it identifies the file.

    Examples
    --------
    >>> shown_path("/home/a/水口2025/outcomes/2025.csv", Path("/home/a/水口2025"))
    '水口2025/outcomes/2025.csv'
    >>> shown_path("/tmp/x/其他/填报.xlsx", Path("/home/a/水口2025"))
    '填报.xlsx'
    >>> shown_path("/home/a/各镇/青山2025")  # a town's plan folder in a district report
    '青山2025'
    """
    if path is None:
        return None
    resolved = Path(path).resolve()
    for root, prefix in ((PROJECT_ROOT, None), (folder, folder)):
        if root is None:
            continue
        try:
            relative = resolved.relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            continue
        return f"{Path(prefix).name}/{relative}" if prefix is not None else relative
    return resolved.name


def _policy_text(policy: object) -> str:
    if policy is None:
        return "默认评分规则"
    name = getattr(policy, "name", None) or "评分规则"
    version = getattr(policy, "version", None)
    if version:
        name = f"{name} {version}"
    return str(name)


def collect_provenance(
    plan: Any,
    outcomes: pd.DataFrame | None,
    *,
    baseline: pd.DataFrame | None = None,
    policy: object = None,
    as_of: str | dt.date | None = None,
    built_at: dt.datetime | None = None,
    inputs: Any = None,
) -> Provenance:
    """Collect the provenance of a report from the objects it was built from.

    Parameters
    ----------
    plan : Plan
        The loaded plan (``plan.load_plan``).
    outcomes : pandas.DataFrame or None
        The loaded outcomes; its ``attrs`` carry the file, SHA-256 and the illustrative flag.
    baseline : pandas.DataFrame, optional
        The loaded baseline-year outcomes.
    policy : Policy, optional
        The scoring policy (``policy.load_policy``).
    as_of : str or datetime.date, optional
        The as-of date of a mid-year check.
    built_at : datetime.datetime, optional
        When; defaults to now, in the machine's time zone.
    inputs : RunInputs, optional
        The run's inputs: adds the unit registry and the plan's own units file, each
        with its SHA-256 as taken when the run was resolved.

    Returns
    -------
    Provenance

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.paths import DEFAULT_OUTCOMES
    >>> plan = load_plan()
    >>> prov = collect_provenance(plan, load_outcomes(DEFAULT_OUTCOMES, plan))
    >>> prov.illustrative, prov.plan_id
    (True, 'gutang-2022')
    """
    outcomes_file, outcomes_sha = _frame_file(outcomes)
    folder = getattr(inputs, "folder", None) or Path(plan.path).parent
    baseline_file, baseline_sha = _frame_file(baseline)
    when = (built_at or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    policy_path = getattr(policy, "path", None)
    flagged = []
    if _is_illustrative(outcomes):
        flagged.append(_MAIN_INPUT[as_of is not None])
    if _is_illustrative(baseline):
        flagged.append("基期数据")
    return Provenance(
        plan_title=str(plan.title),
        plan_id=str(plan.id),
        plan_file=shown_path(str(plan.path), folder) or "",
        plan_sha256=file_sha256(plan.path),
        outcomes_file=shown_path(outcomes_file, folder),
        outcomes_sha256=outcomes_sha,
        illustrative=bool(flagged),
        baseline_file=shown_path(baseline_file, folder),
        baseline_sha256=baseline_sha,
        policy=_policy_text(policy),
        version=__version__,
        built_at=when,
        as_of=str(as_of) if as_of is not None else None,
        policy_file=shown_path(str(policy_path), folder) if policy_path else None,
        policy_sha256=getattr(policy, "sha256", None),
        illustrative_inputs=tuple(flagged),
        units_files=_units_files(inputs, folder),
        code_sha256=code_sha256(),
    )


def _units_files(inputs: Any, folder: Path | None = None) -> tuple[tuple[str, str], ...]:
    if inputs is None:
        return ()
    hashes = dict(getattr(inputs, "hashes", ()))
    files = inputs.files()
    return tuple(
        (
            shown_path(str(files[role]), folder) or "",
            hashes.get(role) or file_sha256(files[role]),
        )
        for role in ("registry", "units")
        if role in files
    )


@cache
def code_sha256() -> str:
    """One SHA-256 over the package's code, templates and report notebooks.

    Two builds with the same inputs and the same fingerprint compute the same figures.

    Examples
    --------
    >>> len(code_sha256())
    64
    """

    h = hashlib.sha256()
    files = [
        *sorted(PACKAGE_DIR.rglob("*.py")),
        *sorted((PACKAGE_DIR / "templates").rglob("*")),
        *sorted(NOTEBOOKS_DIR.glob("*.ipynb")),
        *sorted(NOTEBOOKS_DIR.glob("*.yaml")),
    ]
    for f in files:
        if f.is_file() and "__pycache__" not in f.parts:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


_HASH = re.compile(r"（SHA-256 [0-9a-f]{64}）")


def _hash_span(text: str) -> str:
    """Wrap a SHA-256 in a span that moves to the next line whole rather than splitting.

    Examples
    --------
    >>> _hash_span("a.csv（SHA-256 " + "0" * 64 + "）").split("（")[0]
    'a.csv<span class="gutang-hash">'
    """
    return _HASH.sub(lambda m: f'<span class="gutang-hash">{m.group(0)}</span>', text)


def warnings_html(warnings: list[str] | tuple[str, ...] | None) -> str:
    """The scoring's warnings as a prominent box (empty string when there are none).

    Examples
    --------
    >>> warnings_html([])
    ''
    >>> "缺少 2021 年基期" in warnings_html(["2 项同比方向目标缺少 2021 年基期数据"])
    True
    """
    items = [str(w).strip() for w in (warnings or ()) if str(w).strip()]
    if not items:
        return ""
    body = "".join(f"<li>{html.escape(w)}</li>" for w in items)
    return (
        '<div class="gutang-warnings" role="note" style="border:2px solid #e08a00;'
        'background:#fff8e1;color:#5c3b00;padding:8px 14px;margin:0 0 16px">'
        f'<p style="margin:0 0 4px;font-weight:bold">注意：本次评分有 {len(items)} 处需要留意</p>'
        f'<ul style="margin:0;padding-left:1.4em">{body}</ul></div>'
    )


def report_header_html(
    title: str,
    provenance: Provenance,
    subtitle: str | None = None,
    warnings: list[str] | tuple[str, ...] | None = None,
    *,
    appendix: bool = False,
) -> str:
    """Return the top of a report: the illustrative-data banner, the title, provenance and
    the scoring's warnings (missing baselines, stale data …), before any summary.

    With ``appendix=True`` the provenance is left out of the top: the report shows it
    at its end (:func:`provenance_appendix_html`) and opens with its verdict.

    All text is escaped.

    Parameters
    ----------
    title : str
        The report title (年度目标完成情况评估报告 …).
    provenance : Provenance
        What built the report.
    subtitle : str, optional
        A line under the title (the plan's issuer and year, a programme name …).
    warnings : list of str, optional
        ``ScoreResult.warnings``, shown in a box after the provenance.
    appendix : bool
        Leave the provenance for the appendix at the end of the report.

    Examples
    --------
    >>> prov = Provenance("计划", "p", "p.yaml", "0" * 64, "o.csv", "1" * 64, True,
    ...                   None, None, "默认评分规则", "0.1.0", "2023-01-05T10:00:00+08:00")
    >>> "示例数据" in report_header_html("年度报告", prov)
    True
    """
    esc = html.escape
    parts = []
    banner = illustrative_banner(provenance)
    if banner:
        parts.append(banner_div(banner))
    parts.append(f"<h1>{esc(title)}</h1>")
    if subtitle:
        parts.append(f'<p class="gutang-subtitle">{esc(subtitle)}</p>')
    if not appendix:
        parts.append(_provenance_list(provenance))
    box = warnings_html(warnings)
    if box:
        parts.append(box)
    return "\n".join(parts)


def _provenance_list(provenance: Provenance) -> str:
    esc = html.escape
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{_hash_span(esc(v))}</dd>" for k, v in provenance.rows())
    return f'<dl class="gutang-provenance">{rows}</dl>'


def provenance_appendix_html(provenance: Provenance, *, index: str | None = "index.html") -> str:
    """The appendix at the end of a report: which files, code and policy built it.

    Placed last, after the report's own text, so that no reader meets file paths and
    SHA-256 values before the results; with ``index`` it ends with a link back to the
    build's index page.

    Examples
    --------
    >>> prov = Provenance("计划", "p", "p.yaml", "0" * 64, "o.csv", "1" * 64, True,
    ...                   None, None, "默认评分规则", "0.1.0", "2023-01-05T10:00:00+08:00")
    >>> page = provenance_appendix_html(prov)
    >>> page.index("附：数据来源与校验信息") < page.index("SHA-256")
    True
    >>> 'href="index.html"' in page
    True
    """
    back = (
        f'<p class="gutang-back"><a href="{html.escape(index)}">返回报告目录</a></p>'
        if index
        else ""
    )
    return (
        '<section class="gutang-appendix" aria-label="附：数据来源与校验信息">'
        "<h2>附：数据来源与校验信息</h2>"
        "<p>本报告由下列文件和程序生成；文件内容是否改动，可用 gutang-review verify 核对。</p>"
        f"{_provenance_list(provenance)}{back}</section>"
    )
