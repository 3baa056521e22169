"""Sign-up, sign-in and sign-out."""

import math

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from accounts import services, throttling
from accounts.forms import LoginForm, SignupForm, ThrottledPasswordResetForm
from reviewhub import ratelimit
from reviewhub.redirects import safe_next

# The address a visitor just signed up with, shown back on the "check your inbox" page.
SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"


def _too_many(limited: ratelimit.RateLimited, what: str) -> ValidationError:
    """The form error a client sees past a per-client limit (it says nothing about any account)."""
    minutes = max(1, math.ceil(limited.retry_after / 60))
    return ValidationError(
        f"Too many {what} from your network. Please try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        code="rate_limited",
    )


@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    """Every POST counts against the client's limit; a registered e-mail looks exactly like a new one."""
    if request.user.is_authenticated:
        return redirect("pages:home")
    next_url = safe_next(request)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        try:
            ratelimit.hit("signup", throttling.client_ip(request))
        except ratelimit.RateLimited as limited:
            form.full_clean()
            form.add_error(None, _too_many(limited, "sign-ups"))
            return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=429)
        if form.is_bot:
            # Look exactly like success so the bot learns nothing; nothing is created, nothing is sent.
            request.session[SIGNUP_EMAIL_SESSION_KEY] = request.POST.get("email", "")
            return redirect("signup_done")
        if form.is_valid():
            try:
                services.signup_request(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                    site_url=request.build_absolute_uri("/").rstrip("/"),
                    next_url=next_url,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[SIGNUP_EMAIL_SESSION_KEY] = form.cleaned_data["email"]
                return redirect("signup_done")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


@never_cache
def signup_done(request: HttpRequest) -> HttpResponse:
    """The same "check your inbox" page whether the address was new or registered."""
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY, "")
    return render(request, "registration/signup_done.html", {"email": email})


@never_cache
def signup_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST turns the account on: mail scanners that open links confirm nothing."""
    user = services.signup_confirm(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "registration/signup_confirm.html", {"valid": False}, status=400)
    if request.method == "POST":
        services.user_activate(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to ReviewHub, {user.username}! You are signed in.")
        return redirect(safe_next(request) or "pages:home")
    return render(request, "registration/signup_confirm.html", {"valid": True, "next": safe_next(request)})


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, limited per client (429 with a message) and per address (silently: same page)."""

    form_class = ThrottledPasswordResetForm

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            ratelimit.hit("password_reset", throttling.client_ip(request))
        except ratelimit.RateLimited as limited:
            form = self.get_form()
            form.full_clean()
            form.add_error(None, _too_many(limited, "reset requests"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)


class LoginView(auth_views.LoginView):
    """Django's sign-in, with the failure throttle and a 429 while an account or IP is locked."""

    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, f"Welcome back, {form.get_user().username}.")
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.locked:
            response.status_code = 429
        return response


class LogoutView(auth_views.LogoutView):
    """Django's POST-only sign-out, with a note on the page it lands on."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have signed out.")
        return response
