"""What other apps may hear of the live events: ``events_committed`` is sent once a write's
events are committed (after they went to the bus, whether the bus took them or not), with
``events``: the list of ``(event, user_ids)``. The daily digest and Web Push
(``preau.notifications``) listen; a receiver's error is logged, never raised into the
request whose write is already committed."""

from django.dispatch import Signal

events_committed = Signal()
