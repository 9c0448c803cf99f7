"""The evacuation muster (issue 19) in Debian's Chromium, against the real ASGI app (HTTP and
WebSocket): a director and two teachers of school A, each on their own device.

The director starts a fire drill from « Sécurité » on a tablet; both teachers, on their
phones, see the banner come live and open the list. The second teacher's phone loses the
network (Chromium's own offline switch, with the app's service worker): the tap on Hugo is
kept on the phone, « en attente d’envoi », and survives the page being opened again offline.
The first teacher taps Léa: the director's list shows her found without a reload. The second
phone finds the network again: Hugo's tap goes, and the director sees him found. The director
ends the drill with an observation; the registre de sécurité (PDF) lists it, and the IEN's
table counts one fire drill done for school A. The teacher's list on a phone and the IEN's
table pass axe-core.

Browser tests run at the real current date: the muster has no school-day rule, and the
world's school year is the one of today (tests/factories: current_school_year).
"""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import log_in, new_page
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
# What goes live: a refetch after an event (a couple of round trips), or a batch sent again
# when the network comes back.
LIVE = 15_000


@pytest.fixture
def muster_world(browser, transactional_db):
    return build_world()


def pupil(page, name: str):
    return page.get_by_role("button", name=re.compile(f"^{name}"))


def test_a_fire_drill_with_a_director_and_two_teachers_one_of_them_offline(
        browser, asgi_live_server, muster_world):
    world = muster_world
    school = world.schools["A"]
    director_context, director = new_page(browser, asgi_live_server, viewport=TABLET)
    first_context, first = new_page(browser, asgi_live_server, viewport=PHONE)
    # The phone that goes offline has the app's service worker: it opens the list again
    # without network.
    second_context, second = new_page(browser, asgi_live_server, viewport=PHONE,
                                      service_workers="allow")
    contexts = [director_context, first_context, second_context]
    try:
        log_in(first, "teacher")
        log_in(second, "teacher_other")
        second.wait_for_function(CONTROLLED)  # the worker took the page (its first visit)
        log_in(director, "director")

        # The director starts a fire drill from « Sécurité », after a confirmation.
        director.get_by_role("button", name="Ouvrir le menu").click()
        director.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Sécurité").click()
        form = director.get_by_role("region", name="Déclencher un exercice ou une alerte")
        expect(form.get_by_role("radio", name="Évacuation incendie")).to_be_checked()
        assert_accessible(director, "the director's « Sécurité » page")
        form.get_by_role("radio", name="Exercice").check()
        form.get_by_role("button", name="Déclencher").click()
        form.get_by_role("button", name="Oui, déclencher").click()
        director.get_by_role("heading", level=1, name="Évacuation incendie").wait_for()
        expect(director.get_by_text("0 retrouvé sur 2 attendus — 2 manquants")).to_be_visible()

        # Both teachers see the banner come on the page they were on, and open the list.
        for page, own_class in ((first, "CE2 A"), (second, "CM1-CM2")):
            banner = page.get_by_role("status").filter(
                has_text="Exercice en cours : Évacuation incendie")
            expect(banner).to_be_visible(timeout=LIVE)
            banner.get_by_role("link", name="Ouvrir la liste").click()
            page.get_by_role("heading", level=1, name="Évacuation incendie").wait_for()
            expect(page.get_by_role("region", name="Vos classes").get_by_role(
                "heading", name=own_class)).to_be_visible()

        # The second phone loses the network and taps Hugo: kept on the phone.
        second_context.set_offline(True)
        pupil(second, "Hugo Bernard").click()
        expect(pupil(second, "Hugo Bernard")).to_have_attribute("aria-pressed", "true")
        waiting = second.get_by_role("status").filter(has_text="1 pointage en attente d’envoi")
        expect(waiting).to_be_visible()
        # Opened again without network: the list from the worker, the tap from the phone.
        second.reload()
        second.get_by_role("heading", level=1, name="Évacuation incendie").wait_for()
        expect(pupil(second, "Hugo Bernard")).to_have_attribute("aria-pressed", "true")
        expect(waiting).to_be_visible()

        # The first teacher taps Léa: the director sees her found, without a reload.
        pupil(first, "Léa Martin").click()
        expect(pupil(director, "Léa Martin")).to_have_attribute("aria-pressed", "true",
                                                                timeout=LIVE)
        expect(pupil(director, "Hugo Bernard")).to_have_attribute("aria-pressed", "false")
        expect(director.get_by_text("1 retrouvé sur 2 attendus — 1 manquant")).to_be_visible()
        expect(first.get_by_role("status").filter(has_text="Pointages envoyés.")).to_be_visible()
        assert_accessible(first, "the teacher's list on a phone")

        # The network comes back: Hugo's tap goes, and the director sees him found.
        second_context.set_offline(False)
        expect(pupil(director, "Hugo Bernard")).to_have_attribute("aria-pressed", "true",
                                                                  timeout=LIVE)
        expect(director.get_by_text("2 retrouvés sur 2 attendus — 0 manquant")).to_be_visible()
        expect(second.get_by_role("status").filter(has_text="Pointages envoyés.")).to_be_visible(
            timeout=LIVE)

        # The director ends it, with what went wrong.
        end = director.get_by_role("region", name="Terminer l’exercice")
        end.get_by_label("Observations (problèmes constatés)").fill(
            "Alarme inaudible dans le préau")
        end.get_by_role("button", name="Terminer").click()
        expect(director.get_by_role("heading", level=2, name="Terminé")).to_be_focused()
        expect(director.get_by_text("Alarme inaudible dans le préau")).to_be_visible()

        # The registre de sécurité, as the director downloads it.
        response = director_context.request.get(
            f"/api/v1/safety/schools/{school.pk}/register.pdf")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        text = "\n".join(page.extract_text()
                         for page in PdfReader(io.BytesIO(response.body())).pages)
        assert timezone.localdate().strftime("%d/%m/%Y") in text
        assert "Évacuation incendie" in text
        assert "Alarme inaudible dans le préau" in text

        # The IEN counts one fire drill done for school A this year.
        ien_context, ien = new_page(browser, asgi_live_server, viewport=TABLET)
        contexts.append(ien_context)
        log_in(ien, "inspector")
        ien.get_by_role("button", name="Ouvrir le menu").click()
        ien.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Exercices de sécurité").click()
        table = ien.get_by_role("table", name=re.compile("^Exercices de l’année scolaire"))
        row = table.get_by_role("row").filter(has_text=f"{school.name} ({school.uai})")
        expect(row.get_by_role("cell")).to_have_text([
            re.compile(r"^1 sur 2dont un dans le premier mois : (oui|non)$"),
            "0 sur 1",
            "0 sur 1",
            "Incomplet",
        ])
        assert_accessible(ien, "the IEN's table of drills")
    finally:
        for context in contexts:
            context.close()
