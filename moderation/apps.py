from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ModerationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moderation"


class ReviewHubAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ReviewHub's site as the default `admin.site` (named in INSTALLED_APPS)."""

    default = False
    default_site = "moderation.admin_site.ReviewHubAdminSite"
