"""Forms of the watch log: a watch (log or edit) and the reader's preferences."""

import datetime

from django import forms
from django.utils import timezone

from watchlog.models import ReadingPreferences, Watch
from watchlog.rules import watched_on_check


class WatchForm(forms.ModelForm):
    class Meta:
        model = Watch
        fields = ["watched_on", "rewatch", "liked", "note"]
        labels = {
            "watched_on": "Date watched",
            "rewatch": "I had seen it before (rewatch)",
            "liked": "♥ I liked it",
            "note": "Private note",
        }
        help_texts = {
            "liked": "A heart, separate from any rating.",
            "note": "Only you ever see it.",
        }
        widgets = {
            "watched_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["watched_on"].widget.attrs["max"] = today.isoformat()
        if not self.instance.pk:
            self.initial.setdefault("watched_on", today)

    def clean_watched_on(self) -> datetime.date:
        watched_on = self.cleaned_data["watched_on"]
        watched_on_check(watched_on)
        return watched_on


class ReadingPreferencesForm(forms.ModelForm):
    class Meta:
        model = ReadingPreferences
        fields = ["diary_public", "watchlist_public", "blind_mode"]
