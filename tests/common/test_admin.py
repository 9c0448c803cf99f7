"""The operator can browse and search every model in the Django admin."""

import pytest
from django.contrib import admin
from django.urls import reverse

from preau.accounts.models import User

pytestmark = pytest.mark.django_db

MODELS = [m for m in admin.site._registry if m._meta.app_label in
          {"accounts", "schools", "people"}]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_page_load(world, client, model):
    operator = User.objects.create_superuser("operateur", "op@example.org", "x")
    client.force_login(operator)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "Martin"}).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert client.get(change).status_code == 200


def test_deactivating_from_the_admin_disables_the_account(world, client):
    operator = User.objects.create_superuser("operateur", "op@example.org", "x")
    client.force_login(operator)
    teacher = world.user("teacher")
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "deactivate", "_selected_action": [teacher.pk]})
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active
