"""ReviewHub's admin site: Django's, with a "needs a decision" panel on the index page."""

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from accounts.forms import AdminLoginForm
from moderation_desk.selectors import moderation_queues


class ReviewHubAdminSite(admin.AdminSite):
    site_header = "ReviewHub administration"
    site_title = "ReviewHub admin"
    index_title = "Moderation and catalogue"
    index_template = "admin/moderation_desk/index.html"
    # The admin's sign-in page gets the same throttling as the site's.
    login_form = AdminLoginForm
    # The queues are wide tables; they need the width more than a second navigation menu.
    enable_nav_sidebar = False

    def index(self, request: HttpRequest, extra_context=None) -> TemplateResponse:
        context = {"moderation_queues": moderation_queues(request.user), **(extra_context or {})}
        return super().index(request, context)
