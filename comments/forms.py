"""Forms for posting and editing comments and for reporting a review or comment."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from comments.models import Report


def _body_field() -> forms.CharField:
    return forms.CharField(
        label="Your comment",
        max_length=settings.REVIEWHUB_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            f"Plain text, up to {settings.REVIEWHUB_COMMENT_MAX_LENGTH:,} characters. "
            "Be kind; comments with several links wait for a moderator."
        ),
        error_messages={"required": "Write something before posting."},
    )


def _spoilers_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="Contains spoilers",
        required=False,
        help_text="Readers who have not logged a watch of the film see it folded until they choose to show it.",
    )


class CommentForm(forms.Form):
    """A new comment or reply. `website` is a honeypot: people never see it, bots fill it in."""

    body = _body_field()
    contains_spoilers = _spoilers_field()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, body_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if body_label:
            self.fields["body"].label = body_label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "body",
            "contains_spoilers",
            "parent",
            Div("website", css_class="rh-honeypot", aria_hidden="true"),
        )

    @property
    def is_spam_trap(self) -> bool:
        """True when the hidden field was filled in, which only bots do."""
        return bool(self.cleaned_data.get("website"))


class CommentEditForm(forms.Form):
    body = _body_field()
    contains_spoilers = _spoilers_field()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason."},
    )
    details = forms.CharField(
        label="Details",
        required=False,
        max_length=Report._meta.get_field("details").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional, unless you chose “Other”. Moderators read this; the author does not.",
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("reason") == Report.Reason.OTHER and not cleaned.get("details", "").strip():
            self.add_error(
                "details",
                ValidationError("Tell the moderators what is wrong when you choose “Other”.", code="details_required"),
            )
        return cleaned
