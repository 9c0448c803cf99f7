"""The calendar knows where its knowledge ends.

The ministry's calendar the project carries ends with 2027-2028. A weekday of 2028-2029 or
2029-2030 is not a day of class until its holidays are known: the writes that depend on it
answer a clear 400 naming the field, the pages show "Calendrier scolaire non publié pour …".
Once the DASEN enters the zone's holidays for the département, or the ministry's file is
loaded, the holidays are days without class and the other days take the call.
"""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command

from preau.attendance.models import RollCall
from preau.homework.models import Homework
from tests.factories import AuthorityMembershipFactory, PersonFactory, UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
HEADER = "Description;Population;Date de début;Date de fin;Location;Zones;annee_scolaire\n"
# Zone C 2028-2029, in the ministry's format: one row per académie, the day classes resume as
# "Date de fin", timestamps in UTC; a row for teachers only and a row of Corse are left out.
MINISTRY_2028_2029 = HEADER + (
    "Vacances de la Toussaint;-;2028-10-20T22:00:00+00:00;2028-11-05T23:00:00+00:00;Créteil;"
    "Zone C;2028-2029\n"
    "Vacances de la Toussaint;-;2028-10-20T22:00:00+00:00;2028-11-05T23:00:00+00:00;Paris;"
    "Zone C;2028-2029\n"
    "Vacances de la Toussaint;Enseignants;2028-10-20T22:00:00+00:00;2028-11-02T23:00:00+00:00;"
    "Paris;Zone C;2028-2029\n"
    "Vacances de la Toussaint;-;2028-10-17T22:00:00+00:00;2028-11-05T23:00:00+00:00;Corse;"
    "Corse;2028-2029\n"
    "Vacances de Noël;-;2028-12-23;2029-01-08;Créteil;Zone C;2028-2029\n"
    "Vacances d'Été;-;2029-07-07;2029-09-03;Créteil;Zone C;2028-2029\n"
)
HOLIDAYS_2029_2030 = [
    {"name": "Vacances de la Toussaint", "start_date": "2029-10-20", "end_date": "2029-11-04"},
    {"name": "Vacances de Noël", "start_date": "2029-12-22", "end_date": "2030-01-06"},
]


def holidays():
    return apps.get_model("schools", "SchoolHoliday").objects


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=PARIS))


def clients(world, *roles):
    from rest_framework.test import APIClient

    result = []
    for role in roles:
        client = APIClient()
        client.force_login(world.user(role))
        result.append(client)
    return result


def roll_call(client, classroom, on: date):
    return client.post(f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/",
                       {"date": on.isoformat(), "half_day": "morning", "absences": []},
                       format="json")


def week(client, classroom, start: date):
    response = client.get(f"/api/v1/timetable/classrooms/{classroom.pk}/week/",
                          {"start": start.isoformat()})
    assert response.status_code == 200, response.content
    return response.json()


def departement_id(code: str) -> int:
    return apps.get_model("schools", "Departement").objects.get(code=code).pk


def enter_holidays(client, school_year="2029-2030", *, periods=None, zone="C", code="094"):
    return client.put(f"/api/v1/schools/departements/{departement_id(code)}/holidays/",
                      {"school_year": school_year, "zone": zone,
                       "periods": HOLIDAYS_2029_2030 if periods is None else periods},
                      format="json")


def holiday_status(client, school_year: str) -> dict:
    response = client.get(f"/api/v1/schools/departements/{departement_id('094')}/holidays/",
                          {"school_year": school_year})
    assert response.status_code == 200, response.content
    return response.json()


def test_2029_2030_is_unknown_until_the_dasen_enters_the_holidays_of_the_departement():
    with at(date(2029, 10, 30)):  # a Tuesday of the Toussaint holidays 2029
        world = build_world()
        classroom = world.classrooms["A1"]  # zone C, département 094
        teacher, dasen, guardian = clients(world, "teacher", "dasen", "guardian")

        refused = roll_call(teacher, classroom, date(2029, 10, 30))
        assert refused.status_code == 400, refused.content
        error = refused.json()["error"]
        assert error["code"] == "calendar_unknown"
        assert "2029-2030" in error["message"]
        assert "date" in error["fields"]
        assert roll_call(teacher, classroom, date(2029, 10, 19)).status_code == 400
        shown = week(guardian, classroom, date(2029, 10, 29))
        assert shown["calendar_notices"] == ["Calendrier scolaire non publié pour 2029-2030"]
        assert [day["off"]["kind"] for day in shown["days"][:4]] == [
            "unknown", "unknown", "weekend", "bank_holiday"]  # Mon, Tue, Wed, 1 November
        status = holiday_status(dasen, "2029-2030")
        assert [(z["zone"], z["status"]) for z in status["zones"]] == [("C", "unknown")]
        assert status["zones"][0]["known_until"] == "2028-08-31"

        entered = enter_holidays(dasen)
        assert entered.status_code == 200, entered.content
        assert entered.json()["zones"][0]["status"] == "entered"

        holiday = roll_call(teacher, classroom, date(2029, 10, 30))
        assert holiday.status_code == 400
        assert "Vacances de la Toussaint" in holiday.json()["error"]["fields"]["date"][0]
        taken = roll_call(teacher, classroom, date(2029, 10, 19))
        assert taken.status_code == 201, taken.content
        shown = week(guardian, classroom, date(2029, 10, 29))
        assert shown["calendar_notices"] == []
        assert shown["days"][1]["off"] == {"kind": "holiday", "label": "Vacances de la Toussaint"}


