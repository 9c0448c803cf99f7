from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "preau.messaging"
    label = "messaging"
    verbose_name = "Messagerie"

    def ready(self) -> None:
        from preau.common import retention
        from preau.messaging.models import Attachment, Conversation, LiaisonNote, Message

        retention.register(
            "messages", Message, "created_at", label="Messages", default_days=365,
            before_delete=retention.delete_stored_files(Attachment, "message"))
        retention.register(
            "conversations", Conversation, "last_message_at",
            label="Conversations sans message récent", default_days=365,
            before_delete=retention.delete_stored_files(Attachment, "message__conversation"))
        retention.register("liaison_notes", LiaisonNote, "created_at",
                           label="Notes du cahier de liaison", default_days=365)
