"""The teacher's side: enrol and list the class's devices, print the cards (a PDF whose QR
codes decode to tokens that sign the pupils in), see who is signed in, reset a card."""

from __future__ import annotations

import hashlib
import io

import pytest
import time_machine
import zxingcpp
from pypdf import PdfReader

from preau.class_cards.models import ClassCard, ClassDevice
from preau.class_cards.selectors import DEVICE_COOKIE
from preau.common.pdf import pdf_text
from tests.class_cards.helpers import DEVICES, SCHOOL_DAY, SIGN_IN, enrolled_tablet
from tests.factories import EnrolmentFactory, PupilFactory

pytestmark = pytest.mark.django_db


def cards_url(world, classroom="A1") -> str:
    return f"/api/v1/class-cards/classrooms/{world.classrooms[classroom].pk}/cards/"


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def decoded_qr_codes(reader: PdfReader) -> list[str]:
    texts = []
    for page in reader.pages:
        for image in page.images:
            texts += [result.text for result in zxingcpp.read_barcodes(image.image)
                      if result.format == zxingcpp.BarcodeFormat.QRCode]
    return texts


def test_the_pdf_shows_each_pupil_s_first_name_qr_code_and_pictures(world, client_for):
    classmate = PupilFactory(first_name="Zoé", last_name="Lefèvre")
    EnrolmentFactory(pupil=classmate, classroom=world.classrooms["A1"])
    with time_machine.travel(SCHOOL_DAY):
        reader = pdf_of(client_for("teacher").post(f"{cards_url(world)}pdf/", {},
                                                    format="json"))
        text = "\n".join(page.extract_text() for page in reader.pages)
        cards = {card.pupil_id: card for card in ClassCard.objects.all()}
        assert set(cards) == {world.pupils["A1"].pk, classmate.pk}
        assert "Léa" in text
        assert "Zoé" in text
        assert "Martin" not in text  # first names only
        labels = {"chat": "Chat", "soleil": "Soleil", "arbre": "Arbre", "bateau": "Bateau",
                  "pomme": "Pomme", "etoile": "Étoile", "poisson": "Poisson",
                  "maison": "Maison", "fleur": "Fleur"}
        for card in cards.values():
            for key in card.pictures:
                assert pdf_text(labels[key]) in text
        codes = decoded_qr_codes(reader)
        assert len(codes) == 2
        assert all(code.startswith("preau-card:") for code in codes)
        # Each QR code signs its pupil in on the class's tablet.
        tablet, _device = enrolled_tablet(world)
        signed = set()
        for code in codes:
            response = tablet.post(SIGN_IN, {"qr": code}, format="json")
            assert response.status_code == 200, response.content
            signed.add(response.json()["pupil"]["id"])
    assert signed == {world.pupils["A1"].pk, classmate.pk}


def test_printing_again_does_not_change_the_cards_unless_asked(world, client_for):
    teacher = client_for("teacher")
    with time_machine.travel(SCHOOL_DAY):
        first = decoded_qr_codes(pdf_of(teacher.post(f"{cards_url(world)}pdf/", {},
                                                     format="json")))
        card = ClassCard.objects.get(pupil=world.pupils["A1"])
        again = teacher.post(f"{cards_url(world)}pdf/", {}, format="json")
        assert again.status_code == 400
        assert again.json()["error"]["code"] == "cards_already_printed"
        assert "reprint" in again.json()["error"]["fields"]
        assert ClassCard.objects.get(pk=card.pk).qr_token_hash == card.qr_token_hash

        reprinted = decoded_qr_codes(pdf_of(teacher.post(
            f"{cards_url(world)}pdf/", {"reprint": True}, format="json")))
        after = ClassCard.objects.get(pk=card.pk)
        assert after.pictures == card.pictures  # the pictures stay
        assert reprinted != first  # a new QR token: the old printed one stops
        tablet, _device = enrolled_tablet(world)
        assert tablet.post(SIGN_IN, {"qr": first[0]}, format="json").status_code == 400
        assert tablet.post(SIGN_IN, {"qr": reprinted[0]}, format="json").status_code == 200


def test_printing_refuses_a_pupil_of_another_class(world, client_for):
    response = client_for("teacher").post(f"{cards_url(world)}pdf/",
                                          {"pupils": [world.pupils["A2"].pk]}, format="json")
    assert response.status_code == 400
    assert "pupils" in response.json()["error"]["fields"]
    assert not ClassCard.objects.exists()


