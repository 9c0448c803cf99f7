"""Class cards in Debian's Chromium, against the real ASGI app: young pupils of CE2 A sign
in on the class's tablets.

The teacher opens « Cartes de classe » on the class's tablet, prints the cards (the PDF the
browser downloads) and enrols the tablet; on the tablet's page Léa taps her first name, then
her two pictures, and lands on her home page; the teacher (on their phone) sees her signed
in; she signs out, and the tablet shows the class's page again. Léa's printed card,
rendered from the PDF and turned into a video, is shown to the fake camera of a second
tablet — a Chromium of its own — that the teacher enrols too: Léa is signed in again. The
same card on a browser that is not enrolled is refused. Jade's sixth wrong pair of pictures
is throttled. The teacher resets Léa's card: her session on the second tablet ends, and her
card no longer opens one. The teacher's page and the tablet's page pass axe-core; the
pictures fit a phone, each as big as a child's finger needs.

Browser tests run at the real current date and hour: the school's calendar is told that
today is a school day, and the cards' hours cover the whole day (the rules of the days and
hours have their tests in tests/class_cards).
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from preau.class_cards import pdf as card_layout
from preau.class_cards import selectors
from preau.class_cards.models import PICTURES, ClassCard, ClassDevice
from preau.common.shared_cache import shared_cache
from tests.e2e.accessibility import assert_accessible
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.fake_camera import camera_args, framed, write_y4m
from tests.e2e.second_step import open_session
from tests.e2e.test_timetable import new_page
from tests.factories import EnrolmentFactory, PupilFactory
from tests.world import build_world

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 390, "height": 844}
DPI = 150
MM = 25.4
# Poppler's renderer (Debian's poppler-utils, installed by .ci/run).
PDFTOPPM = "/usr/bin/pdftoppm"
SIGN_IN = re.compile(r"/api/v1/class-cards/device/sign-in/$")


@pytest.fixture
def cards_world(browser, transactional_db, settings, monkeypatch):
    world = build_world()
    classroom = world.classrooms["A1"]
    jade = PupilFactory(first_name="Jade", last_name="Moreau")
    EnrolmentFactory(pupil=jade, classroom=classroom)
    world.pupils["jade"] = jade
    # Today is a day of class, all day long, whatever day the suite runs.
    settings.PREAU_CLASS_CARDS_HOURS = ("00:00", "23:59")
    monkeypatch.setattr(selectors, "is_school_day", lambda **_: True)
    # The throttle's counters outlive the test database: none of an earlier run (the same
    # ids in a new database) is counted, and none of this run is left behind.
    forget_failures([f"pupil:{pupil.pk}" for pupil in (jade, world.pupils["A1"])])
    yield world
    forget_failures([f"pupil:{pupil.pk}" for pupil in (jade, world.pupils["A1"])]
                    + [f"device:{pk}" for pk in ClassDevice.objects.values_list("pk", flat=True)])


def forget_failures(whose: list[str]) -> None:
    keys = [f"class-card-fail:{who}" for who in whose]
    shared_cache.delete_many([*keys, *(f"{key}:start" for key in keys)])


def open_class_cards(page) -> None:
    """« Cartes de classe » through the tablet's menu."""
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Cartes de classe").click()
    page.get_by_role("heading", level=1, name="Cartes de classe · CE2 A").wait_for()


def enrol_this_tablet(page, name: str) -> None:
    form = page.get_by_role("form", name="Enregistrer cette tablette pour la classe")
    form.get_by_label("Nom de l’appareil").fill(name)
    form.get_by_role("button", name="Enregistrer cette tablette pour la classe").click()
    expect(page.get_by_text(f"Cet appareil est enregistré pour la classe : « {name} ».")
           ).to_be_visible()


def pupil_row(page, name: str):
    return page.get_by_role("table", name="Élèves et cartes").get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=name))


def tap_pictures(page, first_name: str, keys) -> None:
    page.get_by_role("button", name=first_name, exact=True).click()
    grid = page.get_by_role("list", name=f"Les images de {first_name}")
    for key in keys:
        grid.get_by_role("button", name=PICTURES[key], exact=True).click()


def name_on_pdf(pdf: bytes, text: str) -> tuple[int, float, float]:
    """The page (from 1) where `text` is written, and where on it: millimetres from the
    page's left and top edges."""
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        where: list[tuple[float, float]] = []

        def visit(written, cm, tm, _font, _size, where=where):
            if written.strip() == text:
                where.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                              tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

        page.extract_text(visitor_text=visit)
        if where:
            x, y = where[0]
            return number, x / 72 * MM, (float(page.mediabox.height) - y) / 72 * MM
    raise AssertionError(f"{text} is on no page of the PDF")


