"""OneRoster 1.2 CSV export of one school, to provision the school's other tools.

Files (1EdTech OneRoster v1.2 CSV binding): manifest, orgs, academicSessions, courses,
classes, users, roles, enrollments — and demographics only when asked (birth date and sex
are personal data other tools rarely need). Identifiers are stable (`preau-…`), so that a
tool re-importing the export updates rather than duplicates. Guardians are not exported:
the tools a school provisions this way are for pupils and teachers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

from django.utils import timezone

from preau.people.models import StaffAssignment, StaffRole
from preau.people.selectors import enrolments_active_on
from preau.schools.calendar import school_year_on
from preau.schools.models import Classroom, School

HEADERS = {
    "orgs.csv": ["sourcedId", "status", "dateLastModified", "name", "type", "identifier",
                 "parentSourcedId"],
    "academicSessions.csv": ["sourcedId", "status", "dateLastModified", "title", "type",
                             "startDate", "endDate", "parentSourcedId", "schoolYear"],
    "courses.csv": ["sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title",
                    "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes"],
    "classes.csv": ["sourcedId", "status", "dateLastModified", "title", "grades",
                    "courseSourcedId", "classCode", "classType", "location", "schoolSourcedId",
                    "termSourcedIds", "subjects", "subjectCodes", "periods"],
    "users.csv": ["sourcedId", "status", "dateLastModified", "enabledUser", "username",
                  "userIds", "givenName", "familyName", "middleName", "identifier", "email",
                  "sms", "phone", "agentSourcedIds", "grades", "password",
                  "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName",
                  "preferredMiddleName", "preferredFamilyName", "primaryOrgSourcedId",
                  "pronouns"],
    "roles.csv": ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType",
                  "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId"],
    "enrollments.csv": ["sourcedId", "status", "dateLastModified", "classSourcedId",
                        "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate",
                        "endDate"],
    "demographics.csv": ["sourcedId", "status", "dateLastModified", "birthDate", "sex",
                         "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
                         "nativeHawaiianOrOtherPacificIslander", "white",
                         "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity",
                         "countryOfBirthCode", "stateOfBirthAbbreviation", "cityOfBirth",
                         "publicSchoolResidenceStatus"],
}
ALL_FILES = ["academicSessions", "categories", "classes", "classResources", "courses",
             "courseResources", "demographics", "enrollments", "lineItemLearningObjectiveIds",
             "lineItems", "lineItemScoreScales", "orgs", "resources",
             "resultLearningObjectiveIds", "results", "resultScoreScales", "roles",
             "scoreScales", "userProfiles", "userResources", "users"]
# French levels as the grade codes of the CEDS list the specification refers to.
GRADES = {"CP": "01", "CE1": "02", "CE2": "03", "CM1": "04", "CM2": "05"}
SEX = {"F": "female", "M": "male"}


def _id(kind: str, pk) -> str:
    return f"preau-{kind}-{pk}"


def oneroster_export(*, school: School, on: date | None = None,
                     include_demographics: bool = False) -> bytes:
    """A ZIP of OneRoster 1.2 CSV files for the school's current year."""
    on = on or timezone.localdate()
    stamp = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    year = school_year_on(on)
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    school_id = _id("school", school.uai)
    rows["orgs.csv"].append([school_id, "active", stamp, school.name, "school", school.uai, ""])
    classrooms = list(Classroom.objects.filter(school=school, school_year=year)) if year else []
    if year:
        rows["academicSessions.csv"].append([
            _id("year", year.label), "active", stamp, year.label, "schoolYear",
            year.start_date.isoformat(), year.end_date.isoformat(), "",
            str(year.end_date.year)])
    for classroom in classrooms:
        grades = ",".join(GRADES[level] for level in classroom.levels if level in GRADES)
        course_id = _id("course", classroom.pk)
        rows["courses.csv"].append([course_id, "active", stamp, _id("year", year.label),
                                    classroom.name, classroom.onde_class_id, grades,
                                    school_id, "", ""])
        rows["classes.csv"].append([_id("class", classroom.pk), "active", stamp,
                                    classroom.name, grades, course_id,
                                    classroom.onde_class_id, "homeroom", "", school_id,
                                    _id("year", year.label), "", "", ""])

    enrolments = list(enrolments_active_on(on).filter(classroom__in=classrooms)
                      .select_related("pupil__user"))
    staff = list(StaffAssignment.objects.filter(school=school, school_year=year)
                 .select_related("person", "person__user")) if year else []
    seen_people: set[int] = set()
    for enrolment in enrolments:
        pupil = enrolment.pupil
        user_id = _id("user", pupil.pk)
        if pupil.pk not in seen_people:
            seen_people.add(pupil.pk)
            rows["users.csv"].append(_user_row(user_id, stamp, pupil, grade=GRADES.get(
                enrolment.level, ""), org=school_id))
            rows["roles.csv"].append([_id("role", f"student-{pupil.pk}"), "active", stamp,
                                      user_id, "primary", "student",
                                      enrolment.start_date.isoformat(), "", school_id, ""])
            if include_demographics:
                rows["demographics.csv"].append([
                    user_id, "active", stamp,
                    pupil.birth_date.isoformat() if pupil.birth_date else "",
                    SEX.get(pupil.sex, "unspecified"), *[""] * 11])
        rows["enrollments.csv"].append([_id("enrollment", enrolment.pk), "active", stamp,
                                        _id("class", enrolment.classroom_id), school_id,
                                        user_id, "student", "false",
                                        enrolment.start_date.isoformat(), ""])
    roles_of: dict[int, list[str]] = {}
    for assignment in staff:
        person = assignment.person
        user_id = _id("user", person.pk)
        role = "teacher" if assignment.role == StaffRole.TEACHER else "principal"
        if person.pk not in seen_people:
            seen_people.add(person.pk)
            rows["users.csv"].append(_user_row(user_id, stamp, person, grade="",
                                               org=school_id))
        if role not in roles_of.setdefault(person.pk, []):
            roles_of[person.pk].append(role)
        if assignment.classroom_id:
            rows["enrollments.csv"].append([_id("enrollment", f"t{assignment.pk}"), "active",
                                            stamp, _id("class", assignment.classroom_id),
                                            school_id, user_id, "teacher", "true", "", ""])

    # One role per person and role in the school, and one of them primary (the
    # specification allows one primary role per org): a director who also teaches is
    # primarily the principal, a teacher of two classes is a teacher once.
    for person_pk, roles in roles_of.items():
        primary = "principal" if "principal" in roles else roles[0]
        for role in roles:
            rows["roles.csv"].append([
                _id("role", f"{role}-{person_pk}"), "active", stamp, _id("user", person_pk),
                "primary" if role == primary else "secondary", role, "", "", school_id, ""])

    files = [name for name in HEADERS if name != "demographics.csv" or include_demographics]
    present = {name.removesuffix(".csv") for name in files}
    manifest = [["manifest.version", "1.0"], ["oneroster.version", "1.2"],
                *[[f"file.{name}", "bulk" if name in present else "absent"]
                  for name in ALL_FILES],
                ["source.systemName", "Préau"], ["source.systemCode", "preau"]]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.csv", _csv(["propertyName", "value"], manifest))
        for name in files:
            bundle.writestr(name, _csv(HEADERS[name], rows[name]))
    return archive.getvalue()


def _user_row(user_id: str, stamp: str, person, *, grade: str, org: str) -> list[str]:
    user = getattr(person, "user", None)  # loaded with select_related: no query
    # ``username`` is required in 1.2: a person without a login gets their sourcedId,
    # which is stable across exports; ``enabledUser`` says that there is no login.
    username = user.username if user is not None else user_id
    values = dict.fromkeys(HEADERS["users.csv"], "")
    values.update({"sourcedId": user_id, "status": "active", "dateLastModified": stamp,
                   "enabledUser": "true" if user is not None else "false",
                   "username": username,
                   "givenName": person.first_name, "familyName": person.last_name,
                   "identifier": person.ine or "", "grades": grade,
                   "preferredFamilyName": person.usage_name, "primaryOrgSourcedId": org})
    return [values[name] for name in HEADERS["users.csv"]]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
