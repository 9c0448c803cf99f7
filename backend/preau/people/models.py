"""People and their ties to schools: who is whose child, who teaches where, who oversees what."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel
from preau.schools.models import (
    Circonscription,
    Classroom,
    Commune,
    Departement,
    Level,
    School,
    SchoolYear,
)


class Sex(models.TextChoices):
    FEMALE = "F", _("Fille")
    MALE = "M", _("Garçon")


class Person(TimeStampedModel):
    """An identity — pupil, guardian or staff — with or without a login."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    usage_name = models.CharField(max_length=100, blank=True, help_text="Nom d'usage")
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    # NULL, not "", when unknown: the unique constraint applies to known INEs only.
    ine = models.CharField(  # noqa: DJ001
        max_length=11, null=True, blank=True, help_text="Identifiant national élève"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.CharField(max_length=250, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    city = models.CharField(max_length=150, blank=True)
    # The commune of the address (ONDE gives a name, not an INSEE code): it decides which
    # commune of an RPI has the pupil in its R131-3 list (docs/authority.md).
    residence_commune = models.ForeignKey(
        "schools.Commune", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Commune de résidence, d'après l'adresse")

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("personne")
        constraints = [
            models.UniqueConstraint(
                fields=["ine"], condition=Q(ine__isnull=False), name="person_ine_unique"
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.usage_name or self.last_name}"


# What a pupil who left loses while the register keeps their line: everything but the name
# (retention kind ``pupil_details``, docs/operations.md).
PUPIL_DETAILS_BLANK = {"birth_date": None, "sex": "", "ine": None, "email": "", "phone": "",
                       "address": "", "postal_code": "", "city": "", "residence_commune": None}


class GuardianRelationship(models.TextChoices):
    MOTHER = "mere", _("Mère")
    FATHER = "pere", _("Père")
    TUTOR = "tuteur", _("Tuteur ou tutrice")
    OTHER = "autre", _("Autre")


class Guardianship(TimeStampedModel):
    guardian = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wards")
    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardianships")
    relationship = models.CharField(
        max_length=6, choices=GuardianRelationship.choices, default=GuardianRelationship.OTHER
    )
    is_legal = models.BooleanField(default=True, help_text="Responsable légal")

    class Meta:
        verbose_name = _("responsabilité légale")
        constraints = [
            models.UniqueConstraint(fields=["guardian", "pupil"], name="guardianship_unique"),
            models.CheckConstraint(
                condition=~Q(guardian=F("pupil")), name="guardianship_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.pupil}"


class Enrolment(TimeStampedModel):
    """A pupil in a classroom from ``start_date`` to ``end_date`` (inclusive, open if null)."""

    pupil = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="enrolments")
    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="enrolments")
    level = models.CharField(max_length=3, choices=Level.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("inscription")
        constraints = [
            # One enrolment at a time: at most one open enrolment per pupil; overlapping
            # closed periods are refused by the service under a row lock.
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(end_date__isnull=True), name="one_open_enrolment"
            ),
            models.UniqueConstraint(
                fields=["pupil", "start_date"], name="one_enrolment_per_start_date"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="enrolment_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["classroom", "start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.pupil} en {self.classroom.name}"


class StaffRole(models.TextChoices):
    TEACHER = "teacher", _("Enseignant·e")
    DIRECTOR = "director", _("Directeur·rice")


class StaffAssignment(TimeStampedModel):
    """A teacher of a classroom, or the director of a school, for one school year."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="assignments")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=8, choices=StaffRole.choices)
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, null=True, blank=True, related_name="assignments"
    )

    class Meta:
        verbose_name = _("affectation")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year"],
                condition=Q(role="director"),
                name="one_director_per_school_year",
            ),
            models.UniqueConstraint(
                fields=["person", "classroom"],
                condition=Q(role="teacher"),
                name="teacher_assigned_once_per_classroom",
            ),
            models.CheckConstraint(
                condition=(Q(role="director") & Q(classroom__isnull=True))
                | (Q(role="teacher") & Q(classroom__isnull=False)),
                name="director_has_no_classroom_teacher_has_one",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} — {self.school.name}"


class AuthorityRole(models.TextChoices):
    COMMUNE = "commune", _("Agent de la commune")
    INSPECTOR = "inspector", _("Inspecteur·rice de l'Éducation nationale")
    DASEN = "dasen", _("DASEN")


class AuthorityMembership(TimeStampedModel):
    """A read-only scope: commune officer → commune, IEN → circonscription, DASEN → département."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="authority_memberships"
    )
    role = models.CharField(max_length=9, choices=AuthorityRole.choices)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True)
    circonscription = models.ForeignKey(
        Circonscription, on_delete=models.CASCADE, null=True, blank=True
    )
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        verbose_name = _("périmètre d'autorité")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="commune", commune__isnull=False, circonscription__isnull=True,
                      departement__isnull=True)
                    | Q(role="inspector", commune__isnull=True, circonscription__isnull=False,
                        departement__isnull=True)
                    | Q(role="dasen", commune__isnull=True, circonscription__isnull=True,
                        departement__isnull=False)
                ),
                name="authority_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["person", "commune"], condition=Q(role="commune"),
                name="commune_membership_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "circonscription"], condition=Q(role="inspector"),
                name="inspector_membership_unique",
            ),
            models.UniqueConstraint(
                fields=["person", "departement"], condition=Q(role="dasen"),
                name="dasen_membership_unique",
            ),
        ]

    def __str__(self) -> str:
        scope = self.commune or self.circonscription or self.departement
        return f"{self.person} — {self.get_role_display()} — {scope}"
