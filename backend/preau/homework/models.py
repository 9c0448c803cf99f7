"""The cahier de textes (what was done) and homework (what to do, for a school day)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from preau.common.files import StoredFile
from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import Classroom, Level, School
from preau.timetable.models import Subject, TimetableSlot


class LessonEntry(TimeStampedModel):
    """A page of the cahier de textes: what a classroom did on a date."""

    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    slot = models.ForeignKey(
        TimetableSlot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Le créneau de l'emploi du temps, s'il y en a un",
    )
    subject = models.CharField(max_length=24, choices=Subject.choices)
    title = models.CharField(max_length=150)
    content = models.TextField(max_length=20_000, blank=True, help_text="Markdown")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("séance du cahier de textes")
        verbose_name_plural = _("cahier de textes")
        indexes = [models.Index(fields=["classroom", "date"])]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="lesson_entry_has_a_title"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Audience(models.TextChoices):
    CLASSROOM = "classroom", _("Toute la classe")
    LEVELS = "levels", _("Certains niveaux")
    PUPILS = "pupils", _("Certains élèves")


class HomeworkStatus(models.TextChoices):
    ACTIVE = "active", _("À faire")
    WITHDRAWN = "withdrawn", _("Retiré")


class Homework(TimeStampedModel):
    """Travail à faire for a school day, for a classroom, some of its levels or pupils."""

    classroom = models.ForeignKey(Classroom, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=24, choices=Subject.choices)
    instructions = models.TextField(max_length=10_000, help_text="Markdown")
    due_date = models.DateField()
    estimated_minutes = models.PositiveSmallIntegerField(default=15)
    to_bring_back = models.CharField(max_length=200, blank=True,
                                     help_text="À rapporter (cahier signé, autorisation…)")
    audience = models.CharField(max_length=9, choices=Audience.choices,
                                default=Audience.CLASSROOM)
    pupils = models.ManyToManyField(Person, blank=True, related_name="+",
                                    through="HomeworkTarget")
    status = models.CharField(max_length=9, choices=HomeworkStatus.choices,
                              default=HomeworkStatus.ACTIVE)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    lesson = models.ForeignKey(LessonEntry, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="homework")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("devoir")
        indexes = [models.Index(fields=["classroom", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_minutes__gte=1) & Q(estimated_minutes__lte=240),
                name="homework_minutes_between_1_and_240",
            ),
            models.CheckConstraint(
                condition=Q(status="active", withdrawn_at__isnull=True)
                | Q(status="withdrawn", withdrawn_at__isnull=False),
                name="homework_withdrawn_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} pour le {self.due_date}"


class HomeworkLevel(models.Model):
    """A level a homework is for, when it is for some levels of a multi-level classroom."""

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(max_length=3, choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["homework", "level"], name="homework_level_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.homework_id} → {self.level}"


class HomeworkTarget(models.Model):
    """A pupil a homework is for, when it is not for the whole classroom."""

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="targets")
    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["homework", "pupil"], name="homework_target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.homework_id} → {self.pupil_id}"


class HomeworkDone(models.Model):
    """A pupil's homework marked done (by the pupil or a guardian)."""

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, related_name="done_marks")
    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")

    class Meta:
        verbose_name = _("devoir fait")
        constraints = [
            models.UniqueConstraint(fields=["homework", "pupil"], name="homework_done_once"),
        ]

    def __str__(self) -> str:
        return f"{self.homework_id} fait par {self.pupil_id}"


class Attachment(StoredFile):
    """A file of a homework or of a cahier de textes entry."""

    UPLOAD_PREFIX = "homework"

    homework = models.ForeignKey(Homework, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="attachments")
    lesson = models.ForeignKey(LessonEntry, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")

    class Meta:
        verbose_name = _("pièce jointe")
        constraints = [
            models.CheckConstraint(
                condition=Q(homework__isnull=False, lesson__isnull=True)
                | Q(homework__isnull=True, lesson__isnull=False),
                name="attachment_belongs_to_one_thing",
            ),
        ]




class SchoolHomeworkSettings(models.Model):
    """The school's choices about the cahier de textes; no row means the defaults."""

    school = models.OneToOneField(School, on_delete=models.CASCADE,
                                  related_name="homework_settings")
    families_see_lessons = models.BooleanField(
        default=True,
        help_text="Les familles et les élèves lisent ce qui a été fait en classe",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("réglages du cahier de textes d'une école")
        verbose_name_plural = _("réglages du cahier de textes des écoles")

    def __str__(self) -> str:
        return f"Cahier de textes — {self.school}"
