"""Per-account rate limits for posting, counted in the cache (settings.REVIEWHUB_RATE_LIMITS)."""

import time

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    """Raised when an account has used up its allowance for an action."""

    def __init__(self, action: str, retry_after: int):
        self.action = action
        self.retry_after = retry_after
        super().__init__(f"Too many {action}s; try again in {retry_after} seconds.")

    @property
    def message(self) -> str:
        seconds = self.retry_after
        wait = f"{seconds} second{'s' if seconds != 1 else ''}"
        return f"You are posting too quickly. Please wait {wait} and try again."


def hit(action: str, key: str) -> None:
    """Count one attempt at `action` by `key`; raise RateLimited past it (fixed window; a cache outage lifts it)."""
    limit, window = settings.REVIEWHUB_RATE_LIMITS.get(action, (0, 0))
    if not limit:
        return
    window_start = int(time.time()) // window * window
    cache_key = f"ratelimit:{action}:{key}:{window_start}"
    try:
        cache.add(cache_key, 0, timeout=window + 1)
        count = cache.incr(cache_key)
    except Exception:  # an unreachable cache lifts the limit, never stops posting
        return
    if count > limit:
        raise RateLimited(action, retry_after=max(1, window_start + window - int(time.time())))
