"""The offline roll call in Debian's Chromium, against the real ASGI app, with the app's
service worker installed: a teacher on a tablet takes the call with the network off (it waits
on the tablet, « En attente d'envoi », and survives a reload), and it reaches the server once
when the network comes back (the page's `online` event); a call recorded meanwhile by the
director is shown as a conflict when the app opens again online, never overwritten.

The network goes off through Chromium's own switch (Playwright's ``set_offline``), nothing is
stubbed. Browser tests run at the real current date: the call is the last school morning's
(tests/e2e/test_attendance.py says why).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from preau.attendance.models import Absence, RollCall
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_attendance import attendance_world  # noqa: F401 (fixture)
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
# The worker keeps the sheet (network first) once its answer is written to its cache.
SHEET_KEPT = """async () => {
  const cache = await caches.open('preau-offline-reads');
  return (await cache.keys()).some((request) => request.url.includes('/roll-call/?'));
}"""
LÉA = re.compile(r"^Léa Martin (Présent|Absent|En retard)")
NOÉ = re.compile(r"^Noé Bernard (Présent|Absent|En retard)")


def calls_of(classroom, day) -> list[tuple[int, list[tuple[int, str]]]]:
    """Each call of that morning: its taker and its absences (pupil, kind)."""
    calls = RollCall.objects.filter(classroom=classroom, date=day, half_day="morning")
    return [(call.taken_by_id,
             sorted(Absence.objects.filter(roll_call=call).values_list("pupil_id", "kind")))
            for call in calls]


def open_the_call_then_go_offline(page, world) -> None:
    """The teacher, signed in with the worker installed, opens the morning's call; then the
    network goes off."""
    classroom, day = world.classrooms["A1"], world.extra["day"]
    log_in(page, "teacher")
    page.wait_for_function(CONTROLLED)  # the worker took the page (its first visit)
    page.goto(f"/classes/{classroom.pk}/appel?date={day.isoformat()}&demi-journee=morning")
    expect(page.get_by_role("button", name=LÉA)).to_have_attribute("aria-pressed", "false")
    page.wait_for_function(SHEET_KEPT)
    page.context.set_offline(True)


def test_a_call_taken_offline_waits_on_the_tablet_and_reaches_the_server_once(
        browser, asgi_live_server, attendance_world):  # noqa: F811
    world = attendance_world
    classroom, day = world.classrooms["A1"], world.extra["day"]
    teacher = world.user("teacher").person
    context, page = new_page(browser, asgi_live_server, TABLET, service_workers="allow")
    try:
        open_the_call_then_go_offline(page, world)
        page.get_by_role("button", name=LÉA).click()
        page.get_by_role("button", name="Valider l’appel").click()
        waiting = page.get_by_role("status").filter(has_text="En attente d’envoi")
        expect(waiting).to_contain_text(
            re.compile(r"Appel pris à \d\d:\d\d sans réseau, gardé sur cet appareil"))
        expect(page.get_by_role("alert")).to_have_count(0)  # a state, not an error

        # Reloaded without network: the app, the sheet and the call kept on the tablet.
        page.reload()
        expect(waiting).to_be_visible()
        expect(page.get_by_role("button", name=LÉA)).to_have_attribute("aria-pressed", "true")
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        assert_accessible(page)
        assert calls_of(classroom, day) == []

        # The network returns: the page's `online` event sends it, with no reload.
        context.set_offline(False)
        taker = re.escape(f"{teacher.first_name} {teacher.last_name}")
        sent = re.compile(rf"^Appel envoyé\. Appel fait à \d\d:\d\d par {taker}\.")
        expect(page.get_by_role("status").filter(has_text=sent)).to_be_visible()
        expect(waiting).to_have_count(0)
        expect(page.get_by_role("button", name="Enregistrer la correction")).to_be_visible()

        # Sent once: the app opened again finds nothing left to send; one call, one absence.
        page.reload()
        expect(page.get_by_role("button", name="Enregistrer la correction")).to_be_visible()
        expect(page.locator("main [aria-busy='true']")).to_have_count(0)
        assert calls_of(classroom, day) == [(teacher.pk, [(world.pupils["A1"].pk, "absent")])]
    finally:
        context.close()


def test_a_call_recorded_meanwhile_is_shown_as_a_conflict_and_kept(
        browser, asgi_live_server, attendance_world):  # noqa: F811
    from preau.attendance.services import roll_call_submit
    from tests.factories import EnrolmentFactory, PupilFactory

    world = attendance_world
    classroom, day = world.classrooms["A1"], world.extra["day"]
    léa = world.pupils["A1"]
    noé = PupilFactory(first_name="Noé", last_name="Bernard")
    EnrolmentFactory(classroom=classroom, pupil=noé)
    director = world.user("director")
    context, page = new_page(browser, asgi_live_server, TABLET, service_workers="allow")
    try:
        open_the_call_then_go_offline(page, world)
        page.get_by_role("button", name=LÉA).click()
        page.get_by_role("button", name="Valider l’appel").click()
        expect(page.get_by_role("status").filter(has_text="En attente d’envoi")).to_be_visible()

        # Meanwhile the director takes that morning's call at the office: Noé absent.
        in_a_plain_thread(lambda: roll_call_submit(
            actor=director, classroom=classroom, on=day, half_day="morning",
            absences=[{"pupil": noé.pk, "absence_kind": "absent"}]))
        directors_call = [(director.person_id, [(noé.pk, "absent")])]

        # The teacher closes the app; the network returns; the app opens again on the call.
        url = page.url
        page.close()
        context.set_offline(False)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url)
        conflict = page.get_by_role("alert").filter(
            has_text="Conflit : un autre appel a été enregistré")
        expect(conflict).to_be_visible()
        taker = re.escape(f"{director.person.first_name} {director.person.last_name}")
        stored = conflict.get_by_role(
            "heading", name=re.compile(rf"^Appel enregistré, fait à \d\d:\d\d par {taker}$"))
        mine = conflict.get_by_role("heading", name=re.compile(r"^Votre appel, pris à \d\d:\d\d$"))
        # Each list under its heading: who is absent in each call.
        expect(stored.locator("xpath=following-sibling::*[1]")).to_have_text(
            "Noé Bernard : Absent·e")
        expect(mine.locator("xpath=following-sibling::*[1]")).to_have_text("Léa Martin : Absent·e")
        expect(conflict.get_by_role("button", name="Corriger avec mon appel")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        assert_accessible(page)
        assert calls_of(classroom, day) == directors_call  # nothing overwritten

        conflict.get_by_role("button", name="Garder l’appel enregistré").click()
        expect(page.get_by_role("status").filter(
            has_text="Votre appel a été abandonné : l’appel enregistré est gardé.")).to_be_visible()
        expect(page.get_by_role("button", name=NOÉ)).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_role("button", name=LÉA)).to_have_attribute("aria-pressed", "false")

        # Gone from the tablet: a reload shows the director's call; nothing waits, nothing sent.
        page.reload()
        expect(page.get_by_role("button", name="Enregistrer la correction")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="En attente d’envoi")).to_have_count(0)
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(page.locator("main [aria-busy='true']")).to_have_count(0)
        assert calls_of(classroom, day) == directors_call
        assert léa.pk not in [pupil for _, marks in calls_of(classroom, day) for pupil, _ in marks]
    finally:
        context.close()
