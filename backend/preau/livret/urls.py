from django.urls import include, path

app_name = "livret"
urlpatterns = [
    path("", include("preau.livret.lsu_urls")),
]
