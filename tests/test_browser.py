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
    assert result["lang"] == "zh"
    assert result["wide"] == []  # no horizontal scrolling at 1280 px
    assert len(result["images"]) >= 2
    for complete, width, height, src in result["images"]:
        assert complete and width > 0 and height > 0, src
        assert src.startswith("data:image/png")
    assert shot.stat().st_size > 10_000
