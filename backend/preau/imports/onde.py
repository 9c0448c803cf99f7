"""ONDE import: the pupils export and the guardians export of one school, together.

Two steps. ``onde_preview`` reads both files and says what would change — classrooms to
create, pupils to create / update / move / withdraw, guardians to create / link — and
every rejected row with its line and reason; it writes nothing. ``onde_apply`` writes the
same plan in one transaction, or nothing (it refuses a plan with rejected rows).

Headers are matched tolerantly (case, accents, spaces, apostrophes, a BOM, known aliases;
see docs/imports.md); files may be UTF-8 or Windows-1252. Matching is stable: INE first,
then last name + first name + birth date, so that importing the same files again changes
nothing and a pupil who changed class is moved (enrolment closed, new one opened), never
duplicated. The raw files are never kept: only the rows' meaning is.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from preau.common.errors import ApplicationError
from preau.people.models import Enrolment, GuardianRelationship, Guardianship, Person, Sex
from preau.people.selectors import enrolments_active_on
from preau.people.services import persons_residence_update
from preau.schools.models import LEVEL_ORDER, Classroom, School, SchoolYear

# --- Reading ---------------------------------------------------------------------------------


def normalize_header(value: str) -> str:
    value = value.replace("\ufeff", "").replace("’", "'").replace("`", "'")
    value = unicodedata.normalize("NFKD", value)
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", value).strip().lower()


PUPIL_COLUMNS: dict[str, tuple[str, ...]] = {
    "last_name": ("nom eleve", "nom", "nom de l'eleve", "nom de famille eleve", "nom de famille"),
    "usage_name": ("nom d'usage eleve", "nom d'usage"),
    "first_name": ("prenom eleve", "prenom", "prenom de l'eleve"),
    "birth_date": ("date naissance", "date de naissance", "ne(e) le"),
    "sex": ("sexe",),
    "ine": ("ine", "identifiant national eleve"),
    "address": ("adresse1", "adresse"),
    "postal_code": ("cp1", "code postal"),
    "city": ("commune1", "commune"),
    "level": ("niveau",),
    "class_label": ("libelle classe", "classe"),
    "class_id": ("identifiant classe", "id classe"),
}
PUPIL_REQUIRED = ("last_name", "first_name", "birth_date", "level", "class_label")

GUARDIAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "civility": ("civilite responsable", "civilite"),
    "usage_name": ("nom usage responsable", "nom d'usage responsable"),
    "last_name": ("nom responsable", "nom de famille responsable"),
    "first_name": ("prenom responsable",),
    "address": ("adresse responsable",),
    "postal_code": ("cp responsable", "code postal responsable"),
    "city": ("commune responsable",),
    "email": ("courriel", "courriel responsable", "email"),
    "phone_mobile": ("telephone portable",),
    "phone_home": ("telephone domicile",),
    "phone_work": ("telephone travail",),
}
CHILD_COLUMNS: dict[str, tuple[str, ...]] = {
    "usage_name": ("nom d'usage enfant",),
    "last_name": ("nom de famille enfant", "nom enfant"),
    "first_name": ("prenom enfant",),
    "classes": ("classes enfants", "classe enfant"),
    "birth_date": ("date de naissance enfant", "date naissance enfant"),
}
GUARDIAN_REQUIRED = ("last_name", "first_name")

ACCEPTED_HEADERS = {
    "pupils": PUPIL_COLUMNS, "guardians": GUARDIAN_COLUMNS, "children": CHILD_COLUMNS}


def decode(data: bytes, file_label: str = "fichier") -> str:
    """UTF-8 (with or without BOM), else Windows-1252 — the two encodings ONDE produces.

    Anything else (a spreadsheet, an image, random bytes) is refused with a 400 naming the
    file, never a 500.
    """
    unreadable = ApplicationError(
        "Ce fichier n'est pas un export CSV d'ONDE lisible (UTF-8 ou Windows-1252).",
        code="unreadable_file",
        fields={file_label: ["Fichier illisible : exportez-le depuis ONDE au format CSV."]})
    if b"\x00" in data:
        raise unreadable
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise unreadable from None


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ApplicationError("Le fichier est vide.", code="empty_file") from None
    rows = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
    return [normalize_header(h) for h in header], rows


def _index(header: list[str], columns: dict[str, tuple[str, ...]], *, file_label: str,
           required: tuple[str, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for name, aliases in columns.items():
        for position, title in enumerate(header):
            if title in aliases:
                found[name] = position
                break
    missing = [name for name in required if name not in found]
    if missing:
        expected = " ; ".join(columns[name][0] for name in missing)
        raise ApplicationError(
            f"Fichier des {file_label} : colonne(s) introuvable(s) : {expected}.",
            code="missing_columns", fields={file_label: [f"Colonnes attendues : {expected}."]})
    return found


def _cell(row: list[str], position: int | None) -> str:
    if position is None or position >= len(row):
        return ""
    return row[position].strip()


def normalize_name(value: str) -> str:
    """A name as matched: without case, accents, hyphens, apostrophes or extra spaces, so
    that ``HERVÉ``, ``Hervé`` and ``herve`` — or ``N'Diaye`` and ``N’DIAYE`` — are one name."""
    return re.sub(r"[\s'\-\u2010\u2011\u2012\u2013]+", " ", normalize_header(value)).strip()


