"""The livret scolaire (arrêté du 31 décembre 2015; D311-6 to D311-9 of the Code de l'éducation).

Reference data (the domains of the periodic bilan per cycle, the national programme
elements, the eight components of the socle) is carried in ``data/programme.json`` and loaded
by a migration; a school adds programme elements of its own (``school`` set).

A teacher evaluates (``Evaluation``, one ``Result`` per pupil × element); each period ends
with a ``PeriodicBilan`` per pupil (a positionnement 1–4 and an appreciation per domain, a
general appreciation, the accompaniment modalities), locked by the teacher, validated by the
director, then communicated to the families, each legal guardian acknowledging separately.
At the end of CE2 and CM2, a ``CycleBilan`` places each component of the socle at one of four
levels of mastery.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, Level, School, SchoolYear


class Cycle(models.TextChoices):
    CYCLE_2 = "2", _("Cycle 2 (CP, CE1, CE2)")
    CYCLE_3 = "3", _("Cycle 3 (CM1, CM2)")


CYCLE_OF_LEVEL = {
    Level.CP: Cycle.CYCLE_2, Level.CE1: Cycle.CYCLE_2, Level.CE2: Cycle.CYCLE_2,
    Level.CM1: Cycle.CYCLE_3, Level.CM2: Cycle.CYCLE_3,
}
# The levels that end a cycle: their pupils get an end-of-cycle bilan.
END_OF_CYCLE_LEVELS = {Level.CE2: Cycle.CYCLE_2, Level.CM2: Cycle.CYCLE_3}


class Domain(models.Model):
    """A domain (``parent`` empty) or sub-domain of the periodic bilan, for one cycle."""

    cycle = models.CharField(max_length=1, choices=Cycle.choices)
    code = models.CharField(max_length=20, help_text="Code du domaine dans l'export LSU")
    label = models.CharField(max_length=150)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="subdomains"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cycle", "position"]
        verbose_name = _("domaine du bilan périodique")
        verbose_name_plural = _("domaines du bilan périodique")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="livret_domain_code_unique"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="livret_domain_not_own_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.label} (cycle {self.cycle})"


class ProgrammeElement(TimeStampedModel):
    """An element of the programme worked and evaluated: national (``school`` empty) or a
    school's own."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="elements")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Vide : élément du programme national",
    )
    label = models.CharField(max_length=300)
    levels = models.JSONField(default=list, blank=True,
                              help_text="Niveaux concernés, vide = tout le cycle")
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["domain__position", "position", "pk"]
        verbose_name = _("élément du programme")
        verbose_name_plural = _("éléments du programme")
        constraints = [
            models.CheckConstraint(condition=~Q(label=""), name="livret_element_has_a_label"),
            models.UniqueConstraint(fields=["domain", "label"], condition=Q(school__isnull=True),
                                    name="livret_national_element_unique"),
            models.UniqueConstraint(fields=["domain", "school", "label"],
                                    condition=Q(school__isnull=False),
                                    name="livret_school_element_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class SocleComponent(models.TextChoices):
    """The eight components of the socle commun, with the codes of the LSU export."""

    CPD_FRA = "CPD_FRA", _("Comprendre, s'exprimer en utilisant la langue française à l'oral et à l'écrit")
    CPD_ETR = "CPD_ETR", _("Comprendre, s'exprimer en utilisant une langue étrangère et, le cas échéant, une langue régionale")
    CPD_SCI = "CPD_SCI", _("Comprendre, s'exprimer en utilisant les langages mathématiques, scientifiques et informatiques")
    CPD_ART = "CPD_ART", _("Comprendre, s'exprimer en utilisant les langages des arts et du corps")
    MET_APP = "MET_APP", _("Les méthodes et outils pour apprendre")
    FRM_CIT = "FRM_CIT", _("La formation de la personne et du citoyen")
    SYS_NAT = "SYS_NAT", _("Les systèmes naturels et les systèmes techniques")
    REP_MND = "REP_MND", _("Les représentations du monde et l'activité humaine")


class PeriodScheme(models.TextChoices):
    TRIMESTERS = "trimesters", _("Trimestres")
    SEMESTERS = "semesters", _("Semestres")


class Period(TimeStampedModel):
    """One period of a school's year (the conseil des maîtres chooses trimesters or
    semesters); ``count`` is the number of periods of that year."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    index = models.PositiveSmallIntegerField()
    count = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["school_id", "school_year_id", "index"]
        verbose_name = _("période")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "index"],
                                    name="livret_period_once"),
            models.CheckConstraint(condition=Q(count__in=[2, 3]), name="livret_period_count"),
            models.CheckConstraint(condition=Q(index__gte=1) & Q(index__lte=F("count")),
                                   name="livret_period_index_in_count"),
            models.CheckConstraint(condition=Q(start_date__lte=F("end_date")),
                                   name="livret_period_dates_in_order"),
        ]

    @property
    def label(self) -> str:
        kind = "Trimestre" if self.count == 3 else "Semestre"
        return f"{kind} {self.index}"

    def __str__(self) -> str:
        return f"{self.label} {self.school_year}"


class LevelScale(models.Model):
    """A school's labels and colours for the four steps of an evaluation (defaults when a
    school has none)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="+")
    labels = models.JSONField(help_text="Quatre libellés, du plus faible au plus fort")
    colours = models.JSONField(help_text="Quatre couleurs #rrggbb")

    DEFAULT_LABELS = ["Non atteint", "Partiellement atteint", "Atteint", "Dépassé"]
    DEFAULT_COLOURS = ["#b91c1c", "#c2410c", "#15803d", "#1d4ed8"]

    class Meta:
        verbose_name = _("échelle d'évaluation")

    def __str__(self) -> str:
        return f"Échelle de {self.school}"


