import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
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
    usernames.validate_not_reserved(username)
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


# --- Your account (/accounts/settings/) ------------------------------------------------------------


def _file_delete_after_commit(file: FieldFile) -> None:
    """Remove a replaced upload from storage once the row no longer names it (a rollback keeps it)."""
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def profile_update(
    *, user: AbstractBaseUser, display_name: str, bio: str, avatar: File | None = None, avatar_remove: bool = False
) -> AbstractBaseUser:
    """Set the profile readers see; a new or removed avatar takes the old file out of storage."""
    user.display_name = display_name
    user.bio = bio
    fields = ["display_name", "bio"]
    if avatar is not None or avatar_remove:
        _file_delete_after_commit(user.avatar)
        user.avatar = avatar or ""
        fields.append("avatar")
    user.full_clean(exclude=["username", "email", "password"])
    user.save(update_fields=fields)
    return user


_EMAIL_CHANGE_SALT = "accounts.services.email_change"


class EmailChangeError(Exception):
    """An e-mail change link that changes nothing; the message says why, for the person who opened it."""


_LINK_SPENT = EmailChangeError("This link has already been used, or a newer one replaced it.")


def email_change_request(*, user: AbstractBaseUser, new_email: str) -> str:
    """Mail a signed confirmation link to the new address (returned, normalised); the account keeps its own until then.

    The link carries a digest of the current address (not the address: the mail goes to another
    inbox), so it is spent once the address changes by any link.
    Raises RateLimited past settings.REVIEWHUB_RATE_LIMITS["email_change"] (every request counts, so
    the answer below cannot be used to test many addresses), then ValidationError when another
    account uses the address.
    """
    ratelimit.hit("email_change", str(user.pk))
    user_model = get_user_model()
    new_email = user_model.objects.normalize_email(new_email)
    if user_model.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"email": ValidationError("Another account already uses this e-mail address.", code="duplicate_email")}
        )
    if new_email.casefold() == user.email.casefold():
        raise ValidationError({"email": ValidationError("This is already your e-mail address.", code="unchanged")})
    token = signing.dumps(
        {"user": user.pk, "was": _mail_address_key(user.email), "new": new_email}, salt=_EMAIL_CHANGE_SALT
    )
    _send(
        template="account_settings/email_change_confirm_email.txt",
        subject="Confirm your new ReviewHub e-mail address",
        to=new_email,
        context={
            "user": user,
            "new_email": new_email,
            "link": settings.REVIEWHUB_SITE_URL + reverse("account_settings:email_confirm", args=[token]),
            "max_age_days": settings.REVIEWHUB_EMAIL_CHANGE_MAX_AGE // (24 * 3600),
        },
    )
    return new_email


def email_change_check(*, token: str) -> tuple[AbstractBaseUser, str]:
    """(The account, its new address) a confirmation link names; EmailChangeError when it cannot be used."""
    try:
        data = signing.loads(token, salt=_EMAIL_CHANGE_SALT, max_age=settings.REVIEWHUB_EMAIL_CHANGE_MAX_AGE)
    except signing.SignatureExpired:
        raise EmailChangeError("This link has expired. Ask for a new one on your settings page.") from None
    except signing.BadSignature:
        raise EmailChangeError(
            "This link is not valid. Copy the whole link from the e-mail, or ask for a new one."
        ) from None
    user = get_user_model().objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or _mail_address_key(user.email) != data.get("was"):
        raise _LINK_SPENT
    return user, data["new"]


@transaction.atomic
def email_change_confirm(*, token: str) -> AbstractBaseUser:
    """Move the account to the address a good link names, and tell the old address so its owner can react."""
    checked, new_email = email_change_check(token=token)
    user_model = get_user_model()
    user = user_model.objects.select_for_update().get(pk=checked.pk)
    old_email = user.email
    if old_email != checked.email:  # another link was used meanwhile
        raise _LINK_SPENT
    taken = EmailChangeError("Another account now uses this e-mail address, so yours was not changed.")
    if user_model.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise taken
    user.email = new_email
    try:
        with transaction.atomic():  # the case-insensitive unique constraint settles a race between two links
            user.save(update_fields=["email"])
    except IntegrityError:
        raise taken from None
    if old_email:  # after the commit: no mail about a change that did not happen, no row lock held while sending
        transaction.on_commit(
            lambda: _send(
                template="account_settings/email_changed_email.txt",
                subject="Your ReviewHub e-mail address was changed",
                to=old_email,
                context={"user": user, "new_email": new_email},
            )
        )
    return user


@transaction.atomic
def user_anonymise(*, user: AbstractBaseUser) -> AbstractBaseUser:
    """Strip an account of everything that names its owner and sign it out everywhere.

    The username becomes a random one in the reserved FORMER_MEMBER_PREFIX space (readers see
    "a former member"); an unusable password changes the session hash, which ends every session.
    """
    _file_delete_after_commit(user.avatar)
    user.username = f"{usernames.FORMER_MEMBER_PREFIX}{uuid.uuid4().hex[:12]}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.display_name = ""
    user.bio = ""
    user.avatar = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save(
        update_fields=[
            "username",
            "email",
            "first_name",
            "last_name",
            "display_name",
            "bio",
            "avatar",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()
    return user
