"""The home pages (« Aujourd’hui ») of the demo, as its users find them at today's real date,
in Debian's Chromium against the real ASGI app.

``demo_seed`` fills the live server's database; the mother (« parent »), the teacher of
her elder child (« enseignant ») and the director (« directeur ») keep their home page
open, each in their own browser. Each page shows the demo's rows it lists (the children
and their day, the notes to sign, the calls, the notes waiting for signatures, the
L131-8 case, the register to sign; the pupil's day and homework; the authorities' week
with its coverage), then follows what the others do, with no reload:

- the director adds the elder child to the class's last roll call: the absence to justify
  appears on the mother's page;
- the mother justifies it: the director's count of justifications to examine moves;
- the teacher writes to the mother: her unread count moves;
- the father signs the teacher's note: the teacher's count of signatures moves;
- the teacher answers the pupil (« eleve »): the pupil's last message is the answer;
- the director writes to the commune and the IEN, and answers the DASEN: each one's unread
  count moves (their figures are the week's and not live: docs/today.md).

Every change is also said by the page's live region (« Page mise à jour à … »).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from preau.accounts.models import User
from preau.attendance.models import Absence, AbsenceReason, RollCall
from preau.attendance.services import absence_justify, roll_call_correct
from preau.imports.demo import DEMO_PASSWORD, demo_seed
from preau.messaging.models import Conversation, LiaisonNote
from preau.messaging.services import conversation_create, liaison_note_acknowledge, message_send
from preau.people.models import Enrolment
from tests.e2e.accessibility import assert_accessible
from tests.e2e.second_step import sign_in
from tests.e2e.test_timetable import in_a_plain_thread, new_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
AUTHORITIES = ("mairie", "ien", "dasen")
LIVE = 5_000  # ms: an event reaches an open page well within it


def home(browser, base_url: str, username: str, viewport: dict):
    """A browser signed in as ``username`` on its home page, its socket open and its one
    request answered."""
    context, page = new_page(browser, base_url, viewport)
    with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
        sign_in(page, username, DEMO_PASSWORD)
    page.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
    expect(page.locator("main [aria-busy='true']")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")  # a reload would drop it
    return context, page


def announced(page):
    """The page's status live region, once it says the page changed."""
    return page.get_by_role("status").filter(has_text=re.compile(r"^Page mise à jour à "))