def _key(last_name: str, first_name: str) -> tuple[str, str]:
    return normalize_name(last_name), normalize_name(first_name)


NAME_FIELDS = ("last_name", "first_name", "usage_name")
# What a re-export in an encoding without a letter puts in its place (Windows-1252 has no
# « ễ » and writes « ? »; a broken decoding gives U+FFFD).
LOST_LETTER = re.compile("[?\ufffd]")
LOST_LETTERS_ADVICE = ("des lettres ont été perdues (fichier réenregistré en Windows-1252 ?) : "
                       "exportez-le de nouveau depuis ONDE, en UTF-8")


def _lost_letters_pattern(value: str) -> re.Pattern[str]:
    """A normalised name whose lost letters match any one letter."""
    return re.compile(LOST_LETTER.sub(".", re.escape(normalize_name(value)).replace("\\?", "?")))

# The French label of each stored field, for the reasons of rejected rows.
FIELD_LABELS = {
    "last_name": "nom", "first_name": "prénom", "usage_name": "nom d'usage",
    "address": "adresse", "postal_code": "code postal", "city": "commune",
    "email": "courriel", "phone": "téléphone", "name": "libellé de classe",
    "onde_class_id": "identifiant de classe",
}


def _too_long(model: type[models.Model], values: dict[str, str]) -> str | None:
    """The first value longer than its model field holds, as a reason; the limits are the
    models' ``max_length``, read here rather than repeated."""
    for name, value in values.items():
        limit = model._meta.get_field(name).max_length
        if limit is not None and len(value) > limit:
            return f"{FIELD_LABELS[name]} trop long ({len(value)} caractères, {limit} au plus)"
    return None


# --- The plan ------------------------------------------------------------------------------


@dataclass
class PupilRow:
    line: int
    last_name: str
    usage_name: str
    first_name: str
    birth_date: date
    sex: str
    ine: str | None
    address: str
    postal_code: str
    city: str
    level: str
    class_label: str
    class_id: str  # the ONDE class id, else the class label: the key of the row's classroom
    onde_class_id: str = ""  # the ONDE class id as given, empty when the file has none


@dataclass
class GuardianRow:
    line: int
    last_name: str
    usage_name: str
    first_name: str
    relationship: str
    email: str
    phone: str
    address: str
    postal_code: str
    city: str
    children: list[tuple[str, str]]  # (last name, first name), as written in the file
    child_rows: list[PupilRow] = field(default_factory=list)  # the same children, identified


@dataclass
class Rejection:
    file: str
    line: int
    reason: str


