"""Absolute links for what leaves the site (feeds, sitemaps, sharing tags), built from REVIEWHUB_SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """`url` on the site's public address; a URL that already names its host (media on S3) is kept."""
    if urlsplit(url).scheme:
        return url
    return f"{settings.REVIEWHUB_SITE_URL}/{url.lstrip('/')}"
