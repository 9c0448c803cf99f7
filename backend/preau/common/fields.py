"""Input fields shared by the apps' serializers."""

from __future__ import annotations

import re
from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A school's date and time lies in this century. Earlier years are typing slips (0094 for
# 2094, 1026 for 2026) and would be written back with the historical local offsets of
# Europe/Paris (+00:09:21 before 1911), which RFC 3339 readers refuse.
FIRST_YEAR, LAST_YEAR = 2000, 2999


class _SchoolYears:
    """Years 2000 to 2999, else a 400 naming the field (a date at the end of the calendar,
    9999-12-31, would overflow the week or year around it)."""

    default_error_messages = {
        "out_of_range": f"Choisissez une date entre {FIRST_YEAR} et {LAST_YEAR}.",
    }

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
            self.fail("out_of_range")
        return parsed


class SchoolDateTimeField(_SchoolYears, serializers.DateTimeField):
    """A date and time of school life."""


class SchoolDateField(_SchoolYears, serializers.DateField):
    """A date of school life."""


# Years 1900 to 2999: year 0 is no date, and the month after 9999-12 would be none either.
MONTH_PATTERN = re.compile(r"^((?:19|2\d)\d{2})-(0[1-9]|1[0-2])$")


@extend_schema_field({"type": "string", "pattern": r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])$",
                      "example": "2026-11"})
class MonthField(serializers.Field):
    """A calendar month as ``YYYY-MM``; internally the date of its first day."""

    default_error_messages = {"invalid": "Mois attendu au format AAAA-MM."}

    def to_internal_value(self, data) -> date:
        match = MONTH_PATTERN.match(str(data))
        if not match:
            self.fail("invalid")
        return date(int(match.group(1)), int(match.group(2)), 1)

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")
