"""/healthz: 200 when the database (and Redis, when configured) answers, 503 without details when not."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from reviewhub.tests.test_cache_backend import DEAD_REDIS, LIVE_REDIS, redis_answers

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]
LIVE_REDIS_CACHES = {
    "default": {
        "BACKEND": "reviewhub.cache_backends.ResilientRedisCache",
        "LOCATION": LIVE_REDIS,
        "KEY_PREFIX": "reviewhub-test-health",
    }
}


def test_healthy(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_is_at_the_documented_address(client):
    assert reverse("healthz") == "/healthz"
    assert client.head("/healthz").status_code == 200


def test_refuses_writes(client):
    assert client.post(reverse("healthz")).status_code == 405


def test_a_dead_redis_makes_it_unhealthy_without_saying_why(client, caplog):
    with override_settings(CACHES=DEAD_REDIS):
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert b"6390" not in response.content
    assert b"redis" not in response.content.lower()
    assert "the Redis cache does not answer" in caplog.text


@pytest.mark.skipif(not redis_answers(), reason=f"no Redis server at {LIVE_REDIS}")
def test_a_live_redis_is_healthy(client):
    with override_settings(CACHES=LIVE_REDIS_CACHES):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200


def _dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_database_that_does_not_answer_makes_it_unhealthy_without_saying_why():
    """In a process of its own: the database URL points at a port where nothing listens."""
    code = (
        "from django.test import Client; "
        "r = Client().get('/healthz'); "
        "print(r.status_code, r.get('Cache-Control'), sep='|'); print(r.content.decode())"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_dead_port()}/reviewhub",
        "DJANGO_ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    status_line, body = result.stdout.strip().splitlines()[-2:]
    status, cache_control = status_line.split("|")
    assert status == "503"
    assert body == '{"status": "unavailable"}'
    assert "no-store" in cache_control
    assert "the database does not answer" in result.stdout + result.stderr
