"""Mixed load with signed-in commenters; afterwards, every comment the server acknowledged must be in the database.

    .venv/bin/python bench/load_comments.py                  # 60 s, 16 clients, scratch PostgreSQL database
    .venv/bin/python bench/load_comments.py --seconds 20 --database sqlite

It builds a scratch database (migrated, the *Her* fixtures, commenter accounts), collects the
static files, and serves the site with gunicorn (2 sync workers, DEBUG off, no access log) on
127.0.0.1 only. Then, for a bounded time and number of requests, 16 clients at once:
half are signed-out readers of the film page and the review pages, half are signed-in users
(signed in through the login form) who read a review page and post a comment on it.
Afterwards it checks that every acknowledged comment — a 302 to the new comment's anchor —
is in the database with its text, and counts 5xx answers and connection errors.
It prints the totals and exits non-zero on a 5xx, a connection error or a missing comment.

The posting rate limit is lifted for the run (REVIEWHUB_COMMENT_RATE); every other setting is
production's. bench/fault_postgres.py and bench/fault_redis.py run this same load while they
break the database or the cache.

Environment: LOAD_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), the
maintenance database used to create and drop the scratch database `reviewhub_load`.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import server
from server import HOST, pg_admin

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SCRATCH_DB = "reviewhub_load"
PASSWORD = "load-test-password-" + secrets.token_hex(8)
FILM_SLUG = "her-2013"
REQUEST_TIMEOUT = 15
COMMENT_ANCHOR = re.compile(r"#comment-(\d+)$")


def log(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The site under test ------------------------------------------------------------


def server_env(database_url: str, static_root: Path, redis_url: str = "") -> dict[str, str]:
    """Production settings, except plain http on loopback and no posting limit for the commenters."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REVIEWHUB_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="reviewhub.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # thrown away with the run
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REVIEWHUB_COMMENT_RATE="1000000",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 600) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args[:1])} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


@contextmanager
def scratch_database(kind: str, workdir: Path, admin_url: str = PG_ADMIN_URL) -> Iterator[str]:
    """A database that exists only for this run: a SQLite file, or `reviewhub_load` on the PostgreSQL server."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'load.sqlite3'}"
        return
    pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
    pg_admin(admin_url, f'CREATE DATABASE "{SCRATCH_DB}"')
    try:
        yield urlsplit(admin_url)._replace(path=f"/{SCRATCH_DB}").geturl()
    finally:
        try:
            pg_admin(admin_url, f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
        except Exception as error:  # the server may be down if a fault script was interrupted
            log(f"could not drop the scratch database: {error}")


SETUP_USERS = """
import json
from django.contrib.auth import get_user_model
from reviews.models import Review
User = get_user_model()
names, password = json.loads({payload!r})
for name in names:
    user, _ = User.objects.get_or_create(username=name, defaults={{"email": name + "@example.com"}})
    user.set_password(password)
    user.save()
print(json.dumps(sorted(Review.objects.visible().values_list("pk", flat=True))))
"""


def prepare_site(env: dict[str, str], writers: int) -> tuple[list[str], list[int]]:
    """Migrate, load the fixtures, collect static files, create the commenters; return them and the review ids."""
    log("migrating, loading the Her fixtures and collecting static files")
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", "her")
    manage(env, "collectstatic", "--noinput")
    names = [f"load-writer-{n}" for n in range(writers)]
    output = manage(env, "shell", "-c", SETUP_USERS.format(payload=json.dumps([names, PASSWORD])))
    review_ids = json.loads(output.strip().splitlines()[-1])
    if not review_ids:
        raise RuntimeError("the fixtures loaded no visible review to comment on")
    return names, review_ids


# --- A small HTTP client that keeps cookies ---------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: bytes


def request(
    port: int, method: str, path: str, *, cookies: dict[str, str] | None = None, form: dict | None = None
) -> Response:
    """One request on a fresh connection (sync gunicorn workers close every connection anyway)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        if cookies is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        cookies.pop(name, None)
                    else:
                        cookies[name] = morsel.value
        return Response(response.status, response.getheader("Location", ""), payload)
    finally:
        connection.close()


