"""The home page of each role (GET /api/v1/today/): what each one sees at 8:40 on a school
Tuesday, what another family's child never shows, and a fixed number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers

from preau.attendance.models import Absence, AbsenteeismCase, CaseStatus, RollCall
from preau.attendance.services import absence_justify, register_sign
from preau.common.output import PlainOutput
from preau.homework.services import homework_create, lesson_create
from preau.messaging.services import conversation_create, liaison_note_create
from preau.timetable.models import ExceptionKind, TimetableException
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, take_call
from tests.factories import (
    ClassroomFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PupilFactory,
    RollCallFactory,
    TeacherAssignmentFactory,
)
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db

URL = "/api/v1/today/"
THURSDAY = date(2026, 11, 26)
OCTOBER = date(2026, 10, 1)


def today(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def school_life(world):
    """Both classrooms of school A have their timetable; Léa (A1) was absent on Monday
    morning; her teacher set homework for Thursday, sent a note to sign and a message to
    her family; Thursday's French lesson is cancelled. Hugo (A2), another family's child,
    has his own absence, homework and note."""
    a1, a2 = world.classrooms["A1"], world.classrooms["A2"]
    teacher, teacher_other = world.user("teacher"), world.user("teacher_other")
    slots = make_slots(a1)
    make_slots(a2)
    thursday_french = next(s for s in slots if s.weekday == 3 and s.subject == "francais")
    TimetableException.objects.create(classroom=a1, date=THURSDAY, kind=ExceptionKind.CANCELLED,
                                      slot=thursday_french, reason="Sortie au musée")
    take_call(teacher, a1, MONDAY, absent=[world.pupils["A1"]])
    take_call(teacher_other, a2, MONDAY, absent=[world.pupils["A2"]])
    homework_create(actor=teacher, classroom=a1, subject="francais",
                    instructions="Lire la page 12", due_date=THURSDAY)
    homework_create(actor=teacher_other, classroom=a2, subject="mathematiques",
                    instructions="Tables de 7", due_date=THURSDAY)
    liaison_note_create(author=teacher, title="Piscine jeudi", body="Prévoir un bonnet.",
                        audience="classroom", classroom_id=a1.pk, requires_acknowledgement=True)
    liaison_note_create(author=teacher_other, title="Sortie CM", body="Autorisation.",
                        audience="classroom", classroom_id=a2.pk, requires_acknowledgement=True)
    conversation_create(sender=teacher, recipient_ids=[world.user("guardian").pk],
                        subject="Léa", body="Léa a bien travaillé.")
    return world


# --- Guardian -------------------------------------------------------------------------------


def test_the_guardian_sees_each_child_s_day_homework_notes_absences_and_unread_messages(
        school_life, client_for):
    body = today(client_for("guardian"))

    assert body["roles"] == ["guardian"]
    assert body["unread_messages"] == 1
    (child,) = body["guardian"]["children"]
    assert child["pupil"]["first_name"] == "Léa"
    assert child["classroom"]["name"] == "CE2 A"
    assert child["today"]["date"] == "2026-11-24"
    assert [lesson["subject"] for lesson in child["today"]["lessons"]][:3] == [
        "francais", "recreation", "mathematiques"]
    assert child["next_day"]["date"] == "2026-11-26"  # no class on Wednesday
    cancelled = [lesson for lesson in child["next_day"]["lessons"]
                 if lesson["status"] == "cancelled"]
    assert [(c["subject"], c["reason"]) for c in cancelled] == [("francais", "Sortie au musée")]
    assert [h["summary"] for h in child["homework"]] == ["Lire la page 12"]
    assert [n["title"] for n in child["notes_to_sign"]] == ["Piscine jeudi"]
    assert [(a["date"], a["half_day"], a["justification_status"])
            for a in child["absences_to_justify"]] == [("2026-11-23", "morning", "none")]


def test_another_family_s_child_never_appears(school_life, client_for):
    body = today(client_for("guardian"))
    text = str(body)
    assert "Hugo" not in text
    assert "Tables de 7" not in text
    assert "Sortie CM" not in text
    assert body["guardian"]["children"][0]["absences_to_justify"][0]["id"] != 0

    other = today(client_for("guardian_other"))
    (child,) = other["guardian"]["children"]
    assert child["pupil"]["first_name"] == "Hugo"
    assert [h["summary"] for h in child["homework"]] == ["Tables de 7"]
    assert [n["title"] for n in child["notes_to_sign"]] == ["Sortie CM"]
    assert other["unread_messages"] == 0
    assert "Léa" not in str(other)
    assert "Piscine" not in str(other)


def test_each_child_gets_the_homework_and_notes_meant_for_them_alone(school_life, client_for):
    """Two children of the same family in a CE1–CE2 classroom: homework for the CE2, homework
    naming one child or a classmate, a note about one child; each list is the child's."""
    world = school_life
    teacher, guardian = world.user("teacher"), world.user("guardian").person
    mixed = ClassroomFactory(school=world.schools["A"], name="CE1-CE2", levels=["CE1", "CE2"])
    TeacherAssignmentFactory(classroom=mixed, person=teacher.person)
    children = {}
    for name, level in (("Zoé", "CE1"), ("Noé", "CE2")):
        children[name] = PupilFactory(first_name=name)
        GuardianshipFactory(guardian=guardian, pupil=children[name])
        EnrolmentFactory(pupil=children[name], classroom=mixed, level=level)
    classmate = PupilFactory(first_name="Inès")
    EnrolmentFactory(pupil=classmate, classroom=mixed, level="CE1")
    for instructions, audience, levels, pupils in (
            ("Dictée des CE2", "levels", ["CE2"], None),
            ("Exercice pour Zoé", "pupils", None, [children["Zoé"].pk]),
            ("Exercice pour Inès", "pupils", None, [classmate.pk])):
        homework_create(actor=teacher, classroom=mixed, subject="francais",
                        instructions=instructions, due_date=THURSDAY, audience=audience,
                        levels=levels, pupils=pupils)
    liaison_note_create(author=teacher, title="Rendez-vous pour Zoé", body="Jeudi 17 h.",
                        audience="pupil", pupil_id=children["Zoé"].pk,
                        requires_acknowledgement=True)

    listed = {child["pupil"]["first_name"]: child
              for child in today(client_for("guardian"))["guardian"]["children"]}

    assert sorted(listed) == ["Léa", "Noé", "Zoé"]
    assert [h["summary"] for h in listed["Zoé"]["homework"]] == ["Exercice pour Zoé"]
    assert [h["summary"] for h in listed["Noé"]["homework"]] == ["Dictée des CE2"]
    assert [h["summary"] for h in listed["Léa"]["homework"]] == ["Lire la page 12"]
    assert [n["title"] for n in listed["Zoé"]["notes_to_sign"]] == ["Rendez-vous pour Zoé"]
    assert listed["Noé"]["notes_to_sign"] == []
    assert [n["title"] for n in listed["Léa"]["notes_to_sign"]] == ["Piscine jeudi"]


