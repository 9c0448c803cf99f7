"""The application's URLs plus the floor views under ``/bench/floor/``."""

from django.urls import path

from bench import floors
from config.urls import handler400, handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as application

urlpatterns = [
    path("bench/floor/bare/", floors.bare),
    path("bench/floor/homework/", floors.homework_values),
    path("bench/floor/slots/", floors.slots_values),
    path("bench/floor/today/", floors.today_values),
    path("bench/floor/rollcall/", floors.rollcall_executemany),
    *application,
]
