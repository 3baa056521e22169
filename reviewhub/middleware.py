"""Security headers Django 5.2 does not send (CSP, Permissions-Policy), a guard against NUL characters,
and read-your-writes for the read replica.

One fixed policy string needs no django-csp; Django 6.0's own CSP support will replace the first part.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse

from reviewhub.db_router import REPLICA, mark_replica_down, reading_primary, replica_configured

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


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


class ReadYourWritesMiddleware:
    """With a read replica: whoever writes reads from the primary for a while, and a failing replica read is retried.

    A request that may write (any unsafe method) runs with reads on the primary and sets a cookie
    that keeps that reader's requests on the primary for REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS,
    longer than replication normally lags, so the page they are sent back to shows what they wrote.
    The cookie carries no secret: a client that forges it only reads fresher rows.

    A safe request whose replica query fails (the replica went down since the last health check)
    marks the replica down and runs the view once more on the primary, so its reader sees no error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        wrote = request.method not in SAFE_METHODS
        if not (wrote or settings.REVIEWHUB_READ_PRIMARY_COOKIE in request.COOKIES):
            return self.get_response(request)
        with reading_primary():
            response = self.get_response(request)
        if wrote:
            response.set_cookie(
                settings.REVIEWHUB_READ_PRIMARY_COOKIE,
                "1",
                max_age=settings.REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if (
            not isinstance(exception, OperationalError | InterfaceError)
            or request.method not in SAFE_METHODS
            or not replica_configured()
            or not connections[REPLICA].errors_occurred
            or request.resolver_match is None
        ):
            return None
        mark_replica_down(f"a query failed ({exception})")
        match = request.resolver_match
        with reading_primary():
            return match.func(request, *match.args, **match.kwargs)