def test_the_demo_s_home_pages_show_its_rows_and_follow_each_other_live(
        browser, asgi_live_server, transactional_db):
    in_a_plain_thread(demo_seed)
    mother, father = User.objects.get(username="parent"), User.objects.get(username="parent2")
    teacher, director = User.objects.get(username="enseignant"), User.objects.get(username="directeur")
    enrolments = list(Enrolment.objects.filter(pupil__guardianships__guardian=mother.person,
                                               end_date__isnull=True)
                      .select_related("pupil", "classroom").order_by("classroom__name"))
    assert len(enrolments) == 2, enrolments
    # The teacher's class is the elder child's (the demo teacher's notes go to it).
    (elder,) = [e for e in enrolments
                if e.classroom.assignments.filter(person=teacher.person).exists()]
    to_sign = LiaisonNote.objects.get(author=teacher, requires_acknowledgement=True)

    contexts = []
    try:
        context, parent = home(browser, asgi_live_server, "parent", PHONE)
        contexts.append(context)
        context, teacher_page = home(browser, asgi_live_server, "enseignant", TABLET)
        contexts.append(context)
        context, director_page = home(browser, asgi_live_server, "directeur", TABLET)
        contexts.append(context)
        context, pupil_page = home(browser, asgi_live_server, "eleve", PHONE)
        contexts.append(context)
        authorities = {}
        for username in AUTHORITIES:
            context, authorities[username] = home(browser, asgi_live_server, username, PHONE)
            contexts.append(context)

        # The demo's rows. The mother: each child's day, the school's note to sign.
        for enrolment in enrolments:
            pupil = enrolment.pupil
            child = parent.get_by_role(
                "region", name=f"{pupil.first_name} {pupil.last_name} · {enrolment.classroom.name}")
            expect(child).to_be_visible()
            expect(child.get_by_text(re.compile(r"^Prochain jour de classe : "))).to_be_visible()
            expect(child.get_by_role("region", name="Mots à signer").get_by_text(
                "Exercice de mise en sûreté")).to_be_visible()
        elder_region = parent.get_by_role("region", name=re.compile(
            rf"^{elder.pupil.first_name} {elder.pupil.last_name} · "))
        # The teacher: the call of the moment, the note the father has not signed.
        calls = teacher_page.get_by_role("region", name="L’appel")
        expect(calls.get_by_text(re.compile(rf"^{elder.classroom.name} : "))).to_be_visible()
        notes = teacher_page.get_by_role("region", name="Mots en attente de signatures")
        count = notes.get_by_text(re.compile(r"^\d+ signatures? sur \d+$"))
        expect(notes.get_by_text(to_sign.title)).to_be_visible()
        signed_before = int(count.inner_text().split()[0])
        # The director: the L131-8 case the demo opens, last month's register to sign.
        director_main = director_page.get_by_role("main")
        expect(director_main.get_by_text(re.compile(r"^\d+ dossiers? L131-8 ouverts?$"))).to_be_visible()
        expect(director_main.get_by_text(re.compile(r"^À signer pour "))).to_be_visible()
        justifications = director_main.get_by_text(
            re.compile(r"^(\d+ justifications? à examiner|Aucune justification à examiner\.)$"))
        waiting = justifications.inner_text()
        waiting_before = 0 if waiting.startswith("Aucune") else int(waiting.split()[0])
        # The pupil: the day in words, homework, the teacher's last message.
        expect(pupil_page.get_by_role("region", name="Ma journée")).to_be_visible()
        expect(pupil_page.get_by_role("region", name="Mes devoirs")).to_be_visible()
        last_message = pupil_page.get_by_role("region", name="Le dernier message")
        expect(last_message.get_by_text(re.compile(r"^De .+, le "))).to_be_visible()
        # The authorities: this week's calls with their coverage, what changed since last week.
        for page in authorities.values():
            week = page.get_by_role("region", name=re.compile(r"^Semaine du "))
            expect(week.get_by_text(re.compile(
                r"^(Appels faits : \d+ sur \d+ dus \(.+\)|Aucun appel dû pour l’instant\.)$"))
            ).to_be_visible()
            expect(page.get_by_role("region", name="Depuis la semaine dernière")).to_be_visible()
            expect(page.get_by_role("main").get_by_text("Aucun message non lu")).to_be_visible()
        for page in (parent, teacher_page, director_page, pupil_page, *authorities.values()):
            assert_accessible(page)

        # The director adds the elder child to the class's last call: the mother sees it.
        call = RollCall.objects.filter(classroom=elder.classroom).latest("date", "half_day")
        kept = [{"pupil": a.pupil_id, "absence_kind": a.kind}
                for a in Absence.objects.filter(roll_call=call).exclude(pupil=elder.pupil)]
        in_a_plain_thread(lambda: roll_call_correct(
            actor=director, roll_call=call, expected_version=call.version,
            absences=[*kept, {"pupil": elder.pupil_id, "absence_kind": "absent"}]))
        to_justify = elder_region.get_by_role("region", name="Absences à justifier")
        expect(to_justify.get_by_role("link", name="Justifier")).to_be_visible(timeout=LIVE)
        expect(announced(parent)).to_have_count(1)

        # The mother justifies it: the director's count moves.
        absence = Absence.objects.get(roll_call=call, pupil=elder.pupil)
        in_a_plain_thread(lambda: absence_justify(actor=mother, absence=absence,
                                                  reason=AbsenceReason.CHILD_ILLNESS, comment="Fièvre"))
        expect(director_main.get_by_text(
            f"{waiting_before + 1} justification{'s' if waiting_before else ''} à examiner"
        )).to_be_visible(timeout=LIVE)

        # The teacher writes to the mother: her unread count moves.
        unread = parent.get_by_role("main").get_by_text(
            re.compile(r"^(\d+ messages? non lus?|Aucun message non lu)$"))
        before = unread.inner_text()
        unread_before = 0 if before.startswith("Aucun") else int(before.split()[0])
        in_a_plain_thread(lambda: conversation_create(
            sender=teacher, recipient_ids=[mother.pk], subject="Sortie",
            body="La sortie est confirmée."))
        after = unread_before + 1
        expect(unread).to_have_text(f"{after} message{'s' if after > 1 else ''} non lu{'s' if after > 1 else ''}",
                                    timeout=LIVE)

        # The father signs the teacher's note: the teacher's count moves.
        in_a_plain_thread(lambda: liaison_note_acknowledge(guardian=father, note=to_sign))
        expect(count).to_have_text(re.compile(rf"^{signed_before + 1} signatures? sur \d+$"),
                                   timeout=LIVE)
        expect(announced(teacher_page)).to_have_count(1)

        # The teacher answers the pupil: the answer is the pupil's last message.
        pupil = User.objects.get(username="eleve")
        exchange = Conversation.objects.filter(participants__user=pupil).filter(
            participants__user=teacher).latest("updated_at")
        in_a_plain_thread(lambda: message_send(sender=teacher, conversation=exchange,
                                               body="N’oublie pas tes images de hérissons."))
        expect(last_message.get_by_text("N’oublie pas tes images de hérissons.")).to_be_visible(
            timeout=LIVE)

        # The director writes to the commune and the IEN, and answers the DASEN (nobody
        # writes to a DASEN first): their unread counts move.
        def write_to_the_authorities() -> None:
            conversation_create(
                sender=director, subject="Conseil d’école",
                recipient_ids=list(User.objects.filter(username__in=("mairie", "ien"))
                                   .values_list("pk", flat=True)),
                body="Le compte rendu du conseil d’école est en ligne.")
            (question,) = conversation_create(
                sender=User.objects.get(username="dasen"), recipient_ids=[director.pk],
                subject="Effectifs", body="Pouvez-vous confirmer vos effectifs ?")
            message_send(sender=director, conversation=question, body="Confirmés : voir ONDE.")

        in_a_plain_thread(write_to_the_authorities)
        for page in authorities.values():
            expect(page.get_by_role("main").get_by_text("1 message non lu")).to_be_visible(
                timeout=LIVE)

        for page in (parent, teacher_page, director_page, pupil_page, *authorities.values()):
            assert page.evaluate("window.__sameDocument") is True
    finally:
        for context in contexts:
            context.close()
