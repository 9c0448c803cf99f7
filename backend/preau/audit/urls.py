from django.urls import path

from preau.audit import apis

app_name = "audit"
urlpatterns = [
    path("events/", apis.AuditEventListApi.as_view(), name="event-list"),
]
