"""Retention: purge_expired deletes every row older than the policy, and only those."""

import io
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone

from preau.accounts.models import Invitation, UserSession
from preau.attendance.models import Absence, AbsenceNotice, RollCall
from preau.common import retention
from preau.common.models import IdempotencyRecord
from preau.messaging.models import Conversation, LiaisonNote, Message
from tests.factories import UserFactory
from tests.factories.messaging import conversation_with

pytestmark = pytest.mark.django_db

POLICY = {"messages": 365, "conversations": 365, "liaison_notes": 365, "absences": 730,
          "absence_notices": 730, "idempotency_records": 2, "invitations": 90, "sessions": 0,
          "user_sessions": 31}


def _age(days: int):
    return timezone.now() - timedelta(days=days)


def school_life_of_every_age(world):
    """For each kind, one row just past the policy and one just within it."""
    teacher, guardian = world.user("teacher"), world.user("guardian")
    pupil, classroom = world.pupils["A1"], world.classrooms["A1"]
    for label, age in (("old", 800), ("young", 700), ("fresh", 10)):
        on = timezone.localdate() - timedelta(days=age)
        roll_call = RollCall.objects.create(classroom=classroom, date=on, half_day="morning",
                                            taken_by=teacher.person, taken_at=_age(age),
                                            updated_at=_age(age), pupil_count=1)
        Absence.objects.create(roll_call=roll_call, pupil=pupil, date=on, half_day="morning",
                               kind="absent", comment=label)
        AbsenceNotice.objects.create(pupil=pupil, start_date=on, end_date=on,
                                     reason="maladie_enfant", comment=label,
                                     declared_by=guardian.person)
    for label, age in (("old", 400), ("young", 300)):
        conversation = conversation_with(users=[guardian, teacher], messages=2, subject=label)
        Message.objects.filter(conversation=conversation).update(created_at=_age(age))
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=_age(age))
        note = LiaisonNote.objects.create(school=classroom.school, author=teacher, title=label,
                                          body="x", body_html="<p>x</p>", audience="school")
        LiaisonNote.objects.filter(pk=note.pk).update(created_at=_age(age))
    for label, age in (("old", 3), ("young", 1)):
        IdempotencyRecord.objects.create(user=guardian, key=label, request_hash="h",
                                         created_at=_age(age))
        UserSession.objects.create(user=guardian, session_key=f"{label}-key")
        UserSession.objects.filter(session_key=f"{label}-key").update(
            created_at=_age(32 if label == "old" else 5))
    Session.objects.create(session_key="expired", session_data="", expire_date=_age(1))
    Session.objects.create(session_key="alive", session_data="", expire_date=_age(-1))
    for label, expired_days_ago in (("old", 100), ("young", 10)):
        Invitation.objects.create(guardian=pupil, school=classroom.school,
                                  code_hash=label * 10, created_at=_age(expired_days_ago + 30),
                                  expires_at=_age(expired_days_ago),
                                  revoked_at=_age(1) if label == "old" else None)


def oldest_left(now) -> dict[str, bool]:
    """Kind → whether a row older than its policy is left."""
    return {entry.kind: entry.expired(now).exists() for entry in retention.registered()}


def test_purge_leaves_no_row_older_than_the_policy_and_keeps_the_younger(world, settings):
    settings.PREAU_RETENTION_DAYS = POLICY
    school_life_of_every_age(world)
    assert any(oldest_left(timezone.now()).values())
    out = io.StringIO()

    call_command("purge_expired", stdout=out)

    assert not any(oldest_left(timezone.now()).values())
    assert set(Absence.objects.values_list("comment", flat=True)) == {"young", "fresh"}
    assert set(AbsenceNotice.objects.values_list("comment", flat=True)) == {"young", "fresh"}
    assert set(Conversation.objects.values_list("subject", flat=True)) == {"young"}
    assert Message.objects.count() == 2
    assert set(LiaisonNote.objects.values_list("title", flat=True)) == {"young"}
    assert set(IdempotencyRecord.objects.values_list("key", flat=True)) == {"young"}
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {"young-key"}
    assert set(Session.objects.values_list("session_key", flat=True)) == {"alive"}
    assert set(Invitation.objects.values_list("code_hash", flat=True)) == {"young" * 10}
    report = out.getvalue()
    assert "absences (Absences, retards et justificatifs, 730 jours) : 1 supprimé(s)" in report
    assert "conversations (Conversations sans message récent, 365 jours) : 1 supprimé(s)" in (
        report)


