"""The comment moderation queue and the report queue."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from comments.models import Comment, Report
from moderation_desk import services
from moderation_desk.admin.base import (
    DecisionAdmin,
    DeletedByAuthorFilter,
    HasOpenReportsFilter,
    ModeratedContentAdmin,
    ModerationEventInline,
    RevisionInline,
    admin_change_link,
    decision_action,
)
from reviewhub.admin_readonly import ReadOnlyAdminMixin
from reviewhub.templatetags.plaintext import excerpt


class ReportInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Who reported the item and why, on its admin page."""

    model = Report
    fk_name = "comment"
    fields = readonly_fields = ("created_at", "reporter_name", "reason", "details", "state")
    classes = ("moderation-readonly-inline",)
    extra = 0
    can_delete = False
    verbose_name_plural = "reports"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        return super().get_queryset(request).select_related("reporter", "resolved_by")

    @admin.display(description="state")
    def state(self, report: Report) -> str:
        return report_state(report)

    @admin.display(description="reporter")
    def reporter_name(self, report: Report) -> str:
        return report.reporter.username


def report_state(report: Report) -> str:
    """Open, or the decision with who took it and when (user names as text: moderators have no user pages)."""
    if report.resolved_at is None:
        return "Open"
    decision = "Upheld, content removed" if report.upheld else "Resolved, content kept"
    who = report.resolved_by.username if report.resolved_by else "a deleted account"
    return f"{decision} by {who} on {date_format(report.resolved_at, 'SHORT_DATETIME_FORMAT')}"


class CommentRevisionInline(RevisionInline):
    report_field = "comment"


