"""Who may do what with a muster, beyond seeing it (``safety.access``)."""

from __future__ import annotations

from dataclasses import dataclass

from preau.people.access import directs_school
from preau.safety.models import Muster


@dataclass(frozen=True)
class MusterRights:
    may_end: bool
    may_assign: bool


def muster_rights(actor, muster: Muster) -> MusterRights:
    """A muster is ended by the director or by whoever started it, and only the director
    puts a class in a colleague's charge (both while it is under way: the services refuse
    an ended one). One query (the director's check)."""
    directs = directs_school(actor, school_id=muster.school_id,
                             school_year_id=muster.school_year_id)
    return MusterRights(may_end=directs or muster.started_by_id == actor.pk, may_assign=directs)
