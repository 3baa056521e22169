"""Settings that follow the deployment's topology: databases, PgBouncer, media storage, proxy headers, Redis outages."""

import io
import re
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, router
from django.test import override_settings
from django.urls import reverse
from moto import mock_aws
from PIL import Image

from accounts.throttling import client_ip
from comments.models import Comment
from films.models import Film
from reviewhub.checks import check_client_ip_behind_proxy
from reviewhub.db_router import PrimaryReplicaRouter
from reviewhub.deployment import FILE_SYSTEM_BACKEND, S3_BACKEND, databases, media_origins, media_storage
from reviewhub.tests.test_cache_backend import DEAD_REDIS

BASE = Path("/srv/reviewhub")
DEPLOY = Path(django_settings.BASE_DIR) / "deploy"
PRIMARY_URL = "postgres://reviewhub@pgbouncer.internal:6432/reviewhub"
REPLICA_URL = "postgres://reviewhub@db-replica.internal:5432/reviewhub"


# --- Databases ------------------------------------------------------------------------------------


def test_without_a_replica_url_there_is_one_database_and_the_router_stands_aside():
    configured = databases({"DATABASE_URL": PRIMARY_URL}, BASE)
    assert list(configured) == ["default"]
    assert "replica" not in connections.settings
    assert PrimaryReplicaRouter().db_for_read(Film) is None
    assert PrimaryReplicaRouter().db_for_write(Film) is None
    assert router.db_for_read(Film) == "default"


def test_development_defaults_to_sqlite_in_the_project_folder():
    assert databases({}, BASE)["default"]["NAME"] == str(BASE / "db.sqlite3")


def test_a_replica_url_adds_the_replica_alias_mirrored_in_tests_with_a_short_connect_timeout():
    configured = databases({"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URL": REPLICA_URL}, BASE)
    replica = configured["replica"]
    assert replica["HOST"] == "db-replica.internal"
    assert replica["TEST"] == {"MIRROR": "default"}
    assert replica["OPTIONS"]["connect_timeout"] == 2
    assert configured["default"]["OPTIONS"]["connect_timeout"] == 5


def test_behind_pgbouncer_server_side_cursors_are_off():
    assert not databases({"DATABASE_URL": PRIMARY_URL}, BASE)["default"].get("DISABLE_SERVER_SIDE_CURSORS")
    env = {"DATABASE_URL": PRIMARY_URL, "DATABASE_REPLICA_URL": REPLICA_URL, "DATABASE_PGBOUNCER": "1"}
    configured = databases({**env, "DJANGO_CONN_MAX_AGE": "30"}, BASE)
    assert configured["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert configured["default"]["CONN_MAX_AGE"] == 30
    assert configured["replica"]["DISABLE_SERVER_SIDE_CURSORS"] is True


# Statements that leave state on a server connection: PgBouncer's transaction pooling would hand
# that connection to another client's next transaction.
SESSION_STATE = re.compile(
    r"pg_advisory_lock|pg_try_advisory_lock\b|\bLISTEN\b|\bUNLISTEN\b|SET\s+SESSION|CREATE\s+TEMP|"
    r"\bPREPARE\s+\w+\s+AS|set_config\([^)]*false\)",
    re.IGNORECASE,
)


def test_no_code_leaves_session_state_on_a_pooled_connection():
    root = Path(django_settings.BASE_DIR)
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if not {".venv", "node_modules", "tests"} & set(path.relative_to(root).parts)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SESSION_STATE.search(line) and "SESSION_STATE" not in line
    ]
    assert offenders == []


# --- Media storage -------------------------------------------------------------------------------


def test_media_stays_on_the_local_disk_without_a_bucket():
    storage = media_storage({"REVIEWHUB_S3_ENDPOINT_URL": "https://s3.example.net"})
    assert storage == {"BACKEND": FILE_SYSTEM_BACKEND}
    assert media_origins(storage) == []


def test_a_bucket_switches_media_to_s3_with_the_endpoint_and_no_credentials_in_settings():
    storage = media_storage(
        {
            "REVIEWHUB_S3_BUCKET": "reviewhub-media",
            "REVIEWHUB_S3_ENDPOINT_URL": "https://minio.internal:9000",
            "REVIEWHUB_S3_REGION": "eu-west-1",
            "REVIEWHUB_S3_ADDRESSING_STYLE": "path",
            "AWS_SECRET_ACCESS_KEY": "never-copied",
        }
    )
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == S3_BACKEND
    assert options["bucket_name"] == "reviewhub-media"
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert options["addressing_style"] == "path"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert "never-copied" not in repr(storage)
    assert media_origins(storage) == ["https://minio.internal:9000", "https://reviewhub-media.minio.internal:9000"]


