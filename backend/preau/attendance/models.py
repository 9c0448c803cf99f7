"""The legal register (R131-5): roll calls per half-day, and only the exceptions to presence.

- ``RollCall`` records that the call of a classroom was taken for a half-day; a pupil with
  no ``Absence`` row on it was present. Never a row per present pupil.
- ``Absence`` is an absent or late pupil on a half-day, with its justification.
- ``AbsenceNotice`` is an absence a guardian declares in advance; it pre-fills the call.
- ``RollCallCorrection`` keeps every correction (who, when, before, after).
- ``AbsenteeismCase`` is the L131-8 follow-up of a pupil for a calendar month.
- ``RegisterSignOff`` is the director's monthly signature of a classroom's register.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from preau.common.files import StoredFile
from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, HalfDay

MAX_MINUTES_LATE = 300


class AbsenceKind(models.TextChoices):
    ABSENT = "absent", _("Absent·e")
    LATE = "late", _("En retard")


class AbsenceReason(models.TextChoices):
    """The legitimate reasons of article L131-8 of the Code de l'éducation, and "other"."""

    CHILD_ILLNESS = "maladie_enfant", _("Maladie de l'enfant")
    FAMILY_CONTAGIOUS_ILLNESS = "maladie_contagieuse_famille", _(
        "Maladie transmissible ou contagieuse d'un membre de la famille")
    FAMILY_GATHERING = "reunion_famille", _("Réunion solennelle de famille")
    TRANSPORT_DISRUPTION = "difficulte_transport", _(
        "Difficulté accidentelle des communications (transports)")
    FAMILY_TRAVEL = "absence_famille", _(
        "Absence temporaire de la famille, l'enfant la suivant")
    OTHER = "autre", _("Autre motif")


LEGITIMATE_REASONS = frozenset(AbsenceReason.values) - {AbsenceReason.OTHER}


class JustificationStatus(models.TextChoices):
    NONE = "none", _("Non justifiée")
    PENDING = "pending", _("Justification à examiner")
    ACCEPTED = "accepted", _("Justification acceptée")
    REFUSED = "refused", _("Justification refusée")


class RollCall(models.Model):
    """The call of a classroom for a half-day was taken (by whom, when)."""

    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    half_day = models.CharField(max_length=9, choices=HalfDay.choices)
    taken_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1, help_text="Augmente à chaque correction")
    updated_at = models.DateTimeField()
    pupil_count = models.PositiveIntegerField(
        help_text="Élèves inscrits dans la classe ce jour-là, au moment de l'appel")

    class Meta:
        ordering = ["date", "half_day"]
        verbose_name = _("appel")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "date", "half_day"],
                                    name="one_roll_call_per_half_day"),
            models.CheckConstraint(condition=Q(version__gte=1), name="roll_call_version_positive"),
        ]
        # The authorities' month figures select the calls of a date range across classrooms
        # (the unique index leads with the classroom).
        indexes = [models.Index(fields=["date"], name="roll_call_date")]

    def __str__(self) -> str:
        return f"Appel {self.classroom_id} {self.date} {self.half_day}"

    @property
    def etag(self) -> str:
        return f'"roll-call-{self.pk}-v{self.version}"'


