"""The digest as an e-mail: a text part and an HTML part of the same content, in French,
with the one-click unsubscription of RFC 8058 in its headers (the whole digest) and under
each section (that section only)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation

from preau.notifications.selectors import Section
from preau.notifications.unsubscribe import ALL, unsubscribe_token

# The web app's page that asks before it unsubscribes (a link opened by a person).
UNSUBSCRIBE_PAGE = "/desabonnement/"


def _one_click(token: str) -> str:
    return settings.PREAU_SITE_URL + reverse("notifications:unsubscribe",
                                             kwargs={"token": token})


def digest_email(*, user_id: int, address: str, sections: list[Section],
                 end: datetime) -> EmailMultiAlternatives:
    site = settings.PREAU_SITE_URL
    with translation.override("fr"):
        day = formats.date_format(timezone.localtime(end), "l j F Y")
        context = {
            "day": day,
            "site": site,
            "settings_page": f"{site}/moi#resume",
            "sections": [{
                "label": section.label,
                "items": section.items,
                "more": section.more,
                "page": site + section.page,
                "unsubscribe": site + UNSUBSCRIBE_PAGE + unsubscribe_token(
                    user_id=user_id, category=section.category),
            } for section in sections],
        }
        text = render_to_string("notifications/digest.txt", context)
        html = render_to_string("notifications/digest.html", context)
    everything = _one_click(unsubscribe_token(user_id=user_id, category=ALL))
    mail = EmailMultiAlternatives(
        subject=f"Préau : votre résumé du {day}", body=text,
        from_email=settings.DEFAULT_FROM_EMAIL, to=[address],
        headers={"List-Unsubscribe": f"<{everything}>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    mail.attach_alternative(html, "text/html")
    return mail
