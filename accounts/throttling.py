"""Sign-in throttling: too many failed attempts per account or IP lock further attempts for a while.

Our own rather than django-axes: counts live in the cache we already have (atomic add/incr on
Redis), so there is no table to migrate or prune.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest | None) -> str:
    """The client address; a header is trusted only when a deployment names it (behind its proxy)."""
    if request is None:
        return ""
    header = settings.REVIEWHUB_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # The proxy appends to X-Forwarded-For, so the last entry is the one it saw.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _keys(username: str | None, ip: str | None) -> list[str]:
    """Cache key stems; hashed so any typed username makes a safe, bounded key."""
    keys = []
    if username:
        digest = hashlib.sha256(username.casefold().encode()).hexdigest()
        keys.append(f"login-failures:account:{digest}")
    if ip:
        keys.append(f"login-failures:ip:{ip}")
    return keys


def lock_remaining(*, username: str | None, ip: str | None) -> int:
    """Seconds until this account or IP may try again; 0 when neither is locked."""
    locks = [key + ":locked-until" for key in _keys(username, ip)]
    try:
        until = [value for value in cache.get_many(locks).values() if value]
    except Exception:  # an unreachable cache lifts the lock rather than stopping every sign-in
        logger.warning("Sign-in lock not checked: the cache is unreachable.", exc_info=True)
        return 0
    remaining = math.ceil(max(until, default=0) - time.time())
    return max(0, remaining)


def failure_record(*, username: str | None, ip: str | None) -> int:
    """Count one failed attempt for the account and the IP; return the seconds locked (0 if not)."""
    limit = settings.REVIEWHUB_LOGIN_FAILURE_LIMIT
    window = settings.REVIEWHUB_LOGIN_FAILURE_WINDOW
    locked = 0
    try:
        for key in _keys(username, ip):
            cache.add(key, 0, timeout=window)
            count = cache.incr(key)
            if count >= limit:
                cache.set(key + ":locked-until", time.time() + window, timeout=window)
                cache.delete(key)
                locked = window
    except Exception:  # an unreachable cache lifts the lock rather than stopping every sign-in
        logger.warning("Sign-in failure not counted: the cache is unreachable.", exc_info=True)
    return locked


def failures_clear(*, username: str) -> None:
    """Forget an account's failures after a successful sign-in (the IP's count stays)."""
    try:
        cache.delete_many(_keys(username, None))
    except Exception:  # nothing to forget if the cache is gone
        return
