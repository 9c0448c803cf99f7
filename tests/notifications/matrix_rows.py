"""Role-matrix rows of the digest: each login reaches its own (authority logins are read-only
and may not set one); the one-click unsubscription has no session, its token is the
credential (tests/notifications/test_digest.py)."""

from __future__ import annotations

from tests.matrix import Row
from tests.notifications.push_service import Browser
from tests.world import World

# A browser's subscription to a push service the settings accept (never posted to here).
SUBSCRIPTION = Browser(endpoint="https://fcm.googleapis.com/fcm/send/matrix").subscription()
OWNERS = {"guardian": "guardian", "teacher": "teacher"}


def _with_subscriptions(world: World) -> None:
    if "push" in world.extra:
        return
    from preau.notifications.services import push_subscribe

    world.extra["push"] = {
        key: push_subscribe(actor=world.user(key), endpoint=f"{SUBSCRIPTION['endpoint']}-{key}",
                            p256dh=SUBSCRIPTION["keys"]["p256dh"],
                            auth=SUBSCRIPTION["keys"]["auth"], label="", categories=[])[0]
        for key in OWNERS}

ROWS: list[Row] = [
    Row("notifications:digest", kind="self"),
    Row("notifications:digest", method="PUT", kind="self",
        body={"send_at": "18:00", "categories": []}),
    Row("notifications:unsubscribe", method="POST", kind="public", kwarg="token",
        resolve=lambda w, k: "inconnu"),
    # Web Push: one's own browsers only (tests/notifications/test_push.py).
    Row("notifications:push", kind="self"),
    Row("notifications:push-subscriptions", method="POST", kind="self", ok_status=201,
        body={**SUBSCRIPTION, "categories": ["messages"]}),
    Row("notifications:push-subscription-detail", method="PUT", kwarg="subscription_id",
        resolve=lambda w, k: w.extra["push"][k], targets=OWNERS,
        seen={key: {key} for key in OWNERS}, writers={key: {key} for key in OWNERS},
        prepare=_with_subscriptions, body={"categories": ["absences"]}),
    Row("notifications:push-subscription-detail", method="DELETE", kwarg="subscription_id",
        resolve=lambda w, k: w.extra["push"][k], targets=OWNERS,
        seen={key: {key} for key in OWNERS}, writers={key: {key} for key in OWNERS},
        prepare=_with_subscriptions, ok_status=204),
]
