"""The holiday calendar of a département (its DASEN's page): which holidays apply, per zone."""

from __future__ import annotations

from preau.schools.calendar import (
    calendar_data,
    known_until,
    published_school_years,
    unknown_calendar_label,
)
from preau.schools.models import Departement, School, SchoolHoliday


class CalendarStatus:
    PUBLISHED = "published"  # the ministry's calendar is loaded: it applies
    ENTERED = "entered"  # not published; the département's entry applies
    UNKNOWN = "unknown"  # neither: writes on its days are refused


def departement_holiday_calendar(*, departement: Departement, school_year: str) -> dict:
    """Per zone of the département's schools: who gives the holidays of the school year,
    and which. Two queries (the zones, the entries) once the calendar is in memory."""
    zones = departement_zones(departement=departement)
    entered = list(SchoolHoliday.objects.filter(departement=departement,
                                                school_year=school_year).order_by("start_date"))
    result = []
    for zone in zones:
        if school_year in published_school_years(zone=zone):
            status = CalendarStatus.PUBLISHED
            holidays = [h for h in calendar_data().ministry.get(zone, [])
                        if h.school_year == school_year]
        else:
            holidays = [h for h in entered if h.zone == zone]
            status = CalendarStatus.ENTERED if holidays else CalendarStatus.UNKNOWN
        until = known_until(zone=zone)
        result.append({"zone": zone, "status": status, "known_until": until,
                       "notice": unknown_calendar_label(school_year)
                       if status == CalendarStatus.UNKNOWN else "",
                       "holidays": holidays})
    return {"departement": departement, "school_year": school_year, "zones": result}


def departement_zones(*, departement: Departement) -> list[str]:
    """The holiday zones of the département's schools (usually one)."""
    return sorted(set(School.objects.filter(circonscription__departement=departement)
                      .values_list("holiday_zone", flat=True)))
