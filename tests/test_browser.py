"""Open a built report in headless Chromium with the network off.

Speaks the DevTools protocol over ``--remote-debugging-pipe`` (file descriptors 3 and 4,
NUL-terminated JSON), so no extra library is needed. Checks that the page loads, that no
request fails or leaves the machine, and that every chart image has a size; saves a
screenshot next to the reports.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_notebooks import built_reports  # noqa: F401  (session fixture)

from gutang_analysis.fonts import cjk_font_path

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="未安装 chromium（Debian 软件包 chromium，/usr/bin/chromium），跳过浏览器检查",
    ),
]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    # Everything but local files goes to an address that does not exist: network off.
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
    "--remote-debugging-pipe",
)


def _as_fds_3_and_4(read_fd: int, write_fd: int) -> None:
    """In the child: put the pipe ends on fds 3 and 4, inheritable, whatever they were."""
    a, b = os.dup(read_fd), os.dup(write_fd)
    os.dup2(a, 3, inheritable=True)
    os.dup2(b, 4, inheritable=True)


class Pipe:
    """A minimal DevTools-protocol client over Chromium's debugging pipe."""

    def __init__(self, user_data_dir: Path) -> None:
        # The test machine may have no Chinese font: let Chromium find the bundled one, so
        # the screenshot is readable (the reports themselves rely on the reader's fonts).
        conf = user_data_dir.parent / "fonts.conf"
        conf.write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{cjk_font_path().parent}</dir>"
            f"<cachedir>{user_data_dir.parent / 'fontconfig-cache'}</cachedir></fontconfig>",
            encoding="utf-8",
        )
        to_chrome_r, self._write = os.pipe()
        self._read, from_chrome_w = os.pipe()
        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={user_data_dir}", "--window-size=1280,900"],
            close_fds=False,
            env={**os.environ, "FONTCONFIG_FILE": str(conf)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _as_fds_3_and_4(to_chrome_r, from_chrome_w),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def _recv(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("chromium 无响应")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium 已退出")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg: dict = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._write, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            reply = self._recv(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        for event in self.events:
            if event.get("method") == method:
                return event
        while True:
            event = self._recv(deadline)
            self.events.append(event)
            if event.get("method") == method:
                return event

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._read)
        os.close(self._write)


def open_report(page: Path, screenshot: Path, user_data_dir: Path) -> dict:
    """Load ``page`` and return requests, failures, image sizes; write a screenshot."""
    chrome = Pipe(user_data_dir)
    try:
        target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        chrome.send("Page.enable", session=session)
        chrome.send("Network.enable", session=session)
        chrome.send(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            session=session,
        )
        chrome.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        chrome.wait_for("Page.loadEventFired", timeout=60)
        images = chrome.send(
            "Runtime.evaluate",
            {
                "expression": "JSON.stringify(Array.from(document.images).map("
                "i => [i.complete, i.naturalWidth, i.naturalHeight, i.src.slice(0, 22)]))",
                "returnByValue": True,
            },
            session=session,
        )["result"]["value"]
        # Anything that scrolls sideways at this width: the page or a scrolling box in it.
        wide = chrome.send(
            "Runtime.evaluate",
            {
                "expression": "JSON.stringify(Array.from(document.querySelectorAll('*'))"
                ".concat([document.documentElement]).filter(e => e.scrollWidth > e.clientWidth + 1"
                " && (e === document.documentElement || ['auto', 'scroll'].includes("
                "getComputedStyle(e).overflowX))).map(e => e.tagName + '.' + e.className + ' '"
                " + (e.innerText || '').slice(0, 40)))",
                "returnByValue": True,
            },
            session=session,
        )["result"]["value"]
        lang = chrome.send(
            "Runtime.evaluate",
            {"expression": "document.documentElement.lang", "returnByValue": True},
            session=session,
        )["result"]["value"]
        shot = chrome.send(
            "Page.captureScreenshot",
            {"format": "png", "captureBeyondViewport": False},
            session=session,
        )
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        requests = [
            e["params"]["request"]["url"]
            for e in chrome.events
            if e.get("method") == "Network.requestWillBeSent"
        ]
        failed = [e["params"] for e in chrome.events if e.get("method") == "Network.loadingFailed"]
        return {
            "images": json.loads(images),
            "requests": requests,
            "failed": failed,
            "lang": lang,
            "wide": json.loads(wide),
        }
    finally:
        chrome.close()


@pytest.mark.parametrize("name", ["annual_review", "midyear_check", "self_evaluation"])
def test_report_opens_offline_with_every_chart(built_reports, tmp_path, name):  # noqa: F811
    page = built_reports.out_dir / f"{name}.html"
    shot = built_reports.out_dir / f"{name}.png"
    result = open_report(page, shot, tmp_path / "profile")
    assert result["failed"] == []
    outside = [u for u in result["requests"] if not u.startswith(("file:", "data:"))]
    assert outside == []
    assert result["lang"] == "zh-CN"
    assert result["wide"] == []  # no horizontal scrolling at 1280 px
    assert len(result["images"]) >= 2
    for complete, width, height, src in result["images"]:
        assert complete and width > 0 and height > 0, src
        assert src.startswith("data:image/png")
    assert shot.stat().st_size > 10_000


# --- layout at phone and desktop widths, contrast, print ----------------------------------

#: Reports checked for layout and print, with the most A4 pages each may print to.
PAGE_BOUNDS = {
    "annual_review": 20,
    "midyear_check": 22,  # eleven columns: 完成率 and 进度完成率 side by side
    "self_evaluation": 16,
    "section_review-economy": 8,
}
#: A printed page (but the last) with less text than this is a layout fault.
MIN_PAGE_CHARS = 80
#: Smallest text of the house charts (points) and the dpi of the phone version.
SMALLEST_CHART_PT = 8.5

LAYOUT_JS = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const inScroll = e => !!e.closest('.gutang-scroll');
  const name = e => e.tagName + '.' + String(e.className).slice(0, 40) + ' '
    + (e.innerText || '').slice(0, 30);
  const overflow = [], clipped = [], offscreen = [];
  const sw = document.documentElement.scrollWidth;
  if (sw > vw + 1) overflow.push(sw);
  for (const e of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    if (style.display === 'none' || inScroll(e.parentElement || e)) continue;
    if (e.classList.contains('gutang-scroll')) continue;
    if (e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && style.overflowX !== 'visible')
      clipped.push(name(e));
    const r = e.getBoundingClientRect();
    if (r.width > 0 && (r.right > vw + 1 || r.left < -1)) offscreen.push(name(e));
  }
  const lum = c => {
    const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05); };
  const chips = Array.from(document.querySelectorAll(
      'td[data-status], .gutang-shortfalls li > span:first-child'))
    .map(e => { const s = getComputedStyle(e);
      return [e.innerText.split('\n')[0], ratio(s.color, s.backgroundColor)]; });
  const charts = Array.from(document.querySelectorAll('figure.gutang-chart img'))
    .map(i => [i.naturalWidth, i.clientWidth, i.currentSrc === i.src ? 'wide' : 'narrow']);
  const font = getComputedStyle(document.querySelector('.jp-RenderedHTMLCommon p')).fontFamily;
  return JSON.stringify({overflow, clipped, offscreen, chips, charts, font});
})()
"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Pipe(tmp_path_factory.mktemp("chromium") / "profile")
    target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    chrome.send("Page.enable", session=session)
    yield chrome, session
    chrome.close()