def gunicorn(env: dict[str, str], workdir: Path) -> AbstractContextManager[int]:
    """The site under gunicorn; Django's own log (stdout) goes to workdir/server.log."""

    def answers(port: int) -> bool:
        request(port, "GET", "/healthz")  # any answer will do: /healthz is 503 while Redis is down
        return True

    return server.gunicorn(env, workdir / "server.log", answers, "--timeout=30")


def sign_in(port: int, username: str) -> dict[str, str]:
    """Sign in through the login form, as a browser would; return the cookies."""
    cookies: dict[str, str] = {}
    request(port, "GET", "/accounts/login/", cookies=cookies)
    response = request(
        port,
        "POST",
        "/accounts/login/",
        cookies=cookies,
        form={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": cookies.get("csrftoken", "")},
    )
    if response.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"could not sign in {username}: HTTP {response.status}")
    return cookies


# --- The load ---------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "read" or "comment"
    started: float  # seconds since the start of the load
    elapsed: float
    status: int  # 0 when the connection failed
    error: str = ""
    comment_id: int | None = None
    body: str = ""


@dataclass
class LoadRun:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    posted: dict[str, bool] = field(default_factory=dict)  # every comment body sent → acknowledged?


def run_load(
    port: int,
    *,
    seconds: float,
    clients: int,
    writers: list[str],
    review_ids: list[int],
    max_requests: int,
    timeline: Callable[[float], None] | None = None,
) -> LoadRun:
    """`clients` threads for `seconds` (or `max_requests` in all); the first len(writers) of them sign in and post."""
    run = LoadRun()
    lock = threading.Lock()
    signed_in = {name: sign_in(port, name) for name in writers}
    log(f"{len(signed_in)} commenters signed in through the login form")
    read_paths = [f"/films/{FILM_SLUG}/", *(f"/reviews/{pk}/" for pk in review_ids)]
    run_id = uuid.uuid4().hex[:8]
    start = time.monotonic()
    deadline = start + seconds
    budget = iter(range(max_requests))

    def timed(kind: str, call: Callable[[], Response], body: str = "") -> Outcome:
        began = time.monotonic()
        try:
            response = call()
        except OSError as error:  # refused, reset, timed out
            return Outcome(kind, began - start, time.monotonic() - began, 0, error=type(error).__name__, body=body)
        outcome = Outcome(kind, began - start, time.monotonic() - began, response.status, body=body)
        match = COMMENT_ANCHOR.search(response.location)
        if kind == "comment" and response.status == 302 and match:
            outcome.comment_id = int(match.group(1))
        return outcome

    def client(number: int) -> None:
        rng = random.Random(number)
        writer = writers[number] if number < len(writers) else None
        cookies = signed_in.get(writer) if writer else None
        sequence = 0
        while time.monotonic() < deadline and next(budget, None) is not None:
            if cookies is None:
                path = rng.choice(read_paths)
                outcome = timed("read", lambda path=path: request(port, "GET", path))
            elif sequence % 2 == 0:
                path = f"/reviews/{rng.choice(review_ids)}/"
                outcome = timed("read", lambda path=path: request(port, "GET", path, cookies=cookies))
            else:
                review = rng.choice(review_ids)
                body = f"Load comment {run_id}-{number}-{sequence}: the score made the film for me."
                form = {"body": body, "csrfmiddlewaretoken": cookies.get("csrftoken", "")}
                path = f"/comments/review/{review}/"
                outcome = timed(
                    "comment",
                    lambda path=path, form=form: request(port, "POST", path, cookies=cookies, form=form),
                    body,
                )
            sequence += 1
            with lock:
                run.outcomes.append(outcome)
                if outcome.kind == "comment":
                    run.posted[outcome.body] = outcome.comment_id is not None

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    if timeline is not None:
        timeline(start)
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT * 2 + 30)
    run.seconds = time.monotonic() - start
    return run