def test_the_teacher_sees_each_card_and_who_is_signed_in_now(world, client_for):
    for index in range(3):
        EnrolmentFactory(pupil=PupilFactory(first_name=f"Élève{index}"),
                         classroom=world.classrooms["A1"])
    teacher = client_for("teacher")
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        teacher.post(f"{cards_url(world)}pdf/", {"pupils": [world.pupils["A1"].pk]},
                     format="json")
        card = ClassCard.objects.get(pupil=world.pupils["A1"])
        assert tablet.post(SIGN_IN, {"pupil": world.pupils["A1"].pk,
                                     "pictures": card.pictures}, format="json").status_code == 200
        rows = teacher.get(cards_url(world)).json()["results"]
    by_pupil = {row["pupil_id"]: row for row in rows}
    assert len(rows) == 4
    lea = by_pupil[world.pupils["A1"].pk]
    assert lea["has_card"] is True
    assert lea["pictures"] == card.pictures
    assert lea["signed_in_now"] is True
    assert lea["last_sign_in_device"] == "Tablette 1"
    assert lea["last_sign_in_at"].startswith("2026-11-26T10:00")
    others = [row for row in rows if row["pupil_id"] != world.pupils["A1"].pk]
    assert all(not row["has_card"] and not row["signed_in_now"] for row in others)
    # After the day, nobody is signed in any more.
    with time_machine.travel(SCHOOL_DAY.replace(hour=19)):
        rows = teacher.get(cards_url(world)).json()["results"]
    assert not any(row["signed_in_now"] for row in rows)


def test_the_cards_list_takes_a_constant_number_of_queries(world, client_for):
    teacher = client_for("teacher")
    teacher.get(cards_url(world))  # the session is loaded and marked

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert teacher.get(cards_url(world)).status_code == 200
        return len(queries)

    few = count()
    for index in range(6):
        pupil = PupilFactory(first_name=f"Élève{index}")
        EnrolmentFactory(pupil=pupil, classroom=world.classrooms["A1"])
    with time_machine.travel(SCHOOL_DAY):
        from preau.class_cards.services import cards_print

        cards_print(actor=world.user("teacher"), classroom=world.classrooms["A1"])
    assert count() == few


def test_the_devices_list_takes_a_constant_number_of_queries(world, client_for):
    teacher = client_for("teacher")
    url = DEVICES.format(world.classrooms["A1"].pk)
    teacher.post(url, {"name": "Tablette"}, format="json")

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert teacher.get(url).status_code == 200
        return len(queries)

    few = count()
    for index in range(4):
        teacher.post(url, {"name": f"Tablette {index}"}, format="json")
    assert count() == few


def test_enrolling_sets_a_signed_http_only_cookie_and_a_hash_only(world, client_for):
    teacher = client_for("teacher")
    response = teacher.post(DEVICES.format(world.classrooms["A1"].pk),
                            {"name": "Tablette du coin lecture"}, format="json")
    assert response.status_code == 201
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 300 * 24 * 3600
    device = ClassDevice.objects.get(pk=response.json()["id"])
    token = cookie.value.split(":")[0]
    assert device.token_hash == hashlib.sha256(token.encode()).hexdigest()  # only a hash
    listed = teacher.get(DEVICES.format(world.classrooms["A1"].pk)).json()["results"]
    assert [(d["name"], d["is_this_device"]) for d in listed] == [
        ("Tablette du coin lecture", True)]
    # Enrolling the same browser again replaces its previous device.
    again = teacher.post(DEVICES.format(world.classrooms["A1"].pk), {"name": "Tablette 2"},
                         format="json")
    assert ClassDevice.objects.get(pk=device.pk).revoked_at is not None
    assert again.json()["is_this_device"] is True


def test_a_tampered_device_cookie_is_not_a_device(world):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        value = tablet.cookies[DEVICE_COOKIE].value
        tablet.cookies[DEVICE_COOKIE] = "x" + value[1:]
        assert tablet.get("/api/v1/class-cards/device/").status_code == 403


def test_a_teacher_ends_a_pupil_s_card_sessions(world, client_for):
    with time_machine.travel(SCHOOL_DAY):
        tablet, _device = enrolled_tablet(world)
        from tests.class_cards.helpers import printed_card

        _card, qr = printed_card(world)
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
        ended = client_for("director").post(
            f"/api/v1/class-cards/cards/{world.pupils['A1'].pk}/end-sessions/")
        assert ended.json() == {"ended": 1}
        assert tablet.get("/api/v1/accounts/me/").status_code == 401
        assert tablet.post(SIGN_IN, {"qr": qr}, format="json").status_code == 200