def test_what_the_guardian_did_leaves_the_home_page(school_life, client_for):
    """A note signed, an absence justified, homework done: gone from the lists."""
    client = client_for("guardian")
    child = today(client)["guardian"]["children"][0]
    note_id, absence_id = child["notes_to_sign"][0]["id"], child["absences_to_justify"][0]["id"]
    homework_id = child["homework"][0]["id"]

    assert client.post(f"/api/v1/messaging/notes/{note_id}/acknowledgements/"
                       ).status_code == 200
    assert client.post(f"/api/v1/attendance/absences/{absence_id}/justification/",
                       {"absence_reason": "maladie_enfant"}, format="multipart"
                       ).status_code == 200
    assert client.put(f"/api/v1/homework/items/{homework_id}/done/",
                      {"pupil": school_life.pupils["A1"].pk, "done": True}, format="json"
                      ).status_code == 200

    child = today(client)["guardian"]["children"][0]
    assert child["notes_to_sign"] == []
    assert child["absences_to_justify"] == []
    assert child["homework"] == []


# --- Pupil ----------------------------------------------------------------------------------


def test_the_pupil_sees_the_day_and_the_homework_to_do_and_not_the_family_s_notes(
        school_life, client_for):
    body = today(client_for("pupil"))

    assert body["roles"] == ["pupil"]
    assert body["guardian"] is None
    assert body["teacher"] is None
    pupil = body["pupil"]
    assert pupil["classroom"]["name"] == "CE2 A"
    assert pupil["today"]["lessons"][0]["subject"] == "francais"
    assert pupil["next_day"]["date"] == "2026-11-26"
    assert [h["summary"] for h in pupil["homework"]] == ["Lire la page 12"]
    # The message went to the family, not to the pupil; the school keeps pupils' messaging
    # closed by default.
    assert pupil["last_message"] is None
    assert pupil["may_write_messages"] is False
    assert "Piscine" not in str(body)
    assert "Tables de 7" not in str(body)


