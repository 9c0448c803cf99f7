"""The claims of the provider's people: names, e-mail and the INE of their children."""

from __future__ import annotations

import json

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict[str, dict]:
    """The people the provider knows, by user name (``people.json`` of the state folder)."""
    return json.loads((settings.STATE_DIR / "people.json").read_text(encoding="utf-8"))


class PeopleClaimsValidator(OAuth2Validator):
    # The children's INE is a claim of its own, released with the scope "eleves".
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "eleves_ine": "eleves"}

    def get_additional_claims(self, request):
        person = people()[request.user.username]
        return {
            "sub": person["subject"],
            "given_name": person["given_name"],
            "family_name": person["family_name"],
            "email": person["email"],
            "email_verified": True,
            "eleves_ine": person.get("eleves_ine", []),
        }
