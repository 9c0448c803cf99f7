"""Scope: each authority role × own-scope / out-of-scope school, classroom, pupil, case →
200 / 404. A commune officer sees the commune's schools and the RPI schools shared with it;
an inspector the circonscription's; the DASEN the département's. Nothing else exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.attendance.scope import with_attendance

pytestmark = pytest.mark.django_db

IN, OUT = 200, 404
# role → (school A, school B, school C of another département)
SCHOOL_SCOPE = {
    "commune": (IN, OUT, OUT), "commune_other": (OUT, IN, OUT),
    "inspector": (IN, OUT, OUT), "inspector_other": (OUT, IN, OUT),
    "dasen": (IN, IN, OUT),
}
# role → (classroom A1, B1, C1), for the inspection views (cases, cahier de textes)
INSPECTION_SCOPE = {
    "commune": (OUT, OUT, OUT), "commune_other": (OUT, OUT, OUT),
    "inspector": (IN, OUT, OUT), "inspector_other": (OUT, IN, OUT),
    "dasen": (IN, IN, OUT),
}


@pytest.mark.parametrize("role", sorted(SCHOOL_SCOPE))
def test_school_classroom_and_pupil_list_answer_only_in_scope(world, client_for, role):
    client = client_for(role)
    for expected, school_key, classroom_key in zip(SCHOOL_SCOPE[role], "ABC",
                                                   ["A1", "B1", "C1"], strict=True):
        school = world.schools[school_key].pk
        classroom = world.classrooms[classroom_key].pk
        for url in [reverse("authority:school-detail", kwargs={"school_id": school}),
                    reverse("authority:school-classrooms", kwargs={"school_id": school}),
                    reverse("authority:school-pupils", kwargs={"school_id": school}),
                    reverse("authority:classroom-detail", kwargs={"classroom_id": classroom})]:
            response = client.get(url)
            assert response.status_code == expected, (role, url)
            if expected == OUT:
                assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("role", sorted(INSPECTION_SCOPE))
def test_cases_and_cahier_recap_answer_only_to_the_inspection_in_scope(world, client_for, role):
    with_attendance(world)
    client = client_for(role)
    for expected, key in zip(INSPECTION_SCOPE[role], ["A1", "B1", "C1"], strict=True):
        case = world.extra["cases"][key].pk
        classroom = world.classrooms[key].pk
        assert client.get(reverse("authority:case-detail", kwargs={"case_id": case})
                          ).status_code == expected, (role, key)
        assert client.get(reverse("authority:cahier-recap", kwargs={"classroom_id": classroom})
                          ).status_code == expected, (role, key)


def test_a_commune_sees_the_rpi_school_it_shares(world, client_for):
    school_a = world.schools["A"]
    client = client_for("commune_other")  # commune V2, school B only
    url = reverse("authority:school-detail", kwargs={"school_id": school_a.pk})
    assert client.get(url).status_code == 404

    school_a.rpi_communes.add(world.schools["B"].commune)

    assert client.get(url).status_code == 200
    listed = {item["school"]["uai"] for item in
              client.get(reverse("authority:school-list")).json()["results"]}
    assert listed == {"0940001A", "0940002B"}


def test_the_dasen_drills_down_from_circonscriptions_to_their_schools(world, client_for):
    client = client_for("dasen")
    circonscriptions = client.get(reverse("authority:circonscription-list")).json()["results"]
    assert [(c["code"], c["schools"], c["pupils"]) for c in circonscriptions] == [
        ("0942002B", 1, 1), ("0941001A", 1, 2)]
    schools = client.get(reverse("authority:school-list"),
                         {"circonscription": "0941001A"}).json()["results"]
    assert [s["school"]["uai"] for s in schools] == ["0940001A"]


def test_school_and_family_roles_see_an_empty_scope(world, client_for):
    for role in ["teacher", "director", "guardian", "pupil"]:
        response = client_for(role).get(reverse("authority:overview"))
        assert response.status_code == 200
        assert response.json()["schools"] == 0
        assert response.json()["authority_roles"] == []
