"""Django's Redis cache, answering as an empty cache when Redis is down: it holds only copies.

Losing it must cost speed, not pages; after a failure it leaves Redis alone for DOWN_SECONDS,
so a dead server costs one failed connection per process, not one per cache call.
"""

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self.down_seconds = float(params.get("DOWN_SECONDS", 5))
        self._down_until = 0.0

    def _guard(self, fallback: Callable[[], T], call: Callable[[], T]) -> T:
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return call()
        except (RedisError, OSError) as error:
            self._down_until = time.monotonic() + self.down_seconds
            logger.warning(
                "Redis cache unavailable (%s: %s); serving without the cache for %.0f s",
                type(error).__name__,
                error,
                self.down_seconds,
            )
            return fallback()

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz); ignores and resets the down window."""
        try:
            answered = bool(self._cache.get_client(write=True).ping())
        except (RedisError, OSError):
            return False
        self._down_until = 0.0
        return answered

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: False, lambda: RedisCache.add(self, key, value, timeout, version))

    def get(self, key, default=None, version=None):
        return self._guard(lambda: default, lambda: RedisCache.get(self, key, default, version))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: None, lambda: RedisCache.set(self, key, value, timeout, version))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: False, lambda: RedisCache.touch(self, key, timeout, version))

    def delete(self, key, version=None):
        return self._guard(lambda: False, lambda: RedisCache.delete(self, key, version))

    def get_many(self, keys, version=None):
        return self._guard(dict, lambda: RedisCache.get_many(self, keys, version))

    def has_key(self, key, version=None):
        return self._guard(lambda: False, lambda: RedisCache.has_key(self, key, version))

    def incr(self, key, delta=1, version=None):
        def missing() -> int:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")

        return self._guard(missing, lambda: RedisCache.incr(self, key, delta, version))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(lambda: list(data), lambda: RedisCache.set_many(self, data, timeout, version))

    def delete_many(self, keys, version=None):
        return self._guard(lambda: None, lambda: RedisCache.delete_many(self, keys, version))

    def clear(self):
        return self._guard(lambda: False, lambda: RedisCache.clear(self))
