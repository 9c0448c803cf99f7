import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
application = get_wsgi_application()

from preau.common.warm_up import warm_up  # noqa: E402

warm_up()  # not on the first request: at start
