"""ASGI entry point: HTTP through Django, ``/ws/`` through Channels."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from preau.accounts.shedding import ShedLoginsWhenFull  # noqa: E402
from preau.common.warm_up import warm_up  # noqa: E402
from preau.realtime.origin import ExactOriginValidator  # noqa: E402
from preau.realtime.outage import TryAgainLaterDuringOutages  # noqa: E402

warm_up()  # not on the first request: at start
application = ProtocolTypeRouter(
    {
        "http": ShedLoginsWhenFull(django_asgi_app),
        "websocket": ExactOriginValidator(
            TryAgainLaterDuringOutages(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
