"""A user's own data as a ZIP (RGPD right of access and portability, articles 15 and 20).

For a guardian: the account, the children, their enrolments, absences and justifications,
absences announced, homework done flags, the conversations and messages the guardian took
part in, the liaison notes addressed to them with their acknowledgements, the communicated
bilans of the livret scolaire (never their accompaniment modalities). For a pupil, the
same about themself; for staff, their account, their conversations and the liaison notes
they wrote. One query per kind, whatever the volume: rows are read with ``values()``.

Each kind is a JSON file (machine-readable, for portability) and, when it is a table, a
CSV file with French headers (semicolon-separated, UTF-8 with a BOM, for spreadsheets).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils import timezone

from preau.accounts.models import User
from preau.attendance.models import Absence, AbsenceNotice
from preau.common.csv import spreadsheet_csv
from preau.homework.models import HomeworkDone
from preau.livret.access import cycle_bilans_visible_to, periodic_bilans_visible_to
from preau.livret.models import (
    Acknowledgement,
    BilanDomain,
    BilanState,
    CycleBilanComponent,
)
from preau.messaging.models import LiaisonNote, LiaisonNoteDelivery, Message, Participant
from preau.notifications.access import digest_of
from preau.people.access import Purpose
from preau.people.models import Enrolment, Guardianship

# kind → (title in README, [(field, French CSV header)])
KINDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "children": ("Vos enfants", [
        ("id", "Identifiant"), ("first_name", "Prénom"), ("last_name", "Nom"),
        ("usage_name", "Nom d'usage"), ("birth_date", "Date de naissance"), ("sex", "Sexe"),
        ("ine", "INE"), ("relationship", "Lien"), ("is_legal", "Responsable légal")]),
    "enrolments": ("Inscriptions (classe, niveau, dates)", [
        ("pupil_id", "Enfant (identifiant)"), ("pupil", "Enfant"), ("school", "École"),
        ("school_uai", "UAI"), ("school_year", "Année scolaire"), ("classroom", "Classe"),
        ("level", "Niveau"), ("start_date", "Début"), ("end_date", "Fin")]),
    "absences": ("Absences et retards, avec leur justification", [
        ("pupil_id", "Enfant (identifiant)"), ("pupil", "Enfant"), ("date", "Date"),
        ("half_day", "Demi-journée"), ("kind", "Type"), ("minutes_late", "Minutes de retard"),
        ("justification_status", "Justification"), ("reason", "Motif"),
        ("comment", "Commentaire"), ("justified_at", "Justifiée le"),
        ("reviewed_at", "Examinée le"), ("refusal_reason", "Motif du refus"),
        ("document", "Justificatif joint")]),
    "absence_notices": ("Absences annoncées à l'avance", [
        ("pupil_id", "Enfant (identifiant)"), ("pupil", "Enfant"), ("start_date", "Du"),
        ("end_date", "Au"), ("half_day", "Demi-journée"), ("reason", "Motif"),
        ("comment", "Commentaire"), ("created_at", "Annoncée le"),
        ("cancelled_at", "Annulée le")]),
    "homework_done": ("Devoirs cochés « fait »", [
        ("pupil_id", "Enfant (identifiant)"), ("pupil", "Enfant"),
        ("due_date", "Pour le"), ("subject", "Matière"), ("instructions", "Consignes"),
        ("marked_at", "Coché le"), ("marked_by", "Coché par")]),
    "conversations": ("Conversations auxquelles vous participez", [
        ("id", "Identifiant"), ("subject", "Sujet"), ("kind", "Type"),
        ("school", "École"), ("role", "Votre rôle"), ("joined_at", "Rejointe le"),
        ("read_at", "Lue le")]),
    "messages": ("Messages de ces conversations", [
        ("conversation_id", "Conversation"), ("id", "Identifiant"), ("author", "Auteur"),
        ("created_at", "Envoyé le"), ("body", "Message")]),
    "liaison_notes": ("Notes du cahier de liaison reçues, et vos signatures", [
        ("note_id", "Note"), ("pupil", "Enfant"), ("title", "Titre"), ("body", "Texte"),
        ("created_at", "Publiée le"), ("requires_acknowledgement", "Signature demandée"),
        ("acknowledged_at", "Signée le"), ("acknowledged_by", "Signée par")]),
    "liaison_notes_written": ("Notes du cahier de liaison que vous avez écrites", [
        ("id", "Note"), ("title", "Titre"), ("body", "Texte"), ("audience", "Destinataires"),
        ("created_at", "Publiée le")]),
    "livret_bilans": ("Bilans périodiques du livret scolaire communiqués, et votre prise de "
                      "connaissance", [
        ("id", "Bilan"), ("pupil", "Enfant"), ("school", "École"),
        ("school_year", "Année scolaire"), ("period", "Période"), ("classroom", "Classe"),
        ("level", "Niveau"), ("communicated_at", "Communiqué le"),
        ("general_appreciation", "Appréciation générale"),
        ("acknowledged_at", "Pris connaissance le"), ("comment", "Votre commentaire")]),
    "livret_positionnements": ("Positionnements et appréciations de ces bilans, par domaine", [
        ("bilan_id", "Bilan"), ("pupil", "Enfant"), ("domain", "Domaine"),
        ("positionnement", "Positionnement (1 à 4)"), ("appreciation", "Appréciation")]),
    "livret_cycle_bilans": ("Bilans de fin de cycle communiqués", [
        ("id", "Bilan"), ("pupil", "Enfant"), ("cycle", "Cycle"), ("classroom", "Classe"),
        ("communicated_at", "Communiqué le"), ("components", "Composantes du socle"),
        ("synthesis", "Synthèse"), ("acknowledged_at", "Pris connaissance le"),
        ("comment", "Votre commentaire")]),
}

README = """Vos données dans Préau
======================

