"""The watch log's data rules, shared by its forms and services."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone


def watched_on_check(watched_on: datetime.date) -> None:
    """A watch happened on or before today in the site's time zone."""
    today = timezone.localdate()
    if watched_on > today:
        raise ValidationError(
            "The date watched cannot be in the future (today is %(today)s).",
            code="future",
            params={"today": f"{today.day} {today:%b %Y}"},
        )
