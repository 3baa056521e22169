"""/healthz for load balancers: 200 when the database (and Redis, if configured) answers, else 503.

Failures go to the log, never into the public response; exempt from the HTTPS redirect so a
balancer can probe over plain http.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False
    return True


def _cache_answers() -> bool:
    # Only the Redis backend (reviewhub.cache_backends) has a server to ask; local memory always answers.
    ping = getattr(cache, "ping", None)
    if ping is None or ping():
        return True
    logger.warning("Health check: the Redis cache does not answer")
    return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database, cache_server = _database_answers(), _cache_answers()
    if database and cache_server:
        return JsonResponse({"status": "ok"})
    return JsonResponse({"status": "unavailable"}, status=503)