def _load(chrome: Pipe, session: str, page: Path, width: int) -> dict:
    chrome.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
        session=session,
    )
    chrome.events.clear()
    chrome.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    chrome.wait_for("Page.loadEventFired", timeout=60)
    value = chrome.send(
        "Runtime.evaluate", {"expression": LAYOUT_JS, "returnByValue": True}, session=session
    )["result"]["value"]
    return json.loads(value)


@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
def test_layout_at_phone_and_desktop_widths(built_reports, browser, name):  # noqa: F811
    chrome, session = browser
    page = built_reports.out_dir / f"{name}.html"
    for width in (390, 1280):
        result = _load(chrome, session, page, width)
        where = f"{name} @ {width}px"
        assert result["overflow"] == [], where  # the page never scrolls sideways
        assert result["clipped"] == [], where  # only marked containers scroll
        assert result["offscreen"] == [], where
        assert result["font"].startswith('"Noto Sans CJK SC"'), where
        assert result["chips"], where
        low = [(text, round(r, 2)) for text, r in result["chips"] if r < 4.5]
        assert low == [], where  # WCAG AA for every status chip
        assert result["charts"], where
        for natural, shown, _version in result["charts"]:
            # the smallest chart text, in CSS px, as the reader sees it (one drawing for
            # every screen; on a phone it keeps its width and scrolls sideways)
            text_px = SMALLEST_CHART_PT / 72 * 120 * shown / natural
            assert text_px >= 9, (where, round(text_px, 1))


