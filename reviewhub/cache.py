"""Cached pages and fragments, invalidated by one site-wide content version that every change bumps.

Reads far outnumber writes, so one version keeps invalidation exact and simple; only
session-less requests are cached, so a page never carries another reader's token or message.

Every app names its content models with `invalidate_on_write()` in its AppConfig.ready(): their
save, delete and many-to-many signals bump the version, so services, the admin (forms, deletes,
bulk actions), fixtures and the shell all reach the caches. QuerySet.update(), bulk_create() and
raw SQL send no signals: code that writes content that way calls content_changed() itself.
"""

import functools
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
PAGE_KEY_PREFIX = "anon-page:"
# How long a process may serve pages without hearing of writes made by other processes.
VERSION_RECHECK_SECONDS = 1.0
# Per process: bounded, so many distinct URLs cannot exhaust a worker's memory.
NEAR_CACHE_MAX_BYTES = 64 * 1024 * 1024
# Other query parameters (tracking tags, cache-busting junk) are rendered but not stored ("p": sitemap pages).
CACHED_QUERY_PARAMETERS = frozenset({"page", "sort", "p"})

View = Callable[..., HttpResponse]


def _new_version() -> int:
    # Starts from the clock so a version lost to eviction or a restart is never reused.
    return time.time_ns()


def _bump_version() -> None:
    _near_pages.forget_version()
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # no version yet, or it was evicted
            cache.set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:
        logger.warning("Could not bump the page-cache version; cached pages may be stale.", exc_info=True)


def content_changed() -> None:
    """Invalidate every cached page and fragment: for writes that send no signals (update(), bulk_create, SQL)."""
    _bump_version()
    # And again after commit: a page rendered between the first bump and the commit
    # still shows the old rows, and must not outlive the transaction.
    transaction.on_commit(_bump_version)


def _bump_after_commit() -> None:
    _bump_version()


def _written(*, using: str) -> None:
    _bump_version()
    # As content_changed(), bump again after the commit; once covers every write of the
    # transaction (a cascade deletes rows one signal at a time), so it is queued once.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(entry[1] is _bump_after_commit for entry in connection.run_on_commit):
        transaction.on_commit(_bump_after_commit, using=using)


# Models whose saves count only when one of these fields may have changed (None: all fields).
_watched_fields: dict[type[models.Model], frozenset[str] | None] = {}


def _saved(sender: type[models.Model], using: str, update_fields: frozenset[str] | None, **kwargs) -> None:
    fields = _watched_fields.get(sender)
    if fields is not None and update_fields is not None and fields.isdisjoint(update_fields):
        return
    _written(using=using)


def _deleted(sender: type[models.Model], using: str, **kwargs) -> None:
    _written(using=using)


def _relations_changed(sender: type[models.Model], action: str, using: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _written(using=using)


def invalidate_on_write(*content_models: type[models.Model], fields: set[str] | None = None) -> None:
    """Make any write to these models, by any path that sends signals, invalidate cached pages and fragments.

    `fields` limits a model to the columns readers see, so saves such as a sign-in's
    last_login leave the caches alone. Pass a many-to-many field's through model too.
    """
    for model in content_models:
        _watched_fields[model] = frozenset(fields) if fields is not None else None
        uid = f"reviewhub.cache:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_relations_changed, sender=model, dispatch_uid=uid)  # sent by through models


def _shared_version() -> int | None:
    """The content version in the default cache, created if missing; raises if the cache fails."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


class NearCache:
    """Pages in this process's memory, least recently used dropped first, bounded in bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._pages: OrderedDict[str, tuple[int, float, tuple]] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._bytes = 0
        self._version: int | None = None
        self._version_read_at = 0.0

    def version(self) -> int | None:
        """The shared content version, re-read at most every VERSION_RECHECK_SECONDS."""
        now = time.monotonic()
        if self._version is None or now - self._version_read_at >= VERSION_RECHECK_SECONDS:
            self._version, self._version_read_at = _shared_version(), now
        return self._version

    def forget_version(self) -> None:
        self._version = None

    def get(self, key: str, version: int) -> tuple | None:
        with self._lock:
            entry = self._pages.get(key)
            if entry is None:
                return None
            stored_version, expires, page = entry
            if stored_version != version or expires < time.monotonic():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def set(self, key: str, version: int, page: tuple, seconds: int) -> None:
        size = sum(len(part) for part in page[1:]) + 512
        if size > self.max_bytes // 8:
            return  # one huge page must not push out everything else
        with self._lock:
            self._drop(key)
            self._pages[key] = (version, time.monotonic() + seconds, page)
            self._sizes[key] = size
            self._bytes += size
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._sizes.clear()
            self._bytes = 0
            self._version = None

    def _drop(self, key: str) -> None:
        if self._pages.pop(key, None) is not None:
            self._bytes -= self._sizes.pop(key)


_near_pages = NearCache(NEAR_CACHE_MAX_BYTES)


def forget_cached_pages() -> None:
    """Drop the pages this process keeps (tests start from an empty cache)."""
    _near_pages.clear()


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.REVIEWHUB_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and set(request.GET).issubset(CACHED_QUERY_PARAMETERS)
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not request.user.is_authenticated
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and len(get_messages(request)) == 0
        # Belt and braces: a token in the HTML means some template asked for one.
        and b"csrfmiddlewaretoken" not in response.content
    )


def _page_key(request: HttpRequest) -> str:
    return PAGE_KEY_PREFIX + hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


def _response_from(page: tuple) -> HttpResponse:
    headers, content = page
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    # The page depends on who is signed in, as the rendered original did (SessionMiddleware added it).
    patch_vary_headers(response, ("Cookie",))
    return response


def _versioned_get(key: str) -> tuple[Any, int | None]:
    """(What the default cache holds under `key` for the current version, or None; that version), in one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    entry = found.get(key)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1], version
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return None, version


def _versioned_set(key: str, version: int | None, value: Any, seconds: int) -> None:
    # The version read before rendering is the one stored: if content changed
    # meanwhile, the copy is already out of date and is never served.
    if version is None:
        return
    try:
        cache.set(key, (version, value), timeout=seconds)
    except Exception:
        logger.warning("Could not store %s in the cache.", key, exc_info=True)


def cached_render(key: str, render: Callable[[], str], seconds: int) -> str:
    """`render()`, or its copy from the cache when content has not changed since (template fragments)."""
    try:
        html, version = _versioned_get(key)
    except Exception:
        logger.warning("Fragment cache unavailable; rendering without it.", exc_info=True)
        return render()
    if html is None:
        html = render()
        _versioned_set(key, version, str(html), seconds)
    return html


def cache_for_anonymous(view: View) -> View:
    """Serve signed-out readers a cached copy of the page until content changes."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        try:
            version = _near_pages.version()
        except Exception:
            logger.warning("Page cache unavailable; rendering without it.", exc_info=True)
            return view(request, *args, **kwargs)
        page = _near_pages.get(key, version) if version is not None else None
        if page is not None:
            return _response_from(page)
        # The version read before rendering is the one stored: if content changes
        # while this page renders, the copy is already out of date and never served.
        response = view(request, *args, **kwargs)
        if version is not None and _cacheable_response(request, response):
            page = (list(response.items()), response.content)
            _near_pages.set(key, version, page, settings.REVIEWHUB_PAGE_CACHE_SECONDS)
        return response

    return wrapper