@dataclass
class OndePlan:
    school: School
    school_year: SchoolYear
    classrooms_to_create: list[dict] = field(default_factory=list)
    pupils_to_create: list[PupilRow] = field(default_factory=list)
    pupils_to_update: list[tuple[Person, PupilRow, list[str]]] = field(default_factory=list)
    pupils_to_move: list[tuple[Person, Enrolment | None, PupilRow]] = field(default_factory=list)
    pupils_unchanged: int = 0
    pupils_to_withdraw: list[tuple[Person, Enrolment]] = field(default_factory=list)
    guardians_to_create: list[GuardianRow] = field(default_factory=list)
    guardianships_to_create: list[tuple[GuardianRow, Person | PupilRow]] = field(
        default_factory=list)
    guardians_existing: dict[int, Person] = field(default_factory=dict)  # row line → person
    rejected: list[Rejection] = field(default_factory=list)
    # Rows imported, but worth reading first (letters lost by a re-export…).
    warnings: list[Rejection] = field(default_factory=list)
    # Classrooms found by name that lack their ONDE id: (classroom, ONDE id to store).
    classrooms_to_identify: list[tuple[Classroom, str]] = field(default_factory=list)
    rejected_pupil_keys: set[tuple[str, str]] = field(default_factory=set)

    def summary(self) -> dict[str, int]:
        return {
            "classrooms_to_create": len(self.classrooms_to_create),
            "pupils_to_create": len(self.pupils_to_create),
            "pupils_to_update": len(self.pupils_to_update),
            "pupils_to_move": len(self.pupils_to_move),
            "pupils_to_withdraw": len(self.pupils_to_withdraw),
            "pupils_unchanged": self.pupils_unchanged,
            "guardians_to_create": len(self.guardians_to_create),
            "guardianships_to_create": len(self.guardianships_to_create),
            "rejected": len(self.rejected),
        }