# --- Teacher --------------------------------------------------------------------------------


def test_the_teacher_sees_the_call_to_take_now_and_then_taken(school_life, client_for):
    client = client_for("teacher")
    (call,) = today(client)["teacher"]["calls"]
    assert call == {"classroom": {"id": school_life.classrooms["A1"].pk, "name": "CE2 A"},
                    "date": "2026-11-24", "half_day": "morning",
                    "is_school_half_day": True, "to_take": True}

    take_call(school_life.user("teacher"), school_life.classrooms["A1"], TUESDAY)

    (call,) = today(client)["teacher"]["calls"]
    assert call["to_take"] is False


def test_the_teacher_sees_today_s_lessons_with_the_cahier_de_textes_filled_or_not(
        school_life, client_for):
    client = client_for("teacher")
    lessons = today(client)["teacher"]["lessons"]
    assert [lesson["occurrence"]["subject"] for lesson in lessons][:3] == [
        "francais", "recreation", "mathematiques"]
    assert all(lesson["lesson_entry_id"] is None for lesson in lessons)

    entry = lesson_create(actor=school_life.user("teacher"), classroom=school_life.classrooms["A1"],
                          date=TUESDAY, subject="francais", title="La phrase")

    lessons = today(client)["teacher"]["lessons"]
    filled = [lesson["occurrence"]["subject"] for lesson in lessons if lesson["lesson_entry_id"]]
    assert filled == ["francais"]
    assert lessons[0]["lesson_entry_id"] == entry.pk


def test_the_teacher_sees_their_notes_awaiting_signatures_with_the_counts(
        school_life, client_for):
    client = client_for("teacher")
    (note,) = today(client)["teacher"]["notes_awaiting"]
    # Léa's two legal guardians each sign.
    assert (note["title"], note["delivery_count"], note["acknowledged_count"]) == (
        "Piscine jeudi", 2, 0)

    client_for("guardian").post(f"/api/v1/messaging/notes/{note['id']}/acknowledgements/")
    (note,) = today(client)["teacher"]["notes_awaiting"]
    assert note["acknowledged_count"] == 1

    client_for("guardian_2").post(
        f"/api/v1/messaging/notes/{note['id']}/acknowledgements/")
    assert today(client)["teacher"]["notes_awaiting"] == []
    assert "Sortie CM" not in str(today(client))


# --- Director -------------------------------------------------------------------------------


def test_the_director_sees_calls_not_taken_justifications_cases_and_registers_to_sign(
        school_life, client_for):
    world = school_life
    RollCallFactory(classroom=world.classrooms["A1"], date=date(2026, 10, 6))
    RollCallFactory(classroom=world.classrooms["A2"], date=date(2026, 10, 6))
    absence_justify(actor=world.user("guardian"), absence=absence_of(world.pupils["A1"]),
                    reason="maladie_enfant")
    AbsenteeismCase.objects.create(pupil=world.pupils["A2"], classroom=world.classrooms["A2"],
                                   month=date(2026, 11, 1), unjustified_half_days=4,
                                   opened_at="2026-11-23T12:00:00+01:00")
    client = client_for("director")

    director = today(client)["director"]
    (school,) = director["calls_not_taken"]
    assert (school["school"]["name"], school["half_day"], school["is_school_half_day"]) == (
        "École Jean Jaurès", "morning", True)
    assert [c["name"] for c in school["classrooms"]] == ["CE2 A", "CM1-CM2"]
    assert director["justifications_waiting"] == 1
    assert director["open_case_count"] == 1
    assert director["open_cases"][0]["pupil"]["first_name"] == "Hugo"
    assert director["registers_to_sign"]["month"] == "2026-10-01"
    assert [c["name"] for c in director["registers_to_sign"]["classrooms"]] == [
        "CE2 A", "CM1-CM2"]

    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY)
    register_sign(actor=world.user("director"), classroom=world.classrooms["A1"], month=OCTOBER)
    AbsenteeismCase.objects.update(status=CaseStatus.CLOSED, closed_on=TUESDAY)

    director = today(client)["director"]
    assert [c["name"] for c in director["calls_not_taken"][0]["classrooms"]] == ["CM1-CM2"]
    assert [c["name"] for c in director["registers_to_sign"]["classrooms"]] == ["CM1-CM2"]
    assert director["open_cases"] == []
    assert director["open_case_count"] == 0


