"""The read replica router: reads on the replica, writes on the primary, read-your-writes, and fallback.

The "replica" alias is added for each test: either a mirror (a second connection to the test
database, as a caught-up replica would be) or an address where nothing answers. The tests commit
their rows (transaction=True), since the replica's connection only sees committed rows, as a
real replica does.
"""

import copy

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from films.models import Film
from reviewhub import db_router
from reviewhub.db_router import PRIMARY, REPLICA, health

pytestmark = pytest.mark.django_db(transaction=True, databases=[PRIMARY, REPLICA])


def replica_config(default: dict, kind: str) -> dict:
    """A mirror of the test database (a caught-up replica), or one where nothing answers."""
    config = copy.deepcopy(default)
    # A mirror is neither created nor flushed by the test runner.
    config["TEST"] = {**config["TEST"], "MIRROR": PRIMARY}
    if kind == "mirror":
        return config
    if config["ENGINE"].endswith("sqlite3"):
        config["NAME"] = "/nonexistent-folder/replica.sqlite3"
    else:
        config.update(HOST="127.0.0.1", PORT="9")  # a closed local port: refused at once
        config["OPTIONS"] = {**config["OPTIONS"], "connect_timeout": 1}
    return config


def use_replica(kind: str) -> None:
    if REPLICA in connections.settings:
        connections[REPLICA].close()
        del connections[REPLICA]
    connections.settings[REPLICA] = replica_config(connections[PRIMARY].settings_dict, kind)


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup, django_db_blocker):
    """The alias exists before each test's database set-up, which must know it."""
    with django_db_blocker.unblock():
        use_replica("mirror")
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica_alias(settings):
    """Call with "mirror" or "unreachable" to point the replica alias there for this test."""
    settings.REVIEWHUB_REPLICA_CHECK_SECONDS = 60
    settings.REVIEWHUB_REPLICA_MAX_LAG_SECONDS = 10
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    health.reset()
    yield use_replica
    use_replica("mirror")
    health.reset()


def queries_on(alias: str) -> CaptureQueriesContext:
    return CaptureQueriesContext(connections[alias])


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica_alias, client, film):
    replica_alias("mirror")
    with queries_on(REPLICA) as replica, queries_on(PRIMARY) as primary:
        response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Her" in response.text
    assert len(replica.captured_queries) > 0
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in replica.captured_queries)
    assert primary.captured_queries == []

    with queries_on(REPLICA) as replica, queries_on(PRIMARY) as primary:
        Film.objects.create(title="Past Lives", year=2023, slug="past-lives-2023")
    assert primary.captured_queries and replica.captured_queries == []


def test_a_writer_reads_from_the_primary_for_the_window_then_from_the_replica(
    replica_alias, client, review, user, settings
):
    replica_alias("mirror")
    settings.REVIEWHUB_READ_PRIMARY_AFTER_WRITE_SECONDS = 15
    client.force_login(user)

    response = client.post(reverse("comments:create", args=[review.pk]), {"body": "The letters scene is the heart."})
    assert response.status_code == 302
    cookie = response.cookies[settings.REVIEWHUB_READ_PRIMARY_COOKIE]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]

    with queries_on(REPLICA) as replica, queries_on(PRIMARY) as primary:
        page = client.get(response["Location"])
    assert "The letters scene is the heart." in page.text
    assert replica.captured_queries == []
    assert len(primary.captured_queries) > 0

    del client.cookies[settings.REVIEWHUB_READ_PRIMARY_COOKIE]  # the browser drops it when max-age runs out
    with queries_on(REPLICA) as replica:
        page = client.get(response["Location"])
    assert "The letters scene is the heart." in page.text
    assert len(replica.captured_queries) > 0


def test_an_unreachable_replica_sends_reads_to_the_primary_checked_once_per_interval(
    replica_alias, client, film, monkeypatch
):
    replica_alias("unreachable")
    checks = []
    measure = health.measure_lag
    monkeypatch.setattr(health, "measure_lag", lambda: checks.append(1) or measure())

    for _ in range(3):
        with queries_on(PRIMARY) as primary:
            response = client.get(film.get_absolute_url())
        assert response.status_code == 200
        assert len(primary.captured_queries) > 0
    assert health.usable is False
    assert len(checks) == 1, "the replica is asked at most once per REVIEWHUB_REPLICA_CHECK_SECONDS"


def test_a_replica_that_dies_between_checks_costs_the_reader_no_error(replica_alias, client, film, caplog):
    replica_alias("mirror")
    assert client.get(film.get_absolute_url()).status_code == 200
    assert health.usable is True

    replica_alias("unreachable")  # the replica goes away; the last check still says it is fine
    with queries_on(PRIMARY) as primary:
        response = client.get(film.get_absolute_url())
    assert response.status_code == 200
    assert "Her" in response.text
    assert len(primary.captured_queries) > 0
    assert health.usable is False
    assert "Reads moved to the primary" in caplog.text


def test_a_lagging_replica_is_not_read_until_it_catches_up(replica_alias, settings, monkeypatch):
    replica_alias("mirror")
    settings.REVIEWHUB_REPLICA_CHECK_SECONDS = 0
    lag = {"seconds": 30.0}
    monkeypatch.setattr(health, "measure_lag", lambda: lag["seconds"])

    assert router.db_for_read(Film) == PRIMARY
    lag["seconds"] = 2.0
    assert router.db_for_read(Film) == REPLICA


def test_the_lag_query_runs_on_the_database(replica_alias):
    # On PostgreSQL this is the real lag query: a server not in recovery has no lag.
    replica_alias("mirror")
    assert health.measure_lag() == 0.0


def test_rows_that_must_not_be_stale_and_open_transactions_read_from_the_primary(replica_alias):
    from axes.models import AccessAttempt
    from django_tasks_db.models import DBTaskResult

    replica_alias("mirror")
    assert router.db_for_read(Film) == REPLICA
    for model in (Session, AccessAttempt, DBTaskResult):
        assert router.db_for_read(model) == PRIMARY
    with transaction.atomic():
        assert router.db_for_read(Film) == PRIMARY
    with db_router.reading_primary():
        assert router.db_for_read(Film) == PRIMARY
    assert router.db_for_write(Film) == PRIMARY
    assert router.allow_migrate(REPLICA, "films") is False


def test_pages_stored_in_the_shared_cache_are_rendered_from_the_primary(replica_alias, client, film, settings):
    # A copy rendered from a lagging replica would be stored under the new content version.
    replica_alias("mirror")
    settings.REVIEWHUB_PAGE_CACHE_SECONDS = 60
    with queries_on(REPLICA) as replica, queries_on(PRIMARY) as primary:
        assert client.get(film.get_absolute_url()).status_code == 200
    assert replica.captured_queries == []
    assert len(primary.captured_queries) > 0
