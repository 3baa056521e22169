import datetime

from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from watchlog import services
from watchlog.models import Watch


def make_watch(**overrides) -> Watch:
    """A watch logged through the service (yesterday by default)."""
    if "user" not in overrides:
        overrides["user"] = make_user()
    if "film" not in overrides:
        overrides["film"] = make_film()
    overrides.setdefault("watched_on", timezone.localdate() - datetime.timedelta(days=1))
    return services.watch_log(**overrides)


def blind(user) -> None:
    services.reading_preferences_update(user=user, diary_public=True, watchlist_public=False, blind_mode=True)
