from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    name = "preau.homework"
    label = "homework"
    verbose_name = "Cahier de textes et devoirs"

    def ready(self) -> None:
        from preau.common import retention
        from preau.homework.models import HomeworkDone
        from preau.people.selectors import persons_who_left

        retention.register(
            "homework_done", HomeworkDone, label="Devoirs cochés « fait » des élèves partis",
            default_days=92,
            rows=lambda cutoff: HomeworkDone.objects.filter(
                pupil__in=persons_who_left(before=cutoff)))
