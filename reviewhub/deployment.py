"""Settings that depend on the deployment's topology, built from the environment (used by settings.py).

Plain functions of an environment mapping, so each switch is tested without reloading settings.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

S3_BACKEND = "storages.backends.s3.S3Storage"
FILE_SYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    return int(value) if value not in (None, "") else default


def _on(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _database(url: str, env: Mapping[str, str], connect_timeout: int) -> dict[str, Any]:
    config = dj_database_url.parse(url, conn_max_age=_int(env, "DJANGO_CONN_MAX_AGE", 60), conn_health_checks=True)
    if config["ENGINE"].endswith("postgresql"):
        config.setdefault("OPTIONS", {})["connect_timeout"] = connect_timeout
        # PgBouncer in transaction mode hands each transaction any server connection, so a
        # server-side cursor (DECLARE … WITH HOLD, used by QuerySet.iterator()) would be lost.
        if _on(env, "DATABASE_PGBOUNCER"):
            config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def databases(env: Mapping[str, str], base_dir: Path) -> dict[str, dict[str, Any]]:
    """ "default" from DATABASE_URL (SQLite in development); "replica" only when DATABASE_REPLICA_URL is set."""
    configured = {
        "default": _database(
            env.get("DATABASE_URL") or f"sqlite:///{base_dir / 'db.sqlite3'}",
            env,
            _int(env, "DATABASE_CONNECT_TIMEOUT", 5),
        )
    }
    if env.get("DATABASE_REPLICA_URL"):
        replica = _database(env["DATABASE_REPLICA_URL"], env, _int(env, "DATABASE_REPLICA_CONNECT_TIMEOUT", 2))
        # Tests run against the primary's test database only; a physical replica has no test copy.
        replica["TEST"] = {"MIRROR": "default"}
        configured["replica"] = replica
    return configured


def media_storage(env: Mapping[str, str]) -> dict[str, Any]:
    """STORAGES["default"]: an S3-compatible bucket when REVIEWHUB_S3_BUCKET is set, else MEDIA_ROOT.

    Credentials are never settings: boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an
    instance role) itself.
    """
    bucket = env.get("REVIEWHUB_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": FILE_SYSTEM_BACKEND}
    custom_domain = env.get("REVIEWHUB_S3_CUSTOM_DOMAIN") or None
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": env.get("REVIEWHUB_S3_ENDPOINT_URL") or None,
        "region_name": env.get("REVIEWHUB_S3_REGION") or None,
        "addressing_style": env.get("REVIEWHUB_S3_ADDRESSING_STYLE") or None,
        "location": env.get("REVIEWHUB_S3_PREFIX", "media"),
        "custom_domain": custom_domain,
        # A public domain (a CDN or a public bucket) serves plain URLs; a private bucket, signed ones.
        "querystring_auth": custom_domain is None,
        "default_acl": None,
        # Uploads are stored under fresh random names (reviewhub/images.py), never replaced in place.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def media_origins(storage: Mapping[str, Any]) -> list[str]:
    """The origins images are served from when media is not on our own host (for the CSP's img-src)."""
    if storage["BACKEND"] != S3_BACKEND:
        return []
    options = storage["OPTIONS"]
    if options["custom_domain"]:
        return [f"https://{options['custom_domain']}"]
    bucket = options["bucket_name"]
    if options["endpoint_url"]:
        endpoint = urlsplit(options["endpoint_url"])
        # Path-style (bucket in the path) or virtual-hosted (bucket in the host name).
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
    region = options["region_name"]
    return [f"https://{bucket}.s3.amazonaws.com"] + ([f"https://{bucket}.s3.{region}.amazonaws.com"] if region else [])