def _parse_date(value: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _read_pupils(text: str, plan: OndePlan, *, progress: bool = False) -> list[PupilRow]:
    header, rows = _rows(text)
    cols = _index(header, PUPIL_COLUMNS, file_label="élèves", required=PUPIL_REQUIRED)
    pupils, seen_ine, seen_identity = [], {}, {}
    for line, row in tqdm(rows, disable=not progress, unit=" élève", desc="Élèves"):
        value = {name: _cell(row, cols.get(name)) for name in PUPIL_COLUMNS}
        reason = None
        born = _parse_date(value["birth_date"])
        level = value["level"].upper().replace(" ", "")
        ine = value["ine"].upper() or None
        if not value["last_name"] or not value["first_name"]:
            reason = "nom ou prénom manquant"
        elif born is None:
            reason = f"date de naissance invalide « {value['birth_date']} » (attendu jj/mm/aaaa)"
        elif level not in LEVEL_ORDER:
            reason = f"niveau inconnu « {value['level']} » (CP, CE1, CE2, CM1 ou CM2)"
        elif not value["class_label"]:
            reason = "classe manquante"
        elif ine and not re.fullmatch(r"[0-9A-Z]{11}", ine):
            reason = f"INE invalide « {ine} »"
        elif ine and ine in seen_ine:
            reason = f"INE en double (déjà à la ligne {seen_ine[ine]})"
        elif too_long := (_too_long(Person, {name: value[name] for name in (
                "last_name", "usage_name", "first_name", "address", "postal_code", "city")})
                or _too_long(Classroom, {"name": value["class_label"],
                                         "onde_class_id": value["class_id"]})):
            reason = too_long
        else:
            identity = (*_key(value["last_name"], value["first_name"]), born)
            if identity in seen_identity:
                reason = f"élève en double (déjà à la ligne {seen_identity[identity]})"
            else:
                seen_identity[identity] = line
        if reason:
            plan.rejected.append(Rejection("élèves", line, reason))
            if value["last_name"] and value["first_name"]:
                plan.rejected_pupil_keys.add(_key(value["last_name"], value["first_name"]))
                if value["usage_name"]:
                    plan.rejected_pupil_keys.add(_key(value["usage_name"], value["first_name"]))
            continue
        if ine:
            seen_ine[ine] = line
        sex = {"M": Sex.MALE, "F": Sex.FEMALE}.get(value["sex"].upper()[:1], "")
        pupils.append(PupilRow(
            line=line, last_name=value["last_name"], usage_name=value["usage_name"],
            first_name=value["first_name"], birth_date=born, sex=sex, ine=ine,
            address=value["address"], postal_code=value["postal_code"], city=value["city"],
            level=level, class_label=value["class_label"],
            class_id=value["class_id"] or value["class_label"], onde_class_id=value["class_id"]))
    return pupils


def _read_guardians(text: str, plan: OndePlan, pupils: list[PupilRow], *,
                    progress: bool = False) -> list[GuardianRow]:
    header, rows = _rows(text)
    cols = _index(header, GUARDIAN_COLUMNS, file_label="responsables",
                  required=GUARDIAN_REQUIRED)
    child_groups: list[dict[str, int]] = []
    for name, aliases in CHILD_COLUMNS.items():
        positions = [i for i, title in enumerate(header) if title in aliases]
        for occurrence, position in enumerate(positions):
            while len(child_groups) <= occurrence:
                child_groups.append({})
            child_groups[occurrence][name] = position
    if not any("first_name" in group for group in child_groups):
        raise ApplicationError("Fichier des responsables : colonne « Prénom enfant » introuvable.",
                               code="missing_columns",
                               fields={"responsables": ["Colonne attendue : Prénom enfant."]})
    named: dict[tuple[str, str], list[PupilRow]] = defaultdict(list)
    for pupil in pupils:
        for key in {_key(pupil.last_name, pupil.first_name),
                    _key(pupil.usage_name or pupil.last_name, pupil.first_name)}:
            named[key].append(pupil)
    known = set(named)
    guardians: list[GuardianRow] = []
    by_name: dict[tuple[str, str], list[GuardianRow]] = defaultdict(list)
    for line, row in tqdm(rows, disable=not progress, unit=" responsable", desc="Responsables"):
        value = {name: _cell(row, cols.get(name)) for name in GUARDIAN_COLUMNS}
        children, references = [], []
        for group in child_groups:
            first = _cell(row, group.get("first_name"))
            last = _cell(row, group.get("last_name")) or _cell(row, group.get("usage_name"))
            if first and last:
                children.append((last, first))
                references.append({name: _cell(row, position)
                                   for name, position in group.items()})
        if not value["last_name"] or not value["first_name"]:
            plan.rejected.append(Rejection("responsables", line, "nom ou prénom manquant"))
            continue
        if not children:
            plan.rejected.append(Rejection("responsables", line, "responsable sans enfant"))
            continue
        phone = value["phone_mobile"] or value["phone_home"] or value["phone_work"]
        too_long = _too_long(Person, {
            "last_name": value["last_name"], "usage_name": value["usage_name"],
            "first_name": value["first_name"], "email": value["email"], "phone": phone,
            "address": value["address"], "postal_code": value["postal_code"],
            "city": value["city"]})
        if too_long:
            plan.rejected.append(Rejection("responsables", line, too_long))
            continue
        missing = [(last, first) for last, first in children if _key(last, first) not in known]
        if missing and all(_key(last, first) in plan.rejected_pupil_keys
                           for last, first in missing):
            continue  # the child's own row is rejected, and says why: one reason is enough
        unknown = [f"{first} {last}" for last, first in missing
                   if _key(last, first) not in plan.rejected_pupil_keys]
        if unknown:
            plan.rejected.append(Rejection(
                "responsables", line,
                f"enfant absent du fichier des élèves : {', '.join(unknown)}"))
            continue
        child_rows, unclear = [], []
        for (last, first), reference in zip(children, references, strict=True):
            candidates = _child_candidates(named, reference)
            if len(candidates) == 1:
                child_rows.append(candidates[0])
            else:
                unclear.append(f"{first} {last} ({len(candidates)} élèves de ce nom"
                               + (f" en « {reference['classes']} »" if reference.get("classes")
                                  else "") + ")")
        if unclear:
            plan.rejected.append(Rejection(
                "responsables", line,
                "enfant impossible à identifier, la classe et la date de naissance ne "
                f"permettent pas de choisir : {', '.join(unclear)}"))
            continue
        civility = normalize_header(value["civility"]).rstrip(".")
        relationship = (GuardianRelationship.MOTHER if civility in MOTHER_CIVILITIES
                        else GuardianRelationship.FATHER if civility in FATHER_CIVILITIES
                        else GuardianRelationship.OTHER)
        guardian = GuardianRow(
            line=line, last_name=value["last_name"], usage_name=value["usage_name"],
            first_name=value["first_name"], relationship=relationship, email=value["email"],
            phone=phone,
            address=value["address"], postal_code=value["postal_code"], city=value["city"],
            children=children, child_rows=child_rows)
        same = next((g for g in by_name[_key(guardian.last_name, guardian.first_name)]
                     if _same_guardian(g, guardian)), None)
        lossy = [getattr(guardian, name) for name in NAME_FIELDS
                 if LOST_LETTER.search(getattr(guardian, name))]
        if lossy:
            read = ", ".join(f"« {name} »" for name in lossy)
            plan.warnings.append(Rejection("responsables", line,
                                           f"{read} : {LOST_LETTERS_ADVICE}"))
        if same is None:
            guardians.append(guardian)
            by_name[_key(guardian.last_name, guardian.first_name)].append(guardian)
            continue
        for name, child_row in zip(children, child_rows, strict=True):
            if child_row not in same.child_rows:  # one row per child: one person, all children
                same.children.append(name)
                same.child_rows.append(child_row)
    return guardians


MOTHER_CIVILITIES = {"mme", "madame", "mlle", "mademoiselle"}
FATHER_CIVILITIES = {"m", "mr", "monsieur"}


def _same_guardian(first: GuardianRow, second: GuardianRow) -> bool:
    """Two rows of the guardians file for one person (ONDE may repeat a guardian once per
    child): the same name, at least one contact detail in common, none that differs."""
    pairs = [(first.email.lower(), second.email.lower()),
             (re.sub(r"\D", "", first.phone), re.sub(r"\D", "", second.phone)),
             (normalize_name(f"{first.address} {first.postal_code}"),
              normalize_name(f"{second.address} {second.postal_code}"))]
    given = [(a, b) for a, b in pairs if a and b]
    return bool(given) and all(a == b for a, b in given)


def _child_candidates(named: dict[tuple[str, str], list[PupilRow]],
                      reference: dict[str, str]) -> list[PupilRow]:
    """The pupils a guardian row's child can be: by name, then — when several pupils bear
    that name — only those of the class (``Classes enfants``) and of the birth date the row
    gives. Zero or several left means the row cannot say which child it is."""
    first = reference.get("first_name", "")
    candidates: list[PupilRow] = []
    for last in {reference.get("last_name", ""), reference.get("usage_name", "")} - {""}:
        candidates += [p for p in named.get(_key(last, first), []) if p not in candidates]
    if len(candidates) <= 1:
        return candidates
    classes = normalize_header(reference.get("classes", ""))
    if classes:
        candidates = [p for p in candidates if classes in {
            normalize_header(p.class_label), normalize_header(p.class_id)}]
    born = _parse_date(reference.get("birth_date", ""))
    if born is not None:
        candidates = [p for p in candidates if p.birth_date == born]
    return candidates


def _plan_transfers(plan: OndePlan, *, school: School, start: date,
                    close_enrolments_elsewhere: bool) -> set[int]:
    """Pupils arriving from another school of Préau; returns the ids of those left where
    they are.

    ONDE admits a pupil in one school at a time: when this school's export lists a pupil
    still enrolled elsewhere, the other school has already struck them off in ONDE.

    A director's import reads and changes only their school: such a pupil is left alone
    — not enrolled, not updated, no guardian linked — and reported as a warning that
    names neither the other school nor its dates; the pupil is enrolled here by the first
    import after the other school has ended its enrolment.

    The operator's import (``close_enrolments_elsewhere``) closes that enrolment the day
    before this one starts (a transfer). An enrolment elsewhere that starts on or after
    that day cannot be closed before it begins: the line is rejected, naming the school,
    for the two schools to sort out. One query whatever the file size.
    """
    arriving = [person.pk for person, enrolment, _row in plan.pupils_to_move if enrolment is None]
    if not arriving:
        return set()
    elsewhere = {e.pupil_id: e for e in Enrolment.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start), pupil_id__in=arriving,
    ).exclude(classroom__school=school).select_related("classroom__school")}
    if not close_enrolments_elsewhere:
        for person, enrolment, row in plan.pupils_to_move:
            if enrolment is None and person.pk in elsewhere:
                plan.warnings.append(Rejection("élèves", row.line, (
                    "élève inscrit(e) dans une autre école : il ou elle sera inscrit(e) ici "
                    "lorsque cette école aura clos son inscription ; importez de nouveau "
                    "ensuite")))
        plan.pupils_to_move = [move for move in plan.pupils_to_move
                               if move[1] is not None or move[0].pk not in elsewhere]
        plan.pupils_to_update = [update for update in plan.pupils_to_update
                                 if update[0].pk not in elsewhere]
        return set(elsewhere)
    moves = []
    for person, enrolment, row in plan.pupils_to_move:
        other = elsewhere.get(person.pk) if enrolment is None else None
        if other is not None and other.start_date >= start:
            other_school = other.classroom.school
            plan.rejected.append(Rejection("élèves", row.line, (
                f"élève inscrit(e) à l'école {other_school.name} ({other_school.uai}) à "
                f"partir du {other.start_date:%d/%m/%Y} : cette école doit d'abord clore "
                "son inscription")))
            continue
        moves.append((person, other or enrolment, row))
    plan.pupils_to_move = moves
    return set()


