"""Shared pytest set-up: fast hashing, isolated media and cache, common fixtures, browser launch."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

CHROMIUM = os.environ.get("REVIEWHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """REVIEWHUB_TEST_DB_SUFFIX lets several suites share one PostgreSQL server at once."""
    from django.conf import settings

    suffix = os.environ.get("REVIEWHUB_TEST_DB_SUFFIX")
    if not suffix:
        return
    for db in settings.DATABASES.values():
        if db["ENGINE"].endswith("sqlite3"):
            continue
        test = db.setdefault("TEST", {})
        test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests change rows directly between requests; the caches have their own tests (reviewhub/tests/test_cache.py).
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 0
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


class FragmentCache:
    """How a query-count test meets the {% fragment %} cache: off (the default), on and cold, on and warm."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def warm_up(self, client, url: str) -> None:
        """Request `url` once so the next request finds its session loaded and, when warm, its fragments cached."""
        cache.clear()
        client.get(url)
        if self.mode == "cold":
            cache.clear()


@pytest.fixture(params=["fragments off", "cold", "warm"])
def fragments(request, settings) -> FragmentCache:
    """Query budgets hold with production's fragment cache too (on with Redis), cold and warm."""
    if request.param != "fragments off":
        settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 600
    return FragmentCache(request.param)


PASSWORD = "correct horse battery staple"


def make_user(**overrides):
    overrides.setdefault("username", f"user-{uuid.uuid4().hex[:8]}")
    overrides.setdefault("email", f"{overrides['username']}@example.com")
    password = overrides.pop("password", PASSWORD)
    return get_user_model().objects.create_user(password=password, **overrides)


@pytest.fixture
def user(db):
    return make_user(username="reader")


@pytest.fixture
def other_user(db):
    return make_user(username="another")


@pytest.fixture
def moderator(db):
    from moderation.tests.factories import make_moderator

    return make_moderator(username="moderator")


@pytest.fixture
def moderator_client(client, moderator):
    """A test client signed in as a member of the Moderators group (staff, not superuser)."""
    client.force_login(moderator)
    return client


@pytest.fixture
def film(db):
    from films.tests.factories import make_film

    return make_film(title="Her", year=2013, slug="her-2013")


@pytest.fixture
def review(db, film, other_user):
    from reviews.tests.factories import make_review

    return make_review(film=film, author=other_user, title="A quiet film about love", rating=9)


# --- Real-browser tests ------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}; install it with: apt-get install -y chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def screenshot(page, request):
    """Save a desktop and a 390 px wide screenshot under test-artifacts/ (CI keeps them)."""

    def take(name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        stem = f"{request.node.name}-{name}"
        page.screenshot(path=str(ARTIFACTS / f"{stem}-desktop.png"), full_page=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / f"{stem}-phone.png"), full_page=True)
        if size:
            page.set_viewport_size(size)

    return take
