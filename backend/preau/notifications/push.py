"""Web Push: which live events become a push, to whom, with what (docs/notifications.md).

A push says only what a lock screen may show — "Nouveau message de l'école" — and where to
look; the page fetches the rest once opened. Each subscribed browser (``PushSubscription``)
chooses its categories; nobody is pushed during their quiet hours (the news waits in Préau
and in the daily digest); a subscription the push service says is gone (404, 410) is deleted.
"""

from __future__ import annotations

import json

from preau.messaging.selectors import users_to_notify
from preau.notifications.models import Category, PushSubscription
from preau.notifications.selectors import PAGES

# The live events that are news, and their category. An edit or a withdrawal is not pushed.
CATEGORY_OF_EVENT = {
    "message.created": Category.MESSAGES,
    "liaison_note.created": Category.LIAISON_NOTES,
    "liaison_note.reminded": Category.LIAISON_NOTES,
    "attendance.absence_recorded": Category.ABSENCES,
    "homework.changed": Category.HOMEWORK,
    "announcement.created": Category.ANNOUNCEMENTS,
    "timetable.changed": Category.TIMETABLE,
}
TITLES = {
    Category.MESSAGES: "Nouveau message de l'école",
    Category.LIAISON_NOTES: "Un mot à signer dans le cahier de liaison",
    Category.ABSENCES: "Une absence a été relevée",
    Category.HOMEWORK: "Nouveaux devoirs",
    Category.ANNOUNCEMENTS: "Nouvelle annonce de l'école",
    Category.TIMETABLE: "L'emploi du temps a changé",
}


def payload(category: str) -> str:
    """What the push carries: a title for the lock screen, the page to open, the category."""
    return json.dumps({"title": TITLES[category], "body": "Ouvrez Préau pour le lire.",
                       "url": PAGES[category], "category": str(category)}, ensure_ascii=False)


def _is_news(event: dict) -> bool:
    return event.get("type") != "homework.changed" or event.get("change") == "created"


def pushes_for(events: list[tuple[dict, list[int]]]) -> list[tuple[int, str]]:
    """(subscription id, category) of each push the events call for: the recipients'
    browsers subscribed to the category, outside their quiet hours. One query when nobody
    concerned has subscribed (most writes), two otherwise, whatever the number of events."""
    wanted: dict[str, set[int]] = {}
    for event, user_ids in events:
        category = CATEGORY_OF_EVENT.get(event.get("type", ""))
        if category is not None and _is_news(event):
            wanted.setdefault(category, set()).update(user_ids)
    if not wanted:
        return []
    rows = (PushSubscription.objects
            .filter(user_id__in=set().union(*wanted.values()), user__is_active=True,
                    categories__category__in=list(wanted))
            .values_list("pk", "user_id", "categories__category"))
    candidates = [(pk, user_id, category) for pk, user_id, category in rows
                  if user_id in wanted[category]]
    if not candidates:
        return []
    awake = set(users_to_notify(user_ids={user_id for _, user_id, _ in candidates}))
    return sorted({(pk, category) for pk, user_id, category in candidates if user_id in awake})
