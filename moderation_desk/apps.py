from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ModerationDeskConfig(AppConfig):
    """Queues, decisions and reports: what acts on reviews and comments, above both."""

    name = "moderation_desk"
    verbose_name = "Moderation desk"


class ReviewHubAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with ReviewHub's site as the default `admin.site` (named in INSTALLED_APPS)."""

    default = False
    default_site = "moderation_desk.admin_site.ReviewHubAdminSite"
