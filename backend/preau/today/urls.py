from django.urls import path

from preau.today import apis

app_name = "today"
urlpatterns = [
    path("", apis.TodayApi.as_view(), name="today"),
]
