"""/accounts/settings/: one page of sections, each form posting to its own URL and coming back to its section.

A form with errors re-renders the whole page with that form bound (input kept, errors beside the
fields); a success redirects to the page's section with a message.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from account_settings.forms import (
    AccountDeleteForm,
    AccountPasswordForm,
    EmailChangeForm,
    NotificationsForm,
    ProfileForm,
    ReadingForm,
)
from accounts import services
from moderation_desk.services import account_close
from portability.selectors import settings_section
from reviewhub import ratelimit
from reviewhub.forms import write_limited
from watchlog.services import reading_preferences_update


@dataclass(frozen=True)
class Section:
    """One section of the page, in the navigation and as a card: its form is `<anchor>_form` in the template.

    The form class takes `user=` and `prefix=` (the anchor, so fields of different sections never share an id).
    """

    anchor: str
    heading: str
    template: str
    form_class: type[Form] | None = None

    @property
    def form_name(self) -> str:
        return f"{self.anchor}_form"


SECTIONS = [
    Section("profile", "Profile", "account_settings/_profile.html", ProfileForm),
    Section("email", "E-mail", "account_settings/_email.html", EmailChangeForm),
    Section("password", "Password", "account_settings/_password.html", AccountPasswordForm),
    Section("notifications", "Notifications", "account_settings/_notifications.html", NotificationsForm),
    Section("reading", "Reading", "account_settings/_reading.html", ReadingForm),
    Section("data", "Your data", "portability/_settings_section.html"),
    Section("delete", "Delete account", "account_settings/_delete.html", AccountDeleteForm),
]


def _page(request: HttpRequest, *, status: int = 200, **bound: Form) -> HttpResponse:
    """The settings page, with any bound form given (as `<anchor>_form`) shown in place of its blank one."""
    forms = {
        section.form_name: section.form_class(user=request.user, prefix=section.anchor)
        for section in SECTIONS
        if section.form_class
    }
    context = {**forms, **bound, "sections": SECTIONS, "data": settings_section(user=request.user)}
    return render(request, "account_settings/settings.html", context, status=status)


def _back_to(section: str) -> HttpResponseRedirect:
    return redirect(f"{reverse('account_settings:page')}#{section}")


@login_required
@never_cache
def settings_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def profile_update(request: HttpRequest) -> HttpResponse:
    """A save that changes something invalidates cached pages, so it counts against the edit limit."""
    form = ProfileForm(request.POST, request.FILES, user=request.user, prefix="profile")
    if not form.is_valid():
        return _page(request, profile_form=form)
    if not form.has_changed():
        messages.info(request, "Your profile was already up to date.")
        return _back_to("profile")
    saved, status = write_limited(
        form,
        action="edit",
        key=str(request.user.pk),
        write=lambda: services.profile_update(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            bio=form.cleaned_data["bio"],
            avatar=form.cleaned_data["avatar"],
            avatar_remove=form.cleaned_data.get("avatar_remove", False),
        ),
    )
    if saved is None:
        request.user.refresh_from_db()  # the refused values must not show as the account's own
        return _page(request, status=status, profile_form=form)
    messages.success(request, "Your profile was saved.")
    return _back_to("profile")


@login_required
@require_POST
@sensitive_post_parameters("email-current_password")
def email_change(request: HttpRequest) -> HttpResponse:
    form = EmailChangeForm(request.POST, user=request.user, prefix="email")
    if not form.is_valid():
        return _page(request, email_form=form)
    try:
        new_email = services.email_change_request(user=request.user, new_email=form.cleaned_data["email"])
    except ratelimit.RateLimited as limited:
        minutes = max(1, round(limited.retry_after / 60))
        form.add_error(None, f"Too many address changes. Please try again in {minutes} minute{'s' * (minutes != 1)}.")
        return _page(request, status=429, email_form=form)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, email_form=form)
    messages.success(
        request, f"We sent a link to {new_email}. Your address changes when you open it; until then it stays as it is."
    )
    return _back_to("email")


@never_cache
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link will do and a button; POST does it: mail scanners that open links change nothing.

    The signed link is the proof, so it works in a browser where the account is not signed in.
    """
    try:
        user, new_email = services.email_change_check(token=token)
        if request.method == "POST":
            user = services.email_change_confirm(token=token)
    except services.EmailChangeError as error:
        return render(request, "account_settings/email_confirm.html", {"error": str(error)}, status=400)
    if request.method == "POST":
        messages.success(request, f"Your e-mail address is now {user.email}.")
        return _back_to("email")
    return render(request, "account_settings/email_confirm.html", {"new_email": new_email})


@login_required
@require_POST
@sensitive_post_parameters("password-old_password", "password-new_password1", "password-new_password2")
def password_change(request: HttpRequest) -> HttpResponse:
    form = AccountPasswordForm(request.POST, user=request.user, prefix="password")
    if not form.is_valid():
        return _page(request, password_form=form)
    form.save()
    update_session_auth_hash(request, form.user)  # stay signed in here; other sessions end
    messages.success(request, "Your password was changed. You are still signed in here.")
    return _back_to("password")


@login_required
@require_POST
def reading_update(request: HttpRequest) -> HttpResponse:
    form = ReadingForm(request.POST, user=request.user, prefix="reading")
    if not form.is_valid():
        return _page(request, reading_form=form)
    reading_preferences_update(user=request.user, **form.cleaned_data)
    messages.success(request, "Your reading preferences were saved.")
    return _back_to("reading")


@login_required
@require_POST
@sensitive_post_parameters("delete-current_password")
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user, prefix="delete")
    if not form.is_valid():
        return _page(request, delete_form=form)
    account_close(user=request.user, remove_writing=form.remove_writing)
    logout(request)
    messages.success(request, "Your account was deleted and you are signed out. Thank you for your reviews.")
    return redirect("pages:home")
