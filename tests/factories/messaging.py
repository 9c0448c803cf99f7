"""Factories for messaging: raw rows (to grow data fast) and small upload helpers.

Tests of behaviour go through the services or the API; these factories build the bulk
that query-count tests need, bypassing the policy on purpose.
"""

from __future__ import annotations

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from preau.common.markdown import render_markdown
from preau.messaging.models import (
    Conversation,
    ConversationKind,
    Message,
    Participant,
)
from tests.factories import SchoolFactory, UserFactory

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name: str = "mot.txt", content: bytes = b"Bonjour la classe !\n",
           content_type: str = "text/plain") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    school = factory.SubFactory(SchoolFactory)
    kind = ConversationKind.STAFF
    subject = factory.Sequence(lambda n: f"Conversation {n}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)
    user = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message
        skip_postgeneration_save = True

    conversation = factory.SubFactory(ConversationFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Message **{n}**")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))

    @factory.post_generation
    def move_inbox_cursor(message, create, extracted, **kwargs):
        if create:
            Conversation.objects.filter(pk=message.conversation_id).update(
                last_message_id=message.pk, last_message_at=timezone.now()
            )


def conversation_with(*, users, school=None, messages: int = 1, **kwargs) -> Conversation:
    """A conversation between ``users`` with ``messages`` messages by turns."""
    conversation = ConversationFactory(school=school or SchoolFactory(), **kwargs)
    for user in users:
        ParticipantFactory(conversation=conversation, user=user)
    for index in range(messages):
        MessageFactory(conversation=conversation, author=users[index % len(users)])
    return conversation
