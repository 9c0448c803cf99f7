"""Input fields shared by the apps' serializers."""

from __future__ import annotations

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
