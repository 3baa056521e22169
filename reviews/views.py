"""The review page and the actions of readers on a review: write, edit, delete, vote, report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from comments.forms import CommentForm, ReportForm
from comments.models import Comment, Report
from comments.selectors import approved_comment_count, thread_page
from comments.services import report_create
from films.models import Film
from moderation.models import Status
from reviewhub import ratelimit
from reviewhub.cache import cache_for_anonymous
from reviewhub.forms import add_service_error, write_limited
from reviews import services
from reviews.forms import ReviewForm, VoteForm
from reviews.models import HelpfulVote, Review
from reviews.selectors import user_review_for_film

REPORT_THANKS = "Thanks, a moderator will look at it."
ALREADY_REPORTED = "You have already reported this."


def safe_next(request: HttpRequest) -> str | None:
    """The `next` address of the request, only when it points back into this site."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    return redirect(safe_next(request) or default)


def login_then_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """A visitor's POST goes to sign in, then back to the page they were on (not to a POST-only URL)."""
    return redirect_to_login(safe_next(request) or default)


def render_review_page(
    request: HttpRequest, review: Review, *, comment_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """The review and one page of its thread; also re-rendered with a bound comment form on errors."""
    user = request.user
    page, entries = thread_page(review=review, viewer=user, page_number=request.GET.get("page"))
    names = {entry.comment.pk: entry.comment.author.username for entry in entries}
    is_author = user.is_authenticated and review.author_id == user.pk
    user_vote = None
    if user.is_authenticated and not is_author:
        user_vote = HelpfulVote.objects.filter(review=review, voter=user).values_list("is_helpful", flat=True).first()
    context = {
        "review": review,
        "film": review.film,
        "is_author": is_author,
        "can_vote": user.is_authenticated and not is_author and review.is_visible,
        "user_vote": user_vote,
        "awaiting_moderation": review.status != Status.APPROVED,
        "provenance_url": review.imported_from if review.imported_from.startswith(("https://", "http://")) else "",
        "page": page,
        "rows": [(entry, names.get(entry.comment.parent_id, "")) for entry in entries],
        "comment_count": approved_comment_count(review=review),
        "comment_form": comment_form or CommentForm(auto_id="id_comment_%s"),
        "reply_form": CommentForm(auto_id="id_reply_%s", body_label="Your reply"),
    }
    return render(request, "reviews/review_detail.html", context, status=status)


@cache_for_anonymous
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible_to(request.user).select_related("film", "author"), pk=pk)
    return render_review_page(request, review)


@login_required
def review_create(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film, slug=slug)
    existing = user_review_for_film(film=film, user=request.user)
    if existing is not None:
        messages.info(request, "You have already reviewed this film, so here is your review to edit.")
        return redirect("reviews:edit", pk=existing.pk)
    form = ReviewForm(request.POST or None)
    status = 200
    if form.is_valid():
        review, status = write_limited(
            form,
            action="review",
            key=str(request.user.pk),
            write=lambda: services.review_create(author=request.user, film=film, **form.cleaned_data),
        )
        if review is not None:
            messages.success(request, "Your review is published.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"form": form, "film": film, "review": None}, status=status)


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.select_related("film"), pk=pk, author=request.user, deleted_at__isnull=True
    )
    form = ReviewForm(request.POST or None, instance=review)
    if form.is_valid():
        try:
            services.review_update(review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your review was updated.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"form": form, "film": review.film, "review": review})


@login_required
def review_delete(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        Review.objects.select_related("film"), pk=pk, author=request.user, deleted_at__isnull=True
    )
    if request.method == "POST":
        services.review_delete(review=review)
        messages.success(request, "Your review was deleted.")
        return redirect(review.film)
    return render(request, "reviews/review_confirm_delete.html", {"review": review, "film": review.film})


@require_POST
def review_vote(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible(), pk=pk)
    if not request.user.is_authenticated:
        return login_then_back(request, review.get_absolute_url())
    back = redirect_back(request, f"{review.get_absolute_url()}#helpful")
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose Yes or No to vote.")
        return back
    try:
        ratelimit.hit("vote", str(request.user.pk))
        services.helpful_vote_set(review=review, voter=request.user, is_helpful=form.is_helpful)
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if form.is_helpful is None:
            messages.success(request, "Your vote was withdrawn.")
        else:
            messages.success(request, "Thanks for your vote.")
    return back


def report_view(
    request: HttpRequest, *, target: Review | Comment, back_url: str, template_context: dict
) -> HttpResponse:
    """Shared by review and comment reports: one report per reader and item, then back with thanks."""
    if target.author_id == request.user.pk:
        messages.error(request, "You cannot report your own writing.")
        return redirect_back(request, back_url)
    target_field = "review" if isinstance(target, Review) else "comment"
    if Report.objects.filter(reporter=request.user, **{target_field: target}).exists():
        messages.info(request, ALREADY_REPORTED)
        return redirect_back(request, back_url)
    form = ReportForm(request.POST or None)
    status = 200
    if form.is_valid():
        report, status = write_limited(
            form,
            action="report",
            key=str(request.user.pk),
            write=lambda: report_create(reporter=request.user, target=target, **form.cleaned_data),
        )
        if report is not None:
            messages.success(request, REPORT_THANKS)
            return redirect_back(request, back_url)
    context = {**template_context, "form": form, "next": safe_next(request) or back_url}
    return render(request, "comments/report_form.html", context, status=status)


@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.visible().select_related("film", "author"), pk=pk)
    return report_view(
        request,
        target=review,
        back_url=review.get_absolute_url(),
        template_context={"review": review, "reported_review": review},
    )
