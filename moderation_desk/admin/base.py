"""What the moderation queues share: decision buttons and actions, filters, the audit trail inline.

Every decision in the admin (bulk action or button on an item's page) goes through
moderation_desk.services, so it is recorded in the audit log exactly as a site view's
decision would be. Moderators never get a hard delete.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.defaultfilters import linebreaksbr
from django.urls import NoReverseMatch, path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from moderation.models import ModerationEvent, Revision
from moderation.services import revision_record
from moderation_desk import services
from moderation_desk.selectors import open_report_count, reports_while_up
from reviewhub.admin_dates import DateCheckedChangeListMixin
from reviewhub.admin_readonly import ReadOnlyAdminMixin
from reviewhub.templatetags.plaintext import excerpt


class ModerationEventInline(ReadOnlyAdminMixin, GenericTabularInline):
    """The item's audit trail, newest first, on its admin page. Read-only for everyone."""

    model = ModerationEvent
    classes = ("moderation-readonly-inline",)
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = readonly_fields = ("created_at", "decided_by", "action", "from_status", "to_status", "note")
    extra = 0
    can_delete = False
    verbose_name = "audit record"
    verbose_name_plural = "audit trail"

    def get_queryset(self, request: HttpRequest) -> QuerySet[ModerationEvent]:
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="who")
    def decided_by(self, event: ModerationEvent) -> str:
        return event.who


class RevisionInline(ReadOnlyAdminMixin, GenericTabularInline):
    """Earlier texts of the item, newest first, beside its current text: what reporters saw before an edit."""

    model = Revision
    classes = ("moderation-readonly-inline",)
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = readonly_fields = ("text_since", "replaced_at", "replaced_by", "reason", "text", "reports_while_up")
    extra = 0
    can_delete = False
    verbose_name = "earlier text"
    verbose_name_plural = "earlier texts (revisions)"
    report_field = ""  # the Report foreign key pointing at this model

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return super().get_queryset(request).select_related("replaced_by")

    @admin.display(description="text")
    def text(self, revision: Revision) -> str:
        rating = f" · {revision.rating}/10" if revision.rating else ""
        title = format_html("<strong>{}</strong>{}<br>", revision.title, rating) if revision.title else ""
        return format_html("{}{}", title, linebreaksbr(revision.body, autoescape=True))

    @admin.display(description="reports made while it was up")
    def reports_while_up(self, revision: Revision) -> int:
        return reports_while_up(target_field=self.report_field, revision=revision)


class HasOpenReportsFilter(admin.SimpleListFilter):
    """Filter on the `open_report_count` annotation the moderated admins add."""

    title = "open reports"
    parameter_name = "reported"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Has open reports"), ("no", "No open reports")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(open_report_count__gt=0)
        if self.value() == "no":
            return queryset.filter(open_report_count=0)
        return queryset


class DeletedByAuthorFilter(admin.SimpleListFilter):
    title = "deleted by its author"
    parameter_name = "deleted"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Deleted by its author"), ("no", "Not deleted")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


def admin_change_link(obj: Model, text: str) -> str:
    """A link to the object's admin page, escaped; plain text if it has none."""
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return text
    return format_html('<a href="{}">{}</a>', url, text)


class DecisionAdmin(DateCheckedChangeListMixin, admin.ModelAdmin):
    """A model admin whose items get decision buttons on their page, besides the bulk actions.

    Subclasses list `decisions` (name -> button label), implement `apply_decision`
    and `has_moderate_permission`. The page stays read-only; the buttons POST to
    `<id>/decide/`, which checks the same permission as the bulk actions.
    """

    decisions: dict[str, str] = {}
    change_form_template = "admin/moderation_desk/decision_change_form.html"

    class Media:
        css = {"all": ["moderation_desk/admin.css"]}

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        raise NotImplementedError

    def apply_decision(self, request: HttpRequest, obj: Model, decision: str) -> bool:
        raise NotImplementedError

    def decision_message(self, decision: str, count: int) -> str:
        raise NotImplementedError

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Moderation hides, it never deletes; only a superuser may remove a row for good.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="{}_{}_decide".format(*info),
            ),
            *super().get_urls(),
        ]

    def decision_state(self, obj: Model) -> str:
        """One line of HTML above the buttons saying where the item stands."""
        return ""

    def render_change_form(self, request: HttpRequest, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                can_decide=self.has_moderate_permission(request),
                decisions=list(self.decisions.items()),
                decision_state=self.decision_state(obj),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def decide_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        decision = request.POST.get("decision", "")
        if decision not in self.decisions:
            self.message_user(request, "Choose one of the decisions shown.", messages.ERROR)
        else:
            self.run_decision(request, [obj], decision)
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))

    def run_decision(self, request: HttpRequest, objects, decision: str) -> int:
        """Apply one decision to each object and tell the moderator how many changed."""
        objects = list(objects)
        changed = 0
        for obj in objects:
            if self.apply_decision(request, obj, decision):
                changed += 1
                # Also in Django's own log, so "Recent actions" and "History" show decisions too.
                self.log_change(request, obj, f"Moderation: {self.decisions[decision]}")
        if changed:
            self.message_user(request, self.decision_message(decision, changed), messages.SUCCESS)
        unchanged = len(objects) - changed
        if unchanged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d %(items)s was already in that state; nothing to do.",
                    "%(count)d %(items)s were already in that state; nothing to do.",
                    unchanged,
                )
                % {"count": unchanged, "items": model_ngettext(self.opts, unchanged)},
                messages.WARNING,
            )
        return changed