def test_a_dry_run_counts_and_deletes_nothing(world, settings):
    settings.PREAU_RETENTION_DAYS = POLICY
    school_life_of_every_age(world)
    before = Absence.objects.count(), Message.objects.count()
    out = io.StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert (Absence.objects.count(), Message.objects.count()) == before
    assert "absences (Absences, retards et justificatifs, 730 jours) : 1 à supprimer" in (
        out.getvalue())
    assert "rien n'a été supprimé" in out.getvalue()


def test_the_setting_changes_the_policy_and_batches_delete_everything(world, settings):
    settings.PREAU_RETENTION_DAYS = {**POLICY, "absences": 5}
    school_life_of_every_age(world)
    counts = retention.purge_expired(kinds=["absences"], batch_size=1)
    assert counts == {"absences": 3}
    assert Absence.objects.count() == 0
    assert AbsenceNotice.objects.count() == 3  # another kind, not asked for


def test_none_keeps_a_kind_for_ever(world, settings):
    settings.PREAU_RETENTION_DAYS = {**POLICY, "absences": None}
    school_life_of_every_age(world)
    assert retention.purge_expired(kinds=["absences"]) == {"absences": 0}
    assert Absence.objects.count() == 3


def test_another_app_adds_its_kind_with_one_call(world, settings):
    """How the authority app registers its access log (here with a stand-in model)."""
    settings.PREAU_RETENTION_DAYS = {**POLICY, "access_log_test": 30}
    old, young = UserFactory(username="ancien"), UserFactory(username="recent")
    type(old).objects.filter(pk=old.pk).update(date_joined=_age(40))
    try:
        retention.register("access_log_test", type(old), "date_joined", label="Journal",
                           condition=~Q(username__in=["guardian", "teacher",
                                                                "director"]))
        out = io.StringIO()
        call_command("purge_expired", "--kind", "access_log_test", stdout=out)
        assert "access_log_test (Journal, 30 jours) : 1 supprimé(s)" in out.getvalue()
        assert not type(old).objects.filter(pk=old.pk).exists()
        assert type(old).objects.filter(pk=young.pk).exists()
    finally:
        retention._REGISTRY.pop("access_log_test", None)


def test_an_unknown_kind_is_refused():
    with pytest.raises(CommandError, match="inconnu"):
        call_command("purge_expired", "--kind", "nope", stdout=io.StringIO())


