import hashlib
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts import usernames
from reviewhub import ratelimit


def username_validate_new(username: str) -> None:
    """Rules for a new account's name only (old ones keep theirs): length, no invisible characters, no look-alike."""
    usernames.validate_length(username)
    usernames.validate_no_invisible(username)
    key = usernames.skeleton(username)[:600]
    # Rows loaded raw (loaddata skips save()) have no key yet; they are few, so compare those here.
    candidates = (
        get_user_model()
        .objects.filter(Q(username_skeleton=key) | Q(username_skeleton=""))
        .exclude(username__iexact=username)
        .values_list("username", flat=True)
    )
    taken = next((name for name in candidates if usernames.skeleton(name)[:600] == key), None)
    if taken is not None:
        raise ValidationError(
            "This username looks too much like an existing one (%(taken)s). Please choose another.",
            code="confusable",
            params={"taken": taken},
        )


@transaction.atomic
def user_create(*, username: str, email: str, password: str, is_active: bool = True) -> AbstractBaseUser:
    """Create a reader's account; usernames and emails are unique whatever their case."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email)
    errors = {}
    try:
        username_validate_new(username)
    except ValidationError as error:
        errors["username"] = error
    if user_model.objects.filter(username__iexact=username).exists():
        errors["username"] = ValidationError("A user with that username already exists.", code="unique")
    if email and user_model.objects.filter(email__iexact=email).exists():
        errors["email"] = ValidationError("An account with this email address already exists.", code="duplicate_email")
    if errors:
        raise ValidationError(errors)
    user = user_model(username=user_model.normalize_username(username), email=email, is_active=is_active)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


class _ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Sign-up confirmation links: their own salt, so a reset link never confirms and a confirm link never resets."""

    key_salt = "accounts.services.activation"


activation_token = _ActivationTokenGenerator()


def _mail_address_key(email: str) -> str:
    """A bounded rate-limit key for an address, without the address itself in the cache."""
    return hashlib.sha256(email.casefold().encode()).hexdigest()


def _send(*, template: str, subject: str, to: str, context: dict) -> None:
    """Plain-text mail, so nothing a visitor typed can become markup."""
    send_mail(subject, render_to_string(template, context), None, [to])


def _confirm_mail(user: AbstractBaseUser, *, site_url: str, next_url: str) -> None:
    """The link that turns a new, inactive account on."""
    link = site_url + reverse(
        "signup_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": activation_token.make_token(user)},
    )
    if next_url:
        link += "?" + urlencode({"next": next_url})
    _send(
        template="registration/signup_confirm_email.txt",
        subject="Confirm your ReviewHub account",
        to=user.email,
        context={"user": user, "link": link},
    )


def signup_request(*, username: str, email: str, password: str, site_url: str, next_url: str = "") -> None:
    """Start a sign-up without saying whether the address is registered: both cases end in one e-mail.

    A new address gets an inactive account and a confirmation link; a registered one gets no account,
    and its owner a note (or, for an account never confirmed, a fresh link). Mails to one address are
    rate-limited (settings.REVIEWHUB_RATE_LIMITS["signup_mail"]) so nobody floods an inbox.
    """
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email)
    existing = user_model.objects.filter(email__iexact=email).first()
    try:
        ratelimit.hit("signup_mail", _mail_address_key(email))
    except ratelimit.RateLimited:
        mail_allowed = False
    else:
        mail_allowed = True
    if existing is None:
        user = user_create(username=username, email=email, password=password, is_active=False)
        if mail_allowed:
            _confirm_mail(user, site_url=site_url, next_url=next_url)
        return
    if not mail_allowed:
        return
    if not existing.is_active and existing.last_login is None:
        _confirm_mail(existing, site_url=site_url, next_url=next_url)
        return
    _send(
        template="registration/signup_existing_email.txt",
        subject="Someone tried to sign up with your address",
        to=existing.email,
        context={
            "user": existing,
            "login_link": site_url + reverse("login"),
            "reset_link": site_url + reverse("password_reset"),
        },
    )


def signup_confirm(*, uidb64: str, token: str) -> AbstractBaseUser | None:
    """The account a confirmation link names, when the link is still good; None otherwise."""
    user_model = get_user_model()
    try:
        user = user_model.objects.get(pk=urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, OverflowError, user_model.DoesNotExist):
        return None
    if user.is_active or not activation_token.check_token(user, token):
        return None
    return user


@transaction.atomic
def user_activate(*, user: AbstractBaseUser) -> AbstractBaseUser:
    """Turn a confirmed account on (signing in then stamps last_login, which spends the link)."""
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
