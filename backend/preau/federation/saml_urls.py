from django.urls import path

from preau.federation import saml_views

app_name = "saml"
urlpatterns = [
    path("login/", saml_views.SamlLoginView.as_view(), name="login"),
    path("acs/", saml_views.SamlAcsView.as_view(), name="acs"),
    path("logout/", saml_views.SamlLogoutInitView.as_view(), name="logout"),
    path("ls/", saml_views.SamlLogoutView.as_view(), name="ls"),
    path("ls/post/", saml_views.SamlLogoutView.as_view(), name="ls-post"),
    path("metadata/", saml_views.SamlMetadataView.as_view(), name="metadata"),
]
