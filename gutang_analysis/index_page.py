"""The build's index page: the verdict, then who sends what to whom.

A reader opens ``index.html`` first. It opens with the verdict (the official total,
counts by status, the costliest shortfalls with their owners), then routes every file to
its reader as the report list says (``to`` in ``notebooks/reports.yaml``): the form to the
reviewing bureau, the review to the leadership, each office's 督办单 to that office. The
files without a recipient (data for analysts) come last, then what was not built and the
build's own record.
"""

from __future__ import annotations

import html
from typing import Any

from .provenance import local_time_text
from .verdict import verdict_html

__all__ = ["INDEX_CSS", "index_html", "office_lights_of"]

INDEX_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",
"SimHei",sans-serif;line-height:1.6;max-width:60rem;margin:0 auto;padding:1rem;color:#1d1d1d}
h1{font-size:1.5rem;line-height:1.35;margin:.5rem 0}
h2{font-size:1.15rem;line-height:1.35;margin:1.2rem 0 .3rem}
h3{font-size:1rem;margin:.9rem 0 .2rem}
.overall{background:#f3f6fb;border-left:4px solid #1f5aa6;padding:.5rem .8rem}
.banner{border:2px solid #d7453c;background:#fff4e5;color:#8a1c13;padding:.6rem .9rem;
font-weight:bold}
.notice{border:2px solid #e08a00;background:#fff8e1;color:#5c3b00;padding:.5rem .9rem}
.failures{border:2px solid #b3261e;background:#fdecea;color:#5f1410;padding:.5rem .9rem;
margin:.8rem 0;overflow-wrap:anywhere}
li.failed{color:#8a1c13}
ul.reports{padding-left:1.2rem}ul.reports li{margin:.35rem 0}
.route{border:1px solid #d5dce6;border-radius:6px;padding:.2rem .9rem .5rem;margin:.6rem 0}
.route h3 .to{font-weight:normal;color:#444}
.meta{color:#555;font-size:.9rem;overflow-wrap:anywhere}
.count{white-space:nowrap;font-weight:bold;padding:0 .35rem;border-radius:3px;margin-left:.3rem}
.count.red{background:#c0392b;color:#fff}.count.yellow{background:#f2b134;color:#111}
a{color:#1f5aa6}
@media print{.banner{position:fixed;top:0;left:0;right:0}body{padding-top:3rem}}
"""

#: Where a recipient's files are described, in the order the page lists them.
_ANALYSTS = "分析与存档（数据文件）"


def _routes(reports: Any) -> dict[str, list[tuple[str, str, bool, str, bool]]]:
    """Recipient -> [(file, label, is_page, office, ok)] in manifest order; the files
    without a recipient under :data:`_ANALYSTS`. A failed report keeps its page (shown as
    failed, without a link) and has no downloads."""
    groups: dict[str, list[tuple[str, str, bool, str, bool]]] = {}
    rest: list[tuple[str, str, bool, str, bool]] = []
    for r in reports:
        spec = r.spec
        routes = getattr(spec, "routes", {}) or {}
        office = str(spec.parameters.get("office") or "")
        page = f"{spec.name}.html"
        ok = bool(getattr(r, "ok", True))
        entries = [(page, spec.title, True, office, ok)]
        if ok:
            entries += [(file, label, False, "", ok) for file, _, label in spec.outputs]
        for entry in entries:
            to = routes.get(entry[0])
            if to:
                groups.setdefault(to, []).append(entry)
            elif not entry[2]:
                rest.append(entry)
            else:
                groups.setdefault("其他报告", []).append(entry)
    if rest:
        groups[_ANALYSTS] = rest
    return groups


def _light_badges(office_lights: dict[str, dict[str, int]] | None, office: str) -> str:
    if not office_lights or office not in office_lights:
        return ""
    n = office_lights[office]
    out = []
    if n.get("红灯"):
        out.append(f'<span class="count red">红灯 {n["红灯"]}</span>')
    if n.get("黄灯"):
        out.append(f'<span class="count yellow">黄灯 {n["黄灯"]}</span>')
    return "".join(out) or '<span class="meta">（无红灯、黄灯）</span>'


def office_lights_of(run: Any) -> dict[str, dict[str, int]] | None:
    """Office -> counts by light at the latest 督查 period of a run (None without periods
    or a 分解表). Read from the periods the run holds; nothing is read or lit again."""
    ps = getattr(run, "periods", None)
    if ps is None or not ps.offices():
        return None
    return {office: ps.counts(None, office) for office in ps.offices()}


def index_html(
    summary: Any,
    run: Any,
    banner: str | None,
    *,
    office_lights: dict[str, dict[str, int]] | None = None,
    notice: str = "",
    log_name: str = "构建记录.txt",
    manifest_name: str = "manifest.json",
) -> str:
    """The index page of a build, verdict first, then the files grouped by recipient.

    Parameters
    ----------
    summary : BuildSummary
        The build (its reports, skipped and carried files, warnings).
    run : Run
        The run the build showed (plan, year-end result).
    banner : str or None
        The illustrative-data notice.
    office_lights : dict, optional
        Office -> counts by light at the latest 督查 period, shown beside each office's
        page (red first); by default those of the run's periods (:func:`office_lights_of`).
    notice : str
        HTML shown after the verdict (what failed in an incomplete set), as given.

    Returns
    -------
    str
        The whole page, every text escaped.
    """
    esc = html.escape
    if office_lights is None:
        office_lights = office_lights_of(run)
    title = f"{summary.plan_title}：报告目录"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>{INDEX_CSS}</style></head><body><main>",
    ]
    if banner:
        parts.append(f'<div class="banner" role="alert">⚠ {esc(banner)}</div>')
    parts.append(f"<h1>{esc(title)}</h1>")
    parts.append(
        f'<p class="meta">{esc(run.plan.issuer)} · {run.plan.year} 年 · 生成于 '
        f"{esc(local_time_text(summary.started_at))}</p>"
    )
    if run.result is not None:
        parts.append(verdict_html(run.result, run.plan, heading="年度主要结论"))
    if office_lights:
        red = sum(n.get("红灯", 0) for n in office_lights.values())
        yellow = sum(n.get("黄灯", 0) for n in office_lights.values())
        offices = sum(1 for n in office_lights.values() if n.get("红灯"))
        parts.append(
            f'<p class="overall">督查最新一期：红灯 {red} 项（涉及 {offices} 个科室）、'
            f"黄灯 {yellow} 项；督办单已按科室分列如下。</p>"
        )
    if notice:
        parts.append(notice)
    parts.append("<h2>报送与分发</h2>")
    parts.append('<p class="meta">按送达对象分组：每组列出要送出的报告和文件。</p>')
    for to, files in _routes(summary.reports).items():
        parts.append(f'<section class="route" aria-label="{esc(to)}"><h3>{esc(to)}</h3>')
        parts.append('<ul class="reports">')
        if any(f[3] for f in files):
            files = sorted(
                files,
                key=lambda f: (
                    -(office_lights or {}).get(f[3], {}).get("红灯", 0),
                    -(office_lights or {}).get(f[3], {}).get("黄灯", 0),
                    f[1],
                ),
            )
        for file, label, is_page, office, ok in files:
            if not ok:
                parts.append(
                    f'<li class="failed">✗ {esc(label)}'
                    '<span class="meta">（本次生成失败，原因见上文）</span></li>'
                )
                continue
            extra = "" if is_page else f'<span class="meta">（{esc(file)}）</span>'
            dl = "" if is_page else " download"
            badges = _light_badges(office_lights, office) if office else ""
            parts.append(f'<li><a href="{esc(file)}"{dl}>{esc(label)}</a>{extra}{badges}</li>')
        parts.append("</ul></section>")
    if summary.carried:
        items = "".join(f'<li><a href="{esc(n)}">{esc(n)}</a></li>' for n in summary.carried)
        parts.append(
            '<div class="notice"><p>沿用上次构建的文件（本次未重新生成）：</p>'
            f"<ul>{items}</ul></div>"
        )
    if summary.skipped:
        items = "".join(f"<li>{esc(s)}</li>" for s in summary.skipped)
        parts.append(f'<div class="notice"><p>本次没有生成：</p><ul>{items}</ul></div>')
    if summary.warnings:
        items = "".join(f"<li>{esc(w)}</li>" for w in summary.warnings)
        parts.append(f'<div class="notice"><p>注意：</p><ul>{items}</ul></div>')
    parts.append(
        f'<p class="meta"><a href="{esc(log_name)}">构建记录</a> · '
        f'<a href="{esc(manifest_name)}">文件校验值</a></p>'
    )
    parts.append("</main></body></html>")
    return "\n".join(parts)
