"""The LSU export: the bilans of a period (and the end-of-cycle bilans) as the XML that the
national LSU application imports for the first degree, and the check that says, pupil by
pupil, what blocks it.

The shape of the file (root ``lsun-bilans`` in ``urn:fr:edu:scolarite:lsun:bilans:import``,
``entete`` then ``donnees``) and its codes come from public material listed in
docs/livret.md ("Export LSU et PDF"); ``xsd/import-bilan-1d.xsd`` is the project's schema
of it, and every export of the tests is validated against that schema.

Ids are the database keys with a prefix (ELV, CLA, PER…): the same object has the
same id in every file a school exports. ``gather`` reads everything with a fixed number of
queries, whatever the number of pupils; the caller hands it querysets already filtered by
the access rules (preau/livret/access.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from lxml import etree

from preau.livret.models import (
    CYCLE_OF_LEVEL,
    END_OF_CYCLE_LEVELS,
    BilanDomain,
    BilanState,
    ClassParcours,
    CycleBilan,
    Domain,
    Period,
    PeriodicBilan,
    SocleComponent,
)
from preau.people.models import Enrolment, Guardianship, Person, StaffAssignment, StaffRole
from preau.schools.models import Classroom

NAMESPACE = "urn:fr:edu:scolarite:lsun:bilans:import"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NAMESPACE} import-bilan-1d.xsd"
SCHEMA_VERSION = "1.0"
SCHEMA_FILE = Path(__file__).with_name("xsd") / "import-bilan-1d.xsd"
EDITOR = "Préau"
APPLICATION = "Préau"
INE_PATTERN = re.compile(r"[0-9A-Z]{11}")
EXPORTABLE_STATES = (BilanState.VALIDATED, BilanState.COMMUNICATED)


# --- What an export is made of --------------------------------------------------------------


@dataclass
class LsuData:
    period: Period
    classrooms: list[Classroom]
    # Pupils in the order of the export, each with its classroom for this period.
    pupils: list[Person]
    classroom_of: dict[int, Classroom]
    enrolment_start: dict[int, date]
    bilans: dict[int, PeriodicBilan]  # pupil id → bilan
    with_cycle: bool
    cycle_bilans: dict[int, CycleBilan]  # pupil id → end-of-cycle bilan
    end_of_cycle_pupils: set[int]
    teachers: dict[int, list[Person]]  # classroom id → teachers
    director: Person | None
    guardians: dict[int, list[Person]]
    parcours: dict[int, list[ClassParcours]]  # classroom id → parcours of the period
    domains: dict[str, list[Domain]]  # cycle → top-level domains, subdomains prefetched
    cycle_of: dict[int, str] = field(default_factory=dict)  # pupil id → cycle


def gather(*, period: Period, classrooms: QuerySet[Classroom], bilans: QuerySet[PeriodicBilan],
           cycle_bilans: QuerySet[CycleBilan] | None) -> LsuData:
    """Everything the check and the export read, in a fixed number of queries."""
    classroom_list = list(classrooms.filter(school_id=period.school_id,
                                            school_year_id=period.school_year_id)
                          .order_by("name", "pk"))
    classroom_by_id = {classroom.pk: classroom for classroom in classroom_list}
    enrolments = list(
        Enrolment.objects.filter(classroom_id__in=classroom_by_id, start_date__lte=period.end_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start_date))
        .select_related("pupil").order_by("start_date", "pk"))
    bilan_list = list(
        bilans.filter(period_id=period.pk, classroom_id__in=classroom_by_id)
        .select_related("pupil")
        .prefetch_related(
            Prefetch("domains", queryset=BilanDomain.objects.select_related("domain")
                     .prefetch_related("elements")),
            "accompaniments"))
    cycle_list = [] if cycle_bilans is None else list(
        cycle_bilans.filter(classroom_id__in=classroom_by_id).select_related("pupil")
        .prefetch_related("components"))

    pupils: dict[int, Person] = {}
    classroom_of: dict[int, Classroom] = {}
    enrolment_start: dict[int, date] = {}
    cycle_of: dict[int, str] = {}
    end_of_cycle: set[int] = set()
    for enrolment in enrolments:  # the latest enrolment of the period wins
        pupils[enrolment.pupil_id] = enrolment.pupil
        classroom_of[enrolment.pupil_id] = classroom_by_id[enrolment.classroom_id]
        enrolment_start.setdefault(enrolment.pupil_id, enrolment.start_date)
        cycle_of[enrolment.pupil_id] = CYCLE_OF_LEVEL.get(enrolment.level, "")
        if enrolment.level in END_OF_CYCLE_LEVELS:
            end_of_cycle.add(enrolment.pupil_id)
        else:
            end_of_cycle.discard(enrolment.pupil_id)
    for bilan in bilan_list:
        pupils.setdefault(bilan.pupil_id, bilan.pupil)
        classroom_of[bilan.pupil_id] = classroom_by_id[bilan.classroom_id]
        cycle_of[bilan.pupil_id] = CYCLE_OF_LEVEL.get(bilan.level, cycle_of.get(bilan.pupil_id, ""))
    for cycle_bilan in cycle_list:
        pupils.setdefault(cycle_bilan.pupil_id, cycle_bilan.pupil)
        classroom_of.setdefault(cycle_bilan.pupil_id, classroom_by_id[cycle_bilan.classroom_id])
        end_of_cycle.add(cycle_bilan.pupil_id)

    teachers: dict[int, list[Person]] = defaultdict(list)
    for assignment in (StaffAssignment.objects
                       .filter(role=StaffRole.TEACHER, classroom_id__in=classroom_by_id)
                       .select_related("person").order_by("pk")):
        if assignment.person not in teachers[assignment.classroom_id]:
            teachers[assignment.classroom_id].append(assignment.person)
    director_assignment = (StaffAssignment.objects
                           .filter(role=StaffRole.DIRECTOR, school_id=period.school_id,
                                   school_year_id=period.school_year_id)
                           .select_related("person").order_by("pk").first())
    guardians: dict[int, list[Person]] = defaultdict(list)
    for guardianship in (Guardianship.objects.filter(pupil_id__in=list(pupils))
                         .select_related("guardian").order_by("pk")):
        guardians[guardianship.pupil_id].append(guardianship.guardian)
    parcours: dict[int, list[ClassParcours]] = defaultdict(list)
    for entry in (ClassParcours.objects.filter(classroom_id__in=classroom_by_id,
                                               period_id=period.pk).order_by("code")):
        parcours[entry.classroom_id].append(entry)
    domains: dict[str, list[Domain]] = defaultdict(list)
    for domain in (Domain.objects.filter(parent__isnull=True)
                   .prefetch_related("subdomains").order_by("cycle", "position")):
        domains[domain.cycle].append(domain)

    ordered = sorted(pupils.values(), key=lambda p: (
        classroom_of[p.pk].name, (p.usage_name or p.last_name).casefold(),
        p.first_name.casefold(), p.pk))
    return LsuData(
        period=period, classrooms=classroom_list, pupils=ordered, classroom_of=classroom_of,
        enrolment_start=enrolment_start,
        bilans={bilan.pupil_id: bilan for bilan in bilan_list},
        with_cycle=cycle_bilans is not None,
        cycle_bilans={bilan.pupil_id: bilan for bilan in cycle_list},
        end_of_cycle_pupils=end_of_cycle, teachers=teachers,
        director=director_assignment.person if director_assignment else None,
        guardians=guardians, parcours=parcours, domains=domains, cycle_of=cycle_of)


# --- Domains as LSU sees them ---------------------------------------------------------------


@dataclass
class Rubric:
    """One ``acquis`` of a bilan: a domain (``FRA-RAC``) with its own positionnement, or
    with one per sub-domain. Arts plastiques and éducation musicale are domains of the
    bilan in Préau and sub-domains of ``ART-RAC`` in LSU: their rubric has no domain of its
    own."""

    code: str
    domain: Domain | None
    subdomains: list[Domain]


def rubrics(top_domains: list[Domain]) -> list[Rubric]:
    result: list[Rubric] = []
    grouped: dict[str, Rubric] = {}
    for domain in top_domains:
        subdomains = sorted(domain.subdomains.all(), key=lambda d: d.position)
        if domain.code.endswith("-RAC"):
            result.append(Rubric(code=domain.code, domain=domain, subdomains=subdomains))
            continue
        code = f"{domain.code.split('-')[0]}-RAC"
        if code not in grouped:
            grouped[code] = Rubric(code=code, domain=None, subdomains=[])
            result.append(grouped[code])
        grouped[code].subdomains.append(domain)
    return result


def leaves(top_domains: list[Domain]) -> list[tuple[Domain, str]]:
    """The domains that carry a positionnement (sub-domains, or domains without any), each
    with the label a user reads ("Français — Langage oral")."""
    found = []
    for domain in top_domains:
        subdomains = sorted(domain.subdomains.all(), key=lambda d: d.position)
        if subdomains:
            found += [(sub, f"{domain.label} — {sub.label}") for sub in subdomains]
        else:
            found.append((domain, domain.label))
    return found


# --- The check ------------------------------------------------------------------------------


@dataclass
class PupilCheck:
    pupil: Person
    classroom: Classroom
    blockers: list[str]


def check(data: LsuData) -> list[PupilCheck]:
    """Per pupil, in French, what keeps its bilans out of the export (empty when ready)."""
    period_label = data.period.label
    results = []
    for pupil in data.pupils:
        classroom = data.classroom_of[pupil.pk]
        blockers: list[str] = []
        if not pupil.ine:
            blockers.append("INE manquant")
        elif not INE_PATTERN.fullmatch(pupil.ine):
            blockers.append(f"INE « {pupil.ine} » invalide (11 chiffres ou lettres majuscules)")
        if not classroom.onde_class_id:
            blockers.append(f"Identifiant ONDE de la classe « {classroom.name} » manquant")
        if not data.teachers.get(classroom.pk):
            blockers.append(f"Aucun enseignant affecté à la classe « {classroom.name} »")
        if data.director is None:
            blockers.append("Aucun directeur ni directrice désigné pour l'école cette année")
        bilan = data.bilans.get(pupil.pk)
        if bilan is None:
            blockers.append(f"Aucun bilan périodique pour le {period_label.lower()}")
        else:
            blockers += _bilan_blockers(data, bilan, period_label)
        if data.with_cycle and pupil.pk in data.end_of_cycle_pupils:
            blockers += _cycle_blockers(data.cycle_bilans.get(pupil.pk))
        results.append(PupilCheck(pupil=pupil, classroom=classroom, blockers=blockers))
    return results


def _bilan_blockers(data: LsuData, bilan: PeriodicBilan, period_label: str) -> list[str]:
    blockers = []
    if bilan.state == BilanState.DRAFT:
        blockers.append(f"Bilan du {period_label.lower()} non verrouillé par l'enseignant")
    elif bilan.state == BilanState.LOCKED:
        blockers.append(f"Bilan du {period_label.lower()} verrouillé mais pas encore "
                        "validé par la direction")
    set_domains = {row.domain_id for row in bilan.domains.all() if row.positionnement}
    cycle = data.cycle_of.get(bilan.pupil_id, "")
    for domain, label in leaves(data.domains.get(cycle, [])):
        if domain.pk not in set_domains:
            blockers.append(f"Positionnement manquant : {label}")
    if not bilan.general_appreciation.strip():
        blockers.append("Appréciation générale vide")
    return blockers


def _cycle_blockers(cycle_bilan: CycleBilan | None) -> list[str]:
    if cycle_bilan is None:
        return ["Aucun bilan de fin de cycle"]
    blockers = []
    if cycle_bilan.state == BilanState.DRAFT:
        blockers.append("Bilan de fin de cycle non verrouillé par l'enseignant")
    elif cycle_bilan.state == BilanState.LOCKED:
        blockers.append("Bilan de fin de cycle verrouillé mais pas encore validé par la direction")
    placed = {row.component for row in cycle_bilan.components.all() if row.mastery}
    for component in SocleComponent:
        if component.value not in placed:
            blockers.append(f"Maîtrise manquante au bilan de fin de cycle : {component.label}")
    if not cycle_bilan.synthesis.strip():
        blockers.append("Synthèse du bilan de fin de cycle vide")
    return blockers


def is_ready(checks: list[PupilCheck]) -> bool:
    return bool(checks) and not any(entry.blockers for entry in checks)


# --- The XML --------------------------------------------------------------------------------


def _ref(prefix: str, pk: int) -> str:
    return f"{prefix}_{pk}"


def _sub(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}",
                               {key.replace("_", "-"): value for key, value in attributes.items()
                                if value not in (None, "")})
    if text is not None:
        element.text = text
    return element


def _person(parent, tag: str, prefix: str, person: Person) -> None:
    _sub(parent, tag, id=_ref(prefix, person.pk), nom=person.usage_name or person.last_name,
         prenom=person.first_name)


def _local(moment) -> str:
    return timezone.localtime(moment).replace(microsecond=0, tzinfo=None).isoformat()


def build_xml(data: LsuData) -> bytes:
    """The export of what ``check`` found ready (the caller refuses it otherwise): UTF-8,
    with its XML declaration."""
    period, school_year = data.period, data.period.school_year
    millesime = str(school_year.start_date.year)
    root = etree.Element(f"{{{NAMESPACE}}}lsun-bilans", nsmap={None: NAMESPACE, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    root.set("schemaVersion", SCHEMA_VERSION)
    header = _sub(root, "entete")
    _sub(header, "editeur", EDITOR)
    _sub(header, "application", APPLICATION)
    _sub(header, "etablissement", period.school.uai)
    donnees = _sub(root, "donnees")

    directeurs = _sub(donnees, "directeurs")
    if data.director is not None:
        _person(directeurs, "directeur", "DIR", data.director)
    director_ref = _ref("DIR", data.director.pk) if data.director else ""

    classes = _sub(donnees, "classes")
    used_classrooms = {data.classroom_of[pupil.pk].pk for pupil in data.pupils}
    for classroom in data.classrooms:
        if classroom.pk in used_classrooms:
            _sub(classes, "classe", id=_ref("CLA", classroom.pk),
                 id_be=classroom.onde_class_id, libelle=classroom.name)

    eleves = _sub(donnees, "eleves")
    for pupil in data.pupils:
        _sub(eleves, "eleve", id=_ref("ELV", pupil.pk), ine=pupil.ine or "",
             classe_ref=_ref("CLA", data.classroom_of[pupil.pk].pk),
             nom=pupil.usage_name or pupil.last_name, prenom=pupil.first_name)

    bilans = [data.bilans[pupil.pk] for pupil in data.pupils if pupil.pk in data.bilans]
    if bilans:
        periodes = _sub(donnees, "periodes")
        _sub(periodes, "periode", id=_ref("PER", period.pk), millesime=millesime,
             indice=str(period.index), nb_periodes=str(period.count),
             date_debut=period.start_date.isoformat(), date_fin=period.end_date.isoformat())

    enseignants = _sub(donnees, "enseignants")
    seen_teachers: set[int] = set()
    for classroom in data.classrooms:
        if classroom.pk not in used_classrooms:
            continue
        for teacher in data.teachers.get(classroom.pk, []):
            if teacher.pk not in seen_teachers:
                seen_teachers.add(teacher.pk)
                _person(enseignants, "enseignant", "ENS", teacher)

    elements = {}
    for bilan in bilans:
        for row in bilan.domains.all():
            for element in row.elements.all():
                elements.setdefault(element.pk, element)
    if elements:
        container = _sub(donnees, "elements-programme")
        for element in sorted(elements.values(), key=lambda e: (e.domain_id, e.position, e.pk)):
            _sub(container, "element-programme", id=_ref("EP", element.pk),
                 libelle=element.label[:300])

    if bilans and any(data.parcours.get(c.pk) for c in data.classrooms if c.pk in used_classrooms):
        communs = _sub(donnees, "parcours-communs")
        for classroom in data.classrooms:
            if classroom.pk in used_classrooms and data.parcours.get(classroom.pk):
                commun = _sub(communs, "parcours-commun", periode_ref=_ref("PER", period.pk),
                              classe_ref=_ref("CLA", classroom.pk))
                for entry in data.parcours[classroom.pk]:
                    _sub(commun, "parcours", entry.project, code=entry.code)

    if bilans:
        container = _sub(donnees, "bilans-periodiques")
        for bilan in bilans:
            _periodic_bilan(container, data, bilan, director_ref)

    cycle_bilans = [data.cycle_bilans[p.pk] for p in data.pupils
                    if data.with_cycle and p.pk in data.cycle_bilans]
    if cycle_bilans:
        container = _sub(donnees, "bilans-cycle")
        for cycle_bilan in cycle_bilans:
            _cycle_bilan(container, data, cycle_bilan, director_ref, millesime)

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _teacher_refs(data: LsuData, classroom_id: int) -> str:
    return " ".join(_ref("ENS", t.pk) for t in data.teachers.get(classroom_id, []))


def _element_refs(row: BilanDomain | None) -> str:
    if row is None:
        return ""
    return " ".join(_ref("EP", e.pk) for e in sorted(row.elements.all(), key=lambda e: e.pk))


def _responsables(parent, guardians: list[Person]) -> None:
    if guardians:
        container = _sub(parent, "responsables")
        for guardian in guardians:
            _sub(container, "responsable", nom=guardian.usage_name or guardian.last_name,
                 prenom=guardian.first_name)


def _periodic_bilan(parent, data: LsuData, bilan: PeriodicBilan, director_ref: str) -> None:
    period = data.period
    start = max(period.start_date, data.enrolment_start.get(bilan.pupil_id, period.start_date))
    node = _sub(parent, "bilan-periodique", eleve_ref=_ref("ELV", bilan.pupil_id),
                periode_ref=_ref("PER", period.pk),
                date_creation=timezone.localtime(bilan.created_at).date().isoformat(),
                date_verrou=_local(bilan.locked_at) if bilan.locked_at else "",
                date_scolarite=start.isoformat(), directeur_ref=director_ref,
                enseignant_refs=_teacher_refs(data, bilan.classroom_id))
    rows = {row.domain_id: row for row in bilan.domains.all()}
    liste = _sub(node, "liste-acquis")
    for rubric in rubrics(data.domains.get(data.cycle_of.get(bilan.pupil_id, ""), [])):
        own = rows.get(rubric.domain.pk) if rubric.domain else None
        sub_rows = [(sub, rows.get(sub.pk)) for sub in rubric.subdomains]
        if rubric.subdomains:
            if not any(row and row.positionnement for _, row in sub_rows):
                continue
            acquis = _sub(liste, "acquis", code_domaine=rubric.code)
        else:
            if own is None or not own.positionnement:
                continue
            acquis = _sub(liste, "acquis", code_domaine=rubric.code,
                          positionnement=str(own.positionnement),
                          element_programme_refs=_element_refs(own))
        appreciation = (own.appreciation.strip() if own else "") or " ".join(
            row.appreciation.strip() for _, row in sub_rows if row and row.appreciation.strip())
        if appreciation:
            _sub(acquis, "appreciation", appreciation)
        if rubric.subdomains:
            container = _sub(acquis, "sous-domaines")
            for sub, row in sub_rows:
                if row and row.positionnement:
                    _sub(container, "sous-domaine", code_domaine=sub.code,
                         positionnement=str(row.positionnement),
                         element_programme_refs=_element_refs(row))
    parcours = data.parcours.get(bilan.classroom_id, [])
    if parcours:
        container = _sub(node, "liste-parcours")
        for entry in parcours:
            _sub(container, "parcours", entry.project, code=entry.code)
    accompaniments = sorted(bilan.accompaniments.all(), key=lambda a: a.code)
    if accompaniments:
        container = _sub(node, "modalites-accompagnement")
        for accompaniment in accompaniments:
            modalite = _sub(container, "modalite-accompagnement", code=accompaniment.code)
            if accompaniment.ppre_complement.strip():
                _sub(modalite, "complement-ppre", accompaniment.ppre_complement.strip())
    _sub(node, "appreciation-generale", bilan.general_appreciation.strip())
    _responsables(node, data.guardians.get(bilan.pupil_id, []))


def _cycle_bilan(parent, data: LsuData, bilan: CycleBilan, director_ref: str,
                 millesime: str) -> None:
    node = _sub(parent, "bilan-cycle", eleve_ref=_ref("ELV", bilan.pupil_id), cycle=bilan.cycle,
                millesime=millesime,
                date_creation=timezone.localtime(bilan.created_at).date().isoformat(),
                date_verrou=_local(bilan.locked_at) if bilan.locked_at else "",
                directeur_ref=director_ref,
                enseignant_refs=_teacher_refs(data, bilan.classroom_id))
    socle = _sub(node, "socle")
    mastery = {row.component: row.mastery for row in bilan.components.all() if row.mastery}
    for component in SocleComponent:
        if component.value in mastery:
            _sub(socle, "domaine", code=component.value,
                 positionnement=str(mastery[component.value]))
    _sub(node, "synthese", bilan.synthesis.strip())
    _responsables(node, data.guardians.get(bilan.pupil_id, []))


# --- The schema -----------------------------------------------------------------------------


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def schema_errors(xml: bytes) -> list[str]:
    """What the project's XSD finds wrong with an export (empty when it validates)."""
    validator = schema()
    document = etree.fromstring(xml)
    if validator.validate(document):
        return []
    return [f"ligne {error.line} : {error.message}" for error in validator.error_log]
