from django.apps import AppConfig


class ClassCardsConfig(AppConfig):
    name = "preau.class_cards"
    label = "class_cards"
    verbose_name = "Cartes de classe"

    def ready(self) -> None:
        from preau.class_cards.models import CardSignIn, ClassCard
        from preau.common import retention
        from preau.people.selectors import persons_who_left

        # A card is a pupil's data: it goes when the pupil has left (docs/class-cards.md).
        retention.register(
            "class_cards", ClassCard, label="Cartes de classe des élèves partis",
            default_days=0,
            rows=lambda cutoff: ClassCard.objects.filter(
                pupil__in=persons_who_left(before=cutoff)))
        retention.register("card_sign_ins", CardSignIn, "signed_in_at",
                           label="Connexions par carte de classe", default_days=31)
