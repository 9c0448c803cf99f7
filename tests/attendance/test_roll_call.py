"""Taking the call: the sheet, the submit, the calendar and the enrolments it obeys."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from preau.attendance import services
from preau.attendance.models import Absence, AbsenceNotice, RegisterSignOff, RollCall
from preau.attendance.selectors import roll_call_submit_facts
from preau.people.models import Enrolment
from preau.schools.models import WeekPattern
from preau.timetable.models import TimetableException
from tests.attendance.helpers import MONDAY, TUESDAY, add_pupils, marks, take_call
from tests.factories import EnrolmentFactory
from tests.timetable.factories import make_slots

pytestmark = pytest.mark.django_db


def submit_url(classroom) -> str:
    return f"/api/v1/attendance/classrooms/{classroom.pk}/roll-calls/"


def sheet_url(classroom) -> str:
    return f"/api/v1/attendance/classrooms/{classroom.pk}/roll-call/"


def body(on=TUESDAY, half_day="morning", absent=(), late=None) -> dict:
    return {"date": on.isoformat(), "half_day": half_day, "absences": marks(absent, late)}


def test_the_call_stores_the_call_and_only_its_absent_and_late_pupils(world, client_for):
    classroom = world.classrooms["A1"]
    léa = world.pupils["A1"]
    late, *_present = add_pupils(classroom, 4)

    response = client_for("teacher").post(submit_url(classroom),
                                          body(absent=[léa], late={late: 15}), format="json")

    assert response.status_code == 201, response.content
    call = RollCall.objects.get()
    assert response.json()["id"] == call.pk
    assert response["ETag"] == f'"roll-call-{call.pk}-v1"'
    assert call.taken_by == world.user("teacher").person
    rows = {a.pupil_id: (a.kind, a.minutes_late) for a in Absence.objects.all()}
    assert rows == {léa.pk: ("absent", None), late.pk: ("late", 15)}  # no row per present pupil


def test_the_answer_of_a_submit_is_the_call_as_read_back(world, client_for):
    classroom = world.classrooms["A1"]
    announced, late = world.pupils["A1"], add_pupils(classroom, 1)[0]
    AbsenceNotice.objects.create(pupil=announced, start_date=TUESDAY, end_date=TUESDAY,
                                 reason="maladie_enfant",
                                 declared_by=announced.guardianships.first().guardian)
    client = client_for("teacher")

    submitted = client.post(submit_url(classroom), body(absent=[announced], late={late: 7}),
                            format="json")
    read_back = client.get(f"/api/v1/attendance/roll-calls/{submitted.json()['id']}/")

    assert submitted.status_code == 201
    assert submitted.json() == read_back.json()
    assert submitted["ETag"] == read_back["ETag"]
    assert [a["justification_status"] for a in submitted.json()["absences"]] == [
        "pending", "none"]


def test_the_sheet_lists_the_pupils_of_that_day_then_shows_the_call_taken(world, client_for):
    classroom = world.classrooms["A1"]
    léa = world.pupils["A1"]
    left = EnrolmentFactory(classroom=classroom, end_date=MONDAY).pupil  # left on Monday
    client = client_for("teacher")

    before = client.get(sheet_url(classroom), {"date": "2026-11-24", "half_day": "morning"})

    assert before.status_code == 200, before.content
    assert before.json()["roll_call"] is None
    assert "ETag" not in before
    assert [p["pupil"]["id"] for p in before.json()["pupils"]] == [léa.pk]
    assert before.json()["pupils"][0]["presence"] == "present"
    assert left.pk not in {p["pupil"]["id"] for p in before.json()["pupils"]}

    client.post(submit_url(classroom), body(late={léa: 5}), format="json")
    after = client.get(sheet_url(classroom))  # today, the current half-day by default

    sheet = after.json()
    assert (sheet["date"], sheet["half_day"]) == ("2026-11-24", "morning")
    assert sheet["roll_call"]["taken_by"]["id"] == world.user("teacher").person_id
    assert sheet["roll_call"]["taken_at"].startswith("2026-11-24T10:00")
    assert (sheet["pupils"][0]["presence"], sheet["pupils"][0]["minutes_late"]) == ("late", 5)
    assert after["ETag"] == f'"roll-call-{sheet["roll_call"]["id"]}-v1"'


def test_the_same_submit_sent_three_times_makes_one_call_with_the_same_absences(
    world, client_for
):
    classroom = world.classrooms["A1"]
    pupils = [world.pupils["A1"], *add_pupils(classroom, 2)]
    client = client_for("teacher")
    payload = body(absent=pupils[:2], late={pupils[2]: 10})

    answers = [client.post(submit_url(classroom), payload, format="json") for _ in range(3)]

    assert [a.status_code for a in answers] == [201, 200, 200]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len({tuple(x["id"] for x in a.json()["absences"]) for a in answers}) == 1
    assert RollCall.objects.count() == 1
    assert Absence.objects.count() == 3


def test_another_list_for_a_call_already_taken_is_a_conflict_and_changes_nothing(
    world, client_for
):
    classroom = world.classrooms["A1"]
    client = client_for("teacher")
    client.post(submit_url(classroom), body(absent=[world.pupils["A1"]]), format="json")

    response = client.post(submit_url(classroom), body(), format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "roll_call_exists"
    assert "half_day" in response.json()["error"]["fields"]
    assert Absence.objects.count() == 1


def test_a_call_inserted_by_another_device_after_the_check_is_returned(world):
    classroom, pupil = world.classrooms["A1"], world.pupils["A1"]
    director = world.user("director")
    checked = roll_call_submit_facts(actor=director, classroom_id=classroom.pk, on=TUESDAY,
                                     half_day="morning", pupil_ids=[pupil.pk],
                                     l1318_threshold=services.L1318_THRESHOLD)
    first = take_call(world.user("teacher"), classroom, TUESDAY, absent=[pupil])

    again, created = services.roll_call_submit(
        actor=director, classroom=checked, on=TUESDAY, half_day="morning",
        absences=marks([pupil]))

    assert checked.submit_facts.existing_call_id is None  # read before the teacher's insert
    assert (again.pk, created) == (first.pk, False)
    assert Absence.objects.count() == 1


def test_a_teacher_of_another_class_gets_404_on_the_sheet_and_the_submit_and_nothing_is_written(
    world, client_for
):
    classroom = world.classrooms["A1"]
    client = client_for("teacher_other")

    sheet = client.get(sheet_url(classroom), {"date": "2026-11-24", "half_day": "morning"})
    submit = client.post(submit_url(classroom), body(absent=[world.pupils["A1"]]),
                         format="json")

    assert (sheet.status_code, submit.status_code) == (404, 404)
    assert submit.json()["error"]["code"] == "not_found"
    assert not RollCall.objects.exists()
    assert not Absence.objects.exists()


def test_guardians_and_pupils_get_404_on_the_sheet(world, client_for):
    for role in ("guardian", "pupil"):
        response = client_for(role).get(sheet_url(world.classrooms["A1"]))
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("on", "half_day", "field", "label"),
    [
        (date(2026, 10, 20), "morning", "date", "Vacances de la Toussaint"),
        (date(2026, 11, 18), "morning", "date", "Pas de classe"),  # a Wednesday, 4-day week
        (date(2026, 11, 21), "morning", "date", "Pas de classe"),  # a Saturday
    ],
    ids=["school holiday", "wednesday of a 4-day week", "saturday"],
)
def test_a_call_on_a_day_without_class_is_refused_naming_the_date(
    world, client_for, on, half_day, field, label
):
    response = client_for("teacher").post(submit_url(world.classrooms["A1"]),
                                          body(on=on, half_day=half_day), format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert list(error["fields"]) == [field]
    assert label in error["message"]
    assert not RollCall.objects.exists()


def test_a_call_on_a_bank_holiday_is_refused(world, client_for):
    school = world.schools["A"]
    school.week_pattern = WeekPattern.FOUR_AND_HALF_DAYS  # Wednesday mornings have class
    school.save()
    client = client_for("teacher")

    bank_holiday = client.post(submit_url(world.classrooms["A1"]),
                               body(on=date(2026, 11, 11)), format="json")
    ordinary_wednesday = client.post(submit_url(world.classrooms["A1"]),
                                     body(on=date(2026, 11, 18)), format="json")

    assert bank_holiday.status_code == 400
    assert bank_holiday.json()["error"]["fields"].keys() == {"date"}
    assert "11 novembre" in bank_holiday.json()["error"]["message"]
    assert ordinary_wednesday.status_code == 201


def test_a_wednesday_afternoon_of_a_four_and_a_half_day_week_is_refused_naming_the_half_day(
    world, client_for
):
    school = world.schools["A"]
    school.week_pattern = WeekPattern.FOUR_AND_HALF_DAYS
    school.save()

    response = client_for("teacher").post(
        submit_url(world.classrooms["A1"]), body(on=date(2026, 11, 18), half_day="afternoon"),
        format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"].keys() == {"half_day"}


def test_a_closure_of_the_school_refuses_the_call(world, client_for):
    world.schools["A"].closures.create(start_date=MONDAY, end_date=MONDAY, reason="Grève")

    response = client_for("teacher").post(submit_url(world.classrooms["A1"]), body(on=MONDAY),
                                          format="json")

    assert response.status_code == 400
    assert "Grève" in response.json()["error"]["message"]


def test_the_sheet_of_a_day_without_class_answers_400(world, client_for):
    response = client_for("teacher").get(sheet_url(world.classrooms["A1"]),
                                         {"date": "2026-11-18"})

    assert response.status_code == 400
    assert "date" in response.json()["error"]["fields"]


def test_no_call_for_a_day_to_come_nor_for_a_half_day_not_begun(world, client_for):
    client = client_for("teacher")
    classroom = world.classrooms["A1"]

    tomorrow = client.post(submit_url(classroom), body(on=date(2026, 11, 26)), format="json")
    afternoon = client.post(submit_url(classroom), body(half_day="afternoon"), format="json")

    assert (tomorrow.status_code, afternoon.status_code) == (400, 400)
    assert tomorrow.json()["error"]["fields"].keys() == {"date"}
    assert afternoon.json()["error"]["fields"].keys() == {"half_day"}
    assert "13:00" in afternoon.json()["error"]["message"]


def test_a_forgotten_call_of_an_earlier_day_can_still_be_taken(world, client_for):
    response = client_for("teacher").post(submit_url(world.classrooms["A1"]),
                                          body(on=MONDAY, half_day="afternoon"), format="json")

    assert response.status_code == 201
    assert response.json()["taken_at"].startswith("2026-11-24T10:00")


def test_only_pupils_enrolled_in_the_classroom_that_day_may_be_listed(world, client_for):
    classroom = world.classrooms["A1"]
    arriving = EnrolmentFactory(classroom=classroom, start_date=date(2026, 11, 25)).pupil
    client = client_for("teacher")

    other_class = client.post(submit_url(classroom),
                              body(absent=[world.pupils["A1"], world.pupils["A2"]]),
                              format="json")
    not_yet = client.post(submit_url(classroom), body(absent=[arriving]), format="json")

    assert other_class.status_code == 400
    assert other_class.json()["error"]["fields"].keys() == {"absences.1.pupil"}
    assert not_yet.json()["error"]["fields"].keys() == {"absences.0.pupil"}
    assert not RollCall.objects.exists()


def test_a_pupil_who_changed_classroom_is_listed_where_enrolled_that_day(world, client_for):
    hugo = world.pupils["A2"]
    Enrolment.objects.filter(pupil=hugo).update(end_date=MONDAY)
    EnrolmentFactory(pupil=hugo, classroom=world.classrooms["A1"], start_date=TUESDAY)

    monday_in_a2 = client_for("director").post(submit_url(world.classrooms["A2"]),
                                               body(on=MONDAY, absent=[hugo]), format="json")
    tuesday_in_a1 = client_for("teacher").post(submit_url(world.classrooms["A1"]),
                                               body(absent=[hugo]), format="json")

    assert (monday_in_a2.status_code, tuesday_in_a1.status_code) == (201, 201)


@pytest.mark.parametrize(
    ("mark", "field"),
    [
        ({"absence_kind": "late"}, "absences.0.minutes_late"),
        ({"absence_kind": "late", "minutes_late": 0}, "absences.0.minutes_late"),
        ({"absence_kind": "absent", "minutes_late": 10}, "absences.0.minutes_late"),
        ({"absence_kind": "away"}, "absences.0.absence_kind"),
    ],
    ids=["late without minutes", "zero minutes", "absent with minutes", "unknown kind"],
)
def test_a_badly_marked_pupil_is_refused_naming_the_field(world, client_for, mark, field):
    payload = {"date": "2026-11-24", "half_day": "morning",
               "absences": [{"pupil": world.pupils["A1"].pk, **mark}]}

    response = client_for("teacher").post(submit_url(world.classrooms["A1"]), payload,
                                          format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert not RollCall.objects.exists()


def test_a_pupil_listed_twice_is_refused(world, client_for):
    léa = world.pupils["A1"]
    payload = body(absent=[léa], late={léa: 5})

    response = client_for("teacher").post(submit_url(world.classrooms["A1"]), payload,
                                          format="json")

    assert response.status_code == 400
    assert "absences.1.pupil" in response.json()["error"]["fields"]


def test_a_replacement_teacher_assigned_that_day_takes_the_call(world, client_for):
    classroom = world.classrooms["A1"]
    slot = make_slots(classroom)[1]  # Tuesday 8:30
    assert slot.weekday == TUESDAY.weekday()
    TimetableException.objects.create(
        classroom=classroom, date=TUESDAY, kind="replaced", slot=slot,
        replacement_teacher=world.user("teacher_other").person)
    client = client_for("teacher_other")

    sheet = client.get(sheet_url(classroom), {"date": "2026-11-24", "half_day": "morning"})
    today = client.post(submit_url(classroom), body(absent=[world.pupils["A1"]]),
                        format="json")
    another_day = client.post(submit_url(classroom), body(on=MONDAY), format="json")

    assert sheet.status_code == 200
    assert today.status_code == 201
    assert RollCall.objects.get().taken_by == world.user("teacher_other").person
    assert another_day.status_code == 403


def test_the_director_takes_the_call_of_any_classroom_of_the_school(world, client_for):
    client = client_for("director")

    answers = [client.post(submit_url(world.classrooms[key]), body(), format="json")
               for key in ("A1", "A2", "B1")]

    assert [a.status_code for a in answers] == [201, 201, 404]


def test_no_call_in_a_month_whose_register_is_signed(world, client_for):
    classroom = world.classrooms["A1"]
    RegisterSignOff.objects.create(classroom=classroom, month=date(2026, 10, 1),
                                   signed_by=world.user("director").person,
                                   signed_at="2026-11-02T08:00:00+01:00")

    response = client_for("director").post(submit_url(classroom), body(on=date(2026, 10, 15)),
                                           format="json")

    assert response.status_code == 400
    assert "signé" in response.json()["error"]["message"]


def test_the_call_opens_thirty_minutes_before_the_half_day(world, client_for):
    school = world.schools["A"]
    school.afternoon_start = time(13, 30)
    school.save()
    client = client_for("teacher")
    paris = ZoneInfo("Europe/Paris")
    with time_machine.travel(datetime(2026, 11, 24, 12, 59, tzinfo=paris)):
        early = client.post(submit_url(world.classrooms["A1"]), body(half_day="afternoon"),
                            format="json")
    with time_machine.travel(datetime(2026, 11, 24, 13, 0, tzinfo=paris)):
        on_time = client.post(submit_url(world.classrooms["A1"]), body(half_day="afternoon"),
                              format="json")

    assert (early.status_code, on_time.status_code) == (400, 201)
