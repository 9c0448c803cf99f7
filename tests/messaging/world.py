"""Messaging objects in the world of tests/world.py, made through the real services.

- conversations: guardian ↔ teacher ("own"); teacher_other ↔ guardian_other with the
  director in copy ("same_school"); inspector_other ↔ director_other ("other_school");
  each first message carries an attachment;
- liaison notes (all to acknowledge): teacher → classroom A1 (guardian, guardian_2);
  director → level CM1 of school A (guardian_other); director_other → school B;
- announcements (all to acknowledge): director → school A (guardians, pupils, staff);
  teacher → classroom A1 guardians; director_other → school B staff;
- polls: director → school A guardians and staff, results published; teacher → classroom
  A1 guardians, anonymous; director_other → school B staff.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from preau.messaging import services
from preau.messaging.models import Attachment, AudienceScope, NoteAudience, QuestionKind
from preau.schools.models import Level
from tests.world import World

FIXTURE_FILE = "messaging/tests/bonjour.txt"


def _attach_fixture(message) -> None:
    if not default_storage.exists(FIXTURE_FILE):
        default_storage.save(FIXTURE_FILE, ContentFile(b"Bonjour !\n"))
    Attachment.objects.create(message=message, uploaded_by=message.author, file=FIXTURE_FILE,
                              original_name="bonjour.txt", content_type="text/plain", size=10)


def with_messaging(world: World) -> None:
    if "conversations" in world.extra:
        return
    user, classrooms, schools = world.user, world.classrooms, world.schools
    conversations = {
        "own": services.conversation_create(
            sender=user("guardian"), recipient_ids=[user("teacher").pk],
            subject="Sortie au musée", body="Léa pourra-t-elle venir ?")[0],
        "same_school": services.conversation_create(
            sender=user("teacher_other"), recipient_ids=[user("guardian_other").pk],
            subject="Devoirs", body="Hugo a oublié son cahier.", copy_director=True)[0],
        "other_school": services.conversation_create(
            sender=user("inspector_other"), recipient_ids=[user("director_other").pk],
            subject="Évaluations", body="Calendrier des évaluations nationales.")[0],
    }
    world.extra["conversations"] = conversations
    world.extra["attachments"] = {}
    for key, conversation in conversations.items():
        message = conversation.messages.first()
        _attach_fixture(message)
        world.extra["attachments"][key] = message.attachments.get()

    world.extra["notes"] = {
        "own": services.liaison_note_create(
            author=user("teacher"), title="Piscine", body="Prévoir un bonnet.",
            audience=NoteAudience.CLASSROOM, classroom_id=classrooms["A1"].pk,
            requires_acknowledgement=True),
        "same_school": services.liaison_note_create(
            author=user("director"), title="Classe de neige", body="Réunion jeudi.",
            audience=NoteAudience.LEVEL, school_id=schools["A"].pk, level=Level.CM1,
            requires_acknowledgement=True),
        "other_school": services.liaison_note_create(
            author=user("director_other"), title="Grève", body="École fermée lundi.",
            audience=NoteAudience.SCHOOL, school_id=schools["B"].pk,
            requires_acknowledgement=True),
    }

    def audience(school: str, scope: str = AudienceScope.SCHOOL, **kwargs):
        return services.AudienceSpec(school_id=schools[school].pk, scope=scope, **kwargs)

    classroom_a1 = (classrooms["A1"].pk,)
    world.extra["announcements"] = {
        "own": services.announcement_create(
            author=user("director"), title="Fête de l'école", body="Samedi 20 juin.",
            audience=audience("A", for_pupils=True, for_staff=True),
            requires_acknowledgement=True),
        "same_school": services.announcement_create(
            author=user("teacher"), title="Photo de classe", body="Mardi matin.",
            audience=audience("A", AudienceScope.CLASSROOMS, classroom_ids=classroom_a1),
            requires_acknowledgement=True),
        "other_school": services.announcement_create(
            author=user("director_other"), title="Conseil des maîtres", body="Lundi 17 h.",
            audience=audience("B", for_guardians=False, for_staff=True),
            requires_acknowledgement=True),
    }

    def questions():
        return [services.QuestionSpec(kind=QuestionKind.SINGLE, text="Présent·e ?",
                                      choices=("Oui", "Non")),
                services.QuestionSpec(kind=QuestionKind.TEXT, text="Remarque", is_required=False)]

    world.extra["polls"] = {
        "own": services.poll_create(
            author=user("director"), title="Kermesse", description="", questions=questions(),
            audience=audience("A", for_staff=True), is_anonymous=False, results_published=True),
        "same_school": services.poll_create(
            author=user("teacher"), title="Sortie", description="", questions=questions(),
            audience=audience("A", AudienceScope.CLASSROOMS, classroom_ids=classroom_a1),
            is_anonymous=True, results_published=False),
        "other_school": services.poll_create(
            author=user("director_other"), title="Formation", description="",
            questions=questions(), audience=audience("B", for_guardians=False, for_staff=True),
            is_anonymous=False, results_published=False),
    }