class AbsenceNotice(TimeStampedModel):
    """An absence a guardian declares in advance (a medical appointment, a family trip)."""

    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField()
    half_day = models.CharField(
        max_length=9, choices=HalfDay.choices, blank=True,
        help_text="Vide : journées entières ; sinon, seulement cette demi-journée "
                  "(l'absence tient alors sur un seul jour).",
    )
    reason = models.CharField(max_length=30, choices=AbsenceReason.choices)
    comment = models.CharField(max_length=500, blank=True)
    declared_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("absence annoncée")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")),
                                   name="notice_dates_in_order"),
            models.CheckConstraint(condition=Q(half_day="") | Q(start_date=F("end_date")),
                                   name="half_day_notice_is_one_day"),
            models.CheckConstraint(condition=~Q(reason="autre") | ~Q(comment=""),
                                   name="notice_other_reason_has_a_comment"),
        ]
        indexes = [models.Index(fields=["pupil", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.pupil_id} {self.start_date} → {self.end_date}"


class Absence(TimeStampedModel):
    """An absent or late pupil on a half-day whose call was taken, and its justification."""

    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="absences")
    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    half_day = models.CharField(max_length=9, choices=HalfDay.choices)
    kind = models.CharField(max_length=6, choices=AbsenceKind.choices)
    minutes_late = models.PositiveSmallIntegerField(null=True, blank=True)
    notice = models.ForeignKey(AbsenceNotice, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="absences")
    # The justification: given by a guardian (or recorded by the director from a paper
    # note), then accepted or refused by the director.
    justification_status = models.CharField(max_length=8, choices=JustificationStatus.choices,
                                            default=JustificationStatus.NONE)
    reason = models.CharField(max_length=30, choices=AbsenceReason.choices, blank=True)
    comment = models.CharField(max_length=500, blank=True)
    justified_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    justified_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["date", "half_day", "pk"]
        verbose_name = _("absence ou retard")
        verbose_name_plural = _("absences et retards")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "date", "half_day"],
                                    name="one_absence_per_pupil_half_day"),
            models.CheckConstraint(
                condition=Q(kind="late", minutes_late__gte=1, minutes_late__lte=MAX_MINUTES_LATE)
                | Q(kind="absent", minutes_late__isnull=True),
                name="late_has_minutes_absent_has_none",
            ),
            models.CheckConstraint(
                condition=Q(justification_status="none", reason="")
                | (~Q(justification_status="none") & ~Q(reason="")),
                name="justification_has_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(reason="autre") | ~Q(comment=""),
                name="absence_other_reason_has_a_comment",
            ),
            models.CheckConstraint(
                condition=~Q(justification_status="refused") | ~Q(refusal_reason=""),
                name="refusal_says_why",
            ),
        ]
        indexes = [
            models.Index(fields=["pupil", "date"]),
            models.Index(fields=["date", "justification_status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pupil_id} {self.date} {self.half_day}"

    @property
    def is_justified(self) -> bool:
        """Justified in the sense of L131-8: an accepted, legitimate reason."""
        return (self.justification_status == JustificationStatus.ACCEPTED
                and self.reason in LEGITIMATE_REASONS)


class JustificationDocument(StoredFile):
    """The document a guardian joins to a justification (a medical certificate…)."""

    UPLOAD_PREFIX = "attendance"

    absence = models.OneToOneField(Absence, on_delete=models.CASCADE, related_name="document")
    uploaded_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("justificatif")


class RollCallCorrection(models.Model):
    """A correction of a call: who, when, the absences before and after."""

    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField()
    version = models.PositiveIntegerField(help_text="Version de l'appel après la correction")
    before = models.JSONField(help_text="[{pupil, kind, minutes_late}] avant")
    after = models.JSONField(help_text="[{pupil, kind, minutes_late}] après")

    class Meta:
        ordering = ["corrected_at", "pk"]
        verbose_name = _("correction d'appel")
        constraints = [
            models.UniqueConstraint(fields=["roll_call", "version"],
                                    name="one_correction_per_roll_call_version"),
        ]

    def __str__(self) -> str:
        return f"Correction {self.roll_call_id} v{self.version}"


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Ouvert")
    FAMILY_CONTACTED = "family_contacted", _("Famille contactée")
    REPORTED_TO_DASEN = "reported_to_dasen", _("Signalé au DASEN")
    CLOSED = "closed", _("Clos")


CASE_STATUS_ORDER = [CaseStatus.OPEN, CaseStatus.FAMILY_CONTACTED,
                     CaseStatus.REPORTED_TO_DASEN, CaseStatus.CLOSED]


class AbsenteeismCase(TimeStampedModel):
    """L131-8: a pupil with 4 or more unjustified absent half-days in a calendar month."""

    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="Premier jour du mois concerné")
    unjustified_half_days = models.PositiveSmallIntegerField(
        help_text="Demi-journées d'absence sans motif légitime dans le mois (tenu à jour)")
    status = models.CharField(max_length=17, choices=CaseStatus.choices,
                              default=CaseStatus.OPEN)
    opened_at = models.DateTimeField()
    family_contacted_on = models.DateField(null=True, blank=True)
    reported_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=10_000,
                             help_text="Notes de la direction, datées, les plus anciennes d'abord")

    class Meta:
        ordering = ["-month", "pk"]
        verbose_name = _("dossier d'absentéisme (L131-8)")
        verbose_name_plural = _("dossiers d'absentéisme (L131-8)")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "month"], name="one_case_per_pupil_month"),
            models.CheckConstraint(
                condition=~Q(status="family_contacted") | Q(family_contacted_on__isnull=False),
                name="case_contacted_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="reported_to_dasen") | Q(reported_on__isnull=False),
                name="case_reported_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_on__isnull=False),
                name="case_closed_has_a_date",
            ),
        ]
        indexes = [models.Index(fields=["classroom", "month"])]

    def __str__(self) -> str:
        return f"L131-8 {self.pupil_id} {self.month:%Y-%m}"


class RegisterSignOff(models.Model):
    """The director's monthly signature of a classroom's register."""

    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="Premier jour du mois signé")
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("signature du registre")
        constraints = [
            models.UniqueConstraint(fields=["classroom", "month"],
                                    name="one_sign_off_per_classroom_month"),
        ]

    def __str__(self) -> str:
        return f"Registre {self.classroom_id} {self.month:%Y-%m}"
