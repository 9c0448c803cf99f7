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
