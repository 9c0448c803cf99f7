"""Writes on people and their ties. Each in one transaction, invariants in the database."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q

from preau.common.errors import ApplicationError
from preau.people.models import Enrolment, Person
from preau.schools.models import Classroom, Commune


@transaction.atomic
def enrolment_create(
    *, pupil: Person, classroom: Classroom, level: str, start_date: date
) -> Enrolment:
    """Enrol a pupil from ``start_date``, closing the current enrolment the day before.

    A pupil is in one classroom at a time: an enrolment that would overlap a closed one,
    or start before the current one, is refused.
    """
    if level not in classroom.levels:
        raise ApplicationError(
            f"Le niveau {level} n'existe pas dans la classe {classroom.name}.",
            fields={"level": [f"Niveaux de la classe : {', '.join(classroom.levels)}."]},
        )
    if not classroom.school_year.start_date <= start_date <= classroom.school_year.end_date:
        raise ApplicationError(
            "La date d'arrivée est hors de l'année scolaire de la classe.",
            fields={"start_date": [f"Année scolaire {classroom.school_year.label}."]},
        )
    # Lock the pupil's enrolments: two concurrent moves of one pupil are serialised.
    existing = list(Enrolment.objects.select_for_update().filter(pupil=pupil))
    current = next((e for e in existing if e.end_date is None), None)
    if current is not None:
        if start_date <= current.start_date:
            raise ApplicationError(
                "L'élève est déjà inscrit·e à cette date.",
                fields={"start_date": ["Choisissez une date après l'inscription en cours."]},
            )
        current.end_date = start_date - timedelta(days=1)
        current.save(update_fields=["end_date", "updated_at"])
    overlapping = Enrolment.objects.filter(pupil=pupil, start_date__lte=start_date).filter(
        Q(end_date__gte=start_date)
    )
    if overlapping.exists():
        raise ApplicationError(
            "L'élève est déjà inscrit·e à cette date.",
            fields={"start_date": ["Cette date chevauche une autre inscription."]},
        )
    return Enrolment.objects.create(
        pupil=pupil, classroom=classroom, level=level, start_date=start_date
    )


def commune_name_key(name: str) -> str:
    """A commune's name as ONDE and the annuaire may both write it: no accent, no case, no
    punctuation, "ST"/"STE" for "Saint"/"Sainte" ("Saint-Maur-des-Fossés" = "ST MAUR DES
    FOSSES")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    text = re.sub(r"[^A-Z0-9]+", " ", text).strip()
    return re.sub(r"\bSTE\b", "SAINTE", re.sub(r"\bST\b", "SAINT", text))


@transaction.atomic
def persons_residence_update(*, person_ids: Iterable[int], departement_id: int) -> int:
    """Set each person's commune of residence from the city of their address, among the
    communes of the département; unknown when no commune, or two, have that name (the
    R131-3 list then leaves the pupil to the school's commune). Returns the persons set."""
    communes: dict[str, list[Commune]] = {}
    for commune in Commune.objects.filter(departement_id=departement_id):
        communes.setdefault(commune_name_key(commune.name), []).append(commune)
    persons = list(Person.objects.filter(pk__in=list(person_ids)).only("pk", "city"))
    for person in persons:
        matches = communes.get(commune_name_key(person.city), []) if person.city else []
        person.residence_commune = matches[0] if len(matches) == 1 else None
    Person.objects.bulk_update(persons, ["residence_commune"])
    return sum(person.residence_commune is not None for person in persons)
