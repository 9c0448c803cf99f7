"""Import of the ministry's Annuaire de l'éducation (CSV export) into the territory and schools.

One row of the file is one establishment. Only open écoles élémentaires and primaires are
kept (maternelles on request); each kept row creates or updates its académie, département,
circonscription, commune and school. Keys: the UAI for schools, the codes for the rest,
so that running the same file twice changes nothing.

A bad row is rejected with its physical line number (the header is line 1) and a reason;
the other rows go on. Each written row has its own savepoint; an unchanged row costs no
query (the territory is cached, existing schools are loaded once and compared in Python).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import DatabaseError, models, transaction
from tqdm import tqdm

from preau.common.errors import ApplicationError
from preau.imports.territory import (
    ALSACE_MOSELLE_DEPARTEMENTS,
    AcademieInfo,
    academie_info,
    normalize_academie_code,
    normalize_label,
    reference_circonscriptions,
)
from preau.schools.models import (
    Academie,
    Circonscription,
    Commune,
    Departement,
    School,
    SchoolKind,
    Sector,
)

# --- Columns ---------------------------------------------------------------------------

UAI = "Identifiant_de_l_etablissement"
NAME = "Nom_etablissement"
TYPE = "Type_etablissement"
SECTOR = "Statut_public_prive"
ADDRESS = "Adresse_1"
POSTAL_CODE = "Code_postal"
COMMUNE_CODE = "Code_commune"
COMMUNE_NAME = "Nom_commune"
DEPARTEMENT_CODE = "Code_departement"
DEPARTEMENT_NAME = "Libelle_departement"
ACADEMIE_CODE = "Code_academie"
ACADEMIE_NAME = "Libelle_academie"
MATERNELLE = "Ecole_maternelle"
ELEMENTAIRE = "Ecole_elementaire"
CANTEEN = "Restauration"
CIRCONSCRIPTION_NAME = "nom_circonscription"
CIRCONSCRIPTION_CODE = "code_circonscription"
LATITUDE = "latitude"
LONGITUDE = "longitude"
RPI_CONCENTRE = "rpi_concentre"
RPI_DISPERSE = "rpi_disperse"
STATE = "etat"
OPENING_DATE = "date_ouverture"

COLUMNS = (
    UAI, NAME, TYPE, SECTOR, ADDRESS, POSTAL_CODE, COMMUNE_CODE, COMMUNE_NAME,
    DEPARTEMENT_CODE, DEPARTEMENT_NAME, ACADEMIE_CODE, ACADEMIE_NAME, MATERNELLE,
    ELEMENTAIRE, CANTEEN, CIRCONSCRIPTION_NAME, CIRCONSCRIPTION_CODE, LATITUDE, LONGITUDE,
    RPI_CONCENTRE, RPI_DISPERSE, STATE, OPENING_DATE,
)  # fmt: skip
REQUIRED_COLUMNS = (
    UAI, NAME, TYPE, COMMUNE_CODE, COMMUNE_NAME, DEPARTEMENT_CODE, ACADEMIE_CODE,
    MATERNELLE, ELEMENTAIRE,
)  # fmt: skip
# Older exports (e.g. the Ille-et-Vilaine one) spell some columns differently.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {POSTAL_CODE: ("Code postal",)}

SCHOOL_TYPE = "Ecole"
OPEN_STATE = "OUVERT"

UAI_PATTERN = re.compile(r"\d{7}[A-Z]")
UAI_KEY_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
COMMUNE_PATTERN = re.compile(r"\d{5}|2[AB]\d{3}")
DEPARTEMENT_PATTERN = re.compile(r"\d{3}|02[AB]")
CIRCONSCRIPTION_PATTERN = re.compile(r"[0-9A-Z]{8}")
POSTAL_CODE_PATTERN = re.compile(r"\d{5}")
COORDINATE_STEP = Decimal("0.000001")

# Fields of School the import owns; the rest (week pattern, bell times…) belong to the
# school and are never touched.
SCHOOL_FIELDS = (
    "name", "kind", "sector", "commune_id", "circonscription_id", "holiday_zone", "address",
    "postal_code", "latitude", "longitude", "has_canteen", "is_rpi",
)  # fmt: skip


class AnnuaireFileError(ApplicationError):
    """The file as a whole cannot be imported (missing, unreadable, wrong header)."""

    default_code = "annuaire_file_invalid"


@dataclass(frozen=True)
class RowIssue:
    line: int
    uai: str
    reason: str

    def __str__(self) -> str:
        uai = f" (UAI {self.uai})" if self.uai else ""
        return f"Ligne {self.line}{uai} : {self.reason}"


@dataclass
class AnnuaireReport:
    """What an import did. ``unchanged`` rows are counted apart, never as updated."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    skipped_reasons: Counter[str] = field(default_factory=Counter)
    territory_created: Counter[str] = field(default_factory=Counter)
    territory_updated: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False
    school_uais: list[str] = field(default_factory=list)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def summary_line(self) -> str:
        return (
            f"Écoles : {self.created} créées, {self.updated} mises à jour, "
            f"{self.skipped} ignorées, {self.rejected_count} rejetées"
        )

    def territory_line(self) -> str:
        def part(counter: Counter[str]) -> str:
            return ", ".join(f"{label} {counter[kind]}" for kind, label in _TERRITORY_LABELS)

        return (
            f"Territoire — créés : {part(self.territory_created)} ; "
            f"mis à jour : {part(self.territory_updated)}"
        )


