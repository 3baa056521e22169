"""The settings page's own forms; each is rendered inside its section's <form> (no tag, no token of its own)."""

from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import PasswordChangeForm
from django.core.validators import MaxLengthValidator

from reviewhub.images import ImageUploadFormField
from watchlog.forms import ReadingPreferencesForm
from watchlog.selectors import preferences_of


def _inline_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class _PasswordConfirmedForm(forms.Form):
    """A form that asks for the current password, so a session left open cannot take the account."""

    current_password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self.helper = _inline_helper()

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("This is not your current password.", code="password_incorrect")
        return password


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        required=False,
        help_text="Shown on your profile beside your username, which stays your name in reviews and comments.",
    )
    bio = forms.CharField(
        required=False,
        max_length=get_user_model()._meta.get_field("bio").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A few words about you and the films you love. Plain text; links are made clickable.",
    )
    avatar = ImageUploadFormField(
        required=False,
        label="Profile picture",
        widget=forms.FileInput,
    )
    avatar_remove = forms.BooleanField(required=False, label="Remove your profile picture")

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"display_name": user.display_name, "bio": user.bio})
        super().__init__(*args, **kwargs)
        limit = min(
            settings.REVIEWHUB_DISPLAY_NAME_MAX_LENGTH, get_user_model()._meta.get_field("display_name").max_length
        )
        display_name = self.fields["display_name"]
        display_name.max_length = limit
        display_name.validators.append(MaxLengthValidator(limit))
        display_name.widget.attrs["maxlength"] = limit
        avatar = self.fields["avatar"]
        avatar.square = settings.REVIEWHUB_AVATAR_SIZE
        avatar.help_text = (
            f"JPEG, PNG, WebP or GIF, up to {settings.REVIEWHUB_IMAGE_MAX_BYTES // (1024 * 1024)} MB; "
            f"cropped to a square of {settings.REVIEWHUB_AVATAR_SIZE} pixels."
        )
        if not user.avatar:
            del self.fields["avatar_remove"]
        self.helper = _inline_helper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("avatar") and cleaned.get("avatar_remove"):
            self.add_error("avatar_remove", "Choose a new picture or remove the current one, not both.")
        return cleaned


class EmailChangeForm(_PasswordConfirmedForm):
    email = forms.EmailField(
        label="New e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We send a link to the new address; your address changes when you open it.",
    )

    field_order = ["email", "current_password"]


class AccountPasswordForm(PasswordChangeForm):
    """Django's password change, rendered inside the settings page (and built with `user=` like its other forms)."""

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        # Django focuses this field on its own page; here it would pull every visit down to this section.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        self.helper = _inline_helper()


KEEP = "keep"
REMOVE = "remove"


class AccountDeleteForm(_PasswordConfirmedForm):
    writing = forms.ChoiceField(
        label="Your reviews and comments",
        choices=[
            (KEEP, "Keep them, shown as by “a former member”"),
            (REMOVE, "Remove them (replies by others stay in place)"),
        ],
        widget=forms.RadioSelect,
    )

    field_order = ["writing", "current_password"]

    @property
    def remove_writing(self) -> bool:
        return self.cleaned_data["writing"] == REMOVE


class ReadingForm(ReadingPreferencesForm):
    """The watch log's privacy and blind mode, on the reader's saved preferences (or the defaults)."""

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, instance=preferences_of(user), **kwargs)
        self.helper = _inline_helper()