class Evaluation(TimeStampedModel):
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    date = models.DateField()
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    elements = models.ManyToManyField(ProgrammeElement, through="EvaluationElement",
                                      related_name="+")
    published_at = models.DateTimeField(null=True, blank=True,
                                        help_text="Vue des élèves et des familles depuis")
    grid_version = models.PositiveIntegerField(
        default=0, help_text="Incrémentée à chaque enregistrement de la grille (ETag)")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("évaluation")
        indexes = [models.Index(fields=["classroom", "date"], name="livret_evaluation_by_date")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="livret_evaluation_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def grid_etag(self) -> str:
        return f'"evaluation-grid-{self.pk}-v{self.grid_version}"'


class EvaluationElement(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="+")
    element = models.ForeignKey(ProgrammeElement, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "element"],
                                    name="livret_evaluation_element_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.element}"


class Result(models.Model):
    """One cell of the grid: a pupil's level (1–4) on one element of one evaluation, or
    absent."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="results")
    element = models.ForeignKey(ProgrammeElement, on_delete=models.PROTECT, related_name="+")
    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    absent = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("résultat")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "element", "pupil"],
                                    name="livret_result_once"),
            models.CheckConstraint(
                condition=(Q(absent=True, level__isnull=True)
                           | Q(absent=False, level__gte=1, level__lte=4)),
                name="livret_result_level_or_absent",
            ),
        ]
        indexes = [models.Index(fields=["pupil", "element"], name="livret_result_by_pupil")]

    def __str__(self) -> str:
        return f"{self.evaluation} — {self.pupil}: {'absent' if self.absent else self.level}"


class BilanState(models.TextChoices):
    DRAFT = "draft", _("En cours")
    LOCKED = "locked", _("Verrouillé")
    VALIDATED = "validated", _("Validé")
    COMMUNICATED = "communicated", _("Communiqué")


def _state_consistent(prefix: str) -> models.CheckConstraint:
    """The state and its dates agree: locked ⇒ date-verrou, validated ⇒ validation date,
    communicated ⇒ communication date."""
    return models.CheckConstraint(
        condition=(
            Q(state=BilanState.DRAFT, locked_at__isnull=True, validated_at__isnull=True,
              communicated_at__isnull=True)
            | Q(state=BilanState.LOCKED, locked_at__isnull=False, validated_at__isnull=True,
                communicated_at__isnull=True)
            | Q(state=BilanState.VALIDATED, locked_at__isnull=False,
                validated_at__isnull=False, communicated_at__isnull=True)
            | Q(state=BilanState.COMMUNICATED, locked_at__isnull=False,
                validated_at__isnull=False, communicated_at__isnull=False)
        ),
        name=f"{prefix}_state_consistent",
    )


class BilanWorkflow(TimeStampedModel):
    state = models.CharField(max_length=12, choices=BilanState.choices,
                             default=BilanState.DRAFT)
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    communicated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class PeriodicBilan(BilanWorkflow):
    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="bilans")
    level = models.CharField(max_length=3, choices=Level.choices)
    general_appreciation = models.TextField(max_length=2_000, blank=True)

    class Meta:
        ordering = ["period_id", "pupil__last_name", "pupil__first_name", "pk"]
        verbose_name = _("bilan périodique")
        indexes = [models.Index(fields=["classroom", "period"], name="livret_bilan_by_class")]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "period"], name="livret_bilan_once"),
            _state_consistent("livret_bilan"),
        ]

    def __str__(self) -> str:
        return f"Bilan {self.period} — {self.pupil}"


class BilanDomain(models.Model):
    """A domain or sub-domain of one bilan: positionnement (1–4, suggested from the period's
    evaluations, set by the teacher), the elements worked, an appreciation."""

    bilan = models.ForeignKey(PeriodicBilan, on_delete=models.CASCADE, related_name="domains")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    positionnement = models.PositiveSmallIntegerField(null=True, blank=True)
    suggested = models.PositiveSmallIntegerField(null=True, blank=True)
    appreciation = models.TextField(max_length=1_000, blank=True)
    elements = models.ManyToManyField(ProgrammeElement, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bilan", "domain"], name="livret_bilan_domain_once"),
            models.CheckConstraint(
                condition=Q(positionnement__isnull=True)
                | Q(positionnement__gte=1, positionnement__lte=4),
                name="livret_positionnement_1_to_4",
            ),
            models.CheckConstraint(
                condition=Q(suggested__isnull=True) | Q(suggested__gte=1, suggested__lte=4),
                name="livret_suggested_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bilan} — {self.domain}"


class Accompaniment(models.TextChoices):
    """Modalités d'accompagnement — sensitive: the pupil's teachers and director only."""

    PPRE = "PPRE", _("Programme personnalisé de réussite éducative")
    PAP = "PAP", _("Plan d'accompagnement personnalisé")
    PPS = "PPS", _("Projet personnalisé de scolarisation")
    PAI = "PAI", _("Projet d'accueil individualisé")
    RASED = "RASED", _("Aide du réseau d'aides spécialisées")
    ULIS = "ULIS", _("Unité localisée pour l'inclusion scolaire")
    UPE2A = "UPE2A", _("Unité pédagogique pour élèves allophones arrivants")


class BilanAccompaniment(models.Model):
    bilan = models.ForeignKey(PeriodicBilan, on_delete=models.CASCADE,
                              related_name="accompaniments")
    code = models.CharField(max_length=5, choices=Accompaniment.choices)
    ppre_complement = models.TextField(max_length=600, blank=True)

    class Meta:
        verbose_name = _("modalité d'accompagnement")
        constraints = [
            models.UniqueConstraint(fields=["bilan", "code"], name="livret_accompaniment_once"),
            models.CheckConstraint(condition=Q(code="PPRE") | Q(ppre_complement=""),
                                   name="livret_complement_for_ppre_only"),
        ]

    def __str__(self) -> str:
        return self.code


class Parcours(models.TextChoices):
    CITOYEN = "PAR_CIT", _("Parcours citoyen")
    ARTISTIQUE = "PAR_ART", _("Parcours d'éducation artistique et culturelle")
    SANTE = "PAR_SAN", _("Parcours éducatif de santé")


class ClassParcours(TimeStampedModel):
    """What the class did for a parcours during a period (``parcours-commun`` in LSU)."""

    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=7, choices=Parcours.choices)
    project = models.TextField(max_length=600)

    class Meta:
        verbose_name = _("parcours de la classe")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "period", "code"],
                                    name="livret_class_parcours_once"),
            models.CheckConstraint(condition=~Q(project=""), name="livret_parcours_has_text"),
        ]


class Mastery(models.IntegerChoices):
    INSUFFISANTE = 1, _("Maîtrise insuffisante")
    FRAGILE = 2, _("Maîtrise fragile")
    SATISFAISANTE = 3, _("Maîtrise satisfaisante")
    TRES_BONNE = 4, _("Très bonne maîtrise")


class CycleBilan(BilanWorkflow):
    """End-of-cycle bilan (end of CE2, end of CM2)."""

    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    cycle = models.CharField(max_length=1, choices=Cycle.choices)
    synthesis = models.TextField(max_length=1_500, blank=True)

    class Meta:
        verbose_name = _("bilan de fin de cycle")
        verbose_name_plural = _("bilans de fin de cycle")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "classroom", "cycle"],
                                    name="livret_cycle_bilan_once"),
            _state_consistent("livret_cycle_bilan"),
        ]


class CycleBilanComponent(models.Model):
    bilan = models.ForeignKey(CycleBilan, on_delete=models.CASCADE, related_name="components")
    component = models.CharField(max_length=7, choices=SocleComponent.choices)
    mastery = models.PositiveSmallIntegerField(choices=Mastery.choices, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bilan", "component"],
                                    name="livret_component_once"),
            models.CheckConstraint(condition=Q(mastery__isnull=True)
                                   | Q(mastery__gte=1, mastery__lte=4),
                                   name="livret_mastery_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.component}: {self.mastery}"


class Acknowledgement(models.Model):
    """A communicated bilan reached one legal guardian of the pupil; each acknowledges
    separately ("J'ai pris connaissance"), with an optional comment."""

    periodic_bilan = models.ForeignKey(PeriodicBilan, on_delete=models.CASCADE, null=True,
                                       blank=True, related_name="acknowledgements")
    cycle_bilan = models.ForeignKey(CycleBilan, on_delete=models.CASCADE, null=True,
                                    blank=True, related_name="acknowledgements")
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                        null=True, blank=True, related_name="+")
    comment = models.TextField(max_length=1_000, blank=True)

    class Meta:
        verbose_name = _("prise de connaissance du livret")
        constraints = [
            models.CheckConstraint(
                condition=Q(periodic_bilan__isnull=False, cycle_bilan__isnull=True)
                | Q(periodic_bilan__isnull=True, cycle_bilan__isnull=False),
                name="livret_acknowledgement_of_one_bilan",
            ),
            models.UniqueConstraint(fields=["periodic_bilan", "guardian"],
                                    condition=Q(periodic_bilan__isnull=False),
                                    name="livret_periodic_ack_once"),
            models.UniqueConstraint(fields=["cycle_bilan", "guardian"],
                                    condition=Q(cycle_bilan__isnull=False),
                                    name="livret_cycle_ack_once"),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=False) | Q(comment=""),
                name="livret_comment_with_acknowledgement",
            ),
        ]
        indexes = [models.Index(fields=["guardian"], name="livret_ack_by_guardian")]

    def __str__(self) -> str:
        return f"Prise de connaissance par {self.guardian}"
