import hashlib
import math

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts import services, throttling, usernames
from reviewhub import ratelimit

HONEYPOT_FIELD = "website"


def lock_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Too many failed sign-in attempts. Please try again in {minutes} minute{'s' if minutes != 1 else ''}."


class SignupForm(UserCreationForm):
    """Username, email and password twice, plus a honeypot that only bots fill in."""

    email = forms.EmailField(
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Used only to reset your password; never shown.",
    )
    # Hidden from people (off-screen, out of the tab order, ignored by assistive tech);
    # a form-filling bot sees an ordinary field and fills it.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.widget.attrs.update(autocomplete="username", maxlength=settings.REVIEWHUB_USERNAME_MAX_LENGTH)
        username.help_text = (
            f"Up to {settings.REVIEWHUB_USERNAME_MAX_LENGTH} characters: letters, digits and @ . + - _ only."
        )
        # First, so a zero-width character gets its own clear message.
        username.validators.insert(0, usernames.validate_no_invisible)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "username",
            "email",
            "password1",
            "password2",
            Div(Field(HONEYPOT_FIELD), css_class="visually-hidden", aria_hidden="true"),
        )

    @property
    def is_bot(self) -> bool:
        """True when the honeypot was filled in (read from raw data, valid or not)."""
        return bool(self.data.get(self.add_prefix(HONEYPOT_FIELD), "").strip())

    def clean_username(self) -> str:
        """New names fit a phone and look like no existing one (accounts.services.username_validate_new)."""
        username = super().clean_username()
        if username is not None:  # None: Django has already said the name is taken
            services.username_validate_new(username)
        return username

    def _get_validation_exclusions(self) -> set[str]:
        """Leave the e-mail's unique constraint to the service, which must not reveal a registered address."""
        return {*super()._get_validation_exclusions(), "email"}

    def clean_email(self) -> str:
        """Normalised only: whether the address is registered is never said here (services.signup_request)."""
        return get_user_model().objects.normalize_email(self.cleaned_data["email"])


class LoginThrottleMixin:
    """Refuse a locked (username, client) pair or an address past the ceiling; `self.locked` means 429.

    django-axes counts the pair's failures and refuses a locked pair inside authenticate(); a correct
    password from any other client still signs in.
    """

    locked = False

    def clean(self) -> dict:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return super().clean()
        ip = throttling.client_ip(self.request)
        remaining = throttling.address_lock_remaining(ip=ip)
        if remaining:
            raise self._locked_error(remaining)
        try:
            return super().clean()
        except ValidationError:
            if self.request is not None and getattr(self.request, "axes_locked_out", False):
                remaining = throttling.pair_lock_remaining(username=username, ip=ip)
                raise self._locked_error(remaining or throttling.cool_off().total_seconds()) from None
            locked_for = throttling.address_failure_record(ip=ip)
            if locked_for:
                raise self._locked_error(locked_for) from None
            raise

    def _locked_error(self, seconds: float) -> ValidationError:
        self.locked = True
        seconds = math.ceil(seconds)
        return ValidationError(lock_message(seconds), code="locked", params={"seconds": seconds})


class LoginForm(LoginThrottleMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class AdminLoginForm(LoginThrottleMixin, AdminAuthenticationForm):
    """The admin's sign-in form with the same throttle (set as admin.site.login_form)."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few mails to one address an hour; the page is the same either way."""

    def save(self, *args, **kwargs) -> None:
        """Skip the mail, silently, once this address has had its share (settings.REVIEWHUB_RATE_LIMITS)."""
        email = self.cleaned_data["email"]
        try:
            ratelimit.hit("password_reset_mail", hashlib.sha256(email.casefold().encode()).hexdigest())
        except ratelimit.RateLimited:
            return
        super().save(*args, **kwargs)