def _pages_with_images(pdf: Path) -> set[int]:
    """The pages (1-based) of ``pdf`` that show an image (a chart)."""
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True)
    pages = set()
    for line in listed.stdout.splitlines()[2:]:
        first = line.split()[:1]
        if first and first[0].isdigit():
            pages.add(int(first[0]))
    return pages


def _pdf_pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(ln for ln in info.stdout.splitlines() if ln.startswith("Pages:")).split()[1])
    return [
        subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for i in range(1, pages + 1)
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="未安装 poppler-utils，跳过打印检查")
@pytest.mark.parametrize("name", sorted(PAGE_BOUNDS))
def test_report_prints_to_sane_a4_pages(built_reports, browser, tmp_path, name):  # noqa: F811
    chrome, session = browser
    page = built_reports.out_dir / f"{name}.html"
    _load(chrome, session, page, 1280)
    chrome.send("Emulation.clearDeviceMetricsOverride", session=session)
    pdf = tmp_path / f"{name}.pdf"
    data = chrome.send(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session=session
    )["data"]
    pdf.write_bytes(base64.b64decode(data))
    pages = _pdf_pages(pdf)
    assert 1 < len(pages) <= PAGE_BOUNDS[name], len(pages)
    text = [re.sub(r"\s+", "", p) for p in pages]
    pictured = _pages_with_images(pdf)  # a page of charts holds little text, yet is full
    thin = [
        i + 1 for i, t in enumerate(text[:-1]) if len(t) < MIN_PAGE_CHARS and i + 1 not in pictured
    ]
    assert thin == [], f"{name}: nearly empty pages {thin}"
    # page 1 holds the summary, not the provenance; the provenance is printed last
    assert "SHA-256" not in text[0]
    assert "SHA-256" in text[-1] or "SHA-256" in text[-2]
    # the illustrative notice and the page number are on every page
    for i, t in enumerate(text, start=1):
        assert "示例数据" in t, i
        assert f"第{i}页/共{len(pages)}页" in t, i


# --- every report printed: no cut-off column, no page of provenance alone ------------------

#: The printable width of an A4 page under the reports' @page margins (14 mm each side),
#: in CSS px.
A4_CONTENT_PX = round((210 - 2 * 14) / 25.4 * 96)

PRINT_JS = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const cut = [];
  for (const t of document.querySelectorAll('table')) {
    if (!t.offsetParent) continue;  // not printed
    const r = t.getBoundingClientRect();
    const cells = Array.from(t.querySelectorAll('tr > *'));
    const over = cells.filter(c => c.getBoundingClientRect().right > vw + 1);
    if (r.right > vw + 1 || over.length)
      cut.push((t.querySelector('caption, th') || t).innerText.slice(0, 30) + ' ' +
               Math.round(r.right) + '>' + vw);
  }
  const heads = Array.from(document.querySelectorAll('table thead th'))
    .filter(th => th.offsetParent).map(th => th.innerText);
  const prov = Array.from(document.querySelectorAll('.gutang-appendix, dl.gutang-provenance'))
    .map(e => e.innerText).join('\n');
  return JSON.stringify({cut, heads, prov});
})()
"""


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printed(header: str, text: str) -> bool:
    """Whether a column header is in the printed text: whole, or both halves of it (a
    header wrapped in its cell is extracted in two pieces; a cut-off column loses both).

    >>> _printed("节点要求与完成情况", "……节点要求…与完成情况……"), _printed("整改措施", "整改")
    (True, False)
    """
    h = _squash(header)
    half = len(h) // 2
    return h in text or (half > 0 and h[:half] in text and h[half:] in text)


def _raw_pages(pdf: Path) -> list[str]:
    """Each page's text in reading order (a wrapped cell stays together)."""
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")[:-1]


