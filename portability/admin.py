"""Staff's side of import: the films readers asked for, and WordPress blog imports with their reports."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from portability.forms import WordPressImportForm
from portability.models import UnmatchedFilm, WordPressImport
from portability.uploads import BadFile, check_size, read_limited
from portability.wordpress import wordpress_import


@admin.register(UnmatchedFilm)
class UnmatchedFilmAdmin(admin.ModelAdmin):
    """Films to add: titles readers' Letterboxd imports asked for that the catalogue lacks (readers never add films)."""

    list_display = ("title", "year", "readers", "last_seen", "add_link")
    search_fields = ("title",)
    readonly_fields = ("title", "year", "first_seen", "last_seen")
    exclude = ("requested_by",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnmatchedFilm]:
        return super().get_queryset(request).annotate(reader_count=Count("requested_by"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="readers who asked", ordering="-reader_count")
    def readers(self, entry: UnmatchedFilm) -> int:
        return entry.reader_count

    @admin.display(description="")
    def add_link(self, entry: UnmatchedFilm) -> str:
        query = urlencode({"title": entry.title, **({"year": entry.year} if entry.year else {})})
        return format_html('<a href="{}?{}">Add this film</a>', reverse("admin:films_film_add"), query)


@admin.register(WordPressImport)
class WordPressImportAdmin(admin.ModelAdmin):
    """Past imports with their reports; "Add" is the upload form, which runs the import."""

    list_display = ("blog_name", "blog_url", "file_name", "imported_by", "created_at")
    list_select_related = ("imported_by",)
    fields = readonly_fields = ("blog_name", "blog_url", "file_name", "imported_by", "created_at", "report_summary")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="report")
    def report_summary(self, record: WordPressImport) -> str:
        counts = format_html_join("", "<li>{}: {}</li>", sorted(record.report.get("counts", {}).items()))
        notes = format_html_join("", "<li>{}</li>", ((note,) for note in record.report.get("notes", [])))
        return format_html("<ul>{}</ul><ul>{}</ul>", counts, notes)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = WordPressImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            film = form.cleaned_data["film"]
            limit = settings.REVIEWHUB_WXR_MAX_BYTES
            try:
                check_size(upload.name, upload.size, limit)
                record = wordpress_import(
                    data=read_limited(upload, name=upload.name, limit=limit),
                    file_name=upload.name,
                    actor=request.user,
                    film=film,
                    match_titles=film is None,
                )
            except BadFile as refused:
                form.add_error("file", str(refused))
            else:
                counts = record.report["counts"]
                summary = ", ".join(f"{label}: {count}" for label, count in sorted(counts.items()))
                messages.success(request, f"Imported {record.blog_name or record.blog_url}. {summary}.")
                return HttpResponseRedirect(reverse("admin:portability_wordpressimport_change", args=[record.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a WordPress blog",
            "opts": self.model._meta,
            "form": form,
            "max_bytes": settings.REVIEWHUB_WXR_MAX_BYTES,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/portability/wordpress_import_form.html", context)
