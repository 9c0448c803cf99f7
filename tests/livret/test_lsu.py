"""The LSU export of a school's bilans: the file validates against the project's XSD, and
the check names, pupil by pupil, what blocks it."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from lxml import etree

from preau.livret import lsu
from preau.livret.models import BilanDomain, BilanState, Domain
from preau.schools.models import SchoolYear
from tests.factories import ClassroomFactory, DirectorAssignmentFactory
from tests.factories.livret import PeriodicBilanFactory, trimesters
from tests.livret.lsu_scope import livret_ready

pytestmark = pytest.mark.django_db

NS = {"l": lsu.NAMESPACE}
CHECK = reverse("livret:lsu-check")
EXPORT = reverse("livret:lsu-export")


def _period(world, school="A"):
    return world.extra["lsu_period"][school]


def _export(client_for, world, role="director", **params):
    return client_for(role).get(EXPORT, {"period": _period(world).pk, **params})


def _check(client_for, world, role="director", **params):
    return client_for(role).get(CHECK, {"period": _period(world).pk, **params})


def _blockers(response, pupil) -> list[str]:
    return next((entry["blockers"] for entry in response.json()["pupils"]
                 if entry["id"] == pupil.pk), [])


def test_the_schools_export_validates_against_the_projects_schema(world, client_for):
    livret_ready(world, extra_pupils=3)

    response = _export(client_for, world)

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/xml")
    assert response["Content-Disposition"].startswith('attachment; filename="lsu-0940001A-')
    assert lsu.schema_errors(response.content) == []
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{lsu.NAMESPACE}}}lsun-bilans"
    assert root.get("schemaVersion") == "1.0"
    assert root.get(f"{{{lsu.XSI}}}schemaLocation").endswith(" import-bilan-1d.xsd")
    assert root.findtext("l:entete/l:etablissement", namespaces=NS) == "0940001A"
    sections = [etree.QName(child).localname for child in root.find("l:donnees", NS)]
    assert sections == ["directeurs", "classes", "eleves", "periodes", "enseignants",
                        "elements-programme", "parcours-communs", "bilans-periodiques"]
    # School A only: its two classes, its five pupils, never school B's.
    assert [c.get("libelle") for c in root.iterfind(".//l:classe", NS)] == ["CE2 A", "CM1-CM2"]
    pupils = root.findall(".//l:eleve", NS)
    assert len(pupils) == 5
    assert "Petit" not in {pupil.get("nom") for pupil in pupils}
    lea = next(p for p in pupils if p.get("prenom") == "Léa")
    assert lea.get("ine") == world.pupils["A1"].ine
    assert lea.get("classe-ref") == f"CLA_{world.classrooms['A1'].pk}"
    assert len(root.findall(".//l:bilan-periodique", NS)) == 5


def test_a_bilan_carries_its_domains_with_lsu_codes(world, client_for):
    bilans = livret_ready(world)
    bilan = bilans["A1"]

    root = etree.fromstring(_export(client_for, world).content)

    node = root.find(f".//l:bilan-periodique[@eleve-ref='ELV_{bilan.pupil_id}']", NS)
    codes = [acquis.get("code-domaine") for acquis in node.iterfind("l:liste-acquis/l:acquis", NS)]
    assert codes == ["FRA-RAC", "MAT-RAC", "LGV-RAC", "EPS-RAC", "ART-RAC", "QLM-RAC", "EMC-RAC"]
    french = node.find("l:liste-acquis/l:acquis[@code-domaine='FRA-RAC']", NS)
    assert french.get("positionnement") is None
    subdomains = {sub.get("code-domaine"): sub for sub in french.iterfind(".//l:sous-domaine", NS)}
    assert list(subdomains) == ["FRA-LGO", "FRA-LEC", "FRA-ECR", "FRA-ETL"]
    oral = BilanDomain.objects.get(bilan=bilan, domain__code="FRA-LGO")
    assert subdomains["FRA-LGO"].get("positionnement") == str(oral.positionnement)
    refs = subdomains["FRA-LGO"].get("element-programme-refs").split()
    assert refs == [f"EP_{element.pk}" for element in oral.elements.order_by("pk")]
    assert {e.get("id") for e in root.iterfind(".//l:element-programme", NS)} >= set(refs)
    arts = node.find("l:liste-acquis/l:acquis[@code-domaine='ART-RAC']", NS)
    assert [s.get("code-domaine") for s in arts.iterfind(".//l:sous-domaine", NS)] == [
        "ART-PLA", "ART-MUS"]
    eps = node.find("l:liste-acquis/l:acquis[@code-domaine='EPS-RAC']", NS)
    assert eps.get("positionnement") in {"1", "2", "3", "4"}
    assert node.findtext("l:appreciation-generale", namespaces=NS).startswith("Léa a fourni")
    assert [m.get("code") for m in node.iterfind(".//l:modalite-accompagnement", NS)] == [
        "PPRE", "RASED"]
    assert node.findtext(".//l:complement-ppre", namespaces=NS).startswith("Lecture")
    assert [p.get("code") for p in node.iterfind("l:liste-parcours/l:parcours", NS)] == [
        "PAR_ART", "PAR_CIT"]
    assert {r.get("prenom") for r in node.iterfind("l:responsables/l:responsable", NS)} == {
        "Sophie", "Karim"}
    assert node.get("directeur-ref") == root.find(".//l:directeur", NS).get("id")
    assert node.get("enseignant-refs").split() == [
        e.get("id") for e in root.iterfind(".//l:enseignant", NS)
        if e.get("id") in node.get("enseignant-refs").split()]


def test_the_end_of_cycle_bilans_come_with_cycle_1(world, client_for):
    livret_ready(world)

    response = _export(client_for, world, cycle="1")

    assert response.status_code == 200, response.content
    assert lsu.schema_errors(response.content) == []
    root = etree.fromstring(response.content)
    cycle = root.findall(".//l:bilan-cycle", NS)
    assert len(cycle) == 1  # the CE2 pupil; the CM1 pupil is not at the end of a cycle
    assert cycle[0].get("eleve-ref") == f"ELV_{world.pupils['A1'].pk}"
    assert cycle[0].get("cycle") == "2"
    assert [d.get("code") for d in cycle[0].iterfind("l:socle/l:domaine", NS)] == [
        "CPD_FRA", "CPD_ETR", "CPD_SCI", "CPD_ART", "MET_APP", "FRM_CIT", "SYS_NAT", "REP_MND"]
    assert cycle[0].findtext("l:synthese", namespaces=NS) == "Les acquis du cycle sont solides."


def test_ids_are_stable_from_one_export_to_the_next(world, client_for):
    livret_ready(world)

    assert _export(client_for, world).content == _export(client_for, world).content


def test_one_classroom_only(world, client_for):
    livret_ready(world)

    response = _export(client_for, world, classroom=world.classrooms["A2"].pk)

    assert response.status_code == 200
    root = etree.fromstring(response.content)
    assert [p.get("prenom") for p in root.iterfind(".//l:eleve", NS)] == ["Hugo"]
    assert lsu.schema_errors(response.content) == []


def test_the_check_of_a_ready_school_blocks_nobody(world, client_for):
    livret_ready(world)

    response = _check(client_for, world)

    assert response.status_code == 200
    assert response.json() == {"period_id": _period(world).pk, "ready": True, "pupil_count": 2,
                               "blocked_count": 0, "pupils": []}


def test_a_missing_ine_names_the_pupil_and_blocks_the_export(world, client_for):
    livret_ready(world)
    lea = world.pupils["A1"]
    lea.ine = None
    lea.save(update_fields=["ine"])

    check = _check(client_for, world)
    export = _export(client_for, world)

    assert check.json()["ready"] is False
    [entry] = check.json()["pupils"]
    assert (entry["first_name"], entry["last_name"], entry["classroom_name"]) == (
        "Léa", "Martin", "CE2 A")
    assert entry["blockers"] == ["INE manquant"]
    assert export.status_code == 400
    assert export.json()["error"]["code"] == "lsu_blocked"
    assert export.json()["error"]["fields"]["period"] == ["Léa Martin (CE2 A) : INE manquant"]


def test_a_cleared_positionnement_names_the_pupil_and_the_domain(world, client_for):
    bilans = livret_ready(world)
    BilanDomain.objects.filter(bilan=bilans["A2"], domain__code="MAT-NBC").update(
        positionnement=None)

    check = _check(client_for, world)

    assert _blockers(check, world.pupils["A2"]) == [
        "Positionnement manquant : Mathématiques — Nombres et calculs"]
    assert _blockers(check, world.pupils["A1"]) == []
    assert _export(client_for, world).status_code == 400


def test_the_workflow_and_the_school_data_block_too(world, client_for):
    bilans = livret_ready(world)
    bilan = bilans["A1"]
    bilan.state, bilan.validated_at = BilanState.LOCKED, None
    bilan.general_appreciation = ""
    bilan.save()
    draft = bilans["A2"]
    draft.state, draft.locked_at, draft.validated_at = BilanState.DRAFT, None, None
    draft.save()
    a2 = world.classrooms["A2"]
    a2.onde_class_id = ""
    a2.save(update_fields=["onde_class_id"])

    check = _check(client_for, world)

    assert _blockers(check, world.pupils["A1"]) == [
        "Bilan du trimestre 1 verrouillé mais pas encore validé par la direction",
        "Appréciation générale vide"]
    assert _blockers(check, world.pupils["A2"]) == [
        "Identifiant ONDE de la classe « CM1-CM2 » manquant",
        "Bilan du trimestre 1 non verrouillé par l'enseignant"]


def test_a_pupil_without_a_bilan_and_a_broken_end_of_cycle_bilan(world, client_for):
    livret_ready(world)
    world.extra["lsu_bilans"]["A2"].delete()
    cycle_bilan = world.extra["lsu_cycle_bilans"]["A1"]
    cycle_bilan.components.filter(component="CPD_ETR").update(mastery=None)

    check = _check(client_for, world, cycle="1")

    assert _blockers(check, world.pupils["A2"]) == ["Aucun bilan périodique pour le trimestre 1"]
    assert _blockers(check, world.pupils["A1"]) == [
        "Maîtrise manquante au bilan de fin de cycle : Comprendre, s'exprimer en utilisant une "
        "langue étrangère et, le cas échéant, une langue régionale"]
    # Without cycle=1 the end-of-cycle bilan does not block.
    assert _blockers(_check(client_for, world), world.pupils["A1"]) == []


def test_an_invalid_ine_blocks_with_the_reason(world, client_for):
    livret_ready(world)
    lea = world.pupils["A1"]
    lea.ine = "123"
    lea.save(update_fields=["ine"])

    assert _blockers(_check(client_for, world), lea) == [
        "INE « 123 » invalide (11 chiffres ou lettres majuscules)"]


@pytest.mark.parametrize("role", ["teacher", "teacher_other", "guardian", "pupil", "inspector",
                                  "dasen", "commune", "director_other", "operator"])
def test_only_the_schools_director_checks_and_exports(world, client_for, role):
    livret_ready(world)

    for url in (CHECK, EXPORT):
        response = client_for(role).get(url, {"period": _period(world).pk})
        assert response.status_code == 404, (role, url)


def test_a_classroom_of_another_school_is_not_found(world, client_for):
    livret_ready(world)

    response = _export(client_for, world, classroom=world.classrooms["B1"].pk)

    assert response.status_code == 404


@pytest.mark.parametrize(("params", "field"), [({}, "period"), ({"period": "x"}, "period"),
                                           ({"period": 1, "classroom": "-2"}, "classroom")])
def test_bad_parameters_are_named(world, client_for, params, field):
    response = client_for("director").get(CHECK, params)

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_the_check_reads_a_constant_number_of_queries(world, client_for,
                                                      django_assert_max_num_queries):
    livret_ready(world, extra_pupils=12)
    client = client_for("director")
    client.get(CHECK, {"period": _period(world).pk})  # the session is warm

    with django_assert_max_num_queries(17):  # 17 for 2 pupils as for 14
        response = client.get(EXPORT, {"period": _period(world).pk, "cycle": "1"})

    assert response.status_code == 200, response.content
    root = etree.fromstring(response.content)
    assert len(root.findall(".//l:eleve", NS)) == 14
    assert len(root.findall(".//l:bilan-cycle", NS)) == 13


def test_the_schema_refuses_a_broken_file(world, client_for):
    livret_ready(world)
    content = _export(client_for, world).content

    out_of_scale = etree.fromstring(content)
    out_of_scale.find(".//l:sous-domaine", NS).set("positionnement", "5")
    dangling = etree.fromstring(content)
    dangling.find(".//l:bilan-periodique", NS).set("eleve-ref", "ELV_0")
    no_ine = etree.fromstring(content)
    del no_ine.find(".//l:eleve", NS).attrib["ine"]

    assert "positionnement" in " ".join(lsu.schema_errors(etree.tostring(out_of_scale)))
    assert "ELV_0" in " ".join(lsu.schema_errors(etree.tostring(dangling)))
    assert "ine" in " ".join(lsu.schema_errors(etree.tostring(no_ine)))


def test_the_domain_codes_are_those_of_lsu_and_old_databases_are_renamed(world):
    assert set(Domain.objects.filter(cycle="3", parent__isnull=True).values_list(
        "code", flat=True)) == {"FRA-RAC", "MAT-RAC", "LGV-RAC", "EPS-RAC", "ART-PLA",
                                "ART-MUS", "STC-RAC", "HIG-RAC", "EMC-RAC"}
    migration = importlib.import_module("preau.livret.migrations.0004_lsu_codes")
    Domain.objects.filter(cycle="2", code="FRA-LGO").update(code="FRA-ORA")

    migration.forwards(apps, None)

    assert Domain.objects.filter(cycle="2", code="FRA-LGO").exists()
    assert not Domain.objects.filter(code="FRA-ORA").exists()


def test_a_bilan_of_another_period_is_not_exported(world, client_for):
    livret_ready(world)
    a1 = world.classrooms["A1"]
    second = trimesters(school=a1.school, school_year=a1.school_year)[1]
    PeriodicBilanFactory(pupil=world.pupils["A1"], classroom=a1, period=second, level="CE2")

    root = etree.fromstring(_export(client_for, world).content)

    assert {n.get("periode-ref") for n in root.iterfind(".//l:bilan-periodique", NS)} == {
        f"PER_{_period(world).pk}"}
    assert len(root.findall(".//l:bilan-periodique", NS)) == 2


def test_a_classroom_of_another_school_year_is_refused_naming_it(world, client_for):
    livret_ready(world)
    school = world.schools["A"]
    last_year_day = _period(world).start_date.replace(year=_period(world).start_date.year - 1)
    start, end = SchoolYear.bounds_for(last_year_day)
    last_year = SchoolYear.objects.create(label=SchoolYear.label_for(last_year_day),
                                          start_date=start, end_date=end)
    old_classroom = ClassroomFactory(school=school, school_year=last_year, name="CE2 ancien")
    DirectorAssignmentFactory(person=world.users["director"].person, school=school,
                              school_year=last_year)

    response = _check(client_for, world, classroom=old_classroom.pk)

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["classroom"]
