from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "preau.messaging"
    label = "messaging"
    verbose_name = "Messagerie"
