from django.apps import AppConfig


class AuthorityConfig(AppConfig):
    name = "preau.authority"
    label = "authority"
    verbose_name = "Autorités (mairie, IEN, DASEN)"