def test_another_school_s_director_sees_only_their_own_school(school_life, client_for):
    director = today(client_for("director_other"))["director"]
    assert [s["school"]["name"] for s in director["calls_not_taken"]] == ["École Paul Langevin"]
    assert director["justifications_waiting"] == 0
    assert director["registers_to_sign"]["classrooms"] == []


def absence_of(pupil):
    return Absence.objects.select_related("roll_call__classroom").get(pupil=pupil)


# --- Other roles, and the anonymous ---------------------------------------------------------


# --- Commune, IEN, DASEN --------------------------------------------------------------------


def test_the_inspector_sees_the_week_s_rate_with_its_coverage_and_last_week_beside_it(
        school_life, client_for):
    world = school_life
    a1, a2 = world.classrooms["A1"], world.classrooms["A2"]
    # Every call of the week so far (Monday, Tuesday morning); none the week before.
    take_call(world.user("teacher"), a1, MONDAY, "afternoon")
    take_call(world.user("teacher_other"), a2, MONDAY, "afternoon")
    take_call(world.user("teacher"), a1, TUESDAY)
    take_call(world.user("teacher_other"), a2, TUESDAY)
    AbsenteeismCase.objects.create(pupil=world.pupils["A2"], classroom=a2,
                                   month=date(2026, 11, 1), unjustified_half_days=4,
                                   opened_at="2026-11-23T12:00:00+01:00")

    conversation_create(sender=world.user("director"), recipient_ids=[world.user("inspector").pk],
                        subject="Visite", body="Nous vous attendons jeudi.")

    body = today(client_for("inspector"))
    assert body["unread_messages"] == 1
    authority = body["authority"]

    this_week, last_week = authority["this_week"], authority["last_week"]
    assert (this_week["start"], last_week["start"]) == ("2026-11-23", "2026-11-16")
    assert this_week["coverage"] == {
        "calls_due": 6, "calls_taken": 6, "coverage": 1.0, "threshold": 0.8, "schools": 1,
        "schools_covered": 1, "schools_left_out": 0, "schools_without_calls": 0}
    expected = sum(r.pupil_count for r in RollCall.objects.filter(classroom__in=[a1, a2]))
    assert this_week["attendance_rate"] == round(1 - 2 / expected, 4)
    assert last_week["attendance_rate"] is None
    assert (last_week["coverage"]["calls_taken"], last_week["coverage"]["calls_due"]) == (0, 16)
    assert last_week["coverage"]["schools_without_calls"] == 1
    assert (authority["open_l1318_cases"], authority["new_l1318_cases"]) == (1, 1)


def test_the_commune_sees_no_rate_about_fewer_than_five_pupils_and_no_case(
        school_life, client_for):
    world = school_life
    take_call(world.user("teacher"), world.classrooms["A1"], MONDAY, "afternoon")
    take_call(world.user("teacher_other"), world.classrooms["A2"], MONDAY, "afternoon")
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY)
    take_call(world.user("teacher_other"), world.classrooms["A2"], TUESDAY)

    authority = today(client_for("commune"))["authority"]

    assert authority["this_week"]["attendance_rate"] is None
    assert "attendance_rate" in authority["this_week"]["suppressed"]
    assert authority["this_week"]["coverage"]["calls_taken"] == 6
    assert (authority["open_l1318_cases"], authority["new_l1318_cases"]) == (None, None)


