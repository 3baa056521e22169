"""A review's page with its discussion, and what readers do there: post, reply, edit, delete, report."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from comments import services
from comments.forms import CommentEditForm, CommentForm, ReportForm
from comments.models import Comment, Report
from comments.selectors import (
    approved_comment_count,
    comment_location,
    reply_rows,
    thread_page,
    visibility_for,
)
from moderation.models import Status
from moderation.services import author_edit_check
from notifications.selectors import discussion_state
from notifications.services import discussion_follow_set
from reviewhub import ratelimit
from reviewhub.cache import cache_for_anonymous
from reviewhub.forms import write_limited
from reviewhub.redirects import login_then_back, redirect_back, safe_next
from reviews.calibration import with_calibration
from reviews.models import HelpfulVote, Review
from reviews.reading import reading_state

POSTED = "Your comment was posted."
HELD = "Your comment is awaiting moderation."
REPORT_THANKS = "Thanks, a moderator will look at it."
ALREADY_REPORTED = "You have already reported this."


def render_review_page(
    request: HttpRequest, review: Review, *, comment_form: CommentForm | None = None, status: int = 200
) -> HttpResponse:
    """The review and one page of its thread; also re-rendered with a bound comment form on errors."""
    user = request.user
    page, entries = thread_page(review=review, viewer=user, page_number=request.GET.get("page"))
    is_author = user.is_authenticated and review.author_id == user.pk
    reading = reading_state(user=user, film_ids=[review.film_id])
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
        "rows": reply_rows(entries),
        "comment_count": approved_comment_count(review=review),
        "comment_form": comment_form or CommentForm(auto_id="id_comment_%s"),
        "reply_form": CommentForm(auto_id="id_reply_%s", body_label="Your reply"),
        "discussion_state": discussion_state(user=user, review_id=review.pk),
        "scores_hidden": review.film_id in reading.hidden_scores,
        "spoilers_open": review.film_id in reading.open_spoilers,
    }
    return render(request, "reviews/review_detail.html", context, status=status)


@cache_for_anonymous
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        with_calibration(Review.objects.visible_to(request.user).select_related("film", "author")), pk=pk
    )
    return render_review_page(request, review)


def _render_reply_page(request: HttpRequest, parent: Comment, form: CommentForm, status: int = 200) -> HttpResponse:
    shown, _ = visibility_for(parent, request.user.pk)
    film_id = parent.review.film_id
    context = {
        "parent": parent,
        "review": parent.review,
        "film": parent.review.film,
        "parent_shown": shown,
        "spoilers_open": film_id in reading_state(user=request.user, film_ids=[film_id]).open_spoilers,
        "can_reply": shown and parent.status == Status.APPROVED and parent.depth < settings.REVIEWHUB_COMMENT_MAX_DEPTH,
        "form": form,
        "back_url": comment_location(parent, request.user),
    }
    return render(request, "comments/comment_reply.html", context, status=status)


def _post_comment(
    request: HttpRequest,
    *,
    review: Review,
    parent: Comment | None,
    form: CommentForm,
    show_form: Callable[[int], HttpResponse],
) -> HttpResponse:
    """Validate, apply the honeypot and rate limit, post through the service, and say what happened."""
    if not form.is_valid():
        return show_form(200)
    if form.is_spam_trap:
        # Tell the bot it worked so it learns nothing; nothing is stored.
        messages.success(request, POSTED)
        return redirect(review)
    comment, status = write_limited(
        form,
        action="comment",
        key=str(request.user.pk),
        write=lambda: services.comment_create(
            author=request.user,
            review=review,
            body=form.cleaned_data["body"],
            parent=parent,
            contains_spoilers=form.cleaned_data["contains_spoilers"],
        ),
    )
    if comment is None:
        return show_form(status)
    if comment.status == Status.APPROVED:
        messages.success(request, POSTED)
    else:
        messages.info(request, HELD)
    return redirect(comment_location(comment, request.user))


@require_POST
def comment_create(request: HttpRequest, review_pk: int) -> HttpResponse:
    review = get_object_or_404(
        with_calibration(Review.objects.visible_to(request.user).select_related("film", "author")), pk=review_pk
    )
    if not request.user.is_authenticated:
        return login_then_back(request, review.get_absolute_url())
    form = CommentForm(request.POST, auto_id="id_comment_%s")
    parent = None
    if form.is_valid() and form.cleaned_data["parent"]:
        parent = (
            Comment.objects.select_related("author", "review", "review__film")
            .filter(pk=form.cleaned_data["parent"])
            .first()
        )
        if parent is None:
            form.add_error(None, ValidationError("That comment is no longer open for replies.", code="parent_gone"))

    def show_form(status: int) -> HttpResponse:
        if parent is not None and parent.review_id == review.pk:
            return _render_reply_page(request, parent, form, status)
        return render_review_page(request, review, comment_form=form, status=status)

    return _post_comment(request, review=review, parent=parent, form=form, show_form=show_form)


@login_required
def comment_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Without JavaScript, 'Reply' comes here: the comment being answered, and a form."""
    parent = get_object_or_404(
        Comment.objects.select_related("author", "review", "review__film", "review__author"),
        pk=pk,
        review__in=Review.objects.visible_to(request.user),
    )
    form = CommentForm(
        request.POST or None, initial={"parent": parent.pk}, auto_id="id_reply_%s", body_label="Your reply"
    )
    if request.method != "POST":
        return _render_reply_page(request, parent, form)

    def show_form(status: int) -> HttpResponse:
        return _render_reply_page(request, parent, form, status)

    return _post_comment(request, review=parent.review, parent=parent, form=form, show_form=show_form)


