from django.urls import path

from preau.accounts import apis

app_name = "accounts"
urlpatterns = [
    path("csrf/", apis.CsrfApi.as_view(), name="csrf"),
    path("login/", apis.LoginApi.as_view(), name="login"),
    path("logout/", apis.LogoutApi.as_view(), name="logout"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("me/export.zip", apis.MeExportApi.as_view(), name="me-export"),
    path("activate/", apis.ActivateApi.as_view(), name="activate"),
]
