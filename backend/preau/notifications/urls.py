from django.urls import path

from preau.notifications import apis

app_name = "notifications"
urlpatterns = [
    path("digest/", apis.DigestApi.as_view(), name="digest"),
    path("unsubscribe/<str:token>/", apis.UnsubscribeApi.as_view(), name="unsubscribe"),
]
