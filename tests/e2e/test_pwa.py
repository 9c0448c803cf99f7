"""The installable app (issue 19) in Debian's Chromium: Chromium finds it installable (its
manifest and its service worker), and with the network off a family reopens the app and reads
what it last saw — the home page and the week — until it signs out, when those pages are
forgotten on the device.

The offline reads are the service worker's (vite.config.ts, OFFLINE_READS; docs/pwa.md):
nothing here stubs the network but Chromium's own offline switch.
"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import log_in, new_page, timetable_world  # noqa: F401 (fixture)

PHONE = {"width": 390, "height": 844}
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
OFFLINE_CACHE = "preau-offline-reads"


def test_the_app_installs_and_a_family_reads_offline_what_it_last_saw(
        browser, live_server, timetable_world):  # noqa: F811
    context, page = new_page(browser, live_server.url, viewport=PHONE, service_workers="allow")
    try:
        log_in(page, "guardian")
        page.wait_for_function(CONTROLLED)  # the worker took the page (its first visit)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert manifest["url"].endswith("/static/manifest.webmanifest")

        main = page.get_by_role("main")
        expect(main.get_by_text("Léa", exact=False).first).to_be_visible()
        page.get_by_role("button", name="Ouvrir le menu").click()
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Emploi du temps").click()
        week = page.get_by_role("heading", level=1, name="Emploi du temps")
        week.wait_for()
        expect(page.locator("main [aria-busy='true']")).to_have_count(0)
        week_title = page.get_by_role("heading", name="Semaine du", exact=False).inner_text()

        context.set_offline(True)
        expect(page.get_by_role("status").filter(has_text="Hors ligne")).to_be_visible()
        assert_accessible(page)
        page.goto("/")  # the app itself, from the worker
        page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
        expect(main.get_by_text("Léa", exact=False).first).to_be_visible()
        page.goto("/emploi-du-temps")
        expect(page.get_by_role("heading", name="Semaine du", exact=False)).to_have_text(
            week_title)

        context.set_offline(False)
        page.goto("/")
        page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
        page.get_by_role("button", name="Ouvrir le menu").click()
        page.get_by_role("button", name="Se déconnecter").click()
        page.get_by_role("button", name="Se connecter").wait_for()
        assert page.evaluate(f"caches.has('{OFFLINE_CACHE}')") is False

        # Offline again: the app opens, cannot reach the server, and shows none of the
        # family's pages.
        context.set_offline(True)
        page.goto("/")
        expect(page.get_by_text("Impossible de joindre le serveur", exact=False)).to_be_visible()
        expect(page.get_by_text("Léa")).to_have_count(0)
    finally:
        context.close()
