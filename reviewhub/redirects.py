"""Where to send a reader after a form: back where they came from, but never off this site."""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest) -> str:
    """The `next` address of the request when it points back into this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def redirect_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    return redirect(safe_next(request) or default)


def login_then_back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    """A visitor's POST goes to sign in, then back to the page they were on (not to a POST-only URL)."""
    return redirect_to_login(safe_next(request) or default)