def test_2028_2029_is_known_once_the_ministry_file_is_loaded(tmp_path):
    with at(date(2028, 10, 24)):  # a Tuesday of the Toussaint holidays 2028
        world = build_world()
        classroom = world.classrooms["A1"]
        teacher, guardian = clients(world, "teacher", "guardian")
        # The summer of 2027-2028 is published: it ends on 31 August 2028.
        assert week(guardian, classroom, date(2028, 8, 28))["days"][3]["off"]["kind"] == "holiday"
        assert roll_call(teacher, classroom, date(2028, 10, 24)).status_code == 400
        assert roll_call(teacher, classroom, date(2028, 10, 20)).json()["error"]["code"] == (
            "calendar_unknown")
        assert week(guardian, classroom, date(2028, 10, 23))["calendar_notices"] == [
            "Calendrier scolaire non publié pour 2028-2029"]

        ministry = tmp_path / "fr-en-calendrier-scolaire.csv"
        ministry.write_text(MINISTRY_2028_2029, encoding="utf-8")
        call_command("load_school_calendar", str(ministry), stdout=StringIO())
        again = StringIO()
        call_command("load_school_calendar", str(ministry), stdout=again)

        assert "0 périodes ajoutées, 0 modifiées, 3 inchangées" in again.getvalue()
        assert "Zone C : 2028-2029 dans le fichier ; calendrier connu jusqu'au 31/08/2029" in (
            again.getvalue())
        assert holidays().filter(school_year="2028-2029", zone="C").count() == 3
        holiday = roll_call(teacher, classroom, date(2028, 10, 24))
        assert holiday.status_code == 400
        assert "Vacances de la Toussaint" in holiday.json()["error"]["fields"]["date"][0]
        assert roll_call(teacher, classroom, date(2028, 10, 20)).status_code == 201
        shown = week(guardian, classroom, date(2028, 10, 23))
        assert shown["calendar_notices"] == []
        assert shown["days"][0]["off"]["label"] == "Vacances de la Toussaint"


def test_homework_and_announced_absences_in_an_unknown_year_are_refused_naming_the_field():
    with at(date(2029, 9, 10)):
        world = build_world()
        classroom = world.classrooms["A1"]
        teacher, guardian = clients(world, "teacher", "guardian")
        homework = teacher.post(f"/api/v1/homework/classrooms/{classroom.pk}/homework/",
                                {"subject": "francais", "instructions": "Lire p. 12",
                                 "due_date": "2029-09-14"}, format="json")
        notice = guardian.post(f"/api/v1/attendance/pupils/{world.pupils['A1'].pk}/notices/",
                               {"absence_reason": "maladie_enfant", "start_date": "2029-09-13"},
                               format="json")
    assert homework.status_code == 400, homework.content
    assert "2029-2030" in homework.json()["error"]["fields"]["due_date"][0]
    assert notice.status_code == 400, notice.content
    assert "2029-2030" in notice.json()["error"]["fields"]["start_date"][0]
    assert not Homework.objects.exists()


def test_homework_due_outside_the_classroom_school_year_is_refused_naming_due_date():
    with at(date(2026, 11, 25)):
        world = build_world()
        (teacher,) = clients(world, "teacher")
        response = teacher.post(
            f"/api/v1/homework/classrooms/{world.classrooms['A1'].pk}/homework/",
            {"subject": "francais", "instructions": "Lire p. 12", "due_date": "2029-01-08"},
            format="json")
    assert response.status_code == 400, response.content
    assert "2026-2027" in response.json()["error"]["fields"]["due_date"][0]
    assert not Homework.objects.exists()


