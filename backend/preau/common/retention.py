"""Retention: how long each kind of personal data is kept, and the purge that enforces it.

Each app registers its kinds in its ``AppConfig.ready``, with one call::

    from preau.common import retention
    retention.register("messages", Message, "created_at", label="Messages", default_days=365)

The number of days comes from ``settings.PREAU_RETENTION_DAYS[kind]`` when it is set, else
from ``default_days``. A row is expired when its ``date_field`` is older than today minus
that many days (a ``DateField`` is compared with a date, a ``DateTimeField`` with an aware
datetime). ``None`` keeps the kind for ever. A kind whose rows are not found by one date
(the data of families who left) gives ``rows``: a function of the cutoff date that returns
the expired rows. ``manage.py purge_expired`` deletes expired rows in batches; see
docs/operations.md for the defaults and why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone


@dataclass(frozen=True)
class RetentionKind:
    kind: str
    model: type[models.Model]
    date_field: str | None
    label: str
    default_days: int | None
    condition: Q | None = None
    # Run on each batch before it is deleted (e.g. to remove stored files).
    before_delete: Callable[[QuerySet], None] | None = None
    # The expired rows for a cutoff date, when one date field does not say it.
    rows: Callable[[date], QuerySet] | None = None
    # Instead of deleting the rows, set these fields (keep the row, drop the details).
    blank: dict | None = None

    @property
    def days(self) -> int | None:
        configured = getattr(settings, "PREAU_RETENTION_DAYS", {})
        return configured.get(self.kind, self.default_days)

    def cutoff(self, now: datetime) -> datetime | None:
        days = self.days
        if days is None:
            return None
        limit = now - timedelta(days=days)
        if self.date_field is not None and isinstance(
                self.model._meta.get_field(self.date_field), models.DateTimeField):
            return limit
        return timezone.localtime(limit).date()  # a DateField, or ``rows``: compare dates

    def expired(self, now: datetime) -> QuerySet:
        cutoff = self.cutoff(now)
        if cutoff is None:
            return self.model._default_manager.none()
        if self.rows is not None:
            return self.rows(cutoff)
        queryset = self.model._default_manager.filter(**{f"{self.date_field}__lt": cutoff})
        if self.condition is not None:
            queryset = queryset.filter(self.condition)
        return queryset


_REGISTRY: dict[str, RetentionKind] = {}


def register(kind: str, model: type[models.Model], date_field: str | None = None, *,
             label: str = "", default_days: int | None = 365, condition: Q | None = None,
             before_delete: Callable[[QuerySet], None] | None = None,
             rows: Callable[[date], QuerySet] | None = None,
             blank: dict | None = None) -> RetentionKind:
    """Declare a kind of data to purge: by ``date_field`` (older than the cutoff), or by
    ``rows(cutoff_date)``. With ``blank``, the rows are kept and those fields set instead
    (``rows`` must then leave out the rows already blanked). Registering the same kind
    twice replaces it."""
    if (date_field is None) == (rows is None):
        raise ValueError(f"{kind}: give date_field or rows, one of them")
    if date_field is not None:
        model._meta.get_field(date_field)  # fail at start-up on a typo, not during a purge
    entry = RetentionKind(kind=kind, model=model, date_field=date_field,
                          label=label or model._meta.verbose_name_plural,
                          default_days=default_days, condition=condition,
                          before_delete=before_delete, rows=rows, blank=blank)
    _REGISTRY[kind] = entry
    return entry


def registered() -> list[RetentionKind]:
    return [_REGISTRY[kind] for kind in sorted(_REGISTRY)]


def get(kind: str) -> RetentionKind:
    return _REGISTRY[kind]


def purge_expired(*, dry_run: bool = False, now: datetime | None = None,
                  batch_size: int = 1000, kinds: list[str] | None = None) -> dict[str, int]:
    """Delete (or, with ``dry_run``, count) every expired row; return the count per kind.

    Rows are deleted in batches of ``batch_size`` primary keys, each batch in its own
    transaction, so that a purge of a large backlog never holds one huge lock. The count is
    of the kind's own rows (rows removed by cascade are not counted; a row that an earlier
    kind removed by cascade is not counted twice).

    The dry run is the same purge in one transaction that is rolled back: its counts are
    exactly what the real run deletes, cascades and the order of the kinds included, and
    nothing is kept (files are removed only after a commit, so none is).
    """
    now = now or timezone.now()
    if not dry_run:
        return _purge(now=now, batch_size=batch_size, kinds=kinds)
    with transaction.atomic():
        counts = _purge(now=now, batch_size=batch_size, kinds=kinds)
        transaction.set_rollback(True)
    return counts


def _purge(*, now: datetime, batch_size: int, kinds: list[str] | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in registered():
        if kinds and entry.kind not in kinds:
            continue
        expired = entry.expired(now)
        deleted = 0
        label = entry.model._meta.label
        while True:
            with transaction.atomic():
                batch = list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size])
                if not batch:
                    break
                rows = entry.model._default_manager.filter(pk__in=batch)
                if entry.blank is not None:
                    deleted += rows.update(**entry.blank)
                    continue
                if entry.before_delete is not None:
                    entry.before_delete(rows)
                _total, per_model = rows.delete()
                deleted += per_model.get(label, 0)
        counts[entry.kind] = deleted
    return counts


def delete_stored_files(file_model: type[models.Model], link: str) -> Callable[[QuerySet], None]:
    """A ``before_delete`` that removes, after commit, the files stored for the rows purged
    (``file_model`` is a ``StoredFile`` whose ``link`` foreign key points at the row)."""

    def remove(rows: QuerySet) -> None:
        names = list(file_model._default_manager.filter(**{f"{link}__in": rows})
                     .values_list("file", flat=True))
        storage = file_model._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names if name])

    return remove
