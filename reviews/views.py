"""What readers do with reviews: write, edit, delete, vote. (The review page, with its discussion, is in comments.)"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from films.models import Film
from moderation.models import Status
from moderation.services import author_edit_check
from reviewhub import ratelimit
from reviewhub.forms import write_limited
from reviewhub.redirects import login_then_back, redirect_back
from reviews import services
from reviews.forms import ReviewForm, VoteForm
from reviews.models import Review
from reviews.selectors import user_review_for_film


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
    try:
        author_edit_check(review)
    except ValidationError as refused:
        # Held, hidden after reports or removed: say why, and leave the text for the moderator's decision.
        messages.error(request, refused.messages[0])
        return redirect(review)
    form = ReviewForm(request.POST or None, instance=review)
    status = 200
    if form.is_valid():
        edited, status = write_limited(
            form,
            action="edit",
            key=str(request.user.pk),
            write=lambda: services.review_update(review=review, **form.cleaned_data),
        )
        if edited is not None:
            if edited.status == Status.APPROVED:
                messages.success(request, "Your review was updated.")
            else:
                messages.info(request, "Your review was updated. It is awaiting moderation.")
            return redirect(review)
    context = {"form": form, "film": review.film, "review": review}
    return render(request, "reviews/review_form.html", context, status=status)


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
