"""Import and export pages: every page here is the signed-in owner's own, and others get a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portability import selectors, services
from portability.csv_cells import csv_text
from portability.forms import LetterboxdImportForm
from portability.letterboxd import FAILED_COLUMNS
from portability.models import DataExport, ImportJob
from portability.ratings import RULE
from portability.storage import export_storage
from portability.uploads import BadFile
from reviewhub import ratelimit

PREVIEW_ROWS_PER_PAGE = 100


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


@never_cache
@login_required
def import_start(request: HttpRequest) -> HttpResponse:
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
    context = {"form": form, "imports": selectors.recent_imports(user=request.user)}
    return render(request, "portability/import_form.html", context, status=status)


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
    context["not_created"] = [row for row in job.rows if row.get("outcome") in ("skipped", "failed")]
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
def import_failed_rows(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows that were not imported, with the reason, in a CSV that can be fixed and uploaded again."""
    job = _own_job(request, pk)
    response = HttpResponse(csv_text(FAILED_COLUMNS, job.failed_rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reviewhub-import-{job.pk}-failed-rows.csv"'
    return response
