"""Class cards: how a young pupil signs in on a tablet of the classroom (docs/class-cards.md).

A ``ClassDevice`` is a browser of the classroom (a tablet, the class computer) that a teacher
of the class enrolled: it carries a long-lived cookie holding a random token, of which only a
hash is stored. A ``ClassCard`` is a pupil's card: two pictures out of nine (chosen at
random) and a QR code holding a random token (only its hash is stored). A card works only on
an enrolled device of the pupil's classroom, on a school day, within the school's hours.
``CardSignIn`` keeps when and where a pupil last signed in with a card, for the teacher.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preau.people.models import Person
from preau.schools.models import Classroom

# The nine pictures of the cards: key (the file static/class_cards/pictures/<key>.svg) and
# the French word said to the pupil.
PICTURES: dict[str, str] = {
    "chat": "Chat",
    "soleil": "Soleil",
    "arbre": "Arbre",
    "bateau": "Bateau",
    "pomme": "Pomme",
    "etoile": "Étoile",
    "poisson": "Poisson",
    "maison": "Maison",
    "fleur": "Fleur",
}


class ClassDevice(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE,
                                  related_name="class_devices")
    name = models.CharField(max_length=60, help_text="Ex. « Tablette 1 »")
    token_hash = models.CharField(max_length=64, unique=True)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    enrolled_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolled_at", "pk"]
        verbose_name = _("appareil de classe")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="class_device_has_a_name"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True)
                                   | Q(revoked_at__gte=F("enrolled_at")),
                                   name="class_device_revoked_after_enrolment"),
            models.CheckConstraint(condition=Q(revoked_by__isnull=True)
                                   | Q(revoked_at__isnull=False),
                                   name="class_device_revoked_by_has_a_time"),
        ]
        indexes = [models.Index(fields=["classroom", "enrolled_at"],
                                name="class_device_by_classroom")]

    def __str__(self) -> str:
        return f"{self.name} ({self.classroom})"


class ClassCard(models.Model):
    """A pupil's card. The two pictures are kept in order (``picture_1`` < ``picture_2``):
    the pupil may tap them in any order."""

    pupil = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="class_card")
    picture_1 = models.CharField(max_length=10)
    picture_2 = models.CharField(max_length=10)
    qr_token_hash = models.CharField(max_length=64, unique=True)
    version = models.PositiveIntegerField(default=1, help_text="Augmente à chaque réinitialisation")
    created_at = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)
    printed_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Dernière impression (le QR code y a été émis)")

    class Meta:
        verbose_name = _("carte de classe")
        constraints = [
            models.CheckConstraint(condition=Q(picture_1__in=list(PICTURES))
                                   & Q(picture_2__in=list(PICTURES)),
                                   name="class_card_pictures_known"),
            models.CheckConstraint(condition=Q(picture_1__lt=F("picture_2")),
                                   name="class_card_two_pictures_in_order"),
            models.CheckConstraint(condition=Q(version__gte=1), name="class_card_version_positive"),
        ]

    def __str__(self) -> str:
        return f"Carte de {self.pupil}"

    @property
    def pictures(self) -> list[str]:
        return [self.picture_1, self.picture_2]


class CardMethod(models.TextChoices):
    PICTURES = "pictures", _("Images")
    QR = "qr", _("QR code")


class CardSignIn(models.Model):
    """One sign-in with a card: the teacher's page shows the last one, and who is signed in
    now (a session that is still open, before ``ends_at``)."""

    pupil = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    device = models.ForeignKey(ClassDevice, on_delete=models.CASCADE, related_name="sign_ins")
    method = models.CharField(max_length=8, choices=CardMethod.choices)
    session_key = models.CharField(max_length=40)
    signed_in_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(help_text="Fin de la journée d'école : la session s'arrête")

    class Meta:
        verbose_name = _("connexion par carte")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("signed_in_at")),
                                   name="card_sign_in_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(method__in=CardMethod.values),
                                   name="card_sign_in_method_known"),
        ]
        indexes = [models.Index(fields=["pupil", "-signed_in_at"], name="card_sign_in_by_pupil")]

    def __str__(self) -> str:
        return f"{self.pupil} — {self.signed_in_at:%Y-%m-%d %H:%M}"
