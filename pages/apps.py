from django.apps import AppConfig
from django.contrib.auth import get_user_model

from reviewhub.cache import invalidate_on_write


class PagesConfig(AppConfig):
    """The top floor: pages that gather every app's selectors (home, search, profiles)."""

    name = "pages"

    def ready(self) -> None:
        # Profiles, review cards and threads show these fields of an account; a sign-in's last_login is not content.
        invalidate_on_write(get_user_model(), fields={"username", "bio", "is_active", "date_joined"})
