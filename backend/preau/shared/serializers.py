"""The serializers that several apps' APIs share: references to a school, a classroom, a
person, and the date range of a week view.

No app imports another app's serializers (docs/architecture.md); what two apps need stands
here, above ``schools`` (whose levels it names) and below every app that has an API.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from rest_framework import serializers

from preau.common.fields import SchoolDateField
from preau.schools.models import Level

MAX_RANGE_DAYS = 42


class SchoolRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    uai = serializers.CharField()
    name = serializers.CharField()


class ClassroomRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class TimetableClassroomOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))
    school = SchoolRefOutput()


class DateRangeFilter(serializers.Serializer):
    start = SchoolDateField(required=False, help_text="Premier jour (lundi de la semaine "
                            "courante par défaut)")
    end = SchoolDateField(required=False, help_text="Dernier jour (start + 6 jours par "
                          "défaut)")

    def validate(self, attrs):
        today = timezone.localdate()
        start = attrs.get("start") or today - timedelta(days=today.weekday())
        end = attrs.get("end") or start + timedelta(days=6)
        if end < start:
            raise serializers.ValidationError({"end": ["La fin précède le début."]})
        if (end - start).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError(
                {"end": [f"Au plus {MAX_RANGE_DAYS} jours à la fois."]})
        return {"start": start, "end": end}