def card_image(pdf: bytes, first_name: str, folder: Path) -> Image.Image:
    """The pupil's card as printed: the PDF's page rendered by poppler, cut along the card
    that carries the first name."""
    number, x_mm, y_mm = name_on_pdf(pdf, first_name)
    column = int((x_mm - card_layout.LEFT) // card_layout.CARD_W)
    row = int((y_mm - card_layout.TOP) // card_layout.CARD_H)
    (folder / "cards.pdf").write_bytes(pdf)
    subprocess.run([PDFTOPPM, "-r", str(DPI), "-f", str(number), "-l", str(number), "-png",
                    "-singlefile", str(folder / "cards.pdf"), str(folder / "page")], check=True)
    rendered = Image.open(folder / "page.png")
    px = DPI / MM
    left = (card_layout.LEFT + column * card_layout.CARD_W) * px
    top = (card_layout.TOP + row * card_layout.CARD_H) * px
    return rendered.crop((round(left), round(top), round(left + card_layout.CARD_W * px),
                          round(top + card_layout.CARD_H * px)))


def wrong_pairs(card: ClassCard):
    """Pairs of pictures that are not the card's."""
    return (pair for pair in itertools.combinations(PICTURES, 2) if sorted(pair) != card.pictures)


def test_pupils_sign_in_on_the_class_tablets_with_pictures_and_the_card_shown_to_the_camera(
        browser, asgi_live_server, cards_world, tmp_path):
    world = cards_world
    léa = world.pupils["A1"]
    jade = world.pupils["jade"]
    tablet_context, tablet = new_page(browser, asgi_live_server, viewport=TABLET)
    teacher_context, teacher = new_page(browser, asgi_live_server, viewport=PHONE)
    contexts = [tablet_context, teacher_context]
    camera_browser = None
    try:
        # On the class's tablet, the teacher prints the cards and enrols the tablet.
        open_session(tablet, "teacher")
        open_class_cards(tablet)
        expect(pupil_row(tablet, "Léa Martin").get_by_role("cell").first).to_have_text(
            "Pas encore de carte")
        with tablet.expect_download() as download:
            tablet.get_by_role("button", name="Imprimer les cartes").click()
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        expect(pupil_row(tablet, "Léa Martin").get_by_role("cell").first).to_have_text("Imprimée")
        enrol_this_tablet(tablet, "Tablette du coin lecture")
        assert_accessible(tablet, "the teacher's « Cartes de classe »")

        # The tablet's page: Léa taps her name, then her two pictures.
        tablet.get_by_role("link", name="Ouvrir la page de connexion de la classe").click()
        tablet.get_by_role("heading", level=1, name="Connexion · CE2 A").wait_for()
        expect(tablet.get_by_role("list", name="Les prénoms de la classe").get_by_role(
            "button")).to_have_text(["Jade", "Léa"])
        assert_accessible(tablet, "the tablet's names")
        card = ClassCard.objects.get(pupil=léa)
        tablet.get_by_role("button", name="Léa", exact=True).click()
        tablet.get_by_role("heading", level=2, name="Bonjour Léa !").wait_for()
        assert_accessible(tablet, "the tablet's pictures")
        grid = tablet.get_by_role("list", name="Les images de Léa")
        # On a phone too: nothing wider than the screen, and pictures a child's finger hits.
        tablet.set_viewport_size(PHONE)
        assert tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        for picture in grid.get_by_role("button").all():
            box = picture.bounding_box()
            assert min(box["width"], box["height"]) >= 96, box
        tablet.set_viewport_size(TABLET)
        for key in reversed(card.pictures):  # in any order
            grid.get_by_role("button", name=PICTURES[key], exact=True).click()
        tablet.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
        expect(tablet.get_by_text("Bonjour Léa")).to_be_visible()
        me = tablet_context.request.get("/api/v1/accounts/me/").json()
        assert (me["roles"], me["person"]["id"]) == (["pupil"], léa.pk)

        # The teacher, on their phone, sees her signed in on the tablet.
        open_session(teacher, "teacher")
        teacher.goto(f"/classes/{world.classrooms['A1'].pk}/cartes")
        léa_row = pupil_row(teacher, "Léa Martin")
        expect(léa_row.get_by_role("cell").nth(1)).to_have_text("Connecté")
        expect(léa_row.get_by_role("cell").nth(2)).to_contain_text("(Tablette du coin lecture)")

        # Léa signs out: the tablet shows the class's page again, for the next child.
        tablet.get_by_role("button", name="Se déconnecter").click()
        tablet.get_by_role("heading", level=2, name="Qui es-tu ?").wait_for()
        assert tablet.url.endswith("/classe")

        # Jade tries wrong pictures: the sixth try is refused, whatever the pictures.
        jade_card = ClassCard.objects.get(pupil=jade)
        wrong = wrong_pairs(jade_card)
        tablet.get_by_role("button", name="Jade", exact=True).click()
        grid = tablet.get_by_role("list", name="Les images de Jade")
        for _ in range(5):
            first, other = next(wrong)
            grid.get_by_role("button", name=PICTURES[first], exact=True).click()
            with tablet.expect_response(SIGN_IN) as answer:
                grid.get_by_role("button", name=PICTURES[other], exact=True).click()
            assert answer.value.status == 400
            expect(tablet.get_by_role("alert")).to_contain_text("Ce ne sont pas tes images")
            expect(grid.get_by_role("button", pressed=True)).to_have_count(0)
        first, other = jade_card.pictures
        grid.get_by_role("button", name=PICTURES[first], exact=True).click()
        with tablet.expect_response(SIGN_IN) as answer:
            grid.get_by_role("button", name=PICTURES[other], exact=True).click()
        assert answer.value.status == 429
        expect(tablet.get_by_role("alert")).to_contain_text(
            "Trop d’essais : demande à ton enseignant.")
        expect(grid.get_by_role("button", name=PICTURES[jade_card.pictures[0]])).to_be_disabled()

        # Léa's printed card, filmed by a second tablet's camera.
        video = write_y4m(tmp_path / "card.y4m", framed(card_image(pdf, "Léa", tmp_path)))
        camera_browser = browser.browser_type.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS + camera_args(video))
        second_context = camera_browser.new_context(
            locale="fr-FR", base_url=asgi_live_server, service_workers="block",
            viewport=TABLET, permissions=["camera"])
        second = second_context.new_page()
        second.set_default_timeout(15_000)
        open_session(second, "teacher")
        open_class_cards(second)
        enrol_this_tablet(second, "Tablette 2")
        second.get_by_role("link", name="Ouvrir la page de connexion de la classe").click()
        # The card is read from the camera's frames as soon as it films.
        with second.expect_request(SIGN_IN) as sent:
            second.get_by_role("button", name="Montrer ma carte").click()
        qr_text = sent.value.post_data_json["qr"]
        assert qr_text.startswith("preau-card:")
        second.get_by_role("heading", level=1, name="Aujourd’hui").wait_for()
        expect(second.get_by_text("Bonjour Léa")).to_be_visible()
        me = second_context.request.get("/api/v1/accounts/me/").json()
        assert (me["roles"], me["person"]["id"]) == (["pupil"], léa.pk)

        # The same card on a browser that is not an enrolled tablet: refused.
        stranger_context, stranger = new_page(browser, asgi_live_server, viewport=PHONE)
        contexts.append(stranger_context)
        stranger.goto("/classe")
        expect(stranger.get_by_role("alert")).to_contain_text("Tablette non enregistrée")
        expect(stranger.get_by_role("button", name="Montrer ma carte")).to_have_count(0)
        token = stranger_context.request.get("/api/v1/accounts/csrf/").json()["csrf_token"]
        refused = stranger_context.request.post("/api/v1/class-cards/device/sign-in/",
                                                data={"qr": qr_text},
                                                headers={"X-CSRFToken": token})
        assert refused.status == 403
        assert refused.json()["error"]["code"] == "permission_denied"

        # The teacher resets Léa's card: her session on the second tablet ends at once, and
        # the card shown again opens none.
        teacher.reload()
        pupil_row(teacher, "Léa Martin").get_by_role(
            "button", name="Réinitialiser la carte de Léa Martin").click()
        dialog = teacher.get_by_role("dialog", name="Réinitialiser la carte")
        dialog.get_by_role("button", name="Oui, réinitialiser").click()
        expect(teacher.get_by_text("Carte de Léa Martin réinitialisée : imprimez la nouvelle "
                                   "carte.")).to_be_visible()
        expect(pupil_row(teacher, "Léa Martin").get_by_role("cell").first).to_have_text(
            "À imprimer")
        assert second_context.request.get("/api/v1/accounts/me/").status == 401
        second.goto("/classe")
        second.get_by_role("button", name="Montrer ma carte").click()
        expect(second.get_by_role("alert")).to_contain_text("Carte non reconnue")
        assert second_context.request.get("/api/v1/accounts/me/").status == 401
    finally:
        for context in contexts:
            context.close()
        if camera_browser is not None:
            camera_browser.close()
