"""Authority dashboards in Debian's Chromium, against the real ASGI app.

An inspector (IEN) opens the "Tableau de bord" of a circonscription of two schools, sees
the key figures and the attendance charts, drills down to a school and downloads its
classes as CSV; a commune officer sees the canteen forecast of the commune's school, with
the pupils announced absent taken off and the small count shown as "moins de 5 élèves".
Both dashboards pass axe-core, fit a tablet and a phone (390 px: the page never scrolls
sideways, the wide tables scroll in a box the keyboard reaches).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from preau.attendance import services as attendance
from preau.attendance.models import AbsenceReason, RollCall
from preau.people.models import AuthorityRole
from preau.schools.calendar import school_days
from preau.schools.models import HalfDay
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page
from tests.factories import (
    AuthorityMembershipFactory,
    CirconscriptionFactory,
    ClassroomFactory,
    CommuneFactory,
    DepartementFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PersonFactory,
    SchoolFactory,
    TeacherAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
LAPTOP = {"width": 1280, "height": 900}


def open_days(school, start: date, end: date) -> list[date]:
    """The dates with a morning of class at the school between ``start`` and ``end``."""
    return [day.date for day in school_days(school=school, start=start, end=end)
            if HalfDay.MORNING in day.half_days]


def classroom_of(school, name: str, pupils: int, username: str):
    """A classroom with its teacher (who can log in) and ``pupils`` pupils, each with a
    guardian who can log in."""
    classroom = ClassroomFactory(school=school, name=name)
    teacher = UserFactory(username=username,
                          person=TeacherAssignmentFactory(classroom=classroom).person)
    enrolled = []
    for index in range(pupils):
        pupil = EnrolmentFactory(classroom=classroom).pupil
        guardian = UserFactory(username=f"{username}-famille-{index}", person=PersonFactory())
        GuardianshipFactory(guardian=guardian.person, pupil=pupil)
        enrolled.append((pupil, guardian))
    return classroom, teacher, enrolled


@pytest.fixture
def authority_world(browser, transactional_db):
    """Circonscription "Vitry-sur-Seine 2": school Jaurès (commune Vitry, 6 pupils) and
    school Langevin (commune Choisy, 5 pupils). The IEN oversees both; the commune officer
    of Vitry sees Jaurès only. Two past mornings were called (one absent, one late); a
    guardian of Jaurès has announced an absence for the next school day."""
    departement = DepartementFactory(code="094", name="Val-de-Marne")
    circonscription = CirconscriptionFactory(code="0941002K", name="Vitry-sur-Seine 2",
                                             departement=departement)
    vitry = CommuneFactory(insee_code="94081", name="Vitry-sur-Seine", departement=departement)
    choisy = CommuneFactory(insee_code="94022", name="Choisy-le-Roi", departement=departement)
    jaures = SchoolFactory(uai="0941234A", name="École Jean Jaurès", commune=vitry,
                           circonscription=circonscription)
    langevin = SchoolFactory(uai="0945678B", name="École Paul Langevin", commune=choisy,
                             circonscription=circonscription)
    ce2, ce2_teacher, ce2_pupils = classroom_of(jaures, "CE2 A", 6, "enseignant-jaures")
    cp, cp_teacher, _ = classroom_of(langevin, "CP B", 5, "enseignant-langevin")

    UserFactory(username="ien", person=AuthorityMembershipFactory(
        role=AuthorityRole.INSPECTOR, circonscription=circonscription).person)
    UserFactory(username="mairie-vitry", person=AuthorityMembershipFactory(
        role=AuthorityRole.COMMUNE, commune=vitry).person)

    today = timezone.localdate()
    year_start = ce2.school_year.start_date
    past = open_days(jaures, max(year_start, today - timedelta(days=40)),
                     today - timedelta(days=1))[-2:]
    assert past, "no school day since the start of the school year to call"
    coming = open_days(jaures, today + timedelta(days=1), today + timedelta(days=30))[0]

    def calls_and_notice() -> None:
        # every other half-day since the start of last month called, no one absent: the
        # calls cover each month, so that its rates stand (docs/authority.md, coverage)
        now = timezone.localtime()
        since = max(year_start, (today.replace(day=1) - timedelta(days=1)).replace(day=1))
        calls = []
        for school, classroom, teacher in [(jaures, ce2, ce2_teacher), (langevin, cp, cp_teacher)]:
            for day in school_days(school=school, start=since, end=today):
                for half_day in day.half_days:
                    begins = (school.morning_start if half_day == HalfDay.MORNING
                              else school.afternoon_start)
                    if (day.date in past and half_day == HalfDay.MORNING) or (
                            day.date == today and now.time() < begins):
                        continue
                    calls.append(RollCall(
                        classroom=classroom, date=day.date, half_day=half_day,
                        taken_by=teacher.person, taken_at=now, updated_at=now,
                        pupil_count=len(ce2_pupils) if classroom == ce2 else 5))
        RollCall.objects.bulk_create(calls)
        for day in past:
            attendance.roll_call_submit(
                actor=ce2_teacher, classroom=ce2, on=day, half_day=HalfDay.MORNING,
                absences=[{"pupil": ce2_pupils[0][0].pk, "absence_kind": "absent"},
                          {"pupil": ce2_pupils[1][0].pk, "absence_kind": "late",
                           "minutes_late": 10}])
            attendance.roll_call_submit(actor=cp_teacher, classroom=cp, on=day,
                                        half_day=HalfDay.MORNING, absences=[])
        pupil, guardian = ce2_pupils[2]
        attendance.notice_declare(actor=guardian, pupil=pupil, start_date=coming,
                                  reason=AbsenceReason.CHILD_ILLNESS, comment="Rendez-vous")

    in_a_plain_thread(calls_and_notice)
    return {"jaures": jaures, "langevin": langevin, "coming": coming, "past": past}


def open_dashboard(page) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Tableau de bord").click()
    page.get_by_role("heading", level=1, name="Tableau de bord").wait_for()


def test_inspector_drills_down_to_a_school_and_downloads_its_classes_as_csv(
        browser, asgi_live_server, authority_world):
    context, page = new_page(browser, asgi_live_server, LAPTOP)
    try:
        log_in(page, "ien")
        open_dashboard(page)

        # Key figures of the circonscription: 2 schools, 2 classes, 11 pupils.
        expect(page.get_by_test_id("figure-schools").locator("dd")).to_have_text("2")
        expect(page.get_by_test_id("figure-classrooms").locator("dd")).to_have_text("2")
        expect(page.get_by_test_id("figure-pupils").locator("dd")).to_have_text("11")
        expect(page.get_by_test_id("figure-cases").locator("dd")).to_have_text("0")

        # The trend chart is drawn, with its figures in a table next to it.
        trend = page.get_by_role("figure", name=re.compile("^Taux d’assiduité \\(en %\\), mois par mois"))
        expect(trend.locator("svg.recharts-surface")).to_be_visible()
        expect(trend.get_by_role("row")).not_to_have_count(1)
        per_school = page.get_by_role("figure", name=re.compile("^Taux d’assiduité de chaque école"))
        if authority_world["past"][-1].month == timezone.localdate().month:
            expect(per_school.get_by_role("rowheader", name="École Jean Jaurès")).to_be_visible()

        # Roll calls, attendance and the L131-8 cases are there for an IEN.
        expect(page.get_by_role("heading", name="Appels non faits")).to_be_visible()
        expect(page.get_by_role("heading", name="Signalements L131-8")).to_be_visible()

        # Drill down: the school, then its classes as CSV.
        schools = page.get_by_role("region", name="Écoles", exact=True)
        expect(schools.get_by_role("link", name=re.compile("^Ouvrir l’école"))).to_have_count(2)
        schools.get_by_role("link", name="Ouvrir l’école École Jean Jaurès").click()
        page.get_by_role("heading", level=1, name="École Jean Jaurès").wait_for()
        expect(page.get_by_role("navigation", name="Fil d’Ariane").get_by_role(
            "link", name="Vitry-sur-Seine 2")).to_be_visible()
        classes = page.get_by_role("region", name="Classes", exact=True)
        expect(classes.get_by_role("link", name="Ouvrir la classe CE2 A")).to_be_visible()
        with page.expect_download() as download_info:
            classes.get_by_role("link", name="Télécharger en CSV : Classes").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".csv")
        content = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
        assert content[0] == "UAI;École;Commune;Circonscription;Classe;Niveaux;Enseignants;Élèves"
        assert content[1].startswith("0941234A;École Jean Jaurès;Vitry-sur-Seine;Vitry-sur-Seine 2;CE2 A;")
        assert content[1].endswith(";6")

        # One level further: the classroom, with its cahier de textes recap.
        classes.get_by_role("link", name="Ouvrir la classe CE2 A").click()
        page.get_by_role("heading", level=1, name="Classe CE2 A · École Jean Jaurès").wait_for()
        expect(page.get_by_role("heading", name="Cahier de textes")).to_be_visible()
    finally:
        context.close()


def test_commune_officer_sees_the_canteen_forecast_with_announced_absences_taken_off(
        browser, asgi_live_server, authority_world):
    coming = authority_world["coming"]
    context, page = new_page(browser, asgi_live_server, LAPTOP)
    try:
        log_in(page, "mairie-vitry")
        open_dashboard(page)
        expect(page.get_by_test_id("figure-schools").locator("dd")).to_have_text("1")
        expect(page.get_by_test_id("figure-pupils").locator("dd")).to_have_text("6")
        # No inspection views for a commune.
        expect(page.get_by_role("heading", name="Signalements L131-8")).to_have_count(0)

        canteen = page.get_by_role("region", name="Prévision de cantine")
        row = canteen.get_by_role("row", name=re.compile("École Jean Jaurès"))
        expect(row).to_have_count(1)
        headers = canteen.get_by_role("columnheader").all_inner_texts()
        day_label = page.evaluate(
            "d => new Intl.DateTimeFormat('fr-FR', {weekday: 'short', day: 'numeric', "
            "month: 'short', timeZone: 'UTC'}).format(new Date(d + 'T00:00:00Z'))",
            coming.isoformat())
        column = headers.index(day_label)
        cell = row.get_by_role("cell").nth(column)
        # 6 enrolled, 1 announced absent (fewer than 5 pupils: masked), 5 expected.
        expect(cell).to_contain_text("5")
        expect(cell).to_contain_text("Inscrits : 6 · absences signalées : moins de 5 élèves")
        expect(page.get_by_role("region", name="Écoles", exact=True).get_by_role(
            "link", name=re.compile("^Ouvrir l’école"))).to_have_count(1)

        # One pupil absent, one late: the commune sees the aggregates masked, not the counts.
        expect(page.get_by_text(re.compile("^Les chiffres depuis la rentrée concernent moins de 5 "
                                           "élèves"))).to_be_visible()
        if authority_world["past"][-1].month == timezone.localdate().month:
            attendance_rows = page.get_by_role("region", name="Assiduité", exact=True)
            expect(attendance_rows.get_by_role(
                "cell", name="moins de 5 élèves", exact=True).first).to_be_visible()
            expect(attendance_rows.get_by_role("cell", name="<5", exact=True)).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("username", ["ien", "mairie-vitry"])
def test_dashboards_have_no_serious_accessibility_violation_and_fit_a_tablet(
        browser, asgi_live_server, authority_world, username):
    context, page = new_page(browser, asgi_live_server, TABLET)
    try:
        log_in(page, username)
        page.goto("/tableau-de-bord")
        page.get_by_role("heading", level=1, name="Tableau de bord").wait_for()
        page.get_by_role("region", name="Assiduité en graphiques").get_by_text(
            re.compile("^(Taux d’assiduité|Les chiffres)")).first.wait_for()
        page.get_by_role("region", name="Écoles", exact=True).get_by_role("link").first.wait_for()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]

        page.get_by_role("region", name="Écoles", exact=True).get_by_role(
            "link", name="Ouvrir l’école École Jean Jaurès").click()
        page.get_by_role("heading", level=1, name="École Jean Jaurès").wait_for()
        page.get_by_role("region", name="Classes", exact=True).get_by_role("link").first.wait_for()
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    finally:
        context.close()


PHONE = {"width": 390, "height": 844}

# What is wider than the viewport on the page: the elements whose right edge passes it,
# outside the boxes that scroll sideways on purpose (the tables' regions).
OVERFLOWING = """(width) => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5)
  .filter((el) => !el.parentElement.closest('[role=region][tabindex="0"]'))
  .slice(0, 8)
  .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} `
               + `${Math.round(el.getBoundingClientRect().right)}`)"""


def assert_fits(page, width: int) -> None:
    assert page.evaluate(OVERFLOWING, width) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("username", ["ien", "mairie-vitry"])
def test_dashboards_fit_a_phone_and_their_tables_scroll_in_a_focusable_box(
        browser, asgi_live_server, authority_world, username):
    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        log_in(page, username)
        page.goto("/tableau-de-bord")
        page.get_by_role("heading", level=1, name="Tableau de bord").wait_for()
        page.get_by_role("region", name="Assiduité en graphiques").get_by_text(
            re.compile("^(Taux d’assiduité|Les chiffres|Aucune école)")).first.wait_for()
        schools = page.get_by_role("region", name="Écoles", exact=True)
        schools.get_by_role("link").first.wait_for()
        assert_fits(page, PHONE["width"])
        assert_accessible(page)

        # The attendance table is wider than the phone: it scrolls in its own box, which
        # the keyboard reaches (Tab) and scrolls (arrow keys).
        attendance = page.get_by_role("region", name="Assiduité", exact=True)
        box = attendance.get_by_role("region", name="Tableau « Assiduité »")
        expect(box).to_have_attribute("tabindex", "0")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth")
        box.focus()
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "() => document.activeElement.scrollLeft > 0", timeout=5_000)

        schools.get_by_role("link", name="Ouvrir l’école École Jean Jaurès").click()
        page.get_by_role("heading", level=1, name="École Jean Jaurès").wait_for()
        page.get_by_role("region", name="Classes", exact=True).get_by_role("link").first.wait_for()
        assert_fits(page, PHONE["width"])

        page.get_by_role("region", name="Classes", exact=True).get_by_role(
            "link", name="Ouvrir la classe CE2 A").click()
        page.get_by_role("heading", level=1, name=re.compile("^Classe CE2 A")).wait_for()
        page.wait_for_load_state("networkidle")
        assert_fits(page, PHONE["width"])

        if username == "ien":
            page.goto("/tableau-de-bord/circonscriptions/0941002K")
            page.get_by_role("heading", level=1, name=re.compile("Vitry-sur-Seine 2")).wait_for()
            page.get_by_role("region", name="Écoles", exact=True).get_by_role(
                "link").first.wait_for()
            assert_fits(page, PHONE["width"])
    finally:
        context.close()
