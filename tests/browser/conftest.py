"""Browser tests: the test app served over real HTTP, driven by Debian's headless Chromium.

Chromium comes from Debian (`apt-get install chromium`), never from Playwright's own download."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Where the browser tests save screenshots: /tmp/suite-shots, or the folder named by
# SUITE_SCREENSHOTS (the README's pictures: SUITE_SCREENSHOTS=docs/screenshots, tests/browser/test_screenshots.py).
SHOTS = os.environ.get("SUITE_SCREENSHOTS") or "/tmp/suite-shots"


@contextmanager
def serve(app, name: str):
    """``app`` served on a free loopback port in a thread while the block runs; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app):
    """The same app the other tests use, served on a free loopback port; yields its base URL."""
    with serve(app, "suite-live-server") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed when the module is done so Playwright's event loop does
    not outlive the browser tests."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Open browser contexts (separate cookie jars) on the live server; all are closed after the test."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server, locale="id-ID", **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
