from django.urls import path

from preau.federation import apis

app_name = "federation"
urlpatterns = [
    path("providers/", apis.ProvidersApi.as_view(), name="providers"),
    path("link/", apis.LinkApi.as_view(), name="link"),
    path("schools/<id:school_id>/identities/", apis.SchoolIdentitiesApi.as_view(),
         name="school-identities"),
    path("identities/<id:identity_id>/", apis.IdentityDetailApi.as_view(),
         name="identity-detail"),
]
