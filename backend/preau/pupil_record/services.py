"""Writes on the pupil record: the persons authorised to pick the child up, and the
guardians' contact details. Each in one transaction, checked by a predicate, audited in
the same transaction (kind ``pupil_record_changed``). No live event: nobody's screen
follows a record as it changes."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from preau.audit.models import AuditKind
from preau.audit.services import audit_event_record
from preau.common.errors import ApplicationError, PermissionDeniedError
from preau.people.access import enrolments_active_on
from preau.people.models import Guardianship, Person
from preau.pupil_record.models import PickupPerson
from preau.pupil_record.permissions import can_edit_pickup_person, can_edit_pupil_record

DIRECTOR_ONLY = "Seule la direction de l'école modifie la fiche élève."
PHONE_HELP = "Un numéro à 10 chiffres commençant par 0, ou international (+…)."
PICKUP_FIELDS = ("first_name", "last_name", "relationship", "phone", "notes")


def phone_normalize(value: str, *, field: str = "phone") -> str:
    """A French number as ``06 12 34 56 78``; an international one as typed, with ``+``
    and digits only. Anything else is a 400 naming ``field``."""
    compact = re.sub(r"[\s.\-()]", "", value or "")
    if re.fullmatch(r"0\d{9}", compact):
        return " ".join(compact[i:i + 2] for i in range(0, 10, 2))
    if re.fullmatch(r"\+\d{9,15}", compact):
        return compact
    raise ApplicationError("Numéro de téléphone invalide.", fields={field: [PHONE_HELP]})


def _refuse_duplicate() -> ApplicationError:
    return ApplicationError(
        "Cette personne est déjà sur la liste de l'élève.",
        fields={"last_name": ["Déjà sur la liste : modifiez la ligne existante."]})


def _record(*, request, actor, ref: str, school_id: int) -> None:
    audit_event_record(kind=AuditKind.PUPIL_RECORD_CHANGED, request=request, actor=actor,
                       object_ref=ref, school_ids=[school_id])


def _cleaned(fields: dict) -> dict:
    cleaned = {name: (value.strip() if isinstance(value, str) else value)
               for name, value in fields.items() if name in PICKUP_FIELDS}
    for name in ("first_name", "last_name", "relationship"):
        if name in cleaned and not cleaned[name]:
            raise ApplicationError("Champ obligatoire.", fields={name: ["Ce champ est requis."]})
    if "phone" in cleaned:
        cleaned["phone"] = phone_normalize(cleaned["phone"])
    return cleaned


@transaction.atomic
def pickup_person_create(*, actor, pupil: Person, first_name: str, last_name: str,
                         relationship: str, phone: str, notes: str = "",
                         request=None) -> PickupPerson:
    """Authorise someone to pick the pupil up from the school where it is enrolled today."""
    if not can_edit_pupil_record(actor=actor, pupil=pupil):
        raise PermissionDeniedError(DIRECTOR_ONLY)
    enrolment = (enrolments_active_on(timezone.localdate()).filter(pupil=pupil)
                 .select_related("classroom").get())
    values = _cleaned({"first_name": first_name, "last_name": last_name,
                       "relationship": relationship, "phone": phone, "notes": notes})
    try:
        with transaction.atomic():
            pickup_person = PickupPerson.objects.create(
                pupil=pupil, school_id=enrolment.classroom.school_id, **values)
    except IntegrityError as error:
        raise _refuse_duplicate() from error
    _record(request=request, actor=actor, school_id=pickup_person.school_id,
            ref=f"pupil={pupil.pk} pickup_person={pickup_person.pk} added")
    return pickup_person


@transaction.atomic
def pickup_person_update(*, actor, pickup_person: PickupPerson, request=None,
                         **fields) -> PickupPerson:
    """Change some of ``first_name``, ``last_name``, ``relationship``, ``phone``, ``notes``."""
    if not can_edit_pickup_person(actor=actor, pickup_person=pickup_person):
        raise PermissionDeniedError(DIRECTOR_ONLY)
    values = _cleaned(fields)
    for name, value in values.items():
        setattr(pickup_person, name, value)
    try:
        with transaction.atomic():
            pickup_person.save(update_fields=[*values, "updated_at"])
    except IntegrityError as error:
        raise _refuse_duplicate() from error
    _record(request=request, actor=actor, school_id=pickup_person.school_id,
            ref=f"pupil={pickup_person.pupil_id} pickup_person={pickup_person.pk} changed")
    return pickup_person


@transaction.atomic
def pickup_person_delete(*, actor, pickup_person: PickupPerson, request=None) -> None:
    if not can_edit_pickup_person(actor=actor, pickup_person=pickup_person):
        raise PermissionDeniedError(DIRECTOR_ONLY)
    ref = f"pupil={pickup_person.pupil_id} pickup_person={pickup_person.pk} removed"
    pickup_person.delete()
    _record(request=request, actor=actor, school_id=pickup_person.school_id, ref=ref)


@transaction.atomic
def guardian_contact_update(*, actor, guardianship: Guardianship, request=None,
                            phone: str | None = None, email: str | None = None) -> Guardianship:
    """Correct a guardian's phone or e-mail (on their ``Person``: one person, one number,
    whichever child's record it is changed from). An empty value clears it."""
    if not can_edit_pupil_record(actor=actor, pupil=guardianship.pupil):
        raise PermissionDeniedError(DIRECTOR_ONLY)
    guardian = guardianship.guardian
    changed = []
    if phone is not None:
        guardian.phone = phone_normalize(phone) if phone.strip() else ""
        changed.append("phone")
    if email is not None:
        guardian.email = email.strip()
        changed.append("email")
    if changed:
        guardian.save(update_fields=[*changed, "updated_at"])
    school_id = (enrolments_active_on(timezone.localdate()).filter(pupil=guardianship.pupil)
                 .values_list("classroom__school_id", flat=True).get())
    _record(request=request, actor=actor, school_id=school_id,
            ref=f"pupil={guardianship.pupil_id} guardian={guardian.pk} contact")
    return guardianship
