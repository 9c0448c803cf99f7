"""The live events of messaging (one serializer each) and the builders services use.

Events are flat JSON hints ``{"type": …, <fields>}``. Each carries the ids a client needs to refetch what changed with ``?after=``:
- ``message.created``: refetch ``conversations/<id>/messages/?after=<last seen id>`` and
  the inbox ``conversations/?after=<last seen message id>``;
- ``liaison_note.created`` / ``announcement.created`` / ``poll.created``: the lists with
  ``?after=<last seen id>``.
"""

from __future__ import annotations

from rest_framework import serializers

from preau.common.markdown import markdown_excerpt
from preau.messaging.models import (
    Announcement,
    ConversationKind,
    LiaisonNote,
    Message,
    ParticipantRole,
    Poll,
)
from preau.realtime.events import LiveEvent


class MessageCreatedEvent(LiveEvent):
    """A message arrived in one of the viewer's conversations."""

    event_type = "message.created"
    conversation_id = serializers.IntegerField()
    subject = serializers.CharField()
    kind = serializers.ChoiceField(choices=ConversationKind.choices)
    message_id = serializers.IntegerField(help_text="Curseur : rattraper avec ?after=")
    author_id = serializers.IntegerField(allow_null=True)
    author_name = serializers.CharField()
    excerpt = serializers.CharField(allow_blank=True)
    attachment_count = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class ConversationReadEvent(LiveEvent):
    """Another participant read the conversation up to a message (read receipt)."""

    event_type = "conversation.read"
    conversation_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    last_read_message_id = serializers.IntegerField()
    read_at = serializers.DateTimeField()


class ParticipantAddedEvent(LiveEvent):
    """Someone joined a conversation (the director put in copy)."""

    event_type = "conversation.participant_added"
    conversation_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    display_name = serializers.CharField()
    role = serializers.ChoiceField(choices=ParticipantRole.choices)


class LiaisonNoteCreatedEvent(LiveEvent):
    """A note of the cahier de liaison reached the viewer."""

    event_type = "liaison_note.created"
    note_id = serializers.IntegerField(help_text="Curseur : rattraper avec ?after=")
    school_id = serializers.IntegerField()
    title = serializers.CharField()
    author_name = serializers.CharField()
    requires_acknowledgement = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class LiaisonNoteAcknowledgedEvent(LiveEvent):
    """A guardian acknowledged a note the viewer follows (author, director)."""

    event_type = "liaison_note.acknowledged"
    note_id = serializers.IntegerField()
    guardian_id = serializers.IntegerField(help_text="La personne (responsable légal) qui a signé")
    guardian_name = serializers.CharField()
    acknowledged_at = serializers.DateTimeField()
    acknowledged_count = serializers.IntegerField()
    delivery_count = serializers.IntegerField()


class LiaisonNoteRemindedEvent(LiveEvent):
    """The author reminds the viewer to acknowledge a note."""

    event_type = "liaison_note.reminded"
    note_id = serializers.IntegerField()
    title = serializers.CharField()
    reminded_at = serializers.DateTimeField()


class AnnouncementCreatedEvent(LiveEvent):
    """An announcement for an audience the viewer belongs to."""

    event_type = "announcement.created"
    announcement_id = serializers.IntegerField(help_text="Curseur : rattraper avec ?after=")
    school_id = serializers.IntegerField()
    title = serializers.CharField()
    requires_acknowledgement = serializers.BooleanField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class AnnouncementAcknowledgedEvent(LiveEvent):
    """Someone acknowledged an announcement the viewer wrote."""

    event_type = "announcement.acknowledged"
    announcement_id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    acknowledged_at = serializers.DateTimeField()
    acknowledged_count = serializers.IntegerField()


class PollCreatedEvent(LiveEvent):
    """A poll for an audience the viewer belongs to."""

    event_type = "poll.created"
    poll_id = serializers.IntegerField(help_text="Curseur : rattraper avec ?after=")
    school_id = serializers.IntegerField()
    title = serializers.CharField()
    closes_on = serializers.DateField(allow_null=True)


class PollAnsweredEvent(LiveEvent):
    """Someone answered a poll the viewer wrote (who, never for an anonymous poll)."""

    event_type = "poll.answered"
    poll_id = serializers.IntegerField()
    response_count = serializers.IntegerField()


# --- Builders -------------------------------------------------------------------------------


def message_created(*, message: Message, author_name: str, attachment_count: int) -> dict:
    conversation = message.conversation
    return MessageCreatedEvent.of({
        "conversation_id": conversation.pk, "subject": conversation.subject,
        "kind": conversation.kind, "message_id": message.pk, "author_id": message.author_id,
        "author_name": author_name, "excerpt": markdown_excerpt(message.body),
        "attachment_count": attachment_count, "created_at": message.created_at,
    })


def liaison_note_created(*, note: LiaisonNote, author_name: str) -> dict:
    return LiaisonNoteCreatedEvent.of({
        "note_id": note.pk, "school_id": note.school_id, "title": note.title,
        "author_name": author_name, "requires_acknowledgement": note.requires_acknowledgement,
        "created_at": note.created_at,
    })


def announcement_created(*, announcement: Announcement) -> dict:
    return AnnouncementCreatedEvent.of({
        "announcement_id": announcement.pk, "school_id": announcement.audience.school_id,
        "title": announcement.title,
        "requires_acknowledgement": announcement.requires_acknowledgement,
        "valid_from": announcement.valid_from, "valid_until": announcement.valid_until,
    })


def poll_created(*, poll: Poll) -> dict:
    return PollCreatedEvent.of({
        "poll_id": poll.pk, "school_id": poll.audience.school_id, "title": poll.title,
        "closes_on": poll.closes_on,
    })
