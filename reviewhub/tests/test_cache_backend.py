"""With REDIS_URL at a Redis that does not answer, the cache degrades and the site still serves pages."""

import logging
import socket
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from reviewhub import ratelimit

# Nothing listens on this port on a development machine (the real Redis is on 6379).
DEAD_REDIS = {
    "default": {
        "BACKEND": "reviewhub.cache_backends.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:6390/0",
        "KEY_PREFIX": "reviewhub-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
    }
}
LIVE_REDIS = "redis://127.0.0.1:6379/0"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def dead_redis():
    with override_settings(CACHES=DEAD_REDIS):
        yield cache


def test_a_dead_redis_reads_as_an_empty_cache_and_drops_writes(dead_redis, caplog):
    with caplog.at_level(logging.WARNING, logger="reviewhub.cache_backends"):
        assert dead_redis.get("film:1", "default") == "default"
        dead_redis.set("film:1", "cached")
        assert dead_redis.get("film:1") is None
        assert dead_redis.add("film:2", "x") is False
        assert dead_redis.get_many(["film:1", "film:2"]) == {}
        assert dead_redis.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert dead_redis.has_key("film:1") is False
        assert dead_redis.get_or_set("film:3", "computed") == "computed"
        dead_redis.delete("film:1")
        dead_redis.delete_many(["a", "b"])
        with pytest.raises(ValueError, match="not found"):
            dead_redis.incr("counter")

    warnings = [record for record in caplog.records if record.name == "reviewhub.cache_backends"]
    assert len(warnings) == 1, "one warning per outage window, not one per call"
    assert "Redis cache unavailable" in warnings[0].getMessage()
    assert dead_redis.ping() is False


def test_rate_limits_lift_rather_than_fail_when_redis_is_dead(dead_redis, settings):
    settings.REVIEWHUB_RATE_LIMITS = {"comment": (1, 60)}
    for _ in range(3):
        ratelimit.hit("comment", "user-1")


@pytest.mark.django_db
def test_pages_are_still_served_with_a_dead_redis(client, dead_redis, film, review, user):
    assert client.get(reverse("pages:home")).status_code == 200
    assert client.get(film.get_absolute_url()).status_code == 200
    assert client.get(reverse("comments:review", args=[review.pk])).status_code == 200
    client.force_login(user)
    assert client.get(film.get_absolute_url()).status_code == 200


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis server at {LIVE_REDIS}")
def test_a_live_redis_works_as_a_cache():
    live = {"default": {**DEAD_REDIS["default"], "LOCATION": LIVE_REDIS, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    with override_settings(CACHES=live):
        assert cache.ping() is True
        cache.set("greeting", "hello", 30)
        assert cache.get("greeting") == "hello"
        assert cache.add("count", 0, 30) is True
        assert cache.incr("count") == 1
        with pytest.raises(ValueError):
            cache.incr("never-set")
        cache.delete_many(["greeting", "count"])
