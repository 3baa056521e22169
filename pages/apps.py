from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The top floor: pages that gather every app's selectors (home, search, profiles)."""

    name = "pages"
