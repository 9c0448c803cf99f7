from django.urls import path

from preau.federation.oidc_views import OidcCallbackView, OidcStartView

app_name = "oidc"
urlpatterns = [
    path("<slug:provider>/start/", OidcStartView.as_view(), name="start"),
    path("<slug:provider>/callback/", OidcCallbackView.as_view(), name="callback"),
]
