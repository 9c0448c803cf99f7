"""Messaging pages in Debian's Chromium, against the real ASGI app (HTTP and WebSocket).

A teacher and a guardian of a pupil of the teacher's class each have their inbox open in
their own browser context. The teacher writes; the message appears on the guardian's
page without a reload and the guardian's unread badge goes from nothing to 1; the
guardian opens it (badge gone, the teacher sees "Lu par …") and replies; the reply
reaches the teacher's inbox live with the teacher's badge. Then a liaison note with
acknowledgement: the guardian signs it, the teacher's table shows who and when. The
inbox and the liaison notes page pass axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from preau.messaging import services
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_homework import write_with_bold
from tests.e2e.test_timetable import in_a_plain_thread, log_in, new_page
from tests.world import build_world

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def messaging_world(browser, transactional_db):
    return build_world()


def main_nav(page):
    return page.get_by_role("navigation", name="Navigation principale")


def nav_link(page, name: str | re.Pattern):
    return main_nav(page).get_by_role("link", name=name)


def open_with_live_socket(page, link_name: str, path: str) -> None:
    """Open a page from the navigation, then load it afresh with the live socket connected."""
    nav_link(page, re.compile(f"^{link_name}")).click()
    page.get_by_role("heading", level=1, name=link_name).wait_for()
    with page.expect_websocket(lambda ws: ws.url.endswith("/ws/events/")):
        page.goto(path)
    page.get_by_role("heading", level=1, name=link_name).wait_for()
    page.evaluate("window.__sameDocument = true")  # a reload would drop it


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def test_teacher_and_guardian_exchange_messages_live_with_the_unread_badge(
        browser, asgi_live_server, messaging_world):
    teacher_context, teacher = new_page(browser, asgi_live_server)
    guardian_context, guardian = new_page(browser, asgi_live_server)
    try:
        for page, username in ((teacher, "teacher"), (guardian, "guardian")):
            log_in(page, username)
            open_with_live_socket(page, "Messagerie", "/messagerie")
            expect(page.get_by_text("Aucune conversation pour l’instant.")).to_be_visible()
        # No unread message: the link carries no count.
        expect(nav_link(guardian, "Messagerie")).to_have_accessible_name("Messagerie")

        # The teacher writes to the guardian, picked among the allowed recipients.
        teacher.get_by_role("button", name="Nouveau message").click()
        dialog = teacher.get_by_role("dialog", name="Nouveau message")
        dialog.get_by_role("combobox", name="Destinataires").click()
        dialog.get_by_role("combobox", name="Destinataires").fill("Sophie")
        # Each family is named with its tie to the child: « Sophie Martin — mère de Léa (A1) ».
        teacher.get_by_role("option", name=re.compile(
            r"^Sophie Martin — (mère|père|responsable|tuteur ou tutrice) de Léa")).click()
        # A guardian of another class is not offered. By her full name: the staff's names are
        # drawn at random, and « Julie » alone also finds a colleague called Julien.
        dialog.get_by_role("combobox", name="Destinataires").click()
        dialog.get_by_role("combobox", name="Destinataires").fill("Julie")
        expect(teacher.get_by_role("option", name=re.compile(r"^Julie Bernard\b"))).to_have_count(0)
        dialog.get_by_role("combobox", name="Destinataires").fill("")
        dialog.get_by_label("Objet").fill("Sortie au musée")
        write_with_bold(dialog, "Message", "Bonjour, la sortie a lieu ", "jeudi", ".")
        dialog.get_by_role("button", name="Envoyer").click()
        expect(teacher.get_by_role("heading", level=2, name="Sortie au musée")).to_be_visible()
        expect(teacher.get_by_text("Pas encore lu")).to_be_visible()

        # It appears live on the guardian's page, with the badge at 1.
        conversation = guardian.get_by_role("link", name=re.compile("Sortie au musée"))
        expect(conversation).to_be_visible()
        expect(conversation).to_contain_text("1 non lu")
        expect(nav_link(guardian, re.compile("^Messagerie"))).to_have_accessible_name(
            "Messagerie 1 message non lu")
        assert same_document(guardian)

        # The guardian opens it: rendered Markdown, badge gone, the teacher sees the receipt.
        conversation.click()
        expect(guardian.locator("strong", has_text="jeudi")).to_be_visible()
        expect(nav_link(guardian, re.compile("^Messagerie"))).to_have_accessible_name("Messagerie")
        expect(teacher.get_by_text(re.compile(r"^Lu par Sophie Martin"))).to_be_visible()
        assert same_document(teacher)

        # The teacher goes back to the inbox; the guardian replies.
        nav_link(teacher, re.compile("^Messagerie")).click()
        expect(teacher.get_by_text("Choisissez une conversation dans la liste.")).to_be_visible()
        guardian.get_by_label("Votre réponse").fill("Merci, Léa sera prête.")
        guardian.get_by_role("button", name="Envoyer").click()
        expect(guardian.get_by_text("Merci, Léa sera prête.")).to_be_visible()

        # The reply reaches the teacher live: in the inbox and in the badge.
        teacher_conversation = teacher.get_by_role("link", name=re.compile("Sortie au musée"))
        expect(teacher_conversation).to_contain_text("Merci, Léa sera prête.")
        expect(teacher_conversation).to_contain_text("1 non lu")
        expect(nav_link(teacher, re.compile("^Messagerie"))).to_have_accessible_name(
            "Messagerie 1 message non lu")
        teacher_conversation.click()
        expect(teacher.get_by_role("listitem").filter(has_text="Merci, Léa sera prête.")).to_be_visible()
        expect(nav_link(teacher, re.compile("^Messagerie"))).to_have_accessible_name("Messagerie")
        assert same_document(teacher)

        # The inbox with a conversation open passes axe-core.
        assert_accessible(teacher)
        assert_accessible(guardian)
    finally:
        teacher_context.close()
        guardian_context.close()


def test_a_liaison_note_is_signed_by_the_guardian_and_the_teacher_sees_it(
        browser, asgi_live_server, messaging_world):
    teacher_context, teacher = new_page(browser, asgi_live_server)
    guardian_context, guardian = new_page(browser, asgi_live_server)
    try:
        for page, username in ((teacher, "teacher"), (guardian, "guardian")):
            log_in(page, username)
            open_with_live_socket(page, "Cahier de liaison", "/cahier-de-liaison")

        # The teacher writes a note to the class, asking the families to sign.
        teacher.get_by_role("button", name="Écrire un mot").click()
        dialog = teacher.get_by_role("dialog", name="Écrire un mot")
        dialog.get_by_label("Titre").fill("Photo de classe")
        write_with_bold(dialog, "Texte", "La photo de classe a lieu ", "mardi", ".")
        expect(dialog.get_by_label(re.compile("^Demander aux responsables de signer"))).to_be_checked()
        assert_accessible(teacher, "liaison note dialog")
        dialog.get_by_role("button", name="Publier").click()
        note = teacher.get_by_role("article", name="Photo de classe")
        expect(note).to_contain_text("Signé par 0 responsable sur 2")

        # The guardian sees it live, with the badge, and signs.
        guardian_note = guardian.get_by_role("article", name="Photo de classe")
        expect(guardian_note).to_be_visible()
        expect(nav_link(guardian, re.compile("^Cahier de liaison"))).to_have_accessible_name(
            "Cahier de liaison 1 mot à signer")
        assert same_document(guardian)
        assert_accessible(guardian)
        guardian_note.get_by_role("button", name="J’ai pris connaissance").click()
        expect(guardian_note.get_by_text(re.compile("^Vous avez pris connaissance le"))).to_be_visible()
        expect(nav_link(guardian, re.compile("^Cahier de liaison"))).to_have_accessible_name(
            "Cahier de liaison")

        # The teacher's count moves live; the table says who signed and who did not.
        expect(note).to_contain_text("Signé par 1 responsable sur 2")
        note.get_by_role("button", name="Voir qui a signé").click()
        table = note.get_by_role("table")
        signed = table.get_by_role("row").filter(has_text="Sophie Martin")
        expect(signed).not_to_contain_text("Pas encore")
        expect(table.get_by_role("row").filter(has_text="Karim Martin")).to_contain_text("Pas encore")
        # Remind the one who has not signed.
        note.get_by_role("button", name="Relancer (1 responsable)").click()
        expect(note.get_by_text("Relance envoyée aux responsables qui n’ont pas signé.")).to_be_visible()
        expect(table.get_by_role("row").filter(has_text="Karim Martin")).not_to_contain_text("—")
        assert same_document(teacher)
        assert_accessible(teacher)
    finally:
        teacher_context.close()
        guardian_context.close()


def no_sideways_scroll(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("viewport", [PHONE, TABLET])
def test_messaging_pages_fit_a_phone_and_a_tablet(browser, asgi_live_server, messaging_world,
                                                   viewport):
    world = messaging_world

    def write() -> None:
        services.conversation_create(
            sender=world.user("teacher"), recipient_ids=[world.user("guardian").pk],
            subject="Une adresse très longue",
            body="Voir https://example.org/une-tres-longue-adresse-sans-espace-qui-ne-doit-pas-"
                 "elargir-la-page-du-telephone-de-la-famille pour la sortie.")
        services.liaison_note_create(
            author=world.user("teacher"), title="Réunion de rentrée", body="Mardi à 18 h.",
            audience="classroom", classroom_id=world.classrooms["A1"].pk,
            requires_acknowledgement=True)

    in_a_plain_thread(write)
    context, page = new_page(browser, asgi_live_server, viewport)
    try:
        log_in(page, "guardian")
        page.goto("/messagerie")
        page.get_by_role("link", name=re.compile("Une adresse très longue")).click()
        page.get_by_role("heading", level=2, name="Une adresse très longue").wait_for()
        if viewport is PHONE:  # the list gives way to the conversation
            expect(page.get_by_role("link", name="← Toutes les conversations")).to_be_visible()
        assert no_sideways_scroll(page, viewport["width"]), "the conversation scrolls sideways"
        assert_accessible(page)

        page.goto("/cahier-de-liaison")
        page.get_by_role("article", name="Réunion de rentrée").get_by_role(
            "button", name="J’ai pris connaissance").wait_for()
        assert no_sideways_scroll(page, viewport["width"]), "the notes page scrolls sideways"
        assert_accessible(page)
    finally:
        context.close()