def _own_comment(
    request: HttpRequest, pk: int, statuses: tuple[str, ...] = (Status.APPROVED, Status.PENDING)
) -> Comment:
    """The signed-in user's own live comment, or 404 for anyone else's."""
    return get_object_or_404(
        Comment.objects.select_related("review", "review__film"),
        pk=pk,
        author=request.user,
        deleted_at__isnull=True,
        status__in=statuses,
        review__deleted_at__isnull=True,
    )


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk, statuses=tuple(Status))
    try:
        author_edit_check(comment)
    except ValidationError as refused:
        # Held, hidden after reports or removed: say why instead of a 404, and leave the text alone.
        messages.error(request, refused.messages[0])
        return redirect(comment_location(comment, request.user))
    form = CommentEditForm(
        request.POST or None, initial={"body": comment.body, "contains_spoilers": comment.contains_spoilers}
    )
    status = 200
    if form.is_valid():
        edited, status = write_limited(
            form,
            action="edit",
            key=str(request.user.pk),
            write=lambda: services.comment_edit(
                comment=comment,
                body=form.cleaned_data["body"],
                contains_spoilers=form.cleaned_data["contains_spoilers"],
            ),
        )
        if edited is not None:
            if comment.status == Status.APPROVED:
                messages.success(request, "Your comment was updated.")
            else:
                messages.info(request, f"Your comment was updated. {HELD}")
            return redirect(comment_location(comment, request.user))
    context = {
        "comment": comment,
        "review": comment.review,
        "film": comment.review.film,
        "form": form,
        "back_url": comment_location(comment, request.user),
    }
    return render(request, "comments/comment_form.html", context, status=status)


@login_required
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if request.method == "POST":
        services.comment_delete(comment=comment)
        messages.success(request, "Your comment was deleted.")
        return redirect_back(request, comment_location(comment, request.user))
    context = {
        "comment": comment,
        "review": comment.review,
        "film": comment.review.film,
        "back_url": comment_location(comment, request.user),
        "has_replies": comment.replies.exists(),
    }
    return render(request, "comments/comment_confirm_delete.html", context)


@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.approved().select_related("author", "review", "review__film"),
        pk=pk,
        review__in=Review.objects.visible(),
    )
    return report_view(
        request,
        target=comment,
        back_url=comment_location(comment, request.user),
        template_context={"comment": comment, "review": comment.review, "reported_comment": comment},
    )


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
            write=lambda: services.report_create(reporter=request.user, target=target, **form.cleaned_data),
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


DISCUSSION_STATES = {
    "follow": "You follow this discussion.",
    "mute": "Discussion muted: nothing from it will notify you.",
    "stop": "You no longer follow or mute this discussion.",
}


@require_POST
@login_required
def discussion_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow, mute or stop following a review's discussion (notifications)."""
    review = get_object_or_404(Review.objects.visible(), pk=pk)
    state = request.POST.get("state")
    back = redirect_back(request, f"{review.get_absolute_url()}#comments")
    if state not in DISCUSSION_STATES:
        return back
    try:
        ratelimit.hit("follow", str(request.user.pk))
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    else:
        discussion_follow_set(user=request.user, review_id=review.pk, state=state)
        messages.success(request, DISCUSSION_STATES[state])
    return back