Exporté le {exported_at} pour le compte « {username} ».

Ce dossier contient les données personnelles que Préau conserve à votre sujet et, si vous
êtes responsable d'enfants, au sujet de vos enfants (droit d'accès et droit à la
portabilité, articles 15 et 20 du RGPD).

Chaque type de données est dans un fichier JSON (lisible par un programme) et, pour les
tableaux, dans un fichier CSV (à ouvrir avec un tableur ; séparateur point-virgule,
encodage UTF-8). Les dates sont au format AAAA-MM-JJ, les heures en heure de Paris.

Fichiers :
- account.json : votre compte (identifiant, nom, coordonnées, préférences).
{files}

Un fichier vide (ou un tableau vide) signifie qu'il n'y a rien de ce type.
Pour toute question sur vos données, adressez-vous à la direction de l'école.
"""


def _name(first: str | None, last: str | None, usage: str | None = None) -> str:
    return " ".join(part for part in (first, usage or last) if part)


def _author(row: dict, prefix: str) -> str:
    return (_name(row.get(f"{prefix}__person__first_name"), row.get(f"{prefix}__person__last_name"),
                  row.get(f"{prefix}__person__usage_name"))
            or row.get(f"{prefix}__username") or "")


def _local(value):
    return timezone.localtime(value) if isinstance(value, datetime) else value


def _digest(viewer: User) -> dict | None:
    """The daily digest the viewer asked for by e-mail: its time and its categories."""
    digest = digest_of(viewer)
    if digest is None:
        return None
    return {"send_at": digest.send_at.strftime("%H:%M"),
            "categories": sorted(row.category for row in digest.categories.all())}


def family_export_data(*, viewer: User) -> dict[str, object]:
    """Everything the export holds, as plain values. A constant number of queries."""
    person = viewer.person  # already loaded with the request's user
    data: dict[str, object] = {"account": {
        "username": viewer.username, "first_name": viewer.first_name,
        "last_name": viewer.last_name, "email": viewer.email, "language": viewer.language,
        "notify_absence_by_email": viewer.notify_absence_by_email,
        "daily_digest": _digest(viewer),
        "date_joined": _local(viewer.date_joined), "last_login": _local(viewer.last_login),
        "person": None if person is None else {
            field: getattr(person, field) for field in (
                "first_name", "last_name", "usage_name", "birth_date", "email", "phone",
                "address", "postal_code", "city")},
    }}
    children: list[dict] = []
    if person is not None:
        for link in Guardianship.objects.filter(guardian_id=person.pk).values(
                "pupil_id", "pupil__first_name", "pupil__last_name", "pupil__usage_name",
                "pupil__birth_date", "pupil__sex", "pupil__ine", "relationship", "is_legal"):
            children.append({
                "id": link["pupil_id"], "first_name": link["pupil__first_name"],
                "last_name": link["pupil__last_name"], "usage_name": link["pupil__usage_name"],
                "birth_date": link["pupil__birth_date"], "sex": link["pupil__sex"],
                "ine": link["pupil__ine"], "relationship": link["relationship"],
                "is_legal": link["is_legal"]})
    data["children"] = children
    # Whose school records: the children, and the viewer if they are a pupil.
    pupil_ids = [child["id"] for child in children] + ([person.pk] if person else [])
    names = {child["id"]: _name(child["first_name"], child["last_name"], child["usage_name"])
             for child in children}
    if person is not None:
        names[person.pk] = _name(person.first_name, person.last_name, person.usage_name)

    data["enrolments"] = [{
        "pupil_id": row["pupil_id"], "pupil": names.get(row["pupil_id"], ""),
        "school": row["classroom__school__name"], "school_uai": row["classroom__school__uai"],
        "school_year": row["classroom__school_year__label"], "classroom": row["classroom__name"],
        "level": row["level"], "start_date": row["start_date"], "end_date": row["end_date"],
    } for row in Enrolment.objects.filter(pupil_id__in=pupil_ids).order_by(
        "pupil_id", "start_date").values(
        "pupil_id", "classroom__school__name", "classroom__school__uai",
        "classroom__school_year__label", "classroom__name", "level", "start_date", "end_date")]

    data["absences"] = [{
        "pupil_id": row["pupil_id"], "pupil": names.get(row["pupil_id"], ""),
        "date": row["date"], "half_day": row["half_day"], "kind": row["kind"],
        "minutes_late": row["minutes_late"],
        "justification_status": row["justification_status"], "reason": row["reason"],
        "comment": row["comment"], "justified_at": _local(row["justified_at"]),
        "reviewed_at": _local(row["reviewed_at"]), "refusal_reason": row["refusal_reason"],
        "document": row["document__original_name"] or "",
    } for row in Absence.objects.filter(pupil_id__in=pupil_ids).order_by(
        "date", "half_day", "pk").values(
        "pupil_id", "date", "half_day", "kind", "minutes_late", "justification_status",
        "reason", "comment", "justified_at", "reviewed_at", "refusal_reason",
        "document__original_name")]

    data["absence_notices"] = [{
        "pupil_id": row["pupil_id"], "pupil": names.get(row["pupil_id"], ""),
        "start_date": row["start_date"], "end_date": row["end_date"],
        "half_day": row["half_day"], "reason": row["reason"], "comment": row["comment"],
        "created_at": _local(row["created_at"]), "cancelled_at": _local(row["cancelled_at"]),
    } for row in AbsenceNotice.objects.filter(pupil_id__in=pupil_ids).order_by(
        "start_date", "pk").values(
        "pupil_id", "start_date", "end_date", "half_day", "reason", "comment", "created_at",
        "cancelled_at")]

    data["homework_done"] = [{
        "pupil_id": row["pupil_id"], "pupil": names.get(row["pupil_id"], ""),
        "due_date": row["homework__due_date"], "subject": row["homework__subject"],
        "instructions": row["homework__instructions"], "marked_at": _local(row["marked_at"]),
        "marked_by": _author(row, "marked_by"),
    } for row in HomeworkDone.objects.filter(pupil_id__in=pupil_ids).order_by(
        "homework__due_date", "pk").values(
        "pupil_id", "homework__due_date", "homework__subject", "homework__instructions",
        "marked_at", "marked_by__username", "marked_by__person__first_name",
        "marked_by__person__last_name", "marked_by__person__usage_name")]

    data["conversations"] = [{
        "id": row["conversation_id"], "subject": row["conversation__subject"],
        "kind": row["conversation__kind"], "school": row["conversation__school__name"],
        "role": row["role"], "joined_at": _local(row["joined_at"]),
        "read_at": _local(row["read_at"]),
    } for row in Participant.objects.filter(user=viewer).order_by("conversation_id").values(
        "conversation_id", "conversation__subject", "conversation__kind",
        "conversation__school__name", "role", "joined_at", "read_at")]

    data["messages"] = [{
        "conversation_id": row["conversation_id"], "id": row["id"],
        "author": _author(row, "author"), "created_at": _local(row["created_at"]),
        "body": row["body"],
    } for row in Message.objects.filter(
        Q(conversation__participants__user=viewer) | Q(author=viewer)).distinct().order_by(
        "conversation_id", "id").values(
        "conversation_id", "id", "created_at", "body", "author__username",
        "author__person__first_name", "author__person__last_name",
        "author__person__usage_name")]

    data["liaison_notes"] = [] if person is None else [{
        "note_id": row["note_id"], "pupil": names.get(row["pupil_id"], ""),
        "title": row["note__title"], "body": row["note__body"],
        "created_at": _local(row["note__created_at"]),
        "requires_acknowledgement": row["note__requires_acknowledgement"],
        "acknowledged_at": _local(row["acknowledged_at"]),
        "acknowledged_by": _author(row, "acknowledged_by"),
    } for row in LiaisonNoteDelivery.objects.filter(guardian_id=person.pk).order_by(
        "note_id", "pupil_id").values(
        "note_id", "pupil_id", "note__title", "note__body", "note__created_at",
        "note__requires_acknowledgement", "acknowledged_at", "acknowledged_by__username",
        "acknowledged_by__person__first_name", "acknowledged_by__person__last_name",
        "acknowledged_by__person__usage_name")]

    data["liaison_notes_written"] = [
        {**row, "created_at": _local(row["created_at"])}
        for row in LiaisonNote.objects.filter(author=viewer).order_by("pk").values(
            "id", "title", "body", "audience", "created_at")]
    data.update(_livret(viewer=viewer, person_id=None if person is None else person.pk,
                        names=names))
    return data


def _livret(*, viewer: User, person_id: int | None, names: dict[int, str]) -> dict:
    """The communicated bilans the viewer reads (as a pupil, or as a legal guardian), never
    their accompaniment modalities; the viewer's own acknowledgements. Four queries."""
    mine = {} if person_id is None else {
        (row["periodic_bilan_id"], row["cycle_bilan_id"]): row
        for row in Acknowledgement.objects.filter(guardian_id=person_id).values(
            "periodic_bilan_id", "cycle_bilan_id", "acknowledged_at", "comment")}

    def own(periodic_id=None, cycle_id=None) -> dict:
        row = mine.get((periodic_id, cycle_id), {})
        return {"acknowledged_at": _local(row.get("acknowledged_at")),
                "comment": row.get("comment", "")}

    periodic = periodic_bilans_visible_to(viewer, purpose=Purpose.READ).filter(
        state=BilanState.COMMUNICATED)
    bilans = [{
        "id": row["pk"], "pupil": names.get(row["pupil_id"], ""),
        "school": row["classroom__school__name"],
        "school_year": row["period__school_year__label"],
        "period": f"{'Trimestre' if row['period__count'] == 3 else 'Semestre'} "
                  f"{row['period__index']}",
        "classroom": row["classroom__name"], "level": row["level"],
        "communicated_at": _local(row["communicated_at"]),
        "general_appreciation": row["general_appreciation"], **own(periodic_id=row["pk"]),
    } for row in periodic.order_by("period__start_date", "pk").values(
        "pk", "pupil_id", "classroom__school__name", "period__school_year__label",
        "period__count", "period__index", "classroom__name", "level", "communicated_at",
        "general_appreciation")]
    pupil_of = {bilan["id"]: bilan["pupil"] for bilan in bilans}
    positionnements = [{
        "bilan_id": row["bilan_id"], "pupil": pupil_of.get(row["bilan_id"], ""),
        "domain": row["domain__label"], "positionnement": row["positionnement"],
        "appreciation": row["appreciation"],
    } for row in BilanDomain.objects.filter(bilan__in=periodic).order_by(
        "bilan_id", "domain__position").values(
        "bilan_id", "domain__label", "positionnement", "appreciation")]
    cycle_rows = list(cycle_bilans_visible_to(viewer, purpose=Purpose.READ)
                      .filter(state=BilanState.COMMUNICATED).order_by("pk")
                      .values("pk", "pupil_id", "cycle", "classroom__name", "communicated_at",
                              "synthesis"))
    components: dict[int, list[str]] = {}
    for row in CycleBilanComponent.objects.filter(
            bilan_id__in=[row["pk"] for row in cycle_rows]).order_by("pk").values(
            "bilan_id", "component", "mastery"):
        components.setdefault(row["bilan_id"], []).append(
            f"{row['component']} : {row['mastery'] or '-'}")
    cycle = [{
        "id": row["pk"], "pupil": names.get(row["pupil_id"], ""), "cycle": row["cycle"],
        "classroom": row["classroom__name"], "communicated_at": _local(row["communicated_at"]),
        "components": " ; ".join(components.get(row["pk"], [])), "synthesis": row["synthesis"],
        **own(cycle_id=row["pk"]),
    } for row in cycle_rows]
    return {"livret_bilans": bilans, "livret_positionnements": positionnements,
            "livret_cycle_bilans": cycle}


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def family_export_zip(*, viewer: User) -> bytes:
    data = family_export_data(viewer=viewer)
    archive = io.BytesIO()
    files = []
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("account.json", json.dumps(data["account"], cls=DjangoJSONEncoder,
                                                   ensure_ascii=False, indent=2))
        for kind, (title, columns) in KINDS.items():
            rows = data[kind]
            bundle.writestr(f"{kind}.json", json.dumps(rows, cls=DjangoJSONEncoder,
                                                       ensure_ascii=False, indent=2))
            bundle.writestr(f"{kind}.csv", spreadsheet_csv([
                [header for _field, header in columns],
                *([_csv_value(row[field]) for field, _header in columns] for row in rows)]))
            files.append(f"- {kind}.json et {kind}.csv : {title} ({len(rows)}).")
        bundle.writestr("README.txt", README.format(
            exported_at=timezone.localtime().strftime("%d/%m/%Y à %H:%M"),
            username=viewer.username, files="\n".join(files)))
    return archive.getvalue()
