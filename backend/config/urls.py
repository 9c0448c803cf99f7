from django.contrib import admin
from django.urls import include, path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from preau.accounts.admin_login import admin_login
from preau.common.apis import IdConverter
from preau.common.views import HealthApi, service_worker, spa_index

register_converter(IdConverter, "id")

api_v1 = [
    path("health/", HealthApi.as_view(), name="health"),
    path("accounts/", include("config.account_urls")),
    path("schools/", include("preau.people.school_urls")),
    path("schools/", include("preau.accounts.school_urls")),
    path("people/", include("preau.people.urls")),
    path("people/", include("preau.pupil_record.urls")),
    path("timetable/", include("preau.timetable.urls")),
    path("homework/", include("preau.homework.urls")),
    path("attendance/", include("preau.attendance.urls")),
    path("livret/", include("preau.livret.urls")),
    path("imports/", include("preau.imports.urls")),
    path("messaging/", include("preau.messaging.urls")),
    path("authority/", include("preau.authority.urls")),
    path("livret/", include("preau.authority.livret_urls")),
    path("audit/", include("preau.audit.urls")),
    path("today/", include("preau.today.urls")),
    path("notifications/", include("preau.notifications.urls")),
    path("safety/", include("preau.safety.urls")),
    path("federation/", include("preau.federation.urls")),
    path("federation/saml/", include("preau.federation.saml_urls")),
    path("federation/oidc/", include("preau.federation.oidc_urls")),
    path("class-cards/", include("preau.class_cards.urls")),
]

urlpatterns = [
    # The admin's login goes through the login service (throttle, second factor).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("sw.js", service_worker, name="service-worker"),
    # Everything else is the web app (React Router); /api/… and /static/… never fall here.
    re_path(r"^(?!api/|static/|admin/|ws/).*$", spa_index, name="web-app"),
]

handler400 = "preau.common.views.handler400"
handler403 = "preau.common.views.handler403"
handler404 = "preau.common.views.handler404"
handler500 = "preau.common.views.handler500"