def decision_action(decision: str, description: str) -> Callable:
    """A bulk action that runs `decision` through the admin's run_decision."""

    def action(modeladmin: DecisionAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        modeladmin.run_decision(request, queryset, decision)

    action.__name__ = f"{decision}_selected"
    return admin.action(description=description, permissions=["moderate"])(action)


class ModeratedContentAdmin(DecisionAdmin):
    """Shared admin for reviews and comments: the queue, its filters, actions and audit trail."""

    moderate_permission = ""  # e.g. "comments.moderate_comment"
    report_field = ""  # the Report foreign key pointing at this model
    decisions = {
        services.APPROVE: "Approve",
        services.SPAM: "Reject as spam",
        services.REMOVE: "Remove",
        services.RESTORE: "Restore",
    }
    decision_messages = {
        services.APPROVE: ("%(count)d %(items)s was approved.", "%(count)d %(items)s were approved."),
        services.SPAM: ("%(count)d %(items)s was rejected as spam.", "%(count)d %(items)s were rejected as spam."),
        services.REMOVE: ("%(count)d %(items)s was removed.", "%(count)d %(items)s were removed."),
        services.RESTORE: ("%(count)d %(items)s was restored.", "%(count)d %(items)s were restored."),
    }
    actions = [
        decision_action(services.APPROVE, "Approve selected %(verbose_name_plural)s"),
        decision_action(services.SPAM, "Reject selected %(verbose_name_plural)s as spam"),
        decision_action(services.REMOVE, "Remove selected %(verbose_name_plural)s (hide, keep for the record)"),
        decision_action(services.RESTORE, "Restore selected %(verbose_name_plural)s (make visible again)"),
    ]
    date_hierarchy = "created_at"
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(open_report_count=open_report_count(self.report_field))

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(self.moderate_permission)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Moderators decide with the actions, which keep the audit trail; they never
        # rewrite someone's words. A superuser may still correct text on the form.
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def apply_decision(self, request: HttpRequest, obj: Model, decision: str) -> bool:
        return services.moderate(target=obj, action=decision, actor=request.user)

    def save_model(self, request: HttpRequest, obj: Model, form, change: bool) -> None:
        """A superuser's correction keeps the text it replaces, as an author's edit does."""
        if change and set(form.changed_data) & {"title", "body", "rating"}:
            revision_record(
                target=obj,
                previous=type(obj).objects.get(pk=obj.pk),
                editor=request.user,
                reason=Revision.Reason.CORRECTED,
            )
        super().save_model(request, obj, form, change)

    def decision_message(self, decision: str, count: int) -> str:
        singular, plural = self.decision_messages[decision]
        return ngettext(singular, plural, count) % {"count": count, "items": model_ngettext(self.opts, count)}

    def decision_state(self, obj: Model) -> str:
        deleted = ""
        if obj.deleted_at is not None:
            deleted = format_html(" · deleted by its author on {}", date_format(obj.deleted_at, "DATETIME_FORMAT"))
        return format_html(
            "Status: <strong>{}</strong>{} · open reports: <strong>{}</strong>",
            obj.get_status_display(),
            deleted,
            getattr(obj, "open_report_count", 0),
        )

    @admin.display(description="open reports", ordering="open_report_count")
    def open_reports(self, obj: Model) -> str:
        count = getattr(obj, "open_report_count", 0)
        if not count:
            return "0"
        url = reverse("admin:comments_report_changelist")
        return format_html('<a href="{}?{}__id__exact={}&amp;state=open">{}</a>', url, self.report_field, obj.pk, count)

    @admin.display(description="status", ordering="status")
    def status_label(self, obj: Model) -> str:
        if obj.deleted_at is not None:
            return f"{obj.get_status_display()} · deleted by its author"
        return obj.get_status_display()

    @admin.display(description="author", ordering="author__username")
    def author_link(self, obj: Model) -> str:
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return format_html(
            '<a href="{}?author__id__exact={}" title="Everything by {}">{}</a>',
            url,
            obj.author_id,
            obj.author.username,
            obj.author.username,
        )

    @admin.display(description="on site")
    def site_link(self, obj: Model) -> str:
        return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())

    @staticmethod
    def short_text(text: str, length: int = 90) -> str:
        return excerpt(text, length)
