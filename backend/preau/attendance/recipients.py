"""Who a register event reaches: the guardians of pupils (the director of a classroom:
``people.access.director_user_ids_of_classroom``)."""

from __future__ import annotations

from collections import defaultdict

from preau.accounts.models import User


def guardian_recipients(*, pupil_ids) -> dict[int, list[dict]]:
    """Per pupil, the active logins of each guardian: user id, e-mail, e-mail opt-in."""
    rows = (User.objects.filter(is_active=True, person__wards__pupil_id__in=pupil_ids)
            .values("pk", "email", "person__email", "notify_absence_by_email",
                    "person__wards__pupil_id", "person__wards__pupil__first_name",
                    "person__wards__pupil__last_name")
            .order_by("pk"))
    recipients: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        recipients[row["person__wards__pupil_id"]].append({
            "user_id": row["pk"], "email": row["email"] or row["person__email"],
            "by_email": row["notify_absence_by_email"],
            "pupil_name": f"{row['person__wards__pupil__first_name']} "
                          f"{row['person__wards__pupil__last_name']}"})
    return recipients
