"""The pupil record's own data: who, besides the guardians, may pick the child up."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from preau.common.models import TimeStampedModel
from preau.people.models import Person
from preau.schools.models import School


class PickupPerson(TimeStampedModel):
    """A person the director authorises to pick a pupil up from one school.

    Kept per school: a pupil who changes school starts with an empty list there (the new
    director decides), and the old school's list goes with the family's other ties
    (retention kind ``pickup_persons``).
    """

    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pickup_persons")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    # What the person is to the child, in the director's words: "grand-mère", "voisine".
    relationship = models.CharField(max_length=60)
    phone = models.CharField(max_length=30)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("personne autorisée à venir chercher l'élève")
        verbose_name_plural = _("personnes autorisées à venir chercher l'élève")
        constraints = [
            models.UniqueConstraint(fields=["pupil", "school", "last_name", "first_name"],
                                    name="pickup_person_once_per_pupil_and_school"),
            models.CheckConstraint(
                condition=~Q(first_name="") & ~Q(last_name="") & ~Q(relationship=""),
                name="pickup_person_named"),
            models.CheckConstraint(condition=GreaterThanOrEqual(Length("phone"), 10),
                                   name="pickup_person_has_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} → {self.pupil}"

