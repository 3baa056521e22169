from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from films.models import Film


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class LetterboxdImportForm(forms.Form):
    files = MultipleFileField(
        label="Letterboxd export",
        help_text=(
            "The zip Letterboxd e-mails you (Settings → Import & Export → Export your data), or one or more of "
            "its files: reviews.csv, ratings.csv, diary.csv, watched.csv, watchlist.csv. At most "
            f"{filesizeformat(settings.REVIEWHUB_IMPORT_MAX_BYTES)}."
        ),
    )


class WordPressImportForm(forms.Form):
    file = forms.FileField(label="WordPress export (WXR) file", help_text="Tools → Export → All content, in WordPress.")
    film = forms.SlugField(
        label="Film (slug)",
        required=False,
        help_text=(
            "The film every post reviews, by the slug in its address (her-2013). Leave empty to match each "
            "post's title to a film: “Her (2013)”, or a title or category naming one film."
        ),
    )

    def clean_film(self) -> Film | None:
        slug = self.cleaned_data["film"]
        if not slug:
            return None
        film = Film.objects.filter(slug=slug).first()
        if film is None:
            raise forms.ValidationError("No film has this slug.", code="unknown_film")
        return film
