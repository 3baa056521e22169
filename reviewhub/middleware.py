"""Security headers Django 5.2 does not send (CSP, Permissions-Policy) and a guard against NUL characters.

One fixed policy string needs no django-csp; Django 6.0's own CSP support will replace this file.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


def content_security_policy() -> str:
    """settings.REVIEWHUB_CONTENT_SECURITY_POLICY as a header value."""
    return "; ".join(
        f"{directive} {' '.join(sources)}" for directive, sources in settings.REVIEWHUB_CONTENT_SECURITY_POLICY.items()
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's technical error pages (DEBUG only) are built from inline styles and scripts.
        if settings.DEBUG and response.status_code >= 400:
            return response
        header = (
            "Content-Security-Policy-Report-Only" if settings.REVIEWHUB_CSP_REPORT_ONLY else "Content-Security-Policy"
        )
        response.headers.setdefault(header, content_security_policy())
        response.headers.setdefault("Permissions-Policy", settings.REVIEWHUB_PERMISSIONS_POLICY)
        return response


class RejectNulCharactersMiddleware:
    """400 for a NUL in the path or query: it never means anything in an address, and PostgreSQL fails on it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the address")
        return self.get_response(request)
