"""A card is a pupil's data: it goes once the pupil has left the school; the sign-ins list
is kept a month."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from preau.class_cards.models import CardSignIn, ClassCard, ClassDevice
from preau.class_cards.services import cards_print
from preau.common import retention
from preau.people.models import Enrolment, Person

pytestmark = pytest.mark.django_db


def test_the_card_of_a_pupil_who_left_is_deleted_and_the_others_kept(world):
    cards_print(actor=world.user("director"), classroom=world.classrooms["A1"])
    cards_print(actor=world.user("director"), classroom=world.classrooms["A2"])
    leaver = world.pupils["A2"]
    yesterday = timezone.localdate() - timedelta(days=1)
    Enrolment.objects.filter(pupil=leaver).update(end_date=yesterday)
    Person.objects.filter(pk=leaver.pk).update(
        created_at=timezone.now() - timedelta(days=400))

    counts = retention.purge_expired(kinds=["class_cards"])

    assert counts == {"class_cards": 1}
    assert not ClassCard.objects.filter(pupil=leaver).exists()
    assert ClassCard.objects.filter(pupil=world.pupils["A1"]).exists()


def test_card_sign_ins_are_kept_a_month(world):
    device = ClassDevice.objects.create(classroom=world.classrooms["A1"], name="Tablette",
                                        token_hash="0" * 64)
    now = timezone.now()
    old = CardSignIn.objects.create(pupil=world.pupils["A1"], device=device, method="qr",
                                    session_key="a", signed_in_at=now - timedelta(days=40),
                                    ends_at=now - timedelta(days=39))
    recent = CardSignIn.objects.create(pupil=world.pupils["A1"], device=device, method="qr",
                                       session_key="b", signed_in_at=now - timedelta(days=2),
                                       ends_at=now - timedelta(days=1))
    assert retention.purge_expired(kinds=["card_sign_ins"]) == {"card_sign_ins": 1}
    assert not CardSignIn.objects.filter(pk=old.pk).exists()
    assert CardSignIn.objects.filter(pk=recent.pk).exists()
