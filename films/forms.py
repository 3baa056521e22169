"""The catalogue's filter form: bound to the query string, tolerant of anything typed into it."""

from django import forms

SORT_CHOICES = [
    ("title", "Title (A–Z)"),
    ("year", "Year (newest first)"),
    ("rating", "Average rating"),
    ("reviews", "Number of reviews"),
]


class FilmFilterForm(forms.Form):
    """Invalid values are dropped, not reported: the page falls back to that filter being off."""

    q = forms.CharField(
        label="Title",
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"class": "form-control", "placeholder": "Search by title"}),
    )
    genre = forms.ChoiceField(label="Genre", required=False)
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, genres: list[tuple[str, str]], years: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("genre", "year", "sort"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["genre"].choices = [("", "All genres"), *genres]
        self.fields["year"].choices = [("", "Any year"), *((year, str(year)) for year in years)]

    def filters(self) -> dict:
        """The valid filters only; a field with a bad value (year=abc) counts as not set."""
        self.is_valid()
        cleaned = self.cleaned_data
        return {
            "q": (cleaned.get("q") or "").strip(),
            "genre": cleaned.get("genre") or "",
            "year": cleaned.get("year"),
            "sort": cleaned.get("sort") or "title",
        }
