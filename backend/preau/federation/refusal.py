"""The page a browser gets when a provider's answer is refused (SAML and OpenID Connect
alike): a short French text and the way back to the login page, never cached."""

from __future__ import annotations

from django.shortcuts import render

LOGIN_PATH = "/connexion"


def refused_page(request, *, status: int, message: str):
    response = render(request, "federation/refused.html",
                      {"message": message, "login_path": LOGIN_PATH}, status=status)
    response["Cache-Control"] = "no-store"
    return response
