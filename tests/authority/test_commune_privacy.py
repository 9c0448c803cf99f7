"""What the law gives the mayor (R131-3, DESIGN §8): every commune response is held to a
field allow-list; no individual absence, no message, no homework, no cahier de textes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from preau.people.models import AuthorityRole
from preau.people.services import persons_residence_update
from tests.attendance.scope import with_attendance
from tests.authority.helpers import commune_officer, inspector, login_for
from tests.factories import (
    ClassroomFactory,
    CommuneFactory,
    DepartementFactory,
    EnrolmentFactory,
    GuardianshipFactory,
    PersonFactory,
    SchoolFactory,
)

pytestmark = pytest.mark.django_db

SCHOOL_REF = {"id", "uai", "name", "commune", "circonscription", "full_figures", "insee_code",
              "code"}
PAGE = {"count", "next", "previous", "results"}
MASK = {"suppressed"}
# What a rate covers: counts of calls and schools, never of pupils.
COVERAGE = {"calls_due", "coverage", "coverage_sufficient"}
SCOPE_COVERAGE = {"attendance_coverage", "calls_due", "calls_taken", "coverage", "threshold",
                  "schools", "schools_covered", "schools_left_out", "schools_without_calls"}
# endpoint → every key that may appear anywhere in the commune's answer
ALLOWED = {
    "overview": {"date", "authority_roles", "scopes", "role", "code", "name", "schools",
                 "classrooms", "pupils", "attendance_rate_this_month", "open_l1318_cases"}
    | SCOPE_COVERAGE,
    "school-list": PAGE | SCHOOL_REF | {"school", "classrooms", "pupils", "open_l1318_cases"},
    "school-detail": SCHOOL_REF | {"school", "classrooms", "pupils", "open_l1318_cases"},
    "school-classrooms": SCHOOL_REF | {"school", "date", "classrooms", "levels", "school_year",
                                       "teachers", "pupils", "pupils_per_level", "level"},
    "classroom-detail": SCHOOL_REF | {"school", "levels", "school_year", "teachers", "pupils",
                                      "pupils_per_level", "level"},
    "headcounts": PAGE | SCHOOL_REF | {"school", "date", "pupils", "levels", "level",
                                       "classrooms"},
    "movements": PAGE | SCHOOL_REF | {"school", "month", "arrivals", "departures"},
    "attendance": PAGE | SCHOOL_REF | {
        "school", "classroom", "period_start", "roll_calls", "pupils", "expected_half_days",
        "absent_half_days", "unjustified_half_days", "late_arrivals", "absent_pupils",
        "late_pupils", "attendance_rate", "lateness_rate"} | COVERAGE,
    "canteen": PAGE | SCHOOL_REF | {"school", "has_canteen", "days", "date", "enrolled",
                                    "announced_absent", "expected", "today", "classrooms",
                                    "morning_roll_calls_taken", "present_in_called_classrooms",
                                    "expected_in_other_classrooms", "estimate"},
    # R131-3: the pupil's name, birth date, the guardians' names and address.
    "school-pupils": PAGE | {"id", "first_name", "last_name", "birth_date", "address",
                             "postal_code", "city", "guardians"},
}


def keys_of(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {k for value in data.values() for k in keys_of(value)}
    if isinstance(data, list):
        return {k for item in data for k in keys_of(item)}
    return set()


def _kwargs(world, name):
    if name.startswith("school-") and name != "school-list":
        return {"school_id": world.schools["A"].pk}
    if name == "classroom-detail":
        return {"classroom_id": world.classrooms["A1"].pk}
    return {}


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_every_commune_answer_holds_to_its_allow_list(world, client_for, name):
    with_attendance(world)
    world.pupils["A1"].__class__.objects.filter(pk=world.pupils["A1"].pk).update(
        ine="123456789AB", phone="0600000000", email="lea@example.fr", sex="F")
    response = client_for("commune").get(reverse(f"authority:{name}",
                                                 kwargs=_kwargs(world, name)))
    assert response.status_code == 200
    keys = keys_of(response.json())
    assert keys - (ALLOWED[name] | MASK) == set()


def test_the_pupil_list_gives_exactly_the_r131_3_fields(world, client_for):
    pupils = client_for("commune").get(reverse(
        "authority:school-pupils", kwargs={"school_id": world.schools["A"].pk})).json()["results"]
    assert [(p["last_name"], p["first_name"]) for p in pupils] == [("Bernard", "Hugo"),
                                                                  ("Martin", "Léa")]
    lea = pupils[1]
    assert set(lea) == {"id", "first_name", "last_name", "birth_date", "address", "postal_code",
                        "city", "guardians"}
    assert {(g["first_name"], g["last_name"]) for g in lea["guardians"]} == {
        ("Sophie", "Martin"), ("Karim", "Martin")}
    assert set(lea["guardians"][0]) == {"first_name", "last_name", "address", "postal_code",
                                        "city"}


def test_the_commune_gets_no_individual_absence_no_case_no_cahier_de_textes(world, client_for):
    with_attendance(world)
    client = client_for("commune")
    assert client.get(reverse("authority:case-list")).json()["count"] == 0
    assert client.get(reverse("authority:roll-calls-not-taken")).json()["count"] == 0
    assert client.get(reverse("authority:timetable-volume")).json()["count"] == 0
    assert client.get(reverse("authority:circonscription-list")).json()["count"] == 0
    case = world.extra["cases"]["A1"].pk
    assert client.get(reverse("authority:case-detail", kwargs={"case_id": case})
                      ).status_code == 404
    assert client.get(reverse("authority:cahier-recap",
                              kwargs={"classroom_id": world.classrooms["A1"].pk})
                      ).status_code == 404
    # And the other apps keep their own doors shut to the commune.
    assert client.get(reverse("attendance:absence-detail",
                              kwargs={"absence_id": world.extra["absences"]["A1"].pk})
                      ).status_code == 404


def test_the_commune_sees_a_small_classroom_count_masked_in_the_schools_api(world, client_for):
    # given classroom A1 of school A with one pupil today
    url = reverse("schools:classroom-detail", kwargs={"classroom_id": world.classrooms["A1"].pk})
    assert client_for("director").get(url).json()["pupil_count"] == 1

    # when the commune reads the classroom, alone or listed
    detail = client_for("commune").get(url).json()
    listed = client_for("commune").get(reverse("schools:classroom-list")).json()["results"]

    # then the count is masked as on the authority views ("<5", never the number)
    assert (detail["pupil_count"], detail["suppressed"]) == (None, ["pupil_count"])
    a1 = next(row for row in listed if row["id"] == world.classrooms["A1"].pk)
    assert (a1["pupil_count"], a1["suppressed"]) == (None, ["pupil_count"])
    assert client_for("inspector").get(url).json()["pupil_count"] == 1


def test_the_commune_gets_no_pupil_through_the_people_api(world, client_for):
    client = client_for("commune")
    pupils = client.get(reverse("people:pupil-list"),
                        {"classroom": world.classrooms["A1"].pk}).json()
    assert pupils["count"] == 0
    assert client.get(reverse("people:pupil-detail",
                              kwargs={"pupil_id": world.pupils["A1"].pk})).status_code == 404
    assert client.get(reverse("people:person-detail",
                              kwargs={"person_id": world.pupils["A1"].pk})).status_code == 404
    # the R131-3 list stays its way to the pupils of its schools
    assert client.get(reverse("authority:school-pupils",
                              kwargs={"school_id": world.schools["A"].pk})).json()["count"] == 2


def test_each_commune_of_an_rpi_sees_the_pupils_residing_in_it(db):
    # given an RPI school of Saint-Maur with Créteil as partner, and four families:
    # one in each commune of the RPI, one outside it (Vitry), one whose town is unknown
    departement = DepartementFactory()
    home, partner, outside = (CommuneFactory(name=name, departement=departement) for name in
                              ["Saint-Maur-des-Fossés", "Créteil", "Vitry-sur-Seine"])
    school = SchoolFactory(commune=home)
    school.rpi_communes.add(partner)
    classroom = ClassroomFactory(school=school)
    guardians = []
    for pupil_name, city in [("Maur", "ST MAUR DES FOSSES"), ("Cristolien", "CRETEIL"),
                             ("Vitriot", "VITRY SUR SEINE"), ("Inconnu", "")]:
        pupil = EnrolmentFactory(classroom=classroom, pupil__last_name=pupil_name).pupil
        guardians.append(GuardianshipFactory(pupil=pupil, is_legal=True,
                                             guardian=PersonFactory(city=city)).guardian)
    # the commune of each address, as the ONDE import sets it
    assert persons_residence_update(person_ids=[g.pk for g in guardians],
                                    departement_id=departement.pk) == 3

    def listed(user) -> list[str]:
        api = APIClient()
        api.force_login(user)
        response = api.get(reverse("authority:school-pupils", kwargs={"school_id": school.pk}))
        assert response.status_code == 200
        return sorted(p["last_name"] for p in response.json()["results"])

    # then each commune sees the pupils residing in it; the school's commune also those
    # living outside the RPI or nobody knows where; the IEN sees them all
    assert listed(commune_officer(school)) == ["Inconnu", "Maur", "Vitriot"]
    assert listed(login_for(AuthorityRole.COMMUNE, commune=partner)) == ["Cristolien"]
    assert listed(inspector(school)) == ["Cristolien", "Inconnu", "Maur", "Vitriot"]
    # and Vitry, outside the RPI, does not see the school at all
    api = APIClient()
    api.force_login(login_for(AuthorityRole.COMMUNE, commune=outside))
    assert api.get(reverse("authority:school-pupils",
                           kwargs={"school_id": school.pk})).status_code == 404


def test_the_onde_import_records_the_commune_each_family_lives_in(db):
    from preau.imports.onde import onde_apply, onde_preview
    from preau.people.models import Guardianship
    from tests.imports.onde_files import onde_files

    vincennes = CommuneFactory(name="Vincennes")  # the families' town in the files
    school = SchoolFactory(commune=CommuneFactory(departement=vincennes.departement))
    pupils_file, guardians_file, _ = onde_files(3)
    onde_apply(plan=onde_preview(school=school, pupils_file=pupils_file,
                                 guardians_file=guardians_file)[0])

    guardians = {g.guardian for g in Guardianship.objects.select_related("guardian")}
    assert len(guardians) == 6
    assert {g.residence_commune for g in guardians} == {vincennes}
