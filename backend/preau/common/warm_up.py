"""What the first request of a server process would otherwise pay, paid at its start.

Django imports the URLconf (and with it every view, serializer and selector module) and
loads the translation catalogs on the first request that needs them: about half a second
on the demo, which the first person to open a page after a (re)start would wait. The ASGI
and WSGI entry points call ``warm_up()`` once the application is built.

Then the objects made so far (modules, classes, URL patterns, catalogs: some 190,000) are
moved out of the garbage collector's reach (``gc.freeze``): they live as long as the process,
and each full collection walked them all, about 80 ms added to whichever request triggered it
(docs/benchmarks.md, the authority pages).
"""

from __future__ import annotations

import gc

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def warm_up() -> None:
    """Import the URLconf and build its lookup tables; load each language's catalog; freeze."""
    reverse("health")  # imports the URLconf, its includes and their views
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # loads the language's catalogs once per process
            pass
    gc.collect()  # what importing left behind, then the rest is kept for good
    gc.freeze()
