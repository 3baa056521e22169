"""The reader's notifications, their preferences, and the unsubscribe link mails carry."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from notifications import services
from notifications.forms import PreferencesForm
from notifications.mail import unsubscribe_token_read
from notifications.models import Kind, Notification
from notifications.selectors import notifications_for
from reviewhub import ratelimit
from reviewhub.forms import write_limited
from reviewhub.redirects import redirect_back


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(user=request.user), settings.REVIEWHUB_NOTIFICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go where it points: the comment, on its thread page."""
    notification = get_object_or_404(Notification.objects.shown(), pk=pk, recipient=request.user)
    try:
        ratelimit.hit("notification", str(request.user.pk))
    except ratelimit.RateLimited:
        pass  # still take the reader there; it stays unread
    else:
        services.notification_mark_read(notification=notification)
    return redirect(notification.url)


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    try:
        ratelimit.hit("notification", str(request.user.pk))
    except ratelimit.RateLimited as limited:
        messages.error(request, limited.message)
    else:
        count = services.notifications_mark_all_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect_back(request, "notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    status = 200
    if form.is_valid():
        saved, status = write_limited(form, action="notification", key=str(request.user.pk), write=form.save)
        if saved is not None:
            messages.success(request, "Your notification settings were saved.")
            return redirect_back(request, "notifications:settings")
    return render(request, "notifications/preferences.html", {"preferences_form": form}, status=status)


# Mail clients POST the one-click unsubscribe (RFC 8058) without a session or a CSRF token. It is safe
# without one: the signed token names the reader and kind, and the only effect is turning that mail off.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, kind = unsubscribe_token_read(token)
    except signing.SignatureExpired:
        return render(request, "notifications/unsubscribe_invalid.html", {"expired": True}, status=400)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", {"expired": False}, status=400)
    label = "daily digest" if kind == services.DIGEST else Kind(kind).label.lower()
    if request.method == "POST":
        services.email_unsubscribe(user_id=user_id, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", {"label": label})
    return render(request, "notifications/unsubscribe_confirm.html", {"label": label, "token": token})
