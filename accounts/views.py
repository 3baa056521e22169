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
from accounts.forms import LoginForm, SignupForm
from reviewhub import ratelimit
from reviewhub.redirects import safe_next


@sensitive_post_parameters("password1", "password2")
@never_cache
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("pages:home")
    next_url = safe_next(request)
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_bot:
            # Look exactly like success so the bot learns nothing; nothing is created.
            messages.success(request, f"Welcome to ReviewHub, {request.POST.get('username', '')}!")
            return redirect(next_url or "pages:home")
        if form.is_valid():
            try:
                ratelimit.hit("signup", throttling.client_ip(request))
                user = services.user_create(
                    username=form.cleaned_data["username"],
                    email=form.cleaned_data["email"],
                    password=form.cleaned_data["password1"],
                )
            except ratelimit.RateLimited as limited:
                minutes = max(1, math.ceil(limited.retry_after / 60))
                form.add_error(
                    None,
                    ValidationError(
                        f"Too many new accounts from your network. Please try again in {minutes} "
                        f"minute{'s' if minutes != 1 else ''}.",
                        code="rate_limited",
                    ),
                )
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, f"Welcome to ReviewHub, {user.username}! You are signed in.")
                return redirect(next_url or "pages:home")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url}, status=status)


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