VERIFY = """
import json
from comments.models import Comment
posted = json.loads(open({path!r}).read())
acknowledged = {{int(pk): body for pk, body in posted["acknowledged"].items()}}
stored = dict(Comment.objects.filter(pk__in=acknowledged).values_list("pk", "body"))
missing = sorted(pk for pk, body in acknowledged.items() if stored.get(pk) != body)
unacknowledged_stored = Comment.objects.filter(body__in=posted["unacknowledged"]).count()
print(json.dumps({{"missing": missing, "unacknowledged_stored": unacknowledged_stored}}))
"""


def verify_comments(env: dict[str, str], run: LoadRun, workdir: Path) -> dict:
    """Look every acknowledged comment up in the database by id, and compare its text."""
    acknowledged = {str(o.comment_id): o.body for o in run.outcomes if o.comment_id is not None}
    unacknowledged = [body for body, ok in run.posted.items() if not ok]
    path = workdir / "posted.json"
    path.write_text(json.dumps({"acknowledged": acknowledged, "unacknowledged": unacknowledged}))
    return json.loads(manage(env, "shell", "-c", VERIFY.format(path=str(path))).strip().splitlines()[-1])


# --- Report --------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summarise(run: LoadRun, check: dict) -> dict:
    outcomes = run.outcomes
    by_kind = Counter(o.kind for o in outcomes)
    statuses = Counter(o.status for o in outcomes)
    latencies = {kind: [o.elapsed * 1000 for o in outcomes if o.kind == kind] for kind in by_kind}
    return {
        "seconds": round(run.seconds, 1),
        "requests": len(outcomes),
        "requests_per_second": round(len(outcomes) / run.seconds, 1) if run.seconds else 0,
        "reads": by_kind["read"],
        "comment_posts": by_kind["comment"],
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "server_errors_5xx": sum(count for status, count in statuses.items() if status >= 500),
        "connection_errors": statuses[0],
        "comments_acknowledged": sum(1 for o in outcomes if o.comment_id is not None),
        "comments_missing_from_db": len(check["missing"]),
        "comments_stored_but_not_acknowledged": check["unacknowledged_stored"],
        "latency_ms": {
            kind: {
                "p50": round(statistics.median(values), 1),
                "p95": round(percentile(values, 0.95), 1),
                "p99": round(percentile(values, 0.99), 1),
            }
            for kind, values in latencies.items()
            if values
        },
    }


def print_summary(title: str, summary: dict) -> None:
    print(f"\n== {title}")
    for key, value in summary.items():
        print(f"  {key:38} {json.dumps(value) if isinstance(value, dict) else value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--writers", type=int, default=8, help="how many of the clients sign in and post")
    parser.add_argument("--max-requests", type=int, default=200_000, help="a hard bound on the whole run")
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the server (default: local-memory cache)")
    args = parser.parse_args()
    if not 0 < args.writers <= args.clients:
        parser.error("--writers must be between 1 and --clients")

    with tempfile.TemporaryDirectory(prefix="reviewhub-load-") as tmp:
        workdir = Path(tmp)
        with scratch_database(args.database, workdir) as database_url:
            env = server_env(database_url, workdir / "static", args.redis_url)
            writers, review_ids = prepare_site(env, args.writers)
            with gunicorn(env, workdir) as port:
                log(f"gunicorn on {HOST}:{port}; {args.clients} clients for {args.seconds:.0f} s")
                run = run_load(
                    port,
                    seconds=args.seconds,
                    clients=args.clients,
                    writers=writers,
                    review_ids=review_ids,
                    max_requests=args.max_requests,
                )
            summary = summarise(run, verify_comments(env, run, workdir))
            server_log = (workdir / "server.log").read_text(errors="replace")
    summary["server_log_errors"] = server_log.count(" ERROR ")
    print_summary(f"mixed load on {args.database}", summary)
    failed = summary["server_errors_5xx"] or summary["connection_errors"] or summary["comments_missing_from_db"]
    print("\nRESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