def onde_preview(*, school: School, pupils_file: bytes, guardians_file: bytes,
                 on: date | None = None, progress: bool = False,
                 close_enrolments_elsewhere: bool = False,
                 ) -> tuple[OndePlan, list[PupilRow], list[GuardianRow]]:
    """What importing these two files would change. Writes nothing.

    ``close_enrolments_elsewhere`` is for the operator only: a pupil of the file still
    enrolled in another school is then transferred here. Without it (a director's
    import), such a pupil is left to the other school (see ``_plan_transfers``)."""
    on = on or timezone.localdate()
    start, end = SchoolYear.bounds_for(on)
    year = SchoolYear.objects.filter(label=SchoolYear.label_for(on)).first() or SchoolYear(
        label=SchoolYear.label_for(on), start_date=start, end_date=end)
    plan = OndePlan(school=school, school_year=year)
    pupils = _read_pupils(decode(pupils_file, "pupils"), plan, progress=progress)
    guardians = _read_guardians(decode(guardians_file, "guardians"), plan, pupils, progress=progress)

    # Classrooms: by ONDE id, then by name.
    existing_classrooms = list(Classroom.objects.filter(school=school, school_year__label=year.label))
    by_onde = {c.onde_class_id: c for c in existing_classrooms if c.onde_class_id}
    by_name = {normalize_header(c.name): c for c in existing_classrooms}
    wanted: dict[str, dict] = {}
    for pupil in pupils:
        entry = wanted.setdefault(pupil.class_id, {"onde_class_id": pupil.class_id,
                                                  "name": pupil.class_label, "levels": set(),
                                                  "given_id": pupil.onde_class_id})
        entry["levels"].add(pupil.level)
    classroom_of: dict[str, Classroom | None] = {}
    for class_id, entry in wanted.items():
        match = by_onde.get(class_id) or by_name.get(normalize_header(entry["name"]))
        classroom_of[class_id] = match
        if (match is not None and not match.onde_class_id and entry["given_id"]
                and all(known.pk != match.pk for known, _ in plan.classrooms_to_identify)):
            # found by name: keep its ONDE id (OneRoster's classCode, the LSU export)
            plan.classrooms_to_identify.append((match, entry["given_id"]))
        if match is None:
            plan.classrooms_to_create.append({
                "onde_class_id": class_id, "name": entry["name"],
                "levels": sorted(entry["levels"], key=LEVEL_ORDER.index)})

    # Pupils: INE first, then name + birth date (three queries whatever the file size).
    ines = [p.ine for p in pupils if p.ine]
    by_ine = {p.ine: p for p in Person.objects.filter(ine__in=ines)} if ines else {}
    # The database compares names exactly; the normalised comparison is made here, on the
    # people born on the file's birth dates.
    candidates = Person.objects.filter(birth_date__in={p.birth_date for p in pupils})
    by_identity, by_birth = defaultdict(list), defaultdict(list)
    for candidate in candidates:
        by_identity[(*_key(candidate.last_name, candidate.first_name),
                     candidate.birth_date)].append(candidate)
        by_birth[candidate.birth_date].append(candidate)
    current = {e.pupil_id: e for e in enrolments_active_on(on).filter(
        classroom__school=school).select_related("classroom", "pupil")}
    matched_ids = set()
    person_of_row: dict[int, Person] = {}
    for row in pupils:
        person = by_ine.get(row.ine) if row.ine else None
        namesakes = by_identity[(*_key(row.last_name, row.first_name), row.birth_date)]
        if person is None and len(namesakes) > 1:
            # several people of that name born that day: the one enrolled here, or no guess
            here = [p for p in namesakes if p.pk in current]
            if len(here) != 1:
                plan.rejected.append(Rejection("élèves", row.line, (
                    f"{len(namesakes)} personnes connues portent ce nom et sont nées le "
                    f"{row.birth_date:%d/%m/%Y} : indiquez l'INE de l'élève")))
                continue
            person = here[0]
        person = person or (namesakes[0] if namesakes else None)
        lossy = [name for name in NAME_FIELDS if LOST_LETTER.search(getattr(row, name))]
        if person is None and lossy:
            person = _match_lost_letters(row, by_birth[row.birth_date])
        read = ", ".join(f"« {getattr(row, name)} »" for name in lossy)
        if person is None:
            plan.pupils_to_create.append(row)
            if lossy:
                plan.warnings.append(Rejection("élèves", row.line, (
                    f"{read} : {LOST_LETTERS_ADVICE} ; l'élève serait créé(e) ainsi")))
            continue
        if lossy:
            kept = ", ".join(f"« {getattr(person, name)} »" for name in lossy)
            plan.warnings.append(Rejection("élèves", row.line, (
                f"{read} : {LOST_LETTERS_ADVICE} ; le nom enregistré ({kept}) est conservé")))
        matched_ids.add(person.pk)
        person_of_row[row.line] = person
        changed = [name for name, new in (
            ("last_name", row.last_name), ("first_name", row.first_name),
            ("usage_name", row.usage_name), ("birth_date", row.birth_date), ("sex", row.sex),
            ("address", row.address), ("postal_code", row.postal_code), ("city", row.city),
        ) if new and getattr(person, name) != new and name not in lossy and not (
            name in NAME_FIELDS and normalize_name(getattr(person, name)) == normalize_name(new))]
        if row.ine and person.ine != row.ine:
            changed.append("ine")
        enrolment = current.get(person.pk)
        target = classroom_of[row.class_id]
        moved = (enrolment is None or target is None or enrolment.classroom_id != target.pk
                 or enrolment.level != row.level)
        if changed:
            plan.pupils_to_update.append((person, row, changed))
        if moved:
            plan.pupils_to_move.append((person, enrolment, row))
        if not changed and not moved:
            plan.pupils_unchanged += 1
    plan.pupils_to_withdraw = [(enrolment.pupil, enrolment) for pupil_id, enrolment in
                               current.items() if pupil_id not in matched_ids]
    left_elsewhere = _plan_transfers(plan, school=school, start=max(on, year.start_date),
                                     close_enrolments_elsewhere=close_enrolments_elsewhere)
    left_lines = {line for line, person in person_of_row.items() if person.pk in left_elsewhere}

    # Guardians: an existing guardian of a matched child with the same name is the same person.
    existing_links = defaultdict(list)
    for link in Guardianship.objects.filter(pupil_id__in=matched_ids).select_related("guardian"):
        existing_links[link.pupil_id].append(link.guardian)
    for guardian in guardians:
        # a pupil left to another school gets no guardian from this import
        children_rows = [row for row in guardian.child_rows if row.line not in left_lines]
        if not children_rows:
            continue
        existing = None
        for child_row in children_rows:
            person = person_of_row.get(child_row.line)
            for candidate in existing_links.get(person.pk if person else None, []):
                if _key(candidate.last_name, candidate.first_name) == _key(
                        guardian.last_name, guardian.first_name):
                    existing = candidate
        if existing is None:
            plan.guardians_to_create.append(guardian)
        else:
            plan.guardians_existing[guardian.line] = existing
        for child_row in children_rows:
            person = person_of_row.get(child_row.line)
            already = existing is not None and person is not None and any(
                g.pk == existing.pk for g in existing_links.get(person.pk, []))
            if not already:
                plan.guardianships_to_create.append((guardian, person or child_row))
    return plan, pupils, guardians


