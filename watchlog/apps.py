from django.apps import AppConfig


class WatchlogConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "watchlog"