def test_a_timetable_activity_outside_the_classroom_school_year_is_refused_naming_date():
    with at(date(2026, 11, 25)):
        world = build_world()
        (director,) = clients(world, "director")
        response = director.post(
            f"/api/v1/timetable/classrooms/{world.classrooms['A1'].pk}/exceptions/",
            {"kind": "extra", "date": "2027-09-07", "title": "Sortie au musée",
             "start_time": "09:00", "end_time": "11:00"}, format="json")
    assert response.status_code == 400, response.content
    assert "2026-2027" in response.json()["error"]["fields"]["date"][0]


def test_the_dasen_enters_only_for_an_unpublished_year_of_the_own_departement():
    with at(date(2027, 3, 2)):
        world = build_world()
        dasen, director, inspector = clients(world, "dasen", "director", "inspector")
        published = enter_holidays(dasen, "2027-2028", periods=[
            {"name": "Vacances de la Toussaint", "start_date": "2027-10-23",
             "end_date": "2027-11-07"}])
        assert published.status_code == 400
        assert "school_year" in published.json()["error"]["fields"]
        assert enter_holidays(dasen, code="035").status_code == 404
        assert enter_holidays(director).status_code == 404
        assert enter_holidays(inspector).status_code == 404
        backwards = enter_holidays(dasen, periods=[
            {"name": "Vacances de Noël", "start_date": "2029-12-22", "end_date": "2029-12-01"}])
        assert backwards.status_code == 400
        assert "periods.0.end_date" in backwards.json()["error"]["fields"]
        elsewhere = enter_holidays(dasen, zone="A")
        assert elsewhere.status_code == 400
        assert "zone" in elsewhere.json()["error"]["fields"]
        overlapping = enter_holidays(dasen, periods=[
            HOLIDAYS_2029_2030[0], {**HOLIDAYS_2029_2030[0], "name": "Pont"}])
        assert overlapping.status_code == 400
        assert not holidays().filter(departement__isnull=False).exists()
        assert enter_holidays(dasen).status_code == 200
        assert enter_holidays(dasen).status_code == 200  # replaces, never duplicates
        assert holidays().filter(departement__code="094").count() == 2


def test_the_ministry_calendar_takes_over_what_the_dasen_entered(tmp_path):
    with at(date(2028, 10, 24)):
        world = build_world()
        dasen_person = PersonFactory()
        AuthorityMembershipFactory(person=dasen_person, role="dasen",
                                   departement=world.schools["A"].circonscription.departement)
        (teacher,) = clients(world, "teacher")
        from rest_framework.test import APIClient

        dasen = APIClient()
        dasen.force_login(UserFactory(person=dasen_person))
        assert enter_holidays(dasen, "2028-2029", periods=[
            {"name": "Vacances de la Toussaint", "start_date": "2028-10-28",
             "end_date": "2028-11-12"}]).status_code == 200
        assert roll_call(teacher, world.classrooms["A1"], date(2028, 10, 24)).status_code == 201
        RollCall.objects.all().delete()

        ministry = tmp_path / "calendrier.csv"
        ministry.write_text(MINISTRY_2028_2029, encoding="utf-8")
        call_command("load_school_calendar", str(ministry), stdout=StringIO())

        refused = roll_call(teacher, world.classrooms["A1"], date(2028, 10, 24))
        assert refused.status_code == 400
        assert "Vacances de la Toussaint" in refused.json()["error"]["fields"]["date"][0]
        status = holiday_status(dasen, "2028-2029")
        assert status["zones"][0]["status"] == "published"


@pytest.mark.parametrize(("content", "message"), [
    ("date;zone\n2029-10-20;C\n", "il manque"),
    (HEADER + "Vacances de Noël;-;2029-12-22;pas une date;Paris;Zone C;2029-2030\n", "Ligne 2"),
    (HEADER + "Vacances de Noël;-;2029-12-22;2030-01-06;Paris;Zone C;2029\n", "Ligne 2"),
    (HEADER + "Vacances de Noël;-;2030-01-06;2029-12-22;Paris;Zone C;2029-2030\n", "Ligne 2"),
    (HEADER + "Vacances;-;2029-12-22;2030-01-06;Ajaccio;Corse;2029-2030\n", "aucune période"),
])
def test_a_wrong_ministry_file_is_refused_with_a_clear_error_and_loads_nothing(
    tmp_path, content, message
):
    before = holidays().count()
    ministry = tmp_path / "calendrier.csv"
    ministry.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_school_calendar", str(ministry))
    assert holidays().count() == before