def _match_lost_letters(row: PupilRow, born_that_day: list[Person]) -> Person | None:
    """The one person born that day whose name reads like the row's, its lost letters
    aside; none when it could be several."""
    last, first = _lost_letters_pattern(row.last_name), _lost_letters_pattern(row.first_name)
    found = [p for p in born_that_day if last.fullmatch(normalize_name(p.last_name))
             and first.fullmatch(normalize_name(p.first_name))]
    return found[0] if len(found) == 1 else None


@transaction.atomic
def onde_apply(*, plan: OndePlan, on: date | None = None) -> dict[str, int]:
    """Write a previewed plan, all of it or nothing."""
    if plan.rejected:
        raise ApplicationError(
            f"{len(plan.rejected)} ligne(s) rejetée(s) : corrigez les fichiers, puis importez "
            "de nouveau.", code="rejected_rows", fields={"files": [
                f"{r.file}, ligne {r.line} : {r.reason}" for r in plan.rejected[:20]]})
    on = on or timezone.localdate()
    year = plan.school_year
    if year.pk is None:
        year, _ = SchoolYear.objects.get_or_create(
            label=year.label, defaults={"start_date": year.start_date, "end_date": year.end_date})
    classrooms = {c.onde_class_id or c.name: c for c in
                  Classroom.objects.filter(school=plan.school, school_year=year)}
    by_name = {normalize_header(c.name): c for c in classrooms.values()}
    for known, onde_class_id in plan.classrooms_to_identify:
        known.onde_class_id = onde_class_id
        known.save(update_fields=["onde_class_id", "updated_at"])
        classrooms[onde_class_id] = known
    for spec in plan.classrooms_to_create:
        classroom = Classroom.objects.create(school=plan.school, school_year=year, **spec)
        classrooms[spec["onde_class_id"]] = classroom
        by_name[normalize_header(spec["name"])] = classroom

    def classroom_for(row: PupilRow) -> Classroom:
        return classrooms.get(row.class_id) or by_name[normalize_header(row.class_label)]

    start = max(on, year.start_date)
    created = Person.objects.bulk_create([Person(
        first_name=r.first_name, last_name=r.last_name, usage_name=r.usage_name,
        birth_date=r.birth_date, sex=r.sex, ine=r.ine, address=r.address,
        postal_code=r.postal_code, city=r.city) for r in plan.pupils_to_create])
    person_of_line = {row.line: person for row, person in zip(plan.pupils_to_create, created,
                                                              strict=True)}
    enrolments = [Enrolment(pupil=person, classroom=classroom_for(row), level=row.level,
                            start_date=start)
                  for row, person in zip(plan.pupils_to_create, created, strict=True)]
    for person, row, changed in plan.pupils_to_update:
        for name in changed:
            setattr(person, name, getattr(row, name))
        person.save(update_fields=[*changed, "updated_at"])
    closing = [e for _p, e, _r in plan.pupils_to_move if e is not None] + [
        e for _p, e in plan.pupils_to_withdraw]
    for enrolment in closing:
        enrolment.end_date = max(start - timedelta(days=1), enrolment.start_date)
    Enrolment.objects.bulk_update(closing, ["end_date"])
    same_day = {e.pk for e in closing if e.end_date == e.start_date and e.start_date >= start}
    if same_day:  # enrolled and moved on the same day: the first enrolment was a mistake
        Enrolment.objects.filter(pk__in=same_day).delete()
    for person, _enrolment, row in plan.pupils_to_move:
        enrolments.append(Enrolment(pupil=person, classroom=classroom_for(row), level=row.level,
                                    start_date=start))
    Enrolment.objects.bulk_create(enrolments)

    guardian_people = Person.objects.bulk_create([Person(
        first_name=g.first_name, last_name=g.last_name, usage_name=g.usage_name, email=g.email,
        phone=g.phone, address=g.address, postal_code=g.postal_code, city=g.city)
        for g in plan.guardians_to_create])
    guardian_of_line = {g.line: p for g, p in zip(plan.guardians_to_create, guardian_people,
                                                  strict=True)}
    guardian_of_line.update(plan.guardians_existing)
    links = []
    for guardian_row, child in plan.guardianships_to_create:
        pupil = child if isinstance(child, Person) else person_of_line[child.line]
        links.append(Guardianship(guardian=guardian_of_line[guardian_row.line], pupil=pupil,
                                  relationship=guardian_row.relationship, is_legal=True))
    Guardianship.objects.bulk_create(links, ignore_conflicts=True)
    _residences_update(plan, pupils=[*created, *(p for p, _r, _c in plan.pupils_to_update)],
                       guardians=list(guardian_of_line.values()))
    return plan.summary()


def _residences_update(plan: OndePlan, *, pupils: list[Person],
                       guardians: list[Person]) -> None:
    """Where each family lives, from the addresses just imported: an RPI's communes each
    see the pupils residing in them (R131-3, docs/authority.md)."""
    persons_residence_update(person_ids=[p.pk for p in (*pupils, *guardians)],
                             departement_id=plan.school.commune.departement_id)
