"""Production settings: `check --deploy` is clean, and the site behaves securely under them.

The production environment is applied in a subprocess (settings are read once, at import);
its security settings are then replayed in-process to check the behaviour over HTTP.
"""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "ALLOWED_HOSTS",
    "CACHES",
]


def production_env(**overrides: str) -> dict[str, str]:
    """The documented production environment (README "Production"), pointing at nothing real."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="reviewhub.example,www.reviewhub.example",
        DATABASE_URL="postgres://reviewhub@127.0.0.1:5432/reviewhub",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def settings_under(env: dict[str, str]) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production_settings() -> dict:
    return settings_under(production_env())


def test_check_deploy_is_clean_under_the_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_hsts_preload_opted_in():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_SECURE_HSTS_PRELOAD="1"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_check_deploy_would_catch_a_weakened_setting():
    """The check above is meaningful: turning protection off makes it fail."""
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DJANGO_SECURE_HSTS_SECONDS="0", DJANGO_SECURE_COOKIES="0"),
    )

    assert result.returncode != 0
    for check in ("security.W004", "security.W012", "security.W016"):
        assert check in result.stderr + result.stdout


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = manage("check", env=production_env(DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_values(production_settings):
    assert production_settings["DEBUG"] is False
    assert production_settings["SECURE_SSL_REDIRECT"] is True
    assert production_settings["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when switched on
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production_settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production_settings["SECURE_HSTS_PRELOAD"] is False
    assert production_settings["SESSION_COOKIE_SECURE"] is True
    assert production_settings["SESSION_COOKIE_HTTPONLY"] is True
    assert production_settings["CSRF_COOKIE_SECURE"] is True
    assert production_settings["X_FRAME_OPTIONS"] == "DENY"
    assert production_settings["ALLOWED_HOSTS"] == ["reviewhub.example", "www.reviewhub.example"]
    assert production_settings["CACHES"]["default"]["BACKEND"] == "reviewhub.cache_backends.ResilientRedisCache"


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted_only_when_switched_on():
    proxied = settings_under(production_env(DJANGO_SECURE_PROXY_SSL_HEADER="1", DJANGO_SECURE_HSTS_SECONDS="600"))

    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["SECURE_SSL_REDIRECT"] is True
    assert proxied["SECURE_HSTS_SECONDS"] == 600


@pytest.fixture
def as_production(settings, production_settings):
    """Replay the production security settings in this process (the database stays the test one)."""
    for name in SECURITY_SETTINGS:
        if name not in {"DEBUG", "CACHES", "ALLOWED_HOSTS"}:
            value = production_settings[name]
            setattr(settings, name, tuple(value) if isinstance(value, list) and name.endswith("HEADER") else value)
    settings.ALLOWED_HOSTS = [*production_settings["ALLOWED_HOSTS"], "testserver"]
    return settings


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, as_production):
    response = client.get("/films/?q=her")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/films/?q=her"

    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}


@pytest.mark.django_db
def test_https_responses_carry_hsts_and_the_proxy_header_is_honoured_when_enabled(client, as_production):
    response = client.get(reverse("pages:home"), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get(reverse("pages:home"), headers={"X-Forwarded-Proto": "https"}).status_code == 301

    as_production.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = client.get(reverse("pages:home"), headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert "Strict-Transport-Security" in proxied


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_the_session_cookie_is_httponly(client, user, as_production):
    login_page = client.get(reverse("login"), secure=True)
    csrf_cookie = login_page.cookies["csrftoken"]
    assert csrf_cookie["secure"] is True
    assert csrf_cookie["samesite"] == "Lax"

    response = client.post(
        reverse("login"), {"username": "reader", "password": "correct horse battery staple"}, secure=True
    )

    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] is True
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"


@pytest.mark.django_db
@pytest.mark.urls("reviewhub.tests.failing_urls")
def test_errors_are_logged_with_the_path_but_never_the_password_or_session(client, user, caplog, settings):
    client.force_login(user)
    client.raise_request_exception = False
    session_key = client.session.session_key

    with caplog.at_level(logging.INFO):
        response = client.post("/fails/?page=2", {"username": "reader", "password": "hunter2-very-secret"})

    assert response.status_code == 500
    formatter = logging.Formatter(settings.LOGGING["formatters"]["plain"]["format"])
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert "ERROR django.request Internal Server Error: /fails/" in logged
    assert "RuntimeError: the view failed" in logged
    assert "hunter2-very-secret" not in logged
    assert session_key not in logged
    root_handlers = settings.LOGGING["root"]["handlers"]
    assert [settings.LOGGING["handlers"][name]["stream"] for name in root_handlers] == ["ext://sys.stdout"]
