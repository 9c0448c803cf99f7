"""Role-matrix rows of messaging (see tests/matrix.py for the Row fields).

``with_messaging`` (tests/messaging/world.py) builds three objects of each kind: "own"
(school A, classroom A1), "same_school" (school A, classroom A2) and "other_school"
(school B).
"""

from __future__ import annotations

from tests.matrix import AUTHENTICATED, SCHOOLS_SEEN, Row
from tests.messaging.world import with_messaging
from tests.world import World

TARGETS = {"own": "own", "same_school": "same_school", "other_school": "other_school"}


def everyone(seen: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every authenticated role, with nothing for those not listed."""
    return {role: set(seen.get(role, set())) for role in AUTHENTICATED}


def _conversation(world, key):
    with_messaging(world)
    return world.extra["conversations"][key]


def _attachment(world, key):
    with_messaging(world)
    return world.extra["attachments"][key]


def _note(world, key):
    with_messaging(world)
    return world.extra["notes"][key]


def _announcement(world, key):
    with_messaging(world)
    return world.extra["announcements"][key]


def _poll(world, key):
    with_messaging(world)
    return world.extra["polls"][key]


def _listed(kind: str):
    def key_of(world: World, item: dict) -> str:
        return next(key for key, obj in world.extra[kind].items() if obj.pk == item["id"])

    return key_of


def _user_key(world: World, item: dict) -> str:
    return next(role for role, user in world.users.items() if user.pk == item["user_id"])


CONVERSATIONS_SEEN = everyone({
    "guardian": {"own"}, "teacher": {"own"},
    "teacher_other": {"same_school"}, "guardian_other": {"same_school"},
    "director": {"same_school"},
    "director_other": {"other_school"}, "inspector_other": {"other_school"},
})
# Putting the director in copy: teacher–family conversations only (idempotent).
DIRECTOR_COPY_WRITERS = {"guardian": {"own"}, "teacher": {"own"},
                         "teacher_other": {"same_school"}, "guardian_other": {"same_school"},
                         "director": {"same_school"}}
RECIPIENTS_SEEN = everyone({
    "guardian": {"teacher", "director"},
    "guardian_other": {"teacher_other", "director"},
    "teacher": {"guardian", "guardian_2", "teacher_other", "director"},
    "teacher_other": {"guardian_other", "teacher", "director"},
    "director": {"teacher", "teacher_other", "guardian", "guardian_2", "guardian_other",
                 "commune", "inspector"},
    "director_other": {"commune_other", "inspector_other"},
    "commune": {"director"}, "commune_other": {"director_other"},
    "inspector": {"director"}, "inspector_other": {"director_other"},
    "dasen": {"director", "director_other"},
})
# Who may write to the director of school A.
WRITERS_TO_DIRECTOR_A = {"guardian", "guardian_other", "teacher", "teacher_other", "commune",
                         "inspector", "dasen"}
NOTES_SEEN = everyone({
    "teacher": {"own"}, "guardian": {"own"},
    "director": {"own", "same_school"}, "guardian_other": {"same_school"},
    "director_other": {"other_school"},
})
NOTE_SIGNERS = {"guardian": {"own"}, "guardian_other": {"same_school"}}
NOTE_FOLLOWERS = {"teacher": {"own"}, "director": {"own", "same_school"},
                  "director_other": {"other_school"}}
ANNOUNCEMENTS_SEEN = everyone({
    "director": {"own", "same_school"}, "teacher": {"own", "same_school"},
    "teacher_other": {"own"}, "guardian": {"own", "same_school"}, "guardian_other": {"own"},
    "pupil": {"own"}, "director_other": {"other_school"},
})
ANNOUNCEMENT_SIGNERS = {"teacher": {"own"}, "teacher_other": {"own"},
                        "guardian": {"own", "same_school"}, "guardian_other": {"own"},
                        "pupil": {"own"}}
POLLS_SEEN = everyone({
    "director": {"own", "same_school"}, "teacher": {"own", "same_school"},
    "teacher_other": {"own"}, "guardian": {"own", "same_school"}, "guardian_other": {"own"},
    "director_other": {"other_school"},
})
POLL_RESPONDENTS = {"teacher": {"own"}, "teacher_other": {"own"},
                    "guardian": {"own", "same_school"}, "guardian_other": {"own"}}
POLL_RESULTS_SEEN = everyone({"director": {"own", "same_school"}, "teacher": {"same_school"},
                              "director_other": {"other_school"}})
SCHOOLS = {"own": "A", "other_school": "B", "other_departement": "C"}


def _poll_answer_body(world: World, key: str | None) -> dict:
    poll = _poll(world, key or "own")
    single, _text = poll.questions.order_by("position")
    return {"answers": [{"question": single.pk, "choices": [single.choices.first().pk]}]}


def _note_body(world: World, key: str | None) -> dict:
    return {"title": "Sortie", "body": "Prévoir un goûter.", "audience": "classroom",
            "classroom": world.classrooms["A1"].pk, "requires_acknowledgement": True}


def _announcement_body(world: World, key: str | None) -> dict:
    return {"title": "Kermesse", "body": "Samedi.",
            "audience": {"school": world.schools["A"].pk, "scope": "school"}}


def _poll_body(world: World, key: str | None) -> dict:
    return {"title": "Cantine", "audience": {"school": world.schools["A"].pk, "scope": "school"},
            "questions": [{"kind": "single", "text": "Inscrit·e ?", "choices": ["Oui", "Non"]}]}


def _conversation_body(world: World, key: str | None) -> dict:
    return {"recipients": [world.user("director").pk], "subject": "Question",
            "body": "Bonjour, une question."}


detail = {"targets": TARGETS, "prepare": with_messaging}

ROWS: list[Row] = [
    # Recipients, inbox, conversations, messages, read markers, attachments
    Row("messaging:recipient-list", kind="list", seen=RECIPIENTS_SEEN, listed_key=_user_key),
    Row("messaging:unread", kind="self", prepare=with_messaging),
    Row("messaging:quiet-hours", kind="self"),
    Row("messaging:quiet-hours", method="PUT", kind="self", authority_may_write=True,
        body={"is_enabled": True, "starts_at": "19:00", "ends_at": "07:30"}),
    Row("messaging:school-settings", kwarg="school_id", resolve=lambda w, k: w.schools[k],
        targets=SCHOOLS, seen=SCHOOLS_SEEN),
    Row("messaging:school-settings", method="PUT", kwarg="school_id",
        resolve=lambda w, k: w.schools[k], targets=SCHOOLS, seen=SCHOOLS_SEEN,
        writers={"director": {"A"}, "director_other": {"B"}},
        body={"pupils_may_write": True, "refuses_family_messages_outside_hours": True}),
    Row("messaging:conversation-list", kind="list", seen=CONVERSATIONS_SEEN,
        listed_key=_listed("conversations"), prepare=with_messaging),
    Row("messaging:conversation-list", method="POST", kind="self", ok_status=201,
        writers=WRITERS_TO_DIRECTOR_A, authority_may_write=True, body=_conversation_body),
    Row("messaging:conversation-detail", kwarg="conversation_id", resolve=_conversation,
        seen=CONVERSATIONS_SEEN, **detail),
    Row("messaging:conversation-detail", method="PATCH", kwarg="conversation_id",
        resolve=_conversation, seen=CONVERSATIONS_SEEN, writers=DIRECTOR_COPY_WRITERS,
        authority_may_write=True, body={"director_in_copy": True}, **detail),
    Row("messaging:message-list", kwarg="conversation_id", resolve=_conversation,
        seen=CONVERSATIONS_SEEN, **detail),
    Row("messaging:message-list", method="POST", kwarg="conversation_id", resolve=_conversation,
        seen=CONVERSATIONS_SEEN, writers=CONVERSATIONS_SEEN, ok_status=201,
        authority_may_write=True, body={"body": "Merci pour votre message."}, **detail),
    Row("messaging:conversation-read", kwarg="conversation_id", resolve=_conversation,
        seen=CONVERSATIONS_SEEN, **detail),
    Row("messaging:conversation-read", method="POST", kwarg="conversation_id",
        resolve=_conversation, seen=CONVERSATIONS_SEEN, writers=CONVERSATIONS_SEEN,
        authority_may_write=True, body={}, **detail),
    Row("messaging:attachment-detail", kwarg="attachment_id", resolve=_attachment,
        seen=CONVERSATIONS_SEEN, **detail),
    # Liaison notes
    Row("messaging:liaison-note-list", kind="list", seen=NOTES_SEEN, listed_key=_listed("notes"),
        prepare=with_messaging),
    Row("messaging:liaison-note-list", method="POST", kind="self", ok_status=201,
        writers={"teacher", "director"}, body=_note_body),
    Row("messaging:liaison-note-detail", kwarg="note_id", resolve=_note, seen=NOTES_SEEN,
        **detail),
    Row("messaging:liaison-note-acknowledgements", kwarg="note_id", resolve=_note,
        seen=NOTES_SEEN, **detail),
    Row("messaging:liaison-note-acknowledgements", method="POST", kwarg="note_id",
        resolve=_note, seen=NOTES_SEEN, writers=NOTE_SIGNERS, **detail),
    Row("messaging:liaison-note-reminders", kwarg="note_id", resolve=_note,
        seen=everyone(NOTE_FOLLOWERS), **detail),
    Row("messaging:liaison-note-reminders", method="POST", kwarg="note_id", resolve=_note,
        seen=everyone(NOTE_FOLLOWERS), writers=NOTE_FOLLOWERS, ok_status=201, **detail),
    Row("messaging:liaison-note-replies", kwarg="note_id", resolve=_note, seen=NOTES_SEEN,
        **detail),
    Row("messaging:liaison-note-replies", method="POST", kwarg="note_id", resolve=_note,
        seen=NOTES_SEEN, writers=NOTE_SIGNERS, ok_status=201,
        body={"body": "Bien reçu, merci."}, **detail),
    # Announcements
    Row("messaging:announcement-list", kind="list", seen=ANNOUNCEMENTS_SEEN,
        listed_key=_listed("announcements"), prepare=with_messaging),
    Row("messaging:announcement-list", method="POST", kind="self", ok_status=201,
        writers={"director"}, body=_announcement_body),
    Row("messaging:announcement-detail", kwarg="announcement_id", resolve=_announcement,
        seen=ANNOUNCEMENTS_SEEN, **detail),
    Row("messaging:announcement-acknowledgements", kwarg="announcement_id",
        resolve=_announcement, seen=ANNOUNCEMENTS_SEEN, **detail),
    Row("messaging:announcement-acknowledgements", method="POST", kwarg="announcement_id",
        resolve=_announcement, seen=ANNOUNCEMENTS_SEEN, writers=ANNOUNCEMENT_SIGNERS, **detail),
    # Polls
    Row("messaging:poll-list", kind="list", seen=POLLS_SEEN, listed_key=_listed("polls"),
        prepare=with_messaging),
    Row("messaging:poll-list", method="POST", kind="self", ok_status=201, writers={"director"},
        body=_poll_body),
    Row("messaging:poll-detail", kwarg="poll_id", resolve=_poll, seen=POLLS_SEEN, **detail),
    Row("messaging:poll-answers", kwarg="poll_id", resolve=_poll, seen=POLLS_SEEN, **detail),
    Row("messaging:poll-answers", method="POST", kwarg="poll_id", resolve=_poll,
        seen=POLLS_SEEN, writers=POLL_RESPONDENTS, ok_status=201, body=_poll_answer_body,
        **detail),
    Row("messaging:poll-results", kwarg="poll_id", resolve=_poll, seen=POLL_RESULTS_SEEN,
        **detail),
]
