"""Import and export pages: every page here is the signed-in owner's own, and others get a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from portability import selectors, services
from portability.csv_cells import csv_text
from portability.forms import LetterboxdImportForm
from portability.letterboxd import FAILED_COLUMNS
from portability.models import DataExport, ImportJob
from portability.ratings import RULE
from portability.storage import export_storage
from portability.uploads import BadFile, size_refusal
from reviewhub import ratelimit

PREVIEW_ROWS_PER_PAGE = 100
# Room for the form's other fields and the multipart boundaries around the files themselves.
UPLOAD_FORM_OVERHEAD = 64 * 1024


@never_cache
@login_required
def export_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.export_request(user=request.user)
        except ratelimit.RateLimited as limited:
            messages.error(request, f"You asked for several archives already. {limited.message}")
        return redirect("portability:export")
    context = {"export": selectors.latest_export(user=request.user), "days": settings.REVIEWHUB_EXPORT_DAYS}
    return render(request, "portability/export.html", context)


@never_cache
@login_required
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = get_object_or_404(DataExport, pk=pk, user=request.user, state=DataExport.State.READY)
    if export.is_expired:
        services.export_delete(export=export)
        return render(request, "portability/export_expired.html", status=410)
    name = f"reviewhub-{request.user.username}-{timezone.localtime(export.finished_at):%Y-%m-%d}.zip"
    return FileResponse(export_storage().open(export.file_name, "rb"), as_attachment=True, filename=name)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@never_cache
@csrf_exempt  # only to answer an oversized upload before its body is read; everything else is csrf_protect-ed
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    """The upload form. A body bigger than the limit is refused from its Content-Length, unread."""
    size = _declared_length(request)
    if request.method == "POST" and size > settings.REVIEWHUB_IMPORT_MAX_BYTES + UPLOAD_FORM_OVERHEAD:
        form = LetterboxdImportForm(data={})
        # In place of "This field is required.": the files were never read.
        refusal = size_refusal("The upload", size, settings.REVIEWHUB_IMPORT_MAX_BYTES)
        form.errors["files"] = form.error_class([refusal], renderer=form.renderer)
        # Nothing was read or changed, so no CSRF check is needed to say no.
        return _render_import_form(request, form, status=413)
    return _import_form(request)


def _render_import_form(request: HttpRequest, form: LetterboxdImportForm, *, status: int) -> HttpResponse:
    context = {"form": form, "imports": selectors.recent_imports(user=request.user)}
    return render(request, "portability/import_form.html", context, status=status)


@csrf_protect
def _import_form(request: HttpRequest) -> HttpResponse:
    form = LetterboxdImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_preview_create(user=request.user, uploads=form.cleaned_data["files"])
        except BadFile as refused:
            form.add_error("files", str(refused))
            status = 400
        except ratelimit.RateLimited as limited:
            form.add_error(None, limited.message)
            status = 429
        else:
            return redirect(job)
    elif request.method == "POST":
        status = 400
    return _render_import_form(request, form, status=status)


def _own_job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, user=request.user)


@never_cache
@login_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview before confirmation, the progress while importing, the report at the end."""
    job = _own_job(request, pk)
    context = {"job": job, "rule": RULE}
    if job.state == ImportJob.State.PREVIEW:
        rows = job.rows
        context["matched"] = sum(1 for row in rows if row["film_id"])
        context["unmatched"] = len(rows) - context["matched"]
        context["page"] = Paginator(rows, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
        return render(request, "portability/import_preview.html", context)
    if job.is_active:
        return render(request, "portability/import_progress.html", context)
    noted = [row for row in job.rows if row.get("note")]
    context["page"] = Paginator(noted, PREVIEW_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portability/import_report.html", context)


@require_POST
@login_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.import_confirm(job=_own_job(request, pk))
    return redirect(job)


@require_POST
@login_required
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    if services.import_cancel(job=_own_job(request, pk)):
        messages.info(request, "The import was cancelled; nothing was imported.")
    return redirect("portability:import")


@never_cache
@login_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the import is, for the progress page's script (static/portability/import-progress.js)."""
    job = get_object_or_404(ImportJob.objects.defer("rows", "failed_rows"), pk=pk, user=request.user)
    return JsonResponse(
        {
            "state": job.state,
            "active": job.is_active,
            "processed": job.processed,
            "total": job.total,
            "percent": job.percent,
        }
    )


@never_cache
@login_required
def import_failed_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows that were not imported, with the reason, in a CSV that can be fixed and uploaded again."""
    job = _own_job(request, pk)
    response = HttpResponse(csv_text(FAILED_COLUMNS, job.failed_rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reviewhub-import-{job.pk}-failed-rows.csv"'
    return response