_TERRITORY_LABELS = (
    ("academie", "académies"),
    ("departement", "départements"),
    ("circonscription", "circonscriptions"),
    ("commune", "communes"),
)


# --- Reading and checking rows -------------------------------------------------------


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Skipped(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NeedsWrite(Exception):
    """Raised by a read-only resolution when the row would change the database."""


@dataclass(frozen=True)
class _Row:
    line: int
    uai: str
    name: str
    kind: str
    sector: str
    address: str
    postal_code: str
    commune_code: str
    commune_name: str
    departement_code: str
    departement_name: str
    academie: AcademieInfo
    academie_code: str
    academie_name: str
    circonscription_code: str
    circonscription_name: str
    latitude: Decimal | None
    longitude: Decimal | None
    has_canteen: bool
    is_rpi: bool
    rpi_code: str


def _read_text(path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes]) -> str:
    if isinstance(path_or_file, str | os.PathLike):
        path = Path(path_or_file)
        if not path.is_file():
            raise AnnuaireFileError(f"Fichier introuvable : {path}")
        data: str | bytes = path.read_bytes()
    else:
        data = path_or_file.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnnuaireFileError(
                f"Le fichier n'est pas encodé en UTF-8 (octet invalide à la position {exc.start})."
            ) from exc
    return data.removeprefix("\ufeff")


def _column_index(header: list[str]) -> dict[str, int]:
    positions = {name.strip().removeprefix("\ufeff"): i for i, name in enumerate(header)}
    folded = {name.casefold(): i for name, i in positions.items()}
    index: dict[str, int] = {}
    for column in COLUMNS:
        for candidate in (column, *COLUMN_ALIASES.get(column, ())):
            position = positions.get(candidate, folded.get(candidate.casefold()))
            if position is not None:
                index[column] = position
                break
    missing = [column for column in REQUIRED_COLUMNS if column not in index]
    if CIRCONSCRIPTION_CODE not in index and CIRCONSCRIPTION_NAME not in index:
        missing.append(f"{CIRCONSCRIPTION_CODE} (ou {CIRCONSCRIPTION_NAME})")
    if missing:
        hint = ""
        if len(header) == 1 and "," in header[0]:
            hint = " Le séparateur attendu est « ; », le fichier semble utiliser « , »."
        raise AnnuaireFileError(
            "En-tête incomplet : colonne(s) obligatoire(s) absente(s) : "
            + ", ".join(missing)
            + ". Le fichier doit être un export de l'Annuaire de l'éducation."
            + hint
        )
    return index


