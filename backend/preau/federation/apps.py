from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "preau.federation"
    label = "federation"
    verbose_name = "Identités fédérées (SAML, OpenID Connect)"
