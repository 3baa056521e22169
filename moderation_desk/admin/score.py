"""Score protection: staff (and moderators, by permission) switch it per film; every change is audited.

Saves go through reviews.protection.score_protection_save, which records the change in the
audit log; the database recounts the film in the same statement. Nobody deletes a protection:
unticking "on" restores the plain score and keeps the history on the same page.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from films.models import Film
from moderation_desk.admin.base import ModerationEventInline
from reviewhub.admin_dates import DateCheckedChangeListMixin
from reviewhub.numbers import one_decimal
from reviews.models import FilmReviewStats, ScoreProtection
from reviews.protection import score_protection_save


@admin.register(ScoreProtection)
class ScoreProtectionAdmin(DateCheckedChangeListMixin, admin.ModelAdmin):
    list_display = ("film", "enabled", "since", "min_account_age_days", "require_watch", "counted_score", "updated_at")
    list_filter = ("enabled", "require_watch")
    search_fields = ("film__title",)
    list_select_related = ("film", "film__review_stats")
    date_hierarchy = "since"
    fields = ("film", "enabled", "since", "min_account_age_days", "require_watch")
    inlines = (ModerationEventInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ScoreProtection]:
        return super().get_queryset(request).select_related("film", "film__review_stats")

    def get_readonly_fields(self, request: HttpRequest, obj: ScoreProtection | None = None) -> tuple[str, ...]:
        # A protection belongs to its film for good; its page shows the film's score as it stands.
        return ("film", "counted_score", "film_page") if obj is not None else ()

    def get_fields(self, request: HttpRequest, obj: ScoreProtection | None = None) -> tuple[str, ...]:
        if obj is None:
            return self.fields
        return ("film", "film_page", "counted_score", *self.fields[1:])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "film":
            kwargs["queryset"] = Film.objects.filter(score_protection__isnull=True).order_by("title", "year")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: ScoreProtection | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ScoreProtection, form, change: bool) -> None:
        score_protection_save(protection=obj, actor=request.user)

    @admin.display(description="film's score now")
    def counted_score(self, protection: ScoreProtection) -> str:
        try:
            stats = protection.film.review_stats
        except FilmReviewStats.DoesNotExist:
            return "no ratings"
        average = f"{one_decimal(stats.average):.1f}/10" if stats.average is not None else "no counted ratings"
        return f"{average} from {stats.rating_count} counted, {stats.uncounted_count} not counted"

    @admin.display(description="on the site")
    def film_page(self, protection: ScoreProtection) -> str:
        return format_html('<a href="{}">{}</a>', protection.film.get_absolute_url(), protection.film)
