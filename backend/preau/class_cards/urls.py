from django.urls import path  # noqa: F401

app_name = "class_cards"
urlpatterns: list = []
