"""Sign-in throttling: django-axes locks a (username, client) pair; a much higher per-address ceiling here.

Locking an account or a whole address lets anyone lock anyone out (every visitor shares one address
behind a proxy or a campus NAT), so axes counts failures per (username, address) pair and locks only
that pair; the owner signing in from elsewhere is never refused. What axes cannot express, a separate
and much larger count of failures per address whatever the usernames (credential stuffing), lives here
in the cache.
"""

import hashlib
import ipaddress
import logging
import math
import time
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest | None) -> str:
    """The client address; a header is trusted only when a deployment names it (behind its proxy)."""
    if request is None:
        return ""
    header = settings.REVIEWHUB_CLIENT_IP_HEADER
    if header and request.META.get(header):
        # The proxy appends to X-Forwarded-For, so the last entry is the one it saw.
        candidate = request.META[header].split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            logger.warning("Client address header %s holds no address; using REMOTE_ADDR.", header)
    return request.META.get("REMOTE_ADDR", "")


def client_username(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The typed username, case-folded, so READER and reader count as one pair (usernames are case-insensitive)."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username")
    return username.casefold() if username else username


def account_failures(username: str) -> int:
    """Failed sign-ins at this username from every address within the window."""
    since = timezone.now() - cool_off()
    total = AccessAttempt.objects.filter(username=username.casefold(), attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


def failure_limit(request: HttpRequest | None = None, credentials: dict | None = None) -> int:
    """Failures of one pair before it locks: one, once the account draws many failures from everywhere.

    That slows a guesser spread over many addresses to one try per address and window, while the
    owner's correct password from an address that has not been failing still gets in.
    """
    username = client_username(request, credentials)
    if username and account_failures(username) >= settings.REVIEWHUB_LOGIN_ACCOUNT_FAILURE_LIMIT:
        return 1
    return settings.REVIEWHUB_LOGIN_FAILURE_LIMIT


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """How long a locked pair waits; read per attempt so a settings override reaches axes."""
    return timedelta(seconds=settings.REVIEWHUB_LOGIN_FAILURE_WINDOW)


def pair_lock_remaining(*, username: str | None, ip: str) -> int:
    """Seconds until this username may be tried again from this address; 0 when the pair is not locked."""
    if not username:
        return 0
    attempt = (
        AccessAttempt.objects.filter(username=username.casefold(), ip_address=ip or None)
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None or attempt.failures_since_start < failure_limit(credentials={"username": username}):
        return 0
    until = attempt.attempt_time + get_cool_off()
    return max(0, math.ceil((until - timezone.now()).total_seconds()))


def _address_key(ip: str) -> str:
    """Cache key of an address's failure count; hashed so any address string makes a bounded key."""
    return "login-failures:address:" + hashlib.sha256(ip.encode()).hexdigest()


def address_lock_remaining(*, ip: str) -> int:
    """Seconds until this address may try again after passing the ceiling; 0 when it has not."""
    try:
        until = cache.get(_address_key(ip) + ":locked-until")
    except Exception:  # an unreachable cache lifts the ceiling rather than stopping every sign-in
        logger.warning("Sign-in ceiling not checked: the cache is unreachable.", exc_info=True)
        return 0
    return max(0, math.ceil((until or 0) - time.time()))


def address_failure_record(*, ip: str) -> int:
    """Count one failure from this address; past the ceiling, lock it for the window and return the seconds."""
    window = settings.REVIEWHUB_LOGIN_FAILURE_WINDOW
    key = _address_key(ip)
    try:
        cache.add(key, 0, timeout=window)
        count = cache.incr(key)
        if count >= settings.REVIEWHUB_LOGIN_ADDRESS_FAILURE_LIMIT:
            cache.set(key + ":locked-until", time.time() + window, timeout=window)
            cache.delete(key)
            return window
    except Exception:  # an unreachable cache lifts the ceiling rather than stopping every sign-in
        logger.warning("Sign-in failure not counted: the cache is unreachable.", exc_info=True)
    return 0


def lockout_response(request: HttpRequest, response: HttpResponse | None, credentials: dict | None) -> HttpResponse:
    """Axes' lockout hook: the sign-in form already says why (LoginThrottleMixin); only the status becomes 429."""
    if response is None:
        return HttpResponse("Too many failed sign-in attempts. Please try again later.", status=429)
    response.status_code = 429
    return response
