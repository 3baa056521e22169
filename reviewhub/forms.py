"""Form plumbing shared by the apps' views: service errors and rate limits shown on the form."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError

from reviewhub import ratelimit

T = TypeVar("T")


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def write_limited(form: forms.Form, *, action: str, key: str, write: Callable[[], T]) -> tuple[T | None, int]:
    """Count one `action` for `key`, then call the service; refusals land on the form.

    Returns the service's result and 200, or None and the status to re-display the
    form with: 429 when rate-limited (with the message), 200 for a ValidationError.
    """
    try:
        ratelimit.hit(action, key)
        return write(), 200
    except ratelimit.RateLimited as limited:
        form.add_error(None, ValidationError(limited.message, code="rate_limited"))
        return None, 429
    except ValidationError as error:
        add_service_error(form, error)
        return None, 200
