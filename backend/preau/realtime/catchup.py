"""Catch-up after a lost connection: every list that live events touch takes ``?after=``.

The cursor is the id of the last item the client holds (events carry it: a
``message.created`` names its ``message_id``). A list called with ``?after=<cursor>``
returns only newer items, oldest first, so a client that reconnects — or that missed
events while the channel layer was down — fetches exactly what it lacks.
"""

from __future__ import annotations

from rest_framework import serializers

from preau.common.apis import MAX_ID

CURSOR_HELP = (
    "Curseur de rattrapage : seulement les éléments d'identifiant supérieur, du plus ancien "
    "au plus récent"
)


class AfterCursorField(serializers.IntegerField):
    """``?after=<id>``: 0 for everything, else the id of the last item the client holds."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", CURSOR_HELP)
        super().__init__(**kwargs)
