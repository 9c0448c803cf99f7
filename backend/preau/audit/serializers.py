from __future__ import annotations

from rest_framework import serializers

from preau.audit.models import AuditKind
from preau.common.apis import IdField
from preau.common.fields import SchoolDateField


class AuditEventFilter(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AuditKind.choices, required=False)
    username = serializers.CharField(required=False, max_length=150,
                                     help_text="Identifiant du compte (ou tapé)")
    school = IdField(required=False)
    date_from = SchoolDateField(required=False)
    date_to = SchoolDateField(required=False)

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError(
                {"date_to": ["La date de fin précède la date de début."]})
        return attrs


class AuditEventSchoolOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class AuditEventOutput(serializers.Serializer):
    """An event as the operator sees it. A director gets ``AuditEventDirectorOutput``: who
    did what and when, without the address and the browser (docs/security.md, "Audit")."""

    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=AuditKind.choices)
    actor_id = serializers.IntegerField(allow_null=True)
    username = serializers.CharField()
    actor_name = serializers.CharField()
    method = serializers.CharField()
    path = serializers.CharField()
    object_ref = serializers.CharField()
    sign_in_method = serializers.CharField(
        help_text="Une connexion : sa méthode (``password``, ``saml:educonnect``…), sinon vide")
    ip_address = serializers.IPAddressField(
        allow_null=True, required=False,
        help_text="Adresse IP : pour l'opérateur seulement, absente pour une direction")
    user_agent = serializers.CharField(
        required=False, help_text="Navigateur : pour l'opérateur seulement, absent pour une direction")
    schools = AuditEventSchoolOutput(many=True, source="visible_schools")


class AuditEventDirectorOutput(AuditEventOutput):
    ip_address = None
    user_agent = None
