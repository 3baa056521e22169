"""ReviewHub's admin site: Django's, with a "needs a decision" panel on the index page."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from moderation.selectors import moderation_queues


class ReviewHubAdminSite(admin.AdminSite):
    site_header = "ReviewHub administration"
    site_title = "ReviewHub admin"
    index_title = "Moderation and catalogue"
    index_template = "admin/moderation/index.html"
    # The queues are wide tables; they need the width more than a second navigation menu.
    enable_nav_sidebar = False

    def index(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        context = {"moderation_queues": moderation_queues(request.user), **(extra_context or {})}
        return super().index(request, context)
