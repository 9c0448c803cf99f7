from datetime import time

from preau.timetable.models import Subject, TimetableSlot

FULL_WEEK = [
    # weekday, start, end, subject
    *[(day, time(8, 30), time(10, 0), Subject.FRANCAIS) for day in (0, 1, 3, 4)],
    *[(day, time(10, 0), time(10, 15), Subject.RECREATION) for day in (0, 1, 3, 4)],
    *[(day, time(10, 15), time(11, 30), Subject.MATHEMATIQUES) for day in (0, 1, 3, 4)],
    *[(day, time(13, 30), time(15, 0), Subject.QUESTIONNER_LE_MONDE) for day in (0, 1, 3, 4)],
    *[(day, time(15, 15), time(16, 30), Subject.EPS) for day in (0, 1, 3, 4)],
]
WEDNESDAY_MORNING = [(2, time(8, 30), time(11, 30), Subject.FRANCAIS)]


def make_slots(classroom, rows=FULL_WEEK, *, valid_from=None, valid_until=None):
    return TimetableSlot.objects.bulk_create(
        TimetableSlot(classroom=classroom, weekday=weekday, start_time=start, end_time=end,
                      subject=subject, valid_from=valid_from or classroom.school_year.start_date,
                      valid_until=valid_until)
        for weekday, start, end, subject in rows
    )
