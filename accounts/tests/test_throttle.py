"""The sign-in throttle itself: counting, locking, forgetting and expiry (through the real cache)."""

import time

import pytest

from accounts import throttling

IP = "203.0.113.7"


@pytest.fixture
def clock(monkeypatch):
    """Move time forward for the throttle and the cache alike, instead of sleeping."""
    offset = [0.0]
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def fail(times: int, *, username: str | None = "reader", ip: str | None = IP) -> int:
    locked = 0
    for _ in range(times):
        locked = throttling.failure_record(username=username, ip=ip)
    return locked


def test_four_failures_do_not_lock():
    assert fail(4) == 0
    assert throttling.lock_remaining(username="reader", ip=IP) == 0


def test_the_fifth_failure_locks_for_the_window(settings):
    assert fail(5) == settings.REVIEWHUB_LOGIN_FAILURE_WINDOW
    assert 890 <= throttling.lock_remaining(username="reader", ip=None) <= 900
    assert 890 <= throttling.lock_remaining(username=None, ip=IP) <= 900


def test_account_lock_ignores_case_and_applies_from_any_ip():
    fail(5, username="Reader", ip=None)
    assert throttling.lock_remaining(username="READER", ip="198.51.100.1") > 0
    assert throttling.lock_remaining(username="someone-else", ip="198.51.100.1") == 0


def test_ip_lock_covers_every_account_from_that_ip():
    for name in ["a", "b", "c", "d", "e"]:
        fail(1, username=name, ip=IP)
    assert throttling.lock_remaining(username="never-tried", ip=IP) > 0
    assert throttling.lock_remaining(username="never-tried", ip="198.51.100.1") == 0


def test_clearing_forgets_the_account_failures_but_not_the_ip():
    fail(4)
    throttling.failures_clear(username="reader")
    fail(1, ip="198.51.100.1")
    assert throttling.lock_remaining(username="reader", ip=None) == 0
    fail(1, username="other")
    assert throttling.lock_remaining(username=None, ip=IP) > 0


def test_the_limit_and_window_come_from_settings(settings):
    settings.REVIEWHUB_LOGIN_FAILURE_LIMIT = 2
    settings.REVIEWHUB_LOGIN_FAILURE_WINDOW = 60
    assert fail(2) == 60
    assert throttling.lock_remaining(username="reader", ip=None) <= 60


def test_a_lock_expires_after_the_window(clock):
    fail(5)
    clock(899)
    assert throttling.lock_remaining(username="reader", ip=IP) > 0
    clock(2)
    assert throttling.lock_remaining(username="reader", ip=IP) == 0


def test_failures_older_than_the_window_are_forgotten(clock):
    fail(4)
    clock(901)
    assert fail(4) == 0
    assert throttling.lock_remaining(username="reader", ip=IP) == 0


def test_client_ip_trusts_a_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert throttling.client_ip(request) == "10.0.0.2"
    settings.REVIEWHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttling.client_ip(request) == "198.51.100.9"
