"""The sign-in lockout check as an authentication backend (django-axes), tolerant of request-less calls."""

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Axes refuses a locked (username, client) pair; a request-less authenticate() (shell) has no client."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> None:
        """Raise axes' PermissionDenied for a locked pair; never signs anyone in by itself."""
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
