"""OneRoster 1.2 CSV: the files load back with the csv module, headers as the spec gives."""

import csv
import io
import zipfile

import pytest

from preau.imports.oneroster import HEADERS

pytestmark = pytest.mark.django_db

SPEC_HEADERS = {  # 1EdTech OneRoster v1.2 CSV binding
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions.csv": ("sourcedId,status,dateLastModified,title,type,startDate,endDate,"
                             "parentSourcedId,schoolYear"),
    "courses.csv": ("sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,"
                    "grades,orgSourcedId,subjects,subjectCodes"),
    "classes.csv": ("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,"
                    "classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,"
                    "periods"),
    "users.csv": ("sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,"
                  "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,"
                  "password,userMasterIdentifier,resourceSourcedIds,preferredGivenName,"
                  "preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns"),
    "roles.csv": ("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,"
                  "endDate,orgSourcedId,userProfileSourcedId"),
    "enrollments.csv": ("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,"
                        "userSourcedId,role,primary,beginDate,endDate"),
}


def read_zip(content: bytes) -> dict[str, list[dict]]:
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        return {name: list(csv.DictReader(io.StringIO(bundle.read(name).decode())))
                for name in bundle.namelist()}


def test_the_export_loads_back_with_the_specification_headers_and_consistent_ids(
    world, client_for
):
    response = client_for("director").get(
        f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = read_zip(response.content)

    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        for name, header in SPEC_HEADERS.items():
            first_line = bundle.read(name).decode().split("\r\n", 1)[0]
            assert first_line == header, name
    assert HEADERS.keys() >= SPEC_HEADERS.keys()
    assert "demographics.csv" not in files
    manifest = {row["propertyName"]: row["value"] for row in files["manifest.csv"]}
    assert manifest["oneroster.version"] == "1.2"
    assert manifest["file.demographics"] == "absent"
    assert manifest["file.users"] == "bulk"

    users = {row["sourcedId"]: row for row in files["users.csv"]}
    classes = {row["sourcedId"] for row in files["classes.csv"]}
    assert {row["title"] for row in files["classes.csv"]} == {"CE2 A", "CM1-CM2"}
    for enrollment in files["enrollments.csv"]:
        assert enrollment["classSourcedId"] in classes
        assert enrollment["userSourcedId"] in users
    names = {(u["givenName"], u["familyName"]) for u in users.values()}
    assert ("Léa", "Martin") in names
    assert ("Inès", "Petit") not in names  # another school's pupil
    roles = {row["role"] for row in files["roles.csv"]}
    assert roles == {"student", "teacher", "principal"}
    assert not any(u["email"] for u in users.values())


def test_demographics_only_when_asked(world, client_for):
    url = f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip"
    files = read_zip(client_for("director").get(url, {"demographics": "true"}).content)
    assert {row["birthDate"] for row in files["demographics.csv"]} == {
        p.birth_date.isoformat() for p in (world.pupils["A1"], world.pupils["A2"])}


def test_only_the_director_exports(world, client_for):
    url = f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip"
    assert client_for("teacher").get(url).status_code == 404
    assert client_for("director_other").get(url).status_code == 404


def test_oneroster_keeps_names_exactly_even_when_they_look_like_formulas(world, client_for):
    """OneRoster files are read by programs, not spreadsheets: no quote is added."""
    pupil = world.pupils["A1"]
    pupil.first_name, pupil.last_name = "=1+2", "-Martin"
    pupil.save()
    response = client_for("director").get(
        f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip")
    users = read_zip(response.content)["users.csv"]
    assert ("=1+2", "-Martin") in [(u["givenName"], u["familyName"]) for u in users]


def test_every_user_has_a_stable_username_even_without_a_login(world, client_for):
    url = f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip"
    first = read_zip(client_for("director").get(url).content)["users.csv"]
    second = read_zip(client_for("director").get(url).content)["users.csv"]

    usernames = [row["username"] for row in first]
    assert all(usernames)  # required by OneRoster 1.2
    assert len(set(usernames)) == len(usernames)
    assert usernames == [row["username"] for row in second]
    without_login = [row for row in first if row["enabledUser"] == "false"]
    assert without_login  # pupil A2 has no login
    director = world.user("director")
    row = next(row for row in first if row["sourcedId"] == f"preau-user-{director.person.pk}")
    assert row["username"] == director.username


def test_a_director_who_also_teaches_has_one_primary_role_in_the_school(world, client_for):
    from tests.factories import TeacherAssignmentFactory

    director = world.user("director").person
    TeacherAssignmentFactory(person=director, classroom=world.classrooms["A1"])
    TeacherAssignmentFactory(person=world.user("teacher").person, classroom=world.classrooms["A2"])
    url = f"/api/v1/imports/schools/{world.schools['A'].pk}/oneroster.zip"

    files = read_zip(client_for("director").get(url).content)

    user_id = f"preau-user-{director.pk}"
    roles = sorted((row["roleType"], row["role"]) for row in files["roles.csv"]
                   if row["userSourcedId"] == user_id)
    assert roles == [("primary", "principal"), ("secondary", "teacher")]
    for person in {row["userSourcedId"] for row in files["roles.csv"]}:
        primaries = [row for row in files["roles.csv"]
                     if row["userSourcedId"] == person and row["roleType"] == "primary"]
        assert len(primaries) == 1, person
    taught = {row["classSourcedId"] for row in files["enrollments.csv"]
              if row["userSourcedId"] == user_id}
    assert taught == {f"preau-class-{world.classrooms['A1'].pk}"}
