import pytest

pytestmark = pytest.mark.django_db


def test_teacher_me_lists_own_classroom_and_school(client_for):
    body = client_for("teacher").get("/api/v1/accounts/me/").json()
    assert body["roles"] == ["teacher"]
    assert [c["name"] for c in body["classrooms"]] == ["CE2 A"]
    assert [(s["name"], s["role"]) for s in body["schools"]] == [("École Jean Jaurès", "teacher")]


def test_director_me_shows_the_school_as_director(client_for):
    body = client_for("director").get("/api/v1/accounts/me/").json()
    assert body["roles"] == ["director"]
    assert body["schools"][0]["role"] == "director"
    assert body["classrooms"] == []


@pytest.mark.parametrize(
    ("role", "label"),
    [("commune", "Commune de Vitry-sur-Seine"), ("inspector", "Vitry-sur-Seine 1"),
     ("dasen", "Département 094 Val-de-Marne")],
)
def test_authority_me_names_the_scope(client_for, world, role, label):
    body = client_for(role).get("/api/v1/accounts/me/").json()
    assert body["roles"] == [role]
    # A DASEN's scope also names its département (its school-calendar page needs the id).
    departement_id = (world.schools["A"].circonscription.departement_id if role == "dasen"
                      else None)
    assert body["authority_scopes"] == [{"role": role, "label": label,
                                         "departement_id": departement_id}]
    assert body["children"] == []
    assert body["schools"] == []


def test_pupil_me_shows_own_school(client_for):
    body = client_for("pupil").get("/api/v1/accounts/me/").json()
    assert body["roles"] == ["pupil"]
    assert body["schools"][0]["role"] == "pupil"


def test_me_query_count_is_bounded(client_for, django_assert_max_num_queries):
    client = client_for("guardian")
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/accounts/me/").status_code == 200


def test_a_child_not_enrolled_today_has_null_class_and_school(world, client_for):
    from tests.factories import GuardianshipFactory, PupilFactory

    GuardianshipFactory(guardian=world.user("guardian").person,
                        pupil=PupilFactory(first_name="Zoé", last_name="Martin"))
    children = client_for("guardian").get("/api/v1/accounts/me/").json()["children"]
    zoe = next(child for child in children if child["first_name"] == "Zoé")
    assert (zoe["level"], zoe["classroom"], zoe["school"]) == (None, None, None)
