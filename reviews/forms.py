"""Forms for writing a review and voting on one; the view and service set author, film and status."""

from django import forms
from django.conf import settings

from reviews.models import VERDICTS, Review

RATING_CHOICES = [("", "No rating"), *((str(n), f"{n}/10 — {VERDICTS[n]}") for n in range(10, 0, -1))]


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Your score out of 10, or leave it unrated.",
    )

    class Meta:
        model = Review
        fields = ["title", "rating", "contains_spoilers", "body"]
        labels = {
            "contains_spoilers": "This review contains spoilers",
            "body": "Your review",
        }
        help_texts = {
            "contains_spoilers": "Readers will see your text folded away until they choose to show it.",
            "body": (
                f"Plain text, up to {settings.REVIEWHUB_REVIEW_MAX_LENGTH:,} characters. "
                "Leave a blank line between paragraphs; web addresses become links."
            ),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        error_messages = {
            "title": {"required": "Give your review a title."},
            "body": {"required": "Write something about the film."},
        }


class VoteForm(forms.Form):
    """'Was this review helpful?': yes, no, or take my vote back."""

    VALUES = {"yes": True, "no": False, "withdraw": None}

    value = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No"), ("withdraw", "Withdraw my vote")])

    @property
    def is_helpful(self) -> bool | None:
        return self.VALUES[self.cleaned_data["value"]]
