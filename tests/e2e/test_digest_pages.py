"""The daily digest's pages: a guardian chooses its time and categories on « Mon espace »
(on a phone, as from the digest's "Changer son heure ou ses rubriques", /moi#resume); the
link under a section of the mail, opened with no session (on a tablet), removes that
section only once its button is pressed — opening it changes nothing."""

from __future__ import annotations

from datetime import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from preau.notifications.models import Digest
from preau.notifications.unsubscribe import unsubscribe_token
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_timetable import log_in, new_page
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TABLET = {"width": 768, "height": 1024}
FITS = "document.documentElement.scrollWidth"


@pytest.fixture
def digest_world(browser, transactional_db):
    world = build_world()
    guardian = world.user("guardian")
    guardian.email = "sophie.martin@example.org"
    guardian.save(update_fields=["email"])
    return world


def digest_categories(user) -> set[str]:
    digest = Digest.objects.filter(user=user).first()
    return set(digest.categories.values_list("category", flat=True)) if digest else set()


def test_a_guardian_chooses_the_digest_then_leaves_a_section_from_its_link(
        browser, asgi_live_server, digest_world):
    guardian = digest_world.user("guardian")

    context, page = new_page(browser, asgi_live_server, PHONE)
    try:
        log_in(page, "guardian")
        page.goto("/moi#resume")
        section = page.get_by_role("region", name="Résumé du jour par courriel")
        time_field = section.get_by_label("Heure d’envoi")
        expect(time_field).to_have_value("18:00")  # no digest yet: the default time
        expect(section.get_by_role("heading", name="Résumé du jour par courriel")).to_be_in_viewport()
        expect(section).to_contain_text("Il part à l’adresse sophie.martin@example.org.")

        section.get_by_role("checkbox", name="Messages").check()
        section.get_by_role("checkbox", name="Mots à signer").check()
        time_field.select_option("07:30")
        section.get_by_role("button", name="Enregistrer").click()
        expect(section.get_by_role("status")).to_have_text("Résumé enregistré.")

        digest = Digest.objects.get(user=guardian)
        assert digest.send_at == time(7, 30)
        assert digest_categories(guardian) == {"messages", "liaison_notes"}
        assert page.evaluate(FITS) <= PHONE["width"], "« Mon espace » scrolls sideways"
        assert_accessible(page, "« Mon espace », the digest saved")
    finally:
        context.close()

    # The mail's link, in a browser with no session (nor CSRF cookie).
    context, page = new_page(browser, asgi_live_server, TABLET)
    try:
        token = unsubscribe_token(user_id=guardian.pk, category="messages")
        page.goto(f"/desabonnement/{token}")
        page.get_by_role("heading", level=1, name="Se désabonner du résumé").wait_for()
        expect(page.get_by_text("Ce lien retire une rubrique de votre résumé quotidien par courriel.")).to_be_visible()
        assert_accessible(page, "unsubscription page")  # waits for the network to be idle
        assert digest_categories(guardian) == {"messages", "liaison_notes"}, "opening the link unsubscribed"
        cookies = {cookie["name"] for cookie in context.cookies()}
        assert not cookies & {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}, cookies

        page.get_by_role("button", name="Confirmer le désabonnement").click()
        done = page.get_by_role("status")
        expect(done).to_contain_text("ne figure plus dans votre résumé.")
        text = done.inner_text().replace("\u00a0", " ")
        assert "C’est fait : « Messages » ne figure plus dans votre résumé." in text
        assert "Il comprend encore : Mots à signer." in text
        expect(page.get_by_role("link", name="Gérer mon résumé")).to_have_attribute("href", "/moi#resume")

        assert digest_categories(guardian) == {"liaison_notes"}
        assert page.evaluate(FITS) <= TABLET["width"], "the unsubscription page scrolls sideways"
        assert_accessible(page, "unsubscription page, done")
    finally:
        context.close()
