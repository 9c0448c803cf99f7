"""The Django admin's login page, through the same login service as the API.

Its password is counted by the login throttle (429 beyond the limit, before any hash is
computed), an account with a second factor gives its code on a second page
(``login_otp_verify``), and an account that must first set one up, or whose second factor
is a passkey only, is sent to the web app.
Django's own admin login form would open a session with the password alone."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from rest_framework.exceptions import Throttled

from preau.accounts.gate import LoginOverloaded
from preau.accounts.passkeys import second_factors_of
from preau.accounts.services import (
    OTP_REQUIRED,
    SETUP_REQUIRED,
    login_otp_verify,
    second_factor_pending,
    user_login,
    user_logout,
)
from preau.common.errors import ApplicationError

NOT_STAFF = "Ce compte n'a pas accès à l'administration."
PASSKEY_ONLY = ("Votre compte se connecte avec une clé d'accès, que cette page ne sait pas "
                "demander : connectez-vous dans l'application web, puis revenez ici.")
SET_UP_FIRST = ("Activez d'abord la double authentification de votre compte dans "
                "l'application web (Mon espace), puis revenez ici.")


class AdminPasswordForm(forms.Form):
    username = forms.CharField(label="Identifiant", max_length=150, widget=forms.TextInput(
        attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label="Mot de passe", strip=False, max_length=4096,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}))


class AdminCodeForm(forms.Form):
    code = forms.RegexField(
        regex=r"^\d{6}$", label="Code à 6 chiffres de votre application d'authentification",
        error_messages={"invalid": "Le code compte 6 chiffres."},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "one-time-code",
                                      "inputmode": "numeric"}))


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return reverse("admin:index")


def _page(request, form, *, next_url: str, status: int = 200,
          retry_after: int | None = None) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": "Connexion", "subtitle": None,
               "app_path": request.get_full_path(), "next": next_url, "form": form,
               "username": ""}
    template = ("admin/preau_login_code.html" if isinstance(form, AdminCodeForm)
                else "admin/login.html")
    response = render(request, template, context, status=status)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def _refused(request, form, error: Exception, *, next_url: str) -> HttpResponse:
    """A throttled (429) or overloaded (503) login, on the admin's page."""
    if isinstance(error, Throttled):
        form.add_error(None, f"Trop de tentatives. Réessayez dans {int(error.wait or 60)} "
                             "secondes.")
        return _page(request, form, next_url=next_url, status=429,
                     retry_after=int(error.wait or 60))
    form.add_error(None, str(error.detail))
    return _page(request, form, next_url=next_url, status=503, retry_after=int(error.wait))


@sensitive_post_parameters()
@csrf_protect
@never_cache
def admin_login(request) -> HttpResponse:
    next_url = _next_url(request)
    if request.method == "GET" and admin.site.has_permission(request):
        return HttpResponseRedirect(next_url)
    awaiting_code = second_factor_pending(session=request.session) == OTP_REQUIRED
    if request.method != "POST":
        form = AdminCodeForm() if awaiting_code else AdminPasswordForm()
        return _page(request, form, next_url=next_url)

    if awaiting_code and "code" in request.POST:
        form = AdminCodeForm(request.POST)
        if not form.is_valid():
            return _page(request, form, next_url=next_url)
        try:
            user = login_otp_verify(request=request, code=form.cleaned_data["code"])
        except (Throttled, LoginOverloaded) as error:
            return _refused(request, form, error, next_url=next_url)
        except ApplicationError as error:
            if error.code == "otp_not_pending":  # too late: the password again
                password_form = AdminPasswordForm()
                password_form.add_error(None, error.message)
                return _page(request, password_form, next_url=next_url)
            form.add_error("code", error.message)
            return _page(request, form, next_url=next_url)
        return HttpResponseRedirect(next_url)

    form = AdminPasswordForm(request.POST)
    if not form.is_valid():
        return _page(request, form, next_url=next_url)
    try:
        user = user_login(request=request, username=form.cleaned_data["username"],
                          password=form.cleaned_data["password"])
    except (Throttled, LoginOverloaded) as error:
        return _refused(request, form, error, next_url=next_url)
    except ApplicationError as error:
        form.add_error(None, error.message)
        return _page(request, form, next_url=next_url)
    if not (user.is_active and user.is_staff):
        user_logout(request=request)  # the account is right, but not for this page
        form.add_error(None, NOT_STAFF)
        return _page(request, form, next_url=next_url)
    pending = second_factor_pending(session=request.session)
    if pending == OTP_REQUIRED and "totp" not in second_factors_of(user=user):
        user_logout(request=request)  # the password was right; this page cannot go on
        form.add_error(None, PASSKEY_ONLY)
        return _page(request, form, next_url=next_url)
    if pending == OTP_REQUIRED:
        return _page(request, AdminCodeForm(), next_url=next_url)
    if pending == SETUP_REQUIRED:
        form.add_error(None, SET_UP_FIRST)  # the bound form: an unbound one has no data
        return _page(request, form, next_url=next_url)
    return HttpResponseRedirect(next_url)
