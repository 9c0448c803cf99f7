"""ONDE-shaped exports written by the tests: the headers seen in the wild, synthetic people."""

from __future__ import annotations

import random
from datetime import date

from faker import Faker

PUPIL_HEADER = ("Nom élève;Nom d'usage élève;Prénom élève;Date naissance;Sexe;INE;Adresse1;Cp1;"
                "Commune1;Pays1;Adresse2;Cp2;Commune2;Pays2; Cycle;Niveau;Libellé classe;"
                "Identifiant classe;Attestation fournie;Autorisation associations;"
                "Autorisation photo;Décision de passage")
GUARDIAN_HEADER = ("Civilité Responsable;Nom usage responsable;Nom responsable;"
                   "Prénom responsable;Adresse responsable;CP responsable;Commune responsable;"
                   "Pays;Courriel;Téléphone domicile;Téléphone travail;Téléphone portable")
CHILD_HEADER = "Nom d'usage enfant;Nom de famille enfant;Prénom enfant;Classes enfants"
CLASSES = [("CP Mme Durand", "CP", "1001"), ("CE1-CE2 M. Petit", "CE1", "1002"),
           ("CE1-CE2 M. Petit", "CE2", "1002"), ("CM1 Mme Roux", "CM1", "1003"),
           ("CM2 M. Blanc", "CM2", "1004")]
# What ``broken=`` does to the pupils' rows, in turn.
BREAKAGES = ["date", "level", "duplicate_ine", "bad_ine", "no_date"]
BIRTH_YEAR = {"CP": 2020, "CE1": 2019, "CE2": 2018, "CM1": 2017, "CM2": 2016}


def onde_files(pupils: int = 200, *, seed: int = 7, encoding: str = "utf-8",
               broken: int = 0, first_ine: int = 0) -> tuple[bytes, bytes, list[dict]]:
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    children = []
    pupil_lines = [PUPIL_HEADER]
    for n in range(pupils):
        label, level, class_id = CLASSES[n % len(CLASSES)]
        last, first = fake.last_name(), f"{fake.first_name()}-{n}"
        born = date(BIRTH_YEAR[level], rng.randint(1, 12), rng.randint(1, 28))
        ine = f"{first_ine + n:09d}{'AB'[n % 2]}{'C'}"
        child = {"last_name": last, "first_name": first, "birth_date": born, "ine": ine,
                 "class": label, "level": level}
        children.append(child)
        pupil_lines.append(";".join([
            last, "", first, born.strftime("%d/%m/%Y"), "MF"[n % 2], ine,
            "12 rue de l'Église", "94300", "Vincennes", "FRANCE", "", "", "", "", "CYCLE 2",
            level, label, class_id, "Oui", "Oui", "Non", ""]))
    guardian_lines = [";".join([GUARDIAN_HEADER, CHILD_HEADER, CHILD_HEADER])]
    for n, child in enumerate(children):
        for civility, first in (("Mme", fake.first_name_female()), ("M.", fake.first_name_male())):
            # each guardian has their own e-mail: two namesakes are two people
            guardian_lines.append(";".join([
                civility, "", child["last_name"], first, "12 rue de l'Église", "94300",
                "Vincennes", "FRANCE", f"{first.lower()}.{n}@example.org", "", "", "0639980000",
                "", child["last_name"], child["first_name"], child["class"], "", "", "", ""]))
    first_ine = children[0]["ine"] if children else ""
    for k in range(broken):  # damage rows 2.. of the pupils file (file lines 3..)
        cells = pupil_lines[2 + k].split(";")
        damage = BREAKAGES[k % len(BREAKAGES)]
        if damage == "date":
            cells[3] = "31/02/2019"
        elif damage == "level":
            cells[15] = "6EME"
        elif damage == "duplicate_ine":
            cells[5] = first_ine
        elif damage == "bad_ine":
            cells[5] = "12AB"
        else:
            cells[3] = ""
        pupil_lines[2 + k] = ";".join(cells)
    pupil_bytes = ("\r\n".join(pupil_lines) + "\r\n").encode(encoding)
    guardian_bytes = ("\r\n".join(guardian_lines) + "\r\n").encode(encoding)
    return pupil_bytes, guardian_bytes, children


def onde_export(pupils: list[dict], guardians: list[dict], *, encoding: str = "utf-8",
                errors: str = "strict") -> tuple[bytes, bytes]:
    """Both exports for rows written out by a test, with ONDE's headers and column order.

    A pupil: ``last_name``, ``first_name``, ``birth_date`` (a date), ``level``, ``class``,
    and optionally ``usage_name``, ``sex``, ``ine``, ``class_id``, ``address``, ``city``.
    A guardian: ``civility``, ``last_name``, ``first_name``, optionally ``email``,
    ``phone``, ``address``, and ``children``: (last name, first name, class) per child.
    ``errors="replace"`` writes what a Windows-1252 re-export does to letters it lacks.
    """
    pupil_lines = [PUPIL_HEADER]
    for p in pupils:
        pupil_lines.append(";".join([
            p["last_name"], p.get("usage_name", ""), p["first_name"],
            p["birth_date"].strftime("%d/%m/%Y"), p.get("sex", "F"), p.get("ine", ""),
            p.get("address", "3 place de la Mairie"), "94160", p.get("city", "Saint-Mandé"),
            "FRANCE", "", "", "", "", "CYCLE 2", p["level"], p["class"],
            p.get("class_id", ""), "Oui", "Oui", "Non", ""]))
    children = max((len(g["children"]) for g in guardians), default=1)
    guardian_lines = [";".join([GUARDIAN_HEADER, *[CHILD_HEADER] * max(children, 2)])]
    for g in guardians:
        groups = []
        for last, first, label in g["children"]:
            groups += ["", last, first, label]
        groups += [""] * (4 * max(children, 2) - len(groups))
        guardian_lines.append(";".join([
            g["civility"], g.get("usage_name", ""), g["last_name"], g["first_name"],
            g.get("address", "3 place de la Mairie"), "94160", "Saint-Mandé", "FRANCE",
            g.get("email", ""), "", "", g.get("phone", ""), *groups]))
    return (("\r\n".join(pupil_lines) + "\r\n").encode(encoding, errors),
            ("\r\n".join(guardian_lines) + "\r\n").encode(encoding, errors))


def upload(client, school, step: str, pupils: bytes, guardians: bytes):
    """POST both exports to the preview (``step="preview"``) or apply API of the school."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"/api/v1/imports/schools/{school.pk}/onde/{step}/", {
        "pupils": SimpleUploadedFile("CSVExtraction.csv", pupils),
        "guardians": SimpleUploadedFile("responsables.csv", guardians)}, format="multipart")
