"""The review moderation queue."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html

from moderation_desk import services
from moderation_desk.admin.base import (
    DeletedByAuthorFilter,
    HasOpenReportsFilter,
    ModeratedContentAdmin,
    ModerationEventInline,
    RevisionInline,
    decision_action,
)
from moderation_desk.admin.comments import ReportInline
from moderation_desk.services import SPOILERS
from reviews.models import Review


class ReviewReportInline(ReportInline):
    fk_name = "review"


class ReviewRevisionInline(RevisionInline):
    report_field = "review"


@admin.register(Review)
class ReviewAdmin(ModeratedContentAdmin):
    """Reviews: the same queue as comments, plus "mark as containing spoilers" instead of removing."""

    moderate_permission = "reviews.moderate_review"
    report_field = "review"
    decisions = {
        services.APPROVE: "Approve",
        SPOILERS: "Mark as containing spoilers",
        services.SPAM: "Reject as spam",
        services.REMOVE: "Hide",
        services.RESTORE: "Restore",
    }
    decision_messages = {
        **ModeratedContentAdmin.decision_messages,
        services.REMOVE: ("%(count)d %(items)s was hidden.", "%(count)d %(items)s were hidden."),
        SPOILERS: (
            "%(count)d %(items)s was marked as containing spoilers.",
            "%(count)d %(items)s were marked as containing spoilers.",
        ),
    }
    actions = [
        decision_action(services.APPROVE, "Approve selected %(verbose_name_plural)s"),
        decision_action(SPOILERS, "Mark selected %(verbose_name_plural)s as containing spoilers (keep them up)"),
        decision_action(services.SPAM, "Reject selected %(verbose_name_plural)s as spam"),
        decision_action(services.REMOVE, "Hide selected %(verbose_name_plural)s (keep for the record)"),
        decision_action(services.RESTORE, "Restore selected %(verbose_name_plural)s (make visible again)"),
    ]
    list_display = (
        "title",
        "status_label",
        "author_link",
        "film",
        "rating",
        "spoilers",
        "open_reports",
        "created_at",
        "site_link",
    )
    list_display_links = ("title",)
    list_filter = ("status", HasOpenReportsFilter, "contains_spoilers", DeletedByAuthorFilter)
    search_fields = ("title", "body", "author__username", "film__title")
    list_select_related = ("author", "film")
    raw_id_fields = ("author", "film")
    ordering = ("-created_at", "-id")
    fieldsets = (
        (None, {"fields": ("title", "body", "rating", "contains_spoilers")}),
        ("Where", {"fields": ("film_link", "author_link", "site_link")}),
        ("Moderation", {"fields": ("status", "created_at", "updated_at", "edited_at", "deleted_at")}),
        (
            "Helpful votes and provenance",
            {
                "classes": ("collapse",),
                "fields": (
                    "helpful_yes",
                    "helpful_total",
                    "helpful_score",
                    "imported_from",
                    "imported_site",
                    "imported_author_name",
                ),
            },
        ),
    )
    readonly_fields = (
        "film_link",
        "author_link",
        "site_link",
        "status",
        "created_at",
        "updated_at",
        "edited_at",
        "deleted_at",
        "helpful_yes",
        "helpful_total",
        "helpful_score",
        "imported_from",
        "imported_site",
        "imported_author_name",
    )
    inlines = (ReviewReportInline, ReviewRevisionInline, ModerationEventInline)

    @admin.display(description="spoilers", boolean=True, ordering="contains_spoilers")
    def spoilers(self, review: Review) -> bool:
        return review.contains_spoilers

    @admin.display(description="film")
    def film_link(self, review: Review) -> str:
        return format_html('<a href="{}">{}</a>', review.film.get_absolute_url(), review.film)

    def apply_decision(self, request: HttpRequest, obj: Model, decision: str) -> bool:
        if decision == SPOILERS:
            return services.review_mark_spoilers(review=obj, actor=request.user)
        return super().apply_decision(request, obj, decision)
