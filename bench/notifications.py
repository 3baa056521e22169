"""How long a reply takes in the request when its discussion has 1,000 followers (notifications fan-out).

For each database, in a fresh scratch database: 1,000 readers follow one review's discussion (half
want every comment mailed at once), then a reply is posted through comments.services.comment_create
N times, each by a new reader, timing the whole service call (the comment, the notifications'
inserts and, at commit, the mail task's enqueue on the database queue) and the notifications part alone.
Prints the data size, the database, the machine and the median of the runs. Rerunnable.

    .venv/bin/python bench/notifications.py [--runs 21] [--followers 1000] [--databases sqlite postgres]

PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/rh_notify_bench) is dropped
and re-created at the start.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/rh_notify_bench"


def scratch_postgres(url: str) -> None:
    import psycopg2

    name = url.rsplit("/", 1)[1]
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def child(runs: int, followers: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewhub.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    from comments import services as comments
    from films.models import Film
    from notifications import services as notifications
    from notifications.models import DiscussionFollow, Email, Kind, Notification, Preference
    from reviews import services as reviews

    User = get_user_model()
    film = Film.objects.create(title="Her", slug="her-2013", year=2013)
    author = User.objects.create_user(username="author", email="author@example.com")
    review = reviews.review_create(author=author, film=film, title="A quiet film about love", body="Text.", rating=9)
    readers = User.objects.bulk_create(
        User(username=f"follower{i}", email=f"follower{i}@example.com") for i in range(followers)
    )
    DiscussionFollow.objects.bulk_create(DiscussionFollow(user=reader, review_id=review.pk) for reader in readers)
    Preference.objects.bulk_create(
        Preference(user=reader, kind=Kind.DISCUSSION, email=Email.IMMEDIATELY) for reader in readers[::2]
    )
    parent = comments.comment_create(author=readers[0], review=review, body="The letter scene.")

    published = notifications.comment_published
    notify_times: list[float] = []

    def timed_publish(**kwargs):
        start = time.perf_counter()
        try:
            return published(**kwargs)
        finally:
            notify_times.append((time.perf_counter() - start) * 1000)

    comments.notifications.comment_published = timed_publish
    totals: list[float] = []
    for i in range(runs):
        replier = User.objects.create_user(username=f"replier{i}", email=f"replier{i}@example.com")
        start = time.perf_counter()
        with transaction.atomic():  # as a request's service call: the task is enqueued on commit
            last = comments.comment_create(author=replier, review=review, body=f"Reply {i}.", parent=parent)
        totals.append((time.perf_counter() - start) * 1000)

    from django_tasks_db.models import DBTaskResult

    per_reply = Notification.objects.filter(object_id=last.pk, kind__in=notifications.DISCUSSION_KINDS).count()
    with connection.cursor() as cursor:
        cursor.execute("select sqlite_version()" if connection.vendor == "sqlite" else "show server_version")
        version = cursor.fetchone()[0]
    print(f"database: {connection.vendor} {version}")
    print(f"data: {followers} followers of the discussion ({followers // 2} mailed at once), {runs} replies timed;")
    print(f"      {per_reply} notifications per reply, {Notification.objects.count()} in all,")
    print(f"      {DBTaskResult.objects.count()} mail tasks queued (one per reply)")
    print(f"reply in the request (comment_create), median of {runs}: {statistics.median(totals):.1f} ms")
    print(f"  of which notifications.comment_published (the inserts), median: {statistics.median(notify_times):.1f} ms")
    print(f"  range: {min(totals):.1f}–{max(totals):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.runs, args.followers)
        return
    print(f"machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"python {platform.python_version()}, DEBUG off, tasks on the database queue (django-tasks-db)")
    print("load average at start: " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only",
        "REVIEWHUB_TASKS_BACKEND": "database",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    for database in args.databases:
        with tempfile.TemporaryDirectory() as scratch:
            if database == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
            else:
                env["DATABASE_URL"] = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
                scratch_postgres(env["DATABASE_URL"])
            print()
            command = [sys.executable, __file__, "--child", "--runs", str(args.runs)]
            command += ["--followers", str(args.followers)]
            subprocess.run(command, env=env, check=True)


if __name__ == "__main__":
    main()