@admin.register(Comment)
class CommentAdmin(ModeratedContentAdmin):
    """The comment queue: filter to "Awaiting moderation" or "Has open reports", select, decide."""

    moderate_permission = "comments.moderate_comment"
    report_field = "comment"
    list_display = (
        "short_body",
        "status_label",
        "author_link",
        "review_link",
        "depth",
        "spoilers",
        "open_reports",
        "created_at",
    )
    list_display_links = ("short_body",)
    list_filter = ("status", HasOpenReportsFilter, "contains_spoilers", DeletedByAuthorFilter)
    search_fields = ("body", "author__username")
    list_select_related = ("author", "review", "review__film")
    raw_id_fields = ("author", "review", "parent")
    ordering = ("-created_at", "-id")
    fieldsets = (
        (None, {"fields": ("body", "contains_spoilers")}),
        ("Where", {"fields": ("review", "parent", "author_link", "site_link")}),
        ("Moderation", {"fields": ("status", "created_at", "edited_at", "deleted_at")}),
        ("Thread bookkeeping", {"classes": ("collapse",), "fields": ("depth", "thread", "path")}),
    )
    readonly_fields = (
        "review",
        "parent",
        "author_link",
        "site_link",
        "status",
        "created_at",
        "edited_at",
        "deleted_at",
        "depth",
        "thread",
        "path",
    )
    inlines = (ReportInline, CommentRevisionInline, ModerationEventInline)
    decisions = {**ModeratedContentAdmin.decisions, services.SPOILERS: "Mark as containing spoilers"}
    decision_messages = {
        **ModeratedContentAdmin.decision_messages,
        services.SPOILERS: (
            "%(count)d %(items)s was marked as containing spoilers.",
            "%(count)d %(items)s were marked as containing spoilers.",
        ),
    }
    actions = [
        *ModeratedContentAdmin.actions,
        decision_action(
            services.SPOILERS, "Mark selected %(verbose_name_plural)s as containing spoilers (keep them up)"
        ),
        "remove_pending_of_authors",
    ]

    @admin.display(description="comment", ordering="body")
    def short_body(self, comment: Comment) -> str:
        return excerpt(comment.body, 70) or "(empty)"

    @admin.display(description="spoilers", boolean=True, ordering="contains_spoilers")
    def spoilers(self, comment: Comment) -> bool:
        return comment.contains_spoilers

    def apply_decision(self, request: HttpRequest, obj: Comment, decision: str) -> bool:
        if decision == services.SPOILERS:
            return services.comment_mark_spoilers(comment=obj, actor=request.user)
        return super().apply_decision(request, obj, decision)

    @admin.display(description="review · film", ordering="review__title")
    def review_link(self, comment: Comment) -> str:
        return format_html(
            '{}<br><span class="quiet">{} · <a href="{}">view on site</a></span>',
            admin_change_link(comment.review, excerpt(comment.review.title, 50)),
            comment.review.film,
            comment.get_absolute_url(),
        )

    @admin.action(
        description="Remove all pending comments by the authors of the selected comments",
        permissions=["moderate"],
    )
    def remove_pending_of_authors(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        authors = {comment.author_id for comment in queryset}
        removed = services.pending_comments_remove(authors=authors, actor=request.user)
        comments = ngettext("%(count)d pending comment", "%(count)d pending comments", removed) % {"count": removed}
        by = ngettext("%(count)d author", "%(count)d authors", len(authors)) % {"count": len(authors)}
        self.message_user(request, f"Removed {comments} by {by}.")


class ReportStateFilter(admin.SimpleListFilter):
    """Open reports by default: the queue is what still needs a decision."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("open", "Open"), ("upheld", "Upheld"), ("kept", "Resolved, content kept"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "open"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        value = self.value() or "open"
        if value == "open":
            return queryset.filter(resolved_at__isnull=True)
        if value == "upheld":
            return queryset.filter(resolved_at__isnull=False, upheld=True)
        if value == "kept":
            return queryset.filter(resolved_at__isnull=False, upheld=False)
        return queryset


class ReportTargetFilter(admin.SimpleListFilter):
    title = "reported item"
    parameter_name = "target"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("review", "Reviews"), ("comment", "Comments")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> QuerySet[Report]:
        if self.value() == "review":
            return queryset.filter(review__isnull=False)
        if self.value() == "comment":
            return queryset.filter(comment__isnull=False)
        return queryset


KEEP = "keep"
UPHOLD = "uphold"
UPHOLD_SPOILERS = "uphold_spoilers"


@admin.register(Report)
class ReportAdmin(DecisionAdmin):
    """Readers' reports. Deciding one decides the item, so it closes all its open reports."""

    list_display = (
        "report_label",
        "reason",
        "target_link",
        "target_status",
        "reporter",
        "created_at",
        "state",
    )
    list_display_links = ("report_label",)
    list_filter = (ReportStateFilter, "reason", ReportTargetFilter)
    search_fields = ("details", "reporter__username", "comment__body", "review__title")
    list_select_related = ("reporter", "resolved_by", "review", "comment")
    raw_id_fields = ("reporter", "review", "comment", "resolved_by")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-id")
    fields = (
        "target_link",
        "target_status",
        "reason",
        "details",
        "reporter_name",
        "created_at",
        "state",
    )
    readonly_fields = fields
    decisions = {
        KEEP: "Resolve: keep the content",
        UPHOLD_SPOILERS: "Uphold: mark as containing spoilers (keep it up)",
        UPHOLD: "Uphold: remove the content",
    }
    actions = [
        decision_action(KEEP, "Resolve selected reports, keep the content"),
        decision_action(UPHOLD_SPOILERS, "Uphold selected reports of unmarked spoilers, mark the content as spoilers"),
        decision_action(UPHOLD, "Uphold selected reports, remove the content"),
    ]

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        # A report is a record of what a reader said; decisions change the item, not the report.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.moderate_comment") or request.user.has_perm("reviews.moderate_review")

    def _may_decide_on(self, request: HttpRequest, report: Report) -> bool:
        permission = "reviews.moderate_review" if report.review_id else "comments.moderate_comment"
        return request.user.has_perm(permission)

    def run_decision(self, request: HttpRequest, objects, decision: str) -> int:
        objects = list(objects)
        allowed = [report for report in objects if self._may_decide_on(request, report)]
        refused = len(objects) - len(allowed)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report was left open: you may not moderate what it reports.",
                    "%(count)d reports were left open: you may not moderate what they report.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )
        return super().run_decision(request, allowed, decision)

    def apply_decision(self, request: HttpRequest, obj: Report, decision: str) -> bool:
        if decision == UPHOLD_SPOILERS:
            return services.report_uphold_spoilers(report=obj, actor=request.user)
        return services.report_resolve(report=obj, actor=request.user, upheld=decision == UPHOLD)

    def decision_message(self, decision: str, count: int) -> str:
        if decision == UPHOLD_SPOILERS:
            text = ngettext(
                "%(count)d report was upheld and its content marked as containing spoilers.",
                "%(count)d reports were upheld and their content marked as containing spoilers.",
                count,
            )
        elif decision == UPHOLD:
            text = ngettext(
                "%(count)d report was upheld and its content removed.",
                "%(count)d reports were upheld and their content removed.",
                count,
            )
        else:
            text = ngettext(
                "%(count)d report was resolved; the content stays.",
                "%(count)d reports were resolved; the content stays.",
                count,
            )
        return text % {"count": count}

    def decision_state(self, report: Report) -> str:
        return format_html("State: <strong>{}</strong>", report_state(report))

    @admin.display(description="report", ordering="-created_at")
    def report_label(self, report: Report) -> str:
        return f"Report #{report.pk}"

    @admin.display(description="reported item")
    def target_link(self, report: Report) -> str:
        if report.review_id:
            return format_html("Review: {}", admin_change_link(report.review, excerpt(report.review.title, 60)))
        return format_html("Comment: {}", admin_change_link(report.comment, excerpt(report.comment.body, 60)))

    @admin.display(description="item status")
    def target_status(self, report: Report) -> str:
        target = report.target
        deleted = " (deleted by its author)" if target.deleted_at else ""
        return f"{target.get_status_display()}{deleted}"

    @admin.display(description="state", ordering="resolved_at")
    def state(self, report: Report) -> str:
        return report_state(report)

    @admin.display(description="reporter", ordering="reporter__username")
    def reporter_name(self, report: Report) -> str:
        return report.reporter.username
