from django.urls import path

from preau.accounts.live_sessions import login_steps_passed, session_still_valid
from preau.realtime.consumers import EventsConsumer

websocket_urlpatterns = [
    # The accounts' session rules go to the consumer here: accounts stands above realtime.
    path("ws/events/", EventsConsumer.as_asgi(login_steps_passed=login_steps_passed,
                                              session_still_valid=session_still_valid)),
]