def provenance_only_pages(pages: list[str], provenance: str) -> list[int]:
    """Pages (1-based) whose text, apart from the running header and page number, is all
    provenance (file names, SHA-256, versions).
    """
    prov = _squash(provenance) + "附：数据来源与校验信息"
    out = []
    for i, page in enumerate(pages, start=1):
        lines = [_squash(ln) for ln in page.splitlines()]
        lines = [
            ln
            for ln in lines
            if ln and "示例数据" not in ln and not re.fullmatch(r"第\d+页/共\d+页", ln)
        ]
        if lines and all(ln in prov for ln in lines):
            out.append(i)
    return out


def test_provenance_only_pages_are_found():
    assert provenance_only_pages(
        ["⚠ 示例数据\n（SHA-256 ab）\n第 3 页 / 共 3 页"], "（SHA-256 ab）"
    )
    assert not provenance_only_pages(["表格\n（SHA-256 ab）"], "（SHA-256 ab）")


def _print(chrome: Pipe, session: str, page: Path, pdf: Path) -> dict:
    """Lay ``page`` out as printed on A4 (print media, the page's text width), check its
    tables, then print it to ``pdf``."""
    chrome.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
    try:
        laid = _load(chrome, session, page, A4_CONTENT_PX)
        found = json.loads(
            chrome.send(
                "Runtime.evaluate", {"expression": PRINT_JS, "returnByValue": True}, session=session
            )["result"]["value"]
        )
    finally:
        chrome.send("Emulation.setEmulatedMedia", {"media": ""}, session=session)
        chrome.send("Emulation.clearDeviceMetricsOverride", session=session)
    data = chrome.send(
        "Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session=session
    )["data"]
    pdf.write_bytes(base64.b64decode(data))
    return {**found, "overflow": laid["overflow"]}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="未安装 poppler-utils，跳过打印检查")
def test_every_report_prints_whole(built_reports, browser, tmp_path):  # noqa: F811
    """Every report of the build, printed: every column on the page (no table wider
    than the A4 text width, every header in the PDF), page 1 opens with the verdict, no
    page holds only provenance, every office's 督办单 on one or two A4 pages."""
    chrome, session = browser
    pages = sorted(p for p in built_reports.out_dir.glob("*.html") if p.name != "index.html")
    assert len(pages) > 20
    faults = []
    for page in pages:
        pdf = tmp_path / f"{page.stem}.pdf"
        found = _print(chrome, session, page, pdf)
        text = _raw_pages(pdf)
        whole = _squash("".join(text))
        if found["cut"]:
            faults.append(f"{page.name}: 表格超出 A4 版心 {found['cut'][:3]}")
        missing = sorted({h for h in found["heads"] if not _printed(h, whole)})
        if missing:
            faults.append(f"{page.name}: 打印件缺少列 {missing}")
        if "主要结论" not in _squash(text[0]):
            faults.append(f"{page.name}: 第 1 页没有主要结论")
        if "SHA-256" in text[0]:
            faults.append(f"{page.name}: 第 1 页有校验值")
        if page.name.startswith("supervision_office-") and len(text) > 2:
            faults.append(f"{page.name}: 督办单打印 {len(text)} 页（应为一至两页）")
        alone = provenance_only_pages(text, found["prov"])
        if alone:
            faults.append(f"{page.name}: 第 {alone} 页只有数据来源与校验信息")
    assert faults == []