def _records(text: str) -> Iterable[tuple[int, list[str]]]:
    """(physical line where the record starts, fields); the header is line 1."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    previous_end = 0
    for record in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        yield start, record


def _flag(value: str, column: str, *, default: bool = False) -> bool:
    if value == "":
        return default
    if value in {"0", "1"}:
        return value == "1"
    raise _Rejected(f"valeur « {value} » invalide pour {column} (0 ou 1 attendu)")


def _coordinates(latitude: str, longitude: str) -> tuple[Decimal | None, Decimal | None]:
    if not latitude and not longitude:
        return None, None
    if not latitude or not longitude:
        raise _Rejected("coordonnées incomplètes (latitude et longitude vont ensemble)")
    try:
        lat = float(latitude.replace(",", "."))
        lon = float(longitude.replace(",", "."))
    except ValueError:
        raise _Rejected(f"coordonnées invalides « {latitude} ; {longitude} »") from None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise _Rejected(f"coordonnées hors limites « {latitude} ; {longitude} »")
    return (
        Decimal(repr(lat)).quantize(COORDINATE_STEP),
        Decimal(repr(lon)).quantize(COORDINATE_STEP),
    )


def _opening_date(value: str) -> date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise _Rejected(f"date d'ouverture invalide « {value} »")


def _departement_code(raw: str) -> str:
    code = raw.strip().upper()
    if code in {"2A", "2B"}:
        code = "0" + code
    elif code.isdigit() and len(code) < 3:
        code = code.zfill(3)
    if not DEPARTEMENT_PATTERN.fullmatch(code):
        raise _Rejected(f"code département invalide « {raw} »")
    return code


def _sector(value: str) -> str:
    label = normalize_label(value)
    if label == "public":
        return Sector.PUBLIC
    if label.startswith("prive"):
        return Sector.PRIVATE
    if not value:
        raise _Rejected("statut public/privé manquant")
    raise _Rejected(f"statut public/privé inconnu « {value} »")


def _text(value: str, *, limit: int, what: str, required: bool = True) -> str:
    if required and not value:
        raise _Rejected(f"{what} manquant")
    if len(value) > limit:
        raise _Rejected(f"{what} trop long ({len(value)} caractères, {limit} au plus)")
    return value


def _parse(line: int, raw: dict[str, str], *, include_maternelles: bool, has_sector: bool) -> _Row:
    """Check one record. Raises _Skipped (not a school we keep) or _Rejected (bad data)."""
    if raw[TYPE] != SCHOOL_TYPE:
        raise _Skipped(f"type d'établissement « {raw[TYPE] or 'vide'} »")
    state = raw[STATE]
    if state and state != OPEN_STATE:
        raise _Skipped(f"état « {state} »")
    has_maternelle = _flag(raw[MATERNELLE], MATERNELLE)
    has_elementaire = _flag(raw[ELEMENTAIRE], ELEMENTAIRE)
    if has_elementaire:
        kind = SchoolKind.PRIMAIRE if has_maternelle else SchoolKind.ELEMENTAIRE
    elif has_maternelle:
        if not include_maternelles:
            raise _Skipped("école maternelle")
        kind = SchoolKind.MATERNELLE
    else:
        raise _Skipped("ni maternelle ni élémentaire")

    uai = raw[UAI].upper()
    if not uai:
        raise _Rejected("UAI manquant")
    if not UAI_PATTERN.fullmatch(uai):
        raise _Rejected(f"UAI invalide « {raw[UAI]} » (7 chiffres et une lettre attendus)")

    commune_code = raw[COMMUNE_CODE].upper()
    if not commune_code:
        raise _Rejected("code commune (INSEE) manquant")
    if not COMMUNE_PATTERN.fullmatch(commune_code):
        raise _Rejected(f"code commune (INSEE) invalide « {raw[COMMUNE_CODE]} »")
    if not raw[DEPARTEMENT_CODE]:
        raise _Rejected("code département manquant")
    departement_code = _departement_code(raw[DEPARTEMENT_CODE])

    academie = academie_info(code=raw[ACADEMIE_CODE], label=raw[ACADEMIE_NAME])
    if academie is None:
        raise _Rejected(
            f"académie inconnue (code « {raw[ACADEMIE_CODE]} », libellé « {raw[ACADEMIE_NAME]} »)"
        )
    if academie.zone is None:
        raise _Rejected(
            f"académie de {academie.name} : calendrier scolaire propre, hors des zones A, B, C "
            "(non pris en charge)"
        )

    circonscription_code = raw[CIRCONSCRIPTION_CODE].upper()
    circonscription_name = raw[CIRCONSCRIPTION_NAME]
    if not circonscription_code and not circonscription_name:
        raise _Rejected("circonscription manquante")
    if circonscription_code and not CIRCONSCRIPTION_PATTERN.fullmatch(circonscription_code):
        raise _Rejected(f"code de circonscription invalide « {raw[CIRCONSCRIPTION_CODE]} »")

    postal_code = raw[POSTAL_CODE]
    if postal_code and not POSTAL_CODE_PATTERN.fullmatch(postal_code):
        raise _Rejected(f"code postal invalide « {postal_code} »")
    latitude, longitude = _coordinates(raw[LATITUDE], raw[LONGITUDE])
    _opening_date(raw[OPENING_DATE])
    rpi_code = raw[RPI_DISPERSE] if raw[RPI_DISPERSE] not in {"", "0"} else ""

    return _Row(
        line=line,
        uai=uai,
        name=_text(raw[NAME], limit=200, what="nom de l'école"),
        kind=kind,
        sector=_sector(raw[SECTOR]) if has_sector else Sector.PUBLIC,
        address=_text(raw[ADDRESS], limit=250, what="adresse", required=False),
        postal_code=postal_code,
        commune_code=commune_code,
        commune_name=_text(raw[COMMUNE_NAME], limit=150, what="nom de commune"),
        departement_code=departement_code,
        departement_name=_text(
            raw[DEPARTEMENT_NAME], limit=100, what="libellé du département", required=False
        ),
        academie=academie,
        academie_code=normalize_academie_code(raw[ACADEMIE_CODE]) or academie.code,
        academie_name=_text(
            raw[ACADEMIE_NAME], limit=100, what="libellé de l'académie", required=False
        ),
        circonscription_code=circonscription_code,
        circonscription_name=_text(
            circonscription_name, limit=150, what="nom de circonscription", required=False
        ),
        latitude=latitude,
        longitude=longitude,
        has_canteen=_flag(raw[CANTEEN], CANTEEN, default=True),
        is_rpi=_flag(raw[RPI_CONCENTRE], RPI_CONCENTRE) or bool(rpi_code),
        rpi_code=rpi_code,
    )


def _uai_key_warning(uai: str) -> str | None:
    expected = UAI_KEY_LETTERS[int(uai[:7]) % 23]
    if uai[7] != expected:
        return f"clé de contrôle de l'UAI inattendue (« {expected} » attendue) ; école importée"
    return None


# --- The territory, cached -------------------------------------------------------------


class _Territory:
    """Académies, départements, circonscriptions and communes, loaded once and kept in dicts.

    Creations and updates made inside a row's savepoint are journaled, so that a row
    rolled back also leaves the caches and the counters as they were.
    """

    def __init__(self, report: AnnuaireReport) -> None:
        self.report = report
        self.academies = {obj.code: obj for obj in Academie.objects.all()}
        self.departements = {obj.code: obj for obj in Departement.objects.all()}
        self.communes = {obj.insee_code: obj for obj in Commune.objects.all()}
        self.circonscriptions = {obj.code: obj for obj in Circonscription.objects.all()}
        departement_codes = {obj.pk: code for code, obj in self.departements.items()}
        self.circonscriptions_by_name = {
            (departement_codes[obj.departement_id], normalize_label(obj.name)): obj
            for obj in self.circonscriptions.values()
        }
        self._undo: list[Callable[[], None]] = []
        self._created: Counter[str] = Counter()
        self._updated: Counter[str] = Counter()

    def commit(self) -> None:
        self.report.territory_created.update(self._created)
        self.report.territory_updated.update(self._updated)
        self._forget()

    def rollback(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._forget()

    def _forget(self) -> None:
        self._undo.clear()
        self._created.clear()
        self._updated.clear()

    def _upsert(
        self,
        *,
        kind: str,
        cache: dict[str, Any],
        model: type[models.Model],
        key_field: str,
        key: str,
        values: dict[str, Any],
        create_values: dict[str, Any],
        write: bool,
    ) -> Any:
        obj = cache.get(key)
        if obj is None:
            if not write:
                raise _NeedsWrite
            obj = model.objects.create(**{key_field: key, **create_values, **values})
            cache[key] = obj
            self._undo.append(lambda: cache.pop(key, None))
            self._created[kind] += 1
            return obj
        changed = {name: value for name, value in values.items() if getattr(obj, name) != value}
        if changed:
            if not write:
                raise _NeedsWrite
            previous = {name: getattr(obj, name) for name in changed}
            for name, value in changed.items():
                setattr(obj, name, value)
            obj.save(update_fields=list(changed))
            self._undo.append(lambda: [setattr(obj, n, v) for n, v in previous.items()])
            self._updated[kind] += 1
        return obj

    def academie(self, row: _Row, *, write: bool) -> Academie:
        name = row.academie_name or row.academie.name
        return self._upsert(
            kind="academie", cache=self.academies, model=Academie, key_field="code",
            key=row.academie_code, values={"name": name}, create_values={}, write=write,
        )  # fmt: skip

    def departement(self, row: _Row, academie: Academie, *, write: bool) -> Departement:
        values: dict[str, Any] = {
            "academie_id": academie.pk,
            "is_alsace_moselle": row.departement_code in ALSACE_MOSELLE_DEPARTEMENTS,
        }
        if row.departement_name:
            values["name"] = row.departement_name
        return self._upsert(
            kind="departement", cache=self.departements, model=Departement, key_field="code",
            key=row.departement_code, values=values,
            create_values={"name": row.departement_code}, write=write,
        )  # fmt: skip

    def commune(self, row: _Row, departement: Departement, *, write: bool) -> Commune:
        return self._upsert(
            kind="commune", cache=self.communes, model=Commune, key_field="insee_code",
            key=row.commune_code,
            values={"name": row.commune_name, "departement_id": departement.pk},
            create_values={}, write=write,
        )  # fmt: skip

    def circonscription(
        self, row: _Row, departement: Departement, *, write: bool
    ) -> Circonscription:
        values: dict[str, Any] = {"departement_id": departement.pk}
        code = row.circonscription_code
        if code:
            if row.circonscription_name:
                values["name"] = row.circonscription_name
            create_name = row.circonscription_name or f"Circonscription {code}"
        else:
            # No code in the file: find the circonscription by its name, among the known
            # ones of the département, then in the bundled reference extract.
            by_name = (departement.code, normalize_label(row.circonscription_name))
            known = self.circonscriptions_by_name.get(by_name)
            reference = reference_circonscriptions().get(by_name)
            if known is not None:
                code = known.code
            elif reference is not None:
                code = reference[0]
            else:
                raise _Rejected(
                    f"circonscription « {row.circonscription_name} » : code absent du fichier "
                    "et inconnu du référentiel"
                )
            create_name = row.circonscription_name
        is_new = code not in self.circonscriptions
        obj = self._upsert(
            kind="circonscription", cache=self.circonscriptions, model=Circonscription,
            key_field="code", key=code, values=values, create_values={"name": create_name},
            write=write,
        )  # fmt: skip
        name_key = (departement.code, normalize_label(obj.name))
        if self.circonscriptions_by_name.get(name_key) is not obj:
            previous = self.circonscriptions_by_name.get(name_key)
            self.circonscriptions_by_name[name_key] = obj
            if is_new:
                self._undo.append(lambda: self._restore_name(name_key, previous))
        return obj

    def _restore_name(self, key: tuple[str, str], previous: Circonscription | None) -> None:
        if previous is None:
            self.circonscriptions_by_name.pop(key, None)
        else:
            self.circonscriptions_by_name[key] = previous


# --- The import --------------------------------------------------------------------------


class _Importer:
    def __init__(self, *, report: AnnuaireReport, progress: bool) -> None:
        self.report = report
        self.progress = progress
        self.territory = _Territory(report)

    def school_values(self, row: _Row, *, write: bool) -> dict[str, Any]:
        academie = self.territory.academie(row, write=write)
        departement = self.territory.departement(row, academie, write=write)
        circonscription = self.territory.circonscription(row, departement, write=write)
        commune = self.territory.commune(row, departement, write=write)
        return {
            "name": row.name,
            "kind": row.kind,
            "sector": row.sector,
            "commune_id": commune.pk,
            "circonscription_id": circonscription.pk,
            "holiday_zone": row.academie.zone,
            "address": row.address,
            "postal_code": row.postal_code,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "has_canteen": row.has_canteen,
            "is_rpi": row.is_rpi,
        }

    def write_rows(self, rows: list[_Row]) -> list[tuple[_Row, School, str]]:
        existing = _schools_by_uai([row.uai for row in rows])
        done: list[tuple[_Row, School, str]] = []
        for row in tqdm(rows, disable=not self.progress, unit=" école", desc="Annuaire"):
            school = existing.get(row.uai)
            try:
                if school is not None and self._is_unchanged(row, school):
                    done.append((row, school, "unchanged"))
                    continue
                with transaction.atomic():
                    school, outcome = self._write(row, school)
            except _Rejected as exc:
                self.territory.rollback()
                self.report.rejected.append(RowIssue(row.line, row.uai, exc.reason))
                continue
            except DatabaseError as exc:
                self.territory.rollback()
                reason = f"erreur d'enregistrement : {exc}".strip()
                self.report.rejected.append(RowIssue(row.line, row.uai, reason))
                continue
            self.territory.commit()
            existing[row.uai] = school
            done.append((row, school, outcome))
        return done

    def _is_unchanged(self, row: _Row, school: School) -> bool:
        try:
            values = self.school_values(row, write=False)
        except _NeedsWrite:
            return False
        return not _changed_fields(school, values)

    def _write(self, row: _Row, school: School | None) -> tuple[School, str]:
        values = self.school_values(row, write=True)
        if school is None:
            return School.objects.create(uai=row.uai, **values), "created"
        changed = _changed_fields(school, values)
        if not changed:
            return school, "unchanged"  # only the territory moved (e.g. a commune renamed)
        for name in changed:
            setattr(school, name, values[name])
        school.save(update_fields=[*changed, "updated_at"])
        return school, "updated"

    def link_rpi_partners(self, done: list[tuple[_Row, School, str]]) -> dict[str, str]:
        """Schools of one RPI dispersé get the communes of their partner schools.

        Partners are only added: an RPI may span several files (or départements), so an
        import never removes a partner commune; that is done by hand in the admin.
        """
        groups: dict[str, list[School]] = defaultdict(list)
        for row, school, _outcome in done:
            if row.rpi_code:
                groups[row.rpi_code].append(school)
        members = [school for group in groups.values() if len(group) > 1 for school in group]
        if not members:
            return {}
        linked: dict[int, set[int]] = defaultdict(set)
        through = School.rpi_communes.through
        for school_id, commune_id in through.objects.filter(
            school_id__in=[school.pk for school in members]
        ).values_list("school_id", "commune_id"):
            linked[school_id].add(commune_id)
        outcomes: dict[str, str] = {}
        for group in groups.values():
            if len(group) < 2:
                continue
            communes = {school.commune_id for school in group}
            for school in group:
                missing = communes - {school.commune_id} - linked[school.pk]
                if missing:
                    with transaction.atomic():
                        school.rpi_communes.add(*sorted(missing))
                    outcomes[school.uai] = "updated"
        return outcomes


def _changed_fields(school: School, values: dict[str, Any]) -> list[str]:
    return [name for name in SCHOOL_FIELDS if getattr(school, name) != values[name]]


def _schools_by_uai(uais: list[str], *, chunk: int = 500) -> dict[str, School]:
    found: dict[str, School] = {}
    for start in range(0, len(uais), chunk):
        for school in School.objects.filter(uai__in=uais[start : start + chunk]):
            found[school.uai] = school
    return found


@transaction.atomic
def annuaire_import(
    *,
    path_or_file: str | os.PathLike[str] | IO[str] | IO[bytes],
    include_maternelles: bool = False,
    dry_run: bool = False,
    progress: bool = False,
) -> AnnuaireReport:
    """Create or update the schools of an Annuaire de l'éducation export.

    Raises ``AnnuaireFileError`` when the file cannot be read or lacks a required column;
    bad rows are not errors: they are listed in ``report.rejected``. With ``dry_run``
    everything is computed, then rolled back.
    """
    report = AnnuaireReport(dry_run=dry_run)
    records = iter(_records(_read_text(path_or_file)))
    header = next(records, None)
    if header is None or not any(field.strip() for field in header[1]):
        raise AnnuaireFileError("Le fichier est vide : en-tête absent.")
    header_fields = header[1]
    index = _column_index(header_fields)
    has_sector = SECTOR in index

    rows: list[_Row] = []
    first_line_of: dict[str, int] = {}
    for line, record in records:
        if not any(value.strip() for value in record):
            continue  # blank line
        report.rows += 1
        uai = record[index[UAI]].strip().upper() if len(record) > index[UAI] else ""
        if len(record) != len(header_fields):
            reason = f"ligne mal formée : {len(record)} champs au lieu de {len(header_fields)}"
            report.rejected.append(RowIssue(line, uai, reason))
            continue
        raw = {
            column: record[index[column]].strip() if column in index else "" for column in COLUMNS
        }
        try:
            row = _parse(line, raw, include_maternelles=include_maternelles, has_sector=has_sector)
        except _Skipped as exc:
            report.skipped += 1
            report.skipped_reasons[exc.reason] += 1
            continue
        except _Rejected as exc:
            report.rejected.append(RowIssue(line, uai, exc.reason))
            continue
        if row.uai in first_line_of:
            reason = f"UAI en double dans le fichier (déjà ligne {first_line_of[row.uai]})"
            report.rejected.append(RowIssue(line, row.uai, reason))
            continue
        first_line_of[row.uai] = line
        warning = _uai_key_warning(row.uai)
        if warning:
            report.warnings.append(RowIssue(line, row.uai, warning))
        rows.append(row)

    importer = _Importer(report=report, progress=progress)
    done = importer.write_rows(rows)
    rpi_outcomes = importer.link_rpi_partners(done)
    for row, _school, outcome in done:
        if outcome == "unchanged":
            outcome = rpi_outcomes.get(row.uai, outcome)
        if outcome == "created":
            report.created += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
        report.school_uais.append(row.uai)
    report.rejected.sort(key=lambda issue: issue.line)

    if dry_run:
        transaction.set_rollback(True)
    return report
