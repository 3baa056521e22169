from django.urls import path  # noqa: F401

app_name = "account_settings"

urlpatterns: list = []
