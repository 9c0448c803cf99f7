from django.urls import path

from preau.notifications import apis

app_name = "notifications"
urlpatterns = [
    path("digest/", apis.DigestApi.as_view(), name="digest"),
    path("unsubscribe/<str:token>/", apis.UnsubscribeApi.as_view(), name="unsubscribe"),
    path("push/", apis.PushSettingsApi.as_view(), name="push"),
    path("push/subscriptions/", apis.PushSubscriptionListApi.as_view(),
         name="push-subscriptions"),
    path("push/subscriptions/<id:subscription_id>/", apis.PushSubscriptionDetailApi.as_view(),
         name="push-subscription-detail"),
]
