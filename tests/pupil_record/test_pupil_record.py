"""The pupil record (fiche élève): who reads it, what it shows, the director's edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from preau.audit.models import AuditEvent, AuditKind
from preau.people.models import Enrolment, GuardianRelationship, Guardianship, Person
from preau.pupil_record.models import PickupPerson
from tests.factories import ClassroomFactory, GuardianshipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _record_url(pupil) -> str:
    return reverse("pupil_record:record", kwargs={"pupil_id": pupil.pk})


def _create_url(pupil) -> str:
    return reverse("pupil_record:pickup-person-create", kwargs={"pupil_id": pupil.pk})


def _detail_url(pickup_person) -> str:
    return reverse("pupil_record:pickup-person-detail",
                   kwargs={"pickup_person_id": pickup_person.pk})


def _pickup(world, key="A1", **fields) -> PickupPerson:
    values = {"first_name": "Odette", "last_name": "Martin", "relationship": "grand-mère",
              "phone": "06 12 34 56 78"} | fields
    return PickupPerson.objects.create(pupil=world.pupils[key],
                                       school=world.classrooms[key].school, **values)


def _contact_url(pupil, guardian) -> str:
    guardianship = Guardianship.objects.get(pupil=pupil, guardian=guardian)
    return reverse("pupil_record:guardian-contact",
                   kwargs={"guardianship_id": guardianship.pk})


GRANDMOTHER = {"first_name": "Odette", "last_name": "Martin", "relationship": "grand-mère",
               "phone": "0612345678", "notes": "Le mercredi"}


def test_teacher_of_the_class_reads_guardians_contacts_and_pickup_persons(world, client_for):
    _pickup(world)
    guardian = world.users["guardian"].person
    guardian.phone, guardian.email = "06 00 00 00 01", "sophie@example.org"
    guardian.save()

    response = client_for("teacher").get(_record_url(world.pupils["A1"]))

    assert response.status_code == 200
    body = response.json()
    assert body["first_name"] == "Léa"
    sophie = next(g for g in body["guardians"] if g["first_name"] == "Sophie")
    assert (sophie["phone"], sophie["email"], sophie["is_legal"]) == (
        "06 00 00 00 01", "sophie@example.org", True)
    assert len(body["guardians"]) == 2
    assert [(p["first_name"], p["relationship"], p["phone"]) for p in body["pickup_persons"]] == [
        ("Odette", "grand-mère", "06 12 34 56 78")]
    assert body["enrolments"][0]["classroom_name"] == "CE2 A"
    assert body["enrolments"][0]["is_current"] is True
    assert body["can_edit"] is False


def test_director_reads_the_record_and_may_edit_it(world, client_for):
    body = client_for("director").get(_record_url(world.pupils["A2"])).json()
    assert body["can_edit"] is True


@pytest.mark.parametrize("role", ["pupil", "guardian", "teacher_other", "director_other",
                                  "commune", "inspector", "dasen", "operator"])
def test_families_authorities_and_other_staff_get_404_on_the_record(world, client_for, role):
    response = client_for(role).get(_record_url(world.pupils["A1"]))
    assert response.status_code == 404


def test_past_enrolments_are_listed_and_the_old_schools_pickup_persons_are_not(
        world, client_for):
    pupil = world.pupils["A1"]
    today = timezone.localdate()
    current = Enrolment.objects.get(pupil=pupil)
    old_classroom = ClassroomFactory(school=world.schools["B"],
                                     school_year=world.classrooms["A1"].school_year)
    Enrolment.objects.create(pupil=pupil, classroom=old_classroom, level=old_classroom.levels[0],
                             start_date=current.start_date - timedelta(days=30),
                             end_date=current.start_date - timedelta(days=1))
    PickupPerson.objects.create(pupil=pupil, school=world.schools["B"], first_name="Ancien",
                                last_name="Voisin", relationship="voisin",
                                phone="0611111111")
    assert current.start_date <= today

    body = client_for("teacher").get(_record_url(pupil)).json()

    assert [(e["school_name"], e["is_current"]) for e in body["enrolments"]] == [
        ("École Jean Jaurès", True), ("École Paul Langevin", False)]
    assert body["pickup_persons"] == []


def test_the_record_costs_the_same_queries_whatever_it_holds(
        world, client_for, django_assert_max_num_queries):
    client = client_for("director")
    pupil = world.pupils["A1"]
    with CaptureQueriesContext(connection) as small:
        assert client.get(_record_url(pupil)).status_code == 200
    for index in range(6):
        _pickup(world, first_name=f"Personne {index}")
        GuardianshipFactory(guardian=PersonFactory(), pupil=pupil,
                            relationship=GuardianRelationship.OTHER, is_legal=False)
    with django_assert_max_num_queries(len(small)):
        body = client.get(_record_url(pupil)).json()
    assert len(body["pickup_persons"]) == 6
    assert len(body["guardians"]) == 8


def test_director_adds_a_pickup_person_and_the_journal_says_so(world, client_for):
    response = client_for("director").post(_create_url(world.pupils["A1"]), GRANDMOTHER,
                                           format="json")

    assert response.status_code == 201
    assert response.json()["phone"] == "06 12 34 56 78"
    pickup_person = PickupPerson.objects.get()
    assert (pickup_person.school, pickup_person.notes) == (world.schools["A"], "Le mercredi")
    event = AuditEvent.objects.get(kind=AuditKind.PUPIL_RECORD_CHANGED)
    assert event.actor == world.users["director"]
    assert event.object_ref == (f"pupil={world.pupils['A1'].pk} "
                                f"pickup_person={pickup_person.pk} added")
    assert list(event.schools.values_list("pk", flat=True)) == [world.schools["A"].pk]


def test_teacher_may_not_add_a_pickup_person(world, client_for):
    response = client_for("teacher").post(_create_url(world.pupils["A1"]), GRANDMOTHER,
                                          format="json")

    assert response.status_code == 403
    assert not PickupPerson.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditKind.PUPIL_RECORD_CHANGED).exists()


def test_a_phone_that_is_not_a_number_is_a_400_naming_the_phone(world, client_for):
    response = client_for("director").post(_create_url(world.pupils["A1"]),
                                           GRANDMOTHER | {"phone": "06 12 34"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["phone"]
    assert not PickupPerson.objects.exists()


def test_a_missing_name_is_a_400_naming_the_field(world, client_for):
    response = client_for("director").post(_create_url(world.pupils["A1"]),
                                           GRANDMOTHER | {"last_name": "  "}, format="json")

    assert response.status_code == 400
    assert "last_name" in response.json()["error"]["fields"]


def test_the_same_person_twice_is_a_400_naming_the_last_name(world, client_for):
    _pickup(world)
    response = client_for("director").post(_create_url(world.pupils["A1"]), GRANDMOTHER,
                                           format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["last_name"]
    assert PickupPerson.objects.count() == 1


def test_director_changes_then_removes_a_pickup_person(world, client_for):
    pickup_person = _pickup(world)
    client = client_for("director")

    response = client.patch(_detail_url(pickup_person), {"phone": "+33 6 98 76 54 32"},
                            format="json")
    assert response.status_code == 200
    pickup_person.refresh_from_db()
    assert (pickup_person.phone, pickup_person.first_name) == ("+33698765432", "Odette")

    assert client.delete(_detail_url(pickup_person)).status_code == 204
    assert not PickupPerson.objects.exists()
    assert [e.object_ref.rsplit(" ", 1)[1] for e in AuditEvent.objects.filter(
        kind=AuditKind.PUPIL_RECORD_CHANGED).order_by("pk")] == ["changed", "removed"]


@pytest.mark.parametrize(("role", "status"), [("teacher", 403), ("teacher_other", 404),
                                              ("guardian", 404), ("director_other", 404)])
def test_others_may_not_remove_a_pickup_person(world, client_for, role, status):
    pickup_person = _pickup(world)
    assert client_for(role).delete(_detail_url(pickup_person)).status_code == status
    assert PickupPerson.objects.filter(pk=pickup_person.pk).exists()


def test_director_corrects_a_guardians_phone_and_email(world, client_for):
    guardian = world.users["guardian"].person
    url = _contact_url(world.pupils["A1"], guardian)

    response = client_for("director").patch(
        url, {"phone": "01.23.45.67.89", "email": "sophie.martin@example.org"}, format="json")

    assert response.status_code == 200
    guardian.refresh_from_db()
    assert (guardian.phone, guardian.email) == ("01 23 45 67 89", "sophie.martin@example.org")
    assert AuditEvent.objects.get(kind=AuditKind.PUPIL_RECORD_CHANGED).object_ref == (
        f"pupil={world.pupils['A1'].pk} guardian={guardian.pk} contact")


def test_a_bad_guardian_email_is_a_400_naming_the_email(world, client_for):
    guardian = world.users["guardian"].person
    url = _contact_url(world.pupils["A1"], guardian)

    response = client_for("director").patch(url, {"email": "pas-une-adresse"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["email"]


@pytest.mark.parametrize("role", ["director_other", "teacher_other", "guardian"])
def test_others_do_not_reach_a_guardians_contact(world, client_for, role):
    other_guardian = Person.objects.get(first_name="Julie", last_name="Bernard")
    url = _contact_url(world.pupils["A2"], other_guardian)
    if role == "teacher_other":
        url = _contact_url(world.pupils["A1"], world.users["guardian"].person)

    response = client_for(role).patch(url, {"phone": "0612345678"}, format="json")

    assert response.status_code == 404
    other_guardian.refresh_from_db()
    assert other_guardian.phone != "06 12 34 56 78"


def test_teacher_may_not_change_a_guardians_contact(world, client_for):
    guardian = world.users["guardian"].person
    url = _contact_url(world.pupils["A1"], guardian)
    before = guardian.phone

    assert client_for("teacher").patch(url, {"phone": "0612345678"},
                                       format="json").status_code == 403
    guardian.refresh_from_db()
    assert guardian.phone == before


def test_pickup_persons_go_three_months_after_the_pupil_left_that_school(world):
    from preau.common import retention
    from tests.factories import EnrolmentFactory

    classroom = world.classrooms["A1"]
    today = timezone.localdate()
    gone = EnrolmentFactory(classroom=classroom, start_date=today - timedelta(days=160),
                            end_date=today - timedelta(days=100)).pupil
    PickupPerson.objects.create(pupil=gone, school=classroom.school, first_name="Paul",
                                last_name="Voisin", relationship="voisin", phone="0611111111")
    # Moved from school B to school A 100 days ago: B's list goes, A's stays.
    moved = EnrolmentFactory(classroom=world.classrooms["B1"],
                             start_date=today - timedelta(days=160),
                             end_date=today - timedelta(days=100)).pupil
    EnrolmentFactory(pupil=moved, classroom=world.classrooms["A2"],
                     start_date=today - timedelta(days=99))
    PickupPerson.objects.create(pupil=moved, school=world.schools["B"], first_name="Ancienne",
                                last_name="Nounou", relationship="nounou", phone="0622222222")
    kept_at_new_school = PickupPerson.objects.create(
        pupil=moved, school=world.schools["A"], first_name="Nouvelle", last_name="Nounou",
        relationship="nounou", phone="0633333333")
    # Left a month ago: kept.
    recent = EnrolmentFactory(classroom=classroom, start_date=today - timedelta(days=90),
                              end_date=today - timedelta(days=30)).pupil
    kept_recent = PickupPerson.objects.create(
        pupil=recent, school=classroom.school, first_name="Jeanne", last_name="Voisine",
        relationship="voisine", phone="0644444444")
    still_here = _pickup(world)

    assert retention.purge_expired(dry_run=True)["pickup_persons"] == 2
    counts = retention.purge_expired()

    assert counts["pickup_persons"] == 2
    assert set(PickupPerson.objects.all()) == {still_here, kept_at_new_school, kept_recent}


@pytest.mark.parametrize("fields", [{"phone": "06"}, {"last_name": ""}, {"relationship": ""}])
def test_the_database_refuses_a_pickup_person_without_name_quality_or_phone(world, fields):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        _pickup(world, **fields)


def test_a_resent_addition_with_the_same_key_is_carried_out_once(world, client_for):
    client = client_for("director")
    first = client.post(_create_url(world.pupils["A1"]), GRANDMOTHER, format="json",
                        HTTP_IDEMPOTENCY_KEY="4f1c2a9e-0000-4000-8000-000000000001")
    again = client.post(_create_url(world.pupils["A1"]), GRANDMOTHER, format="json",
                        HTTP_IDEMPOTENCY_KEY="4f1c2a9e-0000-4000-8000-000000000001")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert PickupPerson.objects.count() == 1
    assert AuditEvent.objects.filter(kind=AuditKind.PUPIL_RECORD_CHANGED).count() == 1
