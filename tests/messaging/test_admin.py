"""The operator browses messaging settings and school-wide communications — not messages."""

import pytest
from django.contrib import admin
from django.urls import reverse

from preau.accounts.models import User
from preau.messaging.models import Attachment, Conversation, Message, Participant
from tests.messaging.world import with_messaging

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label == "messaging"]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_add_and_change_pages_load(world, client, model):
    with_messaging(world)
    client.force_login(User.objects.create_superuser("operateur", "op@example.org", "x"))
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Piscine"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200


def test_private_correspondence_is_not_in_the_admin():
    for model in (Conversation, Message, Participant, Attachment):
        assert model not in admin.site._registry
