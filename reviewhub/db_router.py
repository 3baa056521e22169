"""Reads on the streaming replica, writes on the primary, and never a stale page for whoever just wrote.

Active only when the "replica" alias exists (DATABASE_REPLICA_URL); without it every method
answers None and Django uses "default" as it always has.

Reads go to the primary instead when:
- the request is pinned to it (reviewhub.middleware.ReadYourWritesMiddleware: an unsafe request,
  or the reader wrote within REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS), or code asked for it
  with `reading_primary()` (copies shared through the cache are rendered from the primary, so a
  lagging replica can never put an old page back under a new content version);
- a transaction is open on the primary (what it wrote is visible there only);
- the model's rows are never worth a stale read: sessions, sign-in throttling, the task queue;
- the replica is down or lags more than REVIEWHUB_REPLICA_MAX_LAG_SECONDS. That is known from a
  check made at most once every REVIEWHUB_REPLICA_CHECK_SECONDS per process, never per query;
  a replica query that fails also marks it down at once (`mark_replica_down`).
"""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Model

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
# Rows whose stale copy would be wrong, not merely old: a session just signed in or out, a sign-in
# lock, a task a worker is claiming.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "django_tasks_database"})

# On a replica, how far replay is behind what it has received; 0 when it has replayed everything
# (an idle primary sends nothing, so the age of the last replayed transaction alone is no lag).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

_read_primary: ContextVar[bool] = ContextVar("reviewhub_read_primary", default=False)


@contextmanager
def reading_primary() -> Iterator[None]:
    """Within the block, this thread's (or task's) reads go to the primary."""
    token = _read_primary.set(True)
    try:
        yield
    finally:
        _read_primary.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaHealth:
    """Whether the replica may take reads, re-checked at most every REVIEWHUB_REPLICA_CHECK_SECONDS."""

    def __init__(self) -> None:
        self.usable = False
        self.lag_seconds: float | None = None
        self._next_check = 0.0

    def reset(self) -> None:
        """Forget the last verdict (the next read checks again)."""
        self.__init__()

    def measure_lag(self) -> float:
        """Seconds of replay lag; raises DatabaseError when the replica does not answer."""
        connection = connections[REPLICA]
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL if connection.vendor == "postgresql" else "SELECT 0")
            return float(cursor.fetchone()[0])

    def usable_now(self) -> bool:
        """The last verdict, or a new one when the interval has passed since the last check."""
        if time.monotonic() < self._next_check:
            return self.usable
        self._next_check = time.monotonic() + settings.REVIEWHUB_REPLICA_CHECK_SECONDS
        try:
            self.lag_seconds = self.measure_lag()
        except DatabaseError as error:
            self._set_usable(False, f"it does not answer ({type(error).__name__}: {error})".strip())
            connections[REPLICA].close()
            return False
        limit = settings.REVIEWHUB_REPLICA_MAX_LAG_SECONDS
        lagging = self.lag_seconds > limit
        self._set_usable(not lagging, f"it lags {self.lag_seconds:.1f} s (limit {limit} s)")
        return self.usable

    def mark_down(self, reason: str) -> None:
        self._next_check = time.monotonic() + settings.REVIEWHUB_REPLICA_CHECK_SECONDS
        self._set_usable(False, reason)

    def _set_usable(self, usable: bool, reason: str) -> None:
        if usable and not self.usable:
            logger.info("Read replica in use again")
        elif not usable and self.usable:
            logger.warning("Reads moved to the primary: %s", reason)
        self.usable = usable


health = ReplicaHealth()


def mark_replica_down(reason: str) -> None:
    """A replica query failed: read from the primary until the next check says otherwise."""
    health.mark_down(reason)
    connections[REPLICA].close()


def read_alias(model: type[Model] | None = None) -> str:
    """Where a read of `model` goes now."""
    if (
        not replica_configured()
        or _read_primary.get()
        or connections[PRIMARY].in_atomic_block
        or (model is not None and model._meta.app_label in PRIMARY_ONLY_APPS)
    ):
        return PRIMARY
    return REPLICA if health.usable_now() else PRIMARY


class PrimaryReplicaRouter:
    """settings.DATABASE_ROUTERS entry; see the module docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if not replica_configured():
            return None
        instance = hints.get("instance")
        if instance is not None and instance._state.db == PRIMARY:
            # Related rows of something read or written on the primary come from the primary too.
            return PRIMARY
        return read_alias(model)

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return PRIMARY if replica_configured() else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both aliases are one database.
        return True if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        # A streaming replica is a copy of the primary's files; it is never migrated itself.
        return False if db == REPLICA else None