@pytest.mark.parametrize("role", ["commune", "inspector", "dasen", "operator"])
def test_roles_without_a_school_day_get_no_section_of_a_school_role(school_life, client_for,
                                                                   role):
    body = today(client_for(role))
    assert [body[key] for key in ("guardian", "pupil", "teacher", "director")] == [None] * 4
    assert (body["authority"] is None) == (role == "operator")


def test_the_anonymous_get_401(api_client, world):
    assert api_client.get(URL).status_code == 401


# --- Rendered as DRF renders it -------------------------------------------------------------


def test_every_section_is_rendered_as_drf_s_own_serializers_render_it(school_life, client_for,
                                                                      monkeypatch):
    """The page's serializers skip DRF's per-request field set-up (preau.common.output): what
    they answer is what DRF's ``Serializer.to_representation`` answers, for every role."""
    world = school_life
    absence_justify(actor=world.user("guardian"), absence=absence_of(world.pupils["A1"]),
                    reason="maladie_enfant")
    AbsenteeismCase.objects.create(pupil=world.pupils["A2"], classroom=world.classrooms["A2"],
                                   month=date(2026, 11, 1), unjustified_half_days=4,
                                   opened_at="2026-11-23T12:00:00+01:00")
    take_call(world.user("teacher"), world.classrooms["A1"], TUESDAY)
    roles = ("guardian", "pupil", "teacher", "director", "inspector", "commune", "dasen")
    plain = {role: today(client_for(role)) for role in roles}
    monkeypatch.setattr(PlainOutput, "to_representation", serializers.Serializer.to_representation)
    drf = {role: today(client_for(role)) for role in roles}

    assert plain == drf
    # Every section was there to compare, lessons with their changes included.
    assert all(plain[role][role] for role in ("guardian", "pupil", "teacher", "director"))
    assert plain["guardian"]["guardian"]["children"][0]["today"]["lessons"]
    assert all(plain[role]["authority"] for role in ("inspector", "commune", "dasen"))


# --- A fixed number of queries --------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        today(client)
    return len(queries)


def test_the_guardian_s_page_costs_the_same_queries_for_one_child_or_three(
        school_life, client_for):
    world = school_life
    client = client_for("guardian")
    one = _queries(client)
    guardian = world.user("guardian").person
    for name, key, teacher in (("Zoé", "A2", "teacher_other"), ("Noé", "A1", "teacher")):
        child = PupilFactory(first_name=name)
        GuardianshipFactory(guardian=guardian, pupil=child)
        EnrolmentFactory(pupil=child, classroom=world.classrooms[key])
        take_call(world.user(teacher), world.classrooms[key], MONDAY, "afternoon",
                  absent=[child])

    children = today(client)["guardian"]["children"]
    assert sorted(c["pupil"]["first_name"] for c in children) == ["Léa", "Noé", "Zoé"]
    assert all(c["absences_to_justify"] and c["today"]["lessons"] for c in children)
    assert _queries(client) == one


def test_the_teacher_s_page_costs_the_same_queries_for_one_classroom_or_two(
        school_life, client_for):
    world = school_life
    client = client_for("teacher")
    one = _queries(client)
    second = ClassroomFactory(school=world.schools["A"], name="CM2 bis")
    TeacherAssignmentFactory(classroom=second, person=world.user("teacher").person)
    add_pupils(second, 3)
    make_slots(second)

    calls = today(client)["teacher"]["calls"]
    assert sorted(c["classroom"]["name"] for c in calls) == ["CE2 A", "CM2 bis"]
    assert _queries(client) == one


def test_the_authority_s_page_costs_the_same_queries_for_one_school_or_two(
        school_life, client_for):
    world = school_life
    inspector = _queries(client_for("inspector"))  # school A
    RollCallFactory(classroom=world.classrooms["B1"], date=MONDAY)

    authority = today(client_for("dasen"))["authority"]  # schools A and B
    assert authority["last_week"]["coverage"]["schools"] == 2
    assert _queries(client_for("dasen")) == inspector
