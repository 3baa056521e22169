"""The sign-in throttle's own parts: client address, pair lock, per-address ceiling and expiry."""

import time

import pytest
from axes.models import AccessAttempt
from django.core.checks import run_checks
from django.urls import reverse

from accounts import throttling
from accounts.forms import LoginForm

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clock(monkeypatch):
    """Move time forward for the ceiling and the cache alike, instead of sleeping."""
    offset = [0.0]
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + offset[0])

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


def attempt(rf, *, username: str = "reader", password: str = "wrong", ip: str = IP) -> LoginForm:  # noqa: S107
    """One sign-in through the real form, backend and axes handler."""
    form = LoginForm(rf.post("/accounts/login/", REMOTE_ADDR=ip), data={"username": username, "password": password})
    form.is_valid()
    return form


def test_pair_lock_counts_only_that_username_from_that_address(rf, user, settings):
    for _ in range(5):
        attempt(rf)
    assert 890 <= throttling.pair_lock_remaining(username="reader", ip=IP) <= 900
    assert throttling.pair_lock_remaining(username="READER", ip=IP) > 0
    assert throttling.pair_lock_remaining(username="reader", ip="198.51.100.1") == 0
    assert throttling.pair_lock_remaining(username="someone-else", ip=IP) == 0


def test_four_failures_do_not_lock(rf, user):
    for _ in range(4):
        assert not attempt(rf).locked
    assert throttling.pair_lock_remaining(username="reader", ip=IP) == 0
    assert attempt(rf, password=PASSWORD).is_valid()


def test_the_limit_and_window_come_from_settings(rf, user, settings):
    settings.REVIEWHUB_LOGIN_FAILURE_LIMIT = 2
    settings.REVIEWHUB_LOGIN_FAILURE_WINDOW = 60
    assert not attempt(rf).locked
    assert attempt(rf).locked
    assert 0 < throttling.pair_lock_remaining(username="reader", ip=IP) <= 60


def test_failures_are_recorded_per_pair_for_the_admin(rf, user):
    attempt(rf)
    attempt(rf, ip="198.51.100.1")
    attempt(rf, ip="198.51.100.1")
    rows = dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start"))
    assert rows == {IP: 1, "198.51.100.1": 2}
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"reader"}


def test_the_address_ceiling_counts_failures_whatever_the_username(settings):
    settings.REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    assert throttling.address_failure_record(ip=IP) == 0
    assert throttling.address_failure_record(ip=IP) == 0
    assert throttling.address_failure_record(ip=IP) == settings.REVIEWHUB_LOGIN_FAILURE_WINDOW
    assert 890 <= throttling.address_lock_remaining(ip=IP) <= 900
    assert throttling.address_lock_remaining(ip="198.51.100.1") == 0


def test_the_address_ceiling_is_far_above_the_pair_limit(settings):
    assert settings.REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT >= 10 * settings.REVIEWHUB_LOGIN_FAILURE_LIMIT


def test_an_address_lock_expires_after_the_window(settings, clock):
    settings.REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT = 1
    throttling.address_failure_record(ip=IP)
    clock(899)
    assert throttling.address_lock_remaining(ip=IP) > 0
    clock(2)
    assert throttling.address_lock_remaining(ip=IP) == 0


def test_client_ip_trusts_a_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")
    assert throttling.client_ip(request) == "10.0.0.2"
    settings.REVIEWHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    assert throttling.client_ip(request) == "198.51.100.9"


def test_client_ip_ignores_a_header_that_holds_no_address(rf, settings):
    settings.REVIEWHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-address")
    assert throttling.client_ip(request) == "10.0.0.2"


def test_client_username_is_case_folded(rf):
    assert throttling.client_username(None, {"username": "ReAdEr"}) == "reader"
    assert throttling.client_username(rf.post("/", {"username": "BOB"}), None) == "bob"


def test_axes_is_configured_without_warnings():
    assert [message for message in run_checks() if message.id.startswith("axes.")] == []


def test_the_attempts_table_never_keeps_a_typed_password(client, user):
    client.post(reverse("login"), {"username": "reader", "password": "my-secret-guess"}, REMOTE_ADDR=IP)
    [row] = AccessAttempt.objects.all()
    assert row.username == "reader"
    assert "password=" in row.post_data
    assert "my-secret-guess" not in row.post_data
