"""Browser tests: Python Playwright driving Debian's Chromium, never a downloaded browser.

They drive Chromium's headless shell (Debian's ``chromium-headless-shell``, the build that
Playwright itself runs for headless tests), or ``/usr/bin/chromium`` where only the full
browser is installed: the full browser in headless mode still runs its own interface's
pages (the omnibox popup, one WebUI renderer per window): over the browser tests, its CPU
was 506 s against the shell's 334 s (docs/testing.md). ``PREAU_CHROMIUM`` names another executable.
Without a browser they are skipped with a one-line reason — unless REQUIRE_BROWSER=1 (CI),
where the headless shell's absence is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
FULL_BROWSER = Path("/usr/bin/chromium")


def chromium_executable() -> Path:
    """``PREAU_CHROMIUM``, else the headless shell, else the full browser."""
    if os.environ.get("PREAU_CHROMIUM"):
        return Path(os.environ["PREAU_CHROMIUM"])
    return HEADLESS_SHELL if HEADLESS_SHELL.exists() or not FULL_BROWSER.exists() else FULL_BROWSER


CHROMIUM = chromium_executable()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]



def _require_or_skip(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# Module scope: Playwright's loop must be gone before async tests of other modules run.
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        _require_or_skip(f"{CHROMIUM} is absent (apt-get install chromium-headless-shell)")
    if os.environ.get("REQUIRE_BROWSER") == "1" and not (
            os.environ.get("PREAU_CHROMIUM") or CHROMIUM == HEADLESS_SHELL):
        pytest.fail(f"REQUIRE_BROWSER=1 but {HEADLESS_SHELL} is absent "
                    "(apt-get install chromium-headless-shell)", pytrace=False)
    if not (settings.FRONTEND_DIST / "index.html").exists():
        _require_or_skip("frontend/dist is not built (npm --prefix frontend run build)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the
    # tests themselves (factories) are still plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        yield from _launch(sync_playwright)
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _launch(sync_playwright):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def asgi_live_server(transactional_db):
    """The real ASGI application (HTTP and WebSocket) served by uvicorn in a thread.

    Unlike pytest-django's ``live_server`` (WSGI), it carries ``/ws/events/``: live events
    published by a write made through it reach the browsers connected to it.
    """
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(
        "config.asgi:application", host="127.0.0.1", port=port, log_level="warning",
        lifespan="off", ws="websockets-sansio",
    ))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the ASGI live server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def asgi_page(browser, asgi_live_server):
    # Without the app's service worker (tests/e2e/test_timetable.py::new_page says why).
    context = browser.new_context(locale="fr-FR", base_url=asgi_live_server,
                                  service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url,
                                  service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