def family_that_left(world, *, days_ago: int, username: str = "parent-parti"):
    """A pupil of A1 whose enrolment ended ``days_ago`` days ago, with a guardian who has a
    login, and a homework the pupil ticked; all created long before."""
    from preau.homework.models import Homework, HomeworkDone
    from preau.people.models import Enrolment, Guardianship, Person
    from tests.factories import EnrolmentFactory, GuardianshipFactory, PersonFactory

    classroom, teacher = world.classrooms["A1"], world.user("teacher")
    left_on = timezone.localdate() - timedelta(days=days_ago)
    enrolment = EnrolmentFactory(classroom=classroom, start_date=left_on - timedelta(days=60),
                                 end_date=left_on, pupil__ine=f"{days_ago:09d}AB",
                                 pupil__address="3 rue des Lilas", pupil__city="Vitry")
    pupil = enrolment.pupil
    guardian = GuardianshipFactory(pupil=pupil, guardian=PersonFactory(
        address="3 rue des Lilas", city="Vitry-sur-Seine")).guardian
    account = UserFactory(username=username, person=guardian)
    homework = Homework.objects.create(classroom=classroom, subject="francais",
                                       instructions="Lire", due_date=left_on,
                                       author=teacher.person)
    HomeworkDone.objects.create(homework=homework, pupil=pupil, marked_by=account)
    long_ago = _age(days_ago + 90)
    Person.objects.filter(pk__in=[pupil.pk, guardian.pk]).update(created_at=long_ago)
    Enrolment.objects.filter(pk=enrolment.pk).update(created_at=long_ago)
    Guardianship.objects.filter(pupil=pupil).update(created_at=long_ago)
    return {"pupil": pupil, "guardian": guardian, "account": account, "enrolment": enrolment}


def test_a_family_that_left_is_purged_three_months_later_and_the_register_line_kept(
        world, settings):
    from preau.accounts.models import User
    from preau.homework.models import HomeworkDone
    from preau.people.models import Enrolment, Guardianship, Person

    family = family_that_left(world, days_ago=100)
    # left a month ago: everything kept
    recent = family_that_left(world, days_ago=30, username="parent-recent")
    recent_birth = recent["pupil"].birth_date

    counts = retention.purge_expired()

    # the account, the guardian, the link and the ticks of the family gone 100 days ago
    assert not User.objects.filter(pk=family["account"].pk).exists()
    assert not Person.objects.filter(pk=family["guardian"].pk).exists()
    assert not Guardianship.objects.filter(pupil=family["pupil"]).exists()
    assert not HomeworkDone.objects.filter(pupil=family["pupil"]).exists()
    # the register keeps the pupil's line (name, class, dates) for 10 years, with the name
    # only: the pupil's other details are gone
    assert Enrolment.objects.filter(pk=family["enrolment"].pk).exists()
    pupil = Person.objects.get(pk=family["pupil"].pk)
    assert (pupil.last_name, pupil.first_name) == (family["pupil"].last_name,
                                                   family["pupil"].first_name)
    assert (pupil.birth_date, pupil.ine, pupil.address, pupil.city) == (None, None, "", "")
    assert (counts["accounts"], counts["people"], counts["guardianships"],
            counts["homework_done"], counts["enrolments"], counts["pupil_details"]) == (
        1, 1, 1, 1, 0, 1)
    assert retention.purge_expired(dry_run=True)["pupil_details"] == 0  # done once
    # the family gone a month ago, and the families still here, keep everything
    assert User.objects.filter(pk=recent["account"].pk).exists()
    assert Guardianship.objects.filter(pupil=recent["pupil"]).exists()
    assert Person.objects.get(pk=recent["pupil"].pk).birth_date == recent_birth
    assert User.objects.filter(pk=world.user("guardian").pk).exists()
    assert Guardianship.objects.filter(pupil=world.pupils["A1"]).count() >= 1

    # ten years on, the register's line and the pupil go too
    later = retention.purge_expired(now=timezone.now() + timedelta(days=3653))
    assert not Enrolment.objects.filter(pk=family["enrolment"].pk).exists()
    assert not Person.objects.filter(pk=family["pupil"].pk).exists()
    assert later["enrolments"] >= 1
    assert Person.objects.filter(pk=world.pupils["A1"].pk).exists()  # still enrolled


def test_the_dry_run_counts_exactly_what_the_run_deletes_kind_by_kind(world, settings):
    settings.PREAU_RETENTION_DAYS = POLICY
    school_life_of_every_age(world)
    family_that_left(world, days_ago=100)

    dry = retention.purge_expired(dry_run=True)
    real = retention.purge_expired()

    assert dry == real
    assert real["messages"] + real["conversations"] > 0
    assert real["accounts"] == 1