def test_a_custom_domain_serves_plain_urls_from_that_origin():
    storage = media_storage({"REVIEWHUB_S3_BUCKET": "media", "REVIEWHUB_S3_CUSTOM_DOMAIN": "media.example.org"})
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert media_origins(storage) == ["https://media.example.org"]


def jpeg_with_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make
    output = io.BytesIO()
    Image.new("RGB", (40, 60), "teal").save(output, format="JPEG", exif=exif)
    return output.getvalue()


@pytest.fixture
def s3_media(monkeypatch, settings):
    """Media on a (moto) S3 bucket, configured the way production's environment does it."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="reviewhub-media")
        storages = {**settings.STORAGES, "default": media_storage({"REVIEWHUB_S3_BUCKET": "reviewhub-media"})}
        with override_settings(STORAGES=storages):
            yield client


@pytest.mark.django_db
def test_uploads_to_s3_are_checked_and_re_encoded(s3_media, film):
    film.poster = SimpleUploadedFile("holiday.jpg", jpeg_with_exif(), content_type="image/jpeg")
    film.save()

    name = film.poster.name
    assert re.fullmatch(r"posters/[0-9a-f]{32}\.jpg", name)
    stored = s3_media.get_object(Bucket="reviewhub-media", Key=f"media/{name}")["Body"].read()
    image = Image.open(io.BytesIO(stored))
    assert image.size == (40, 60)
    assert 0x010F not in image.getexif(), "the camera's metadata is gone"
    assert film.poster.url.startswith("https://reviewhub-media.s3.amazonaws.com/media/posters/")
    assert not (Path(django_settings.MEDIA_ROOT) / "posters").exists(), "nothing was written to the local disk"


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_never_reaches_the_bucket(s3_media, film):
    film.poster = SimpleUploadedFile("poster.jpg", b"<?php echo 'hi'; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        film.full_clean()
    assert s3_media.list_objects_v2(Bucket="reviewhub-media").get("KeyCount") == 0


# --- Behind the proxy ------------------------------------------------------------------------------


def nginx_overwritten_headers() -> dict[str, str]:
    text = (DEPLOY / "nginx.conf").read_text()
    return dict(re.findall(r"proxy_set_header\s+(X-Forwarded-[\w-]+)\s+(\$\w+);", text))


def example_env() -> dict[str, str]:
    lines = (DEPLOY / "reviewhub.env.example").read_text().splitlines()
    pairs = (line.split("#")[0].strip().split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return dict(pairs)


def test_the_site_trusts_exactly_the_headers_deploy_nginx_overwrites(rf, settings):
    headers = nginx_overwritten_headers()
    # Overwritten with nginx's own view of the connection, never appended to what the client sent.
    assert headers == {"X-Forwarded-For": "$remote_addr", "X-Forwarded-Proto": "$scheme"}
    env = example_env()
    assert env["REVIEWHUB_CLIENT_IP_HEADER"] == "HTTP_X_FORWARDED_FOR"
    assert env["DJANGO_SECURE_PROXY_SSL_HEADER"] == "1"

    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.REVIEWHUB_CLIENT_IP_HEADER = env["REVIEWHUB_CLIENT_IP_HEADER"]
    assert check_client_ip_behind_proxy() == []
    proxied = rf.get("/", REMOTE_ADDR="10.0.0.10", HTTP_X_FORWARDED_FOR="203.0.113.7", HTTP_X_FORWARDED_PROTO="https")
    assert client_ip(proxied) == "203.0.113.7"
    assert proxied.is_secure()


def test_without_the_proxy_settings_forwarded_headers_are_ignored(rf, settings):
    settings.REVIEWHUB_CLIENT_IP_HEADER = ""
    forged = rf.get("/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR="10.1.1.1", HTTP_X_FORWARDED_PROTO="https")
    assert client_ip(forged) == "198.51.100.4"
    assert not forged.is_secure()


# --- Redis down --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_with_redis_down_signed_in_readers_stay_signed_in_and_can_post(client, user, review, settings):
    # Production with Redis: cached_db sessions. Redis is down: sessions come from the database.
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    with override_settings(CACHES=DEAD_REDIS, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        cache.clear()
        client.force_login(user)
        page = client.get(reverse("comments:review", args=[review.pk]))
        assert page.status_code == 200
        assert page.context["user"] == user
        response = client.post(reverse("comments:create", args=[review.pk]), {"body": "Still here without Redis."})
        assert response.status_code == 302
    assert Comment.objects.filter(author=user, body="Still here without Redis.").exists()
