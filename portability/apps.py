"""Import and export: Letterboxd CSV, WordPress WXR, and the 'download my data' archive."""

from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portability"
    verbose_name = "Import and export"
