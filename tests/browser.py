"""Open pages in headless Chromium (Debian's package, driven by Playwright) with the network
blocked: every request other than the page itself is aborted and counted."""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str:
    """Debian's chromium; a failure in CI, a skip elsewhere, when it is missing."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and os.path.exists(candidate):
            return candidate
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    pytest.skip("chromium is not installed")


@dataclass
class PageReport:
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    seconds_to_ready: float = 0.0


@contextmanager
def browser():
    """A headless Chromium browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def _opened(b, url: str, allowed, *, ready: str | None, timeout_ms: int, viewport, java_script: bool = True):
    """Open ``url``: requests ``allowed(request_url)`` lets through go on, every other one is
    aborted and counted; page errors, console errors and dialogs are recorded."""
    report = PageReport()
    context = b.new_context(viewport={"width": viewport[0], "height": viewport[1]}, service_workers="block",
                            java_script_enabled=java_script, accept_downloads=True)
    page = context.new_page()

    def on_route(route):
        if allowed(route.request.url):
            route.continue_()
        else:
            report.requests.append(route.request.url)
            route.abort()

    page.route("**/*", on_route)
    page.on("pageerror", lambda e: report.errors.append(str(e)))
    page.on("console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None)

    def on_dialog(d):
        report.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_ms)
    if ready is not None:
        page.wait_for_function(ready, timeout=timeout_ms)
    report.seconds_to_ready = time.perf_counter() - started
    try:
        yield page, report
    finally:
        context.close()


@contextmanager
def open_page(b, url: str, *, ready: str = "window.kgReady === true", timeout_ms: int = 60_000,
              viewport=(1280, 800)):
    """Open ``url`` with every other request blocked and counted; wait until ``ready`` is true."""
    with _opened(b, url, lambda u: u == url, ready=ready, timeout_ms=timeout_ms, viewport=viewport) as opened:
        yield opened


@contextmanager
def open_site(b, url: str, *, timeout_ms: int = 60_000, viewport=(1280, 800), java_script: bool = True):
    """Open a page of a server on 127.0.0.1: requests to that server go through, every other
    request is blocked and counted; console errors, page errors and dialogs are recorded."""
    from urllib.parse import urlsplit

    own = urlsplit(url).netloc
    with _opened(b, url, lambda u: urlsplit(u).netloc == own, ready=None, timeout_ms=timeout_ms,
                 viewport=viewport, java_script=java_script) as opened:
        yield opened


def file_url(path: Path) -> str:
    return Path(path).resolve().as_uri()
