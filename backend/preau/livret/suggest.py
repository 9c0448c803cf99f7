"""The positionnement suggested for each domain of a periodic bilan, from the period's
evaluations.

The rule (docs/livret.md, ``## Bilans``): for a pupil and a domain, take the pupil's results
in the evaluations of the bilan's classroom dated within the period, on the programme
elements of that domain (for a domain with sub-domains, on those of its sub-domains too);
absent cells carry no level and are ignored. The suggestion is the mean of the levels
(1–4), rounded to the nearest level, a half rounding up (2.5 → 3). No result, no
suggestion. The teacher accepts it (copied into the positionnement) or sets another.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum

from preau.livret.models import Domain, Period, Result
from preau.schools.models import Classroom


def rounded_mean(total: int, count: int) -> int | None:
    """The mean of ``count`` levels summing to ``total``, to the nearest level, halves up."""
    if not count:
        return None
    mean = Decimal(total) / Decimal(count)
    return int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def suggested_levels(*, classroom: Classroom, period: Period,
                     pupil_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """``{(pupil_id, domain_id): suggested level}`` for every domain and sub-domain where the
    pupil has a result in the period: one aggregate query, whatever the class's size."""
    rows = (Result.objects.filter(
        evaluation__classroom=classroom,
        evaluation__date__gte=period.start_date, evaluation__date__lte=period.end_date,
        pupil_id__in=list(pupil_ids), absent=False, level__isnull=False)
        .values("pupil_id", "element__domain_id", "element__domain__parent_id")
        .annotate(total=Sum("level"), count=Count("level")).order_by())
    sums: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        targets = [row["element__domain_id"]]
        if row["element__domain__parent_id"] is not None:
            targets.append(row["element__domain__parent_id"])
        for domain_id in targets:
            cell = sums[(row["pupil_id"], domain_id)]
            cell[0] += row["total"]
            cell[1] += row["count"]
    return {key: rounded_mean(total, count) for key, (total, count) in sums.items()}


def leaf_domains(domains: Iterable[Domain]) -> list[Domain]:
    """The domains that carry a positionnement required to lock: the sub-domains, and the
    domains that have none."""
    domains = list(domains)
    parents = {domain.parent_id for domain in domains if domain.parent_id is not None}
    return [domain for domain in domains if domain.pk not in parents]
