"""The watch log's pages and actions: log, edit and delete watches, the watchlist, diaries, preferences."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from films.models import Film
from reviewhub import ratelimit
from reviewhub.forms import write_limited
from reviewhub.redirects import redirect_back
from watchlog import services
from watchlog.forms import WatchForm
from watchlog.models import Watch
from watchlog.selectors import diary_page, own_watches, preferences_of, watchlist_page


def _film_url(film: Film) -> str:
    return f"{film.get_absolute_url()}#watch"


@login_required
def watch_create(request: HttpRequest, slug: str) -> HttpResponse:
    """The film page's form posts here; a refused date comes back on this page, beside the field."""
    film = get_object_or_404(Film, slug=slug)
    form = WatchForm(request.POST or None)
    status = 200
    if form.is_valid():
        watch, status = write_limited(
            form,
            action="watch",
            key=str(request.user.pk),
            write=lambda: services.watch_log(user=request.user, film=film, **form.cleaned_data),
        )
        if watch is not None:
            messages.success(request, f"Logged your watch of {film.title}.")
            return redirect(_film_url(film))
    return render(request, "watchlog/watch_form.html", {"form": form, "film": film, "watch": None}, status=status)


def _own_watch(request: HttpRequest, pk: int) -> Watch:
    return get_object_or_404(Watch.objects.select_related("film"), pk=pk, user=request.user)


@login_required
def watch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    watch = _own_watch(request, pk)
    form = WatchForm(request.POST or None, instance=watch)
    status = 200
    if form.is_valid():
        edited, status = write_limited(
            form,
            action="watch",
            key=str(request.user.pk),
            write=lambda: services.watch_update(watch=watch, **form.cleaned_data),
        )
        if edited is not None:
            messages.success(request, "Your watch was updated.")
            return redirect("watchlog:film-watches", slug=watch.film.slug)
    context = {"form": form, "film": watch.film, "watch": watch}
    return render(request, "watchlog/watch_form.html", context, status=status)


@login_required
def watch_delete(request: HttpRequest, pk: int) -> HttpResponse:
    watch = _own_watch(request, pk)
    if request.method == "POST":
        services.watch_delete(watch=watch)
        messages.success(request, "Your watch was deleted.")
        return redirect("watchlog:film-watches", slug=watch.film.slug)
    return render(request, "watchlog/watch_confirm_delete.html", {"watch": watch, "film": watch.film})


@login_required
def film_watches(request: HttpRequest, slug: str) -> HttpResponse:
    """Every watch the reader logged of one film, with their notes, to edit or delete."""
    film = get_object_or_404(Film, slug=slug)
    context = {"film": film, "watches": own_watches(user=request.user, film=film), "form": WatchForm()}
    return render(request, "watchlog/film_watches.html", context)


def _limited(request: HttpRequest) -> bool:
    """Count one watch-log write; on refusal, say so and tell the caller to stop."""
    try:
        ratelimit.hit("watch", str(request.user.pk))
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
        return True
    return False


@require_POST
@login_required
def watchlist_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film, slug=slug)
    if not _limited(request):
        if request.POST.get("action") == "remove":
            services.watchlist_remove(user=request.user, film=film)
            messages.success(request, f"{film.title} is off your watchlist.")
        else:
            services.watchlist_add(user=request.user, film=film)
            messages.success(request, f"{film.title} is on your watchlist.")
    return redirect_back(request, film.get_absolute_url())


@require_POST
@login_required
def scores_reveal(request: HttpRequest, slug: str) -> HttpResponse:
    film = get_object_or_404(Film, slug=slug)
    if not _limited(request):
        services.scores_reveal(user=request.user, film=film)
    return redirect_back(request, film.get_absolute_url())


def _owner_list(request: HttpRequest, username: str, *, public_field: str, what: str):
    """The owner, and whether the viewer may see their list (the owner always may)."""
    owner = get_object_or_404(get_user_model(), username=username, is_active=True)
    is_owner = request.user.is_authenticated and request.user.pk == owner.pk
    preferences = preferences_of(owner)
    if is_owner or getattr(preferences, public_field):
        return owner, is_owner, preferences, None
    private = render(request, "watchlog/private.html", {"owner": owner, "what": what}, status=404)
    return owner, is_owner, preferences, private


def diary(request: HttpRequest, username: str) -> HttpResponse:
    owner, is_owner, preferences, private = _owner_list(request, username, public_field="diary_public", what="diary")
    if private is not None:
        return private
    page = diary_page(owner=owner, page_number=request.GET.get("page"), per_page=settings.REVIEWHUB_DIARY_PER_PAGE)
    context = {"owner": owner, "is_owner": is_owner, "preferences": preferences, "page_obj": page}
    return render(request, "watchlog/diary.html", context)


def watchlist(request: HttpRequest, username: str) -> HttpResponse:
    owner, is_owner, preferences, private = _owner_list(
        request, username, public_field="watchlist_public", what="watchlist"
    )
    if private is not None:
        return private
    page = watchlist_page(
        owner=owner, page_number=request.GET.get("page"), per_page=settings.REVIEWHUB_WATCHLIST_PER_PAGE
    )
    context = {"owner": owner, "is_owner": is_owner, "preferences": preferences, "page_obj": page}
    return render(request, "watchlog/watchlist.html", context)
