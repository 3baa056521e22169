"""In-process half of the benchmark: build the volume, count queries, time renders, explain plans.

Run by bench/run.py in a subprocess whose environment selects the database
(DATABASE_URL) and production-like settings (DEBUG off, the page cache off, so
every request renders). Writes a JSON report for run.py to print.

    python bench/inprocess.py build --targets targets.json [--quick]
    python bench/inprocess.py measure --targets targets.json --out results.json [--reps 30] [--budget 4]
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reviewhub.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from comments.selectors import thread_for_review, thread_page  # noqa: E402
from sampledata.volume import VolumeSpec, generate  # noqa: E402

COMMENT_ROW = re.compile(rb'<li class="rh-comment[ "]')
FILM_SIZES = (1, 100, 1000)
THREAD_SIZES = (1, 100, 1000, 10_000)


@dataclass
class Target:
    page: str
    size: str
    url: str
    threads_per_page: int | None = None  # None: the default pagination
    expected_rows: int | None = None  # comment rows the page must show
    load: str = ""  # name used by the load test, when this page is load-tested
    fragments: bool = False  # render with the {% fragment %} cache on and warm
    template_rows: bool = False  # the thread's rows from bench/templates/comments/_thread.html, not {% thread_rows %}


@dataclass
class Measurement:
    page: str
    size: str
    url: str
    queries: int
    median_ms: float
    p90_ms: float
    runs: int
    kilobytes: float
    rows: int | None = None
    expected_rows: int | None = None
    status: int = 200


@dataclass
class Plan:
    label: str
    sql: str
    plan: str
    indexes: list[str] = field(default_factory=list)
    full_scans: list[str] = field(default_factory=list)


def build(quick: bool) -> tuple[list[Target], dict]:
    """The volume: a realistic base for home and catalogue, then exact-size films and threads."""
    started = time.perf_counter()
    base = generate(
        VolumeSpec(
            films=60 if quick else 200,
            users=1200,
            reviews_per_film=5,
            comments=1000 if quick else 3000,
            votes_per_review=4,
            reports=100,
            seed=1,
        )
    )
    targets = [
        Target("hello world", "-", reverse("bench-hello")),
        Target("home", f"{len(base.films)} films", reverse("pages:home")),
        Target("catalogue", f"{len(base.films) + len(FILM_SIZES) + len(THREAD_SIZES)} films", reverse("films:list")),
        Target("search", "q=quiet", reverse("pages:search") + "?q=quiet"),
        Target("feed: latest reviews", "-", reverse("feeds:reviews")),
        Target("sitemap index", "-", reverse("feeds:sitemap")),
        Target("sitemap: reviews", "-", reverse("feeds:sitemap-section", args=["reviews"])),
    ]
    busiest = (
        get_user_model()
        .objects.annotate(review_total=Count("reviews", distinct=True), comment_total=Count("comments", distinct=True))
        .order_by("-review_total", "-comment_total", "pk")
        .first()
    )
    if busiest is not None:
        size = f"{busiest.review_total} reviews, {busiest.comment_total} comments"
        targets.append(Target("profile", size, reverse("pages:profile", args=[busiest.username])))

    timings = {"base": time.perf_counter() - started}
    for size in FILM_SIZES:
        made = generate(
            VolumeSpec(films=1, reviews_per_film=size, comments=2 * size, users=0, reports=10, seed=100 + size)
        )
        film_url = made.films[0].get_absolute_url()
        load = "film" if size == max(FILM_SIZES) else ""
        targets.append(Target("film", f"{size} reviews", film_url, load=load))
        if size == max(FILM_SIZES):
            targets.append(Target("film ?sort=helpful", f"{size} reviews", film_url + "?sort=helpful"))
            targets.append(Target("film ?sort=highest", f"{size} reviews", film_url + "?sort=highest"))
            targets.append(Target("film, parts cached", f"{size} reviews", film_url, fragments=True))
            feed_url = reverse("feeds:film", args=[made.films[0].slug])
            targets.append(Target("feed: film", f"{size} reviews", feed_url))
    for size in THREAD_SIZES:
        if quick and size > 1000:
            continue
        holder = generate(
            VolumeSpec(films=1, reviews_per_film=1, comments=0, users=0, reports=0, hidden_share=0, seed=300)
        )
        review = holder.reviews[0]
        started = time.perf_counter()
        generate(VolumeSpec(review=review, comments=size, users=0, reports=5, seed=200 + size))
        timings[f"{size} comments"] = time.perf_counter() - started
        url = review.get_absolute_url()
        first_page = len(thread_page(review=review, page_number=1)[1])
        targets.append(Target("review", f"{size} comments", url, expected_rows=first_page))
        if size == 1000:
            rows = len(thread_for_review(review=review))
            targets.append(Target("review, whole thread", f"{size} comments", url, 0, rows, load="review"))
            targets.append(
                Target("review, whole thread, template rows", f"{size} comments", url, 0, rows, template_rows=True)
            )
            targets.append(Target("feed: comments", f"{size} comments", reverse("feeds:comments", args=[review.pk])))
    # Fresh planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would keep.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return targets, {key: round(value, 2) for key, value in timings.items()}


def configure(target: Target) -> None:
    """The settings a target is measured with; every other page renders from scratch."""
    settings.REVIEWHUB_THREADS_PER_PAGE = (
        target.threads_per_page if target.threads_per_page is not None else DEFAULT_THREADS_PER_PAGE
    )
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 600 if target.fragments else 0


def candidate_templates() -> list[dict]:
    """TEMPLATES with bench/templates searched first: the thread rendered by a template loop, for comparison."""
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0]["DIRS"] = [ROOT / "bench" / "templates", *engines[0].get("DIRS", [])]
    return engines


def measure(client: Client, target: Target, reps: int, budget: float) -> Measurement:
    if target.template_rows:
        with override_settings(TEMPLATES=candidate_templates()):
            return measure(client, replace(target, template_rows=False), reps, budget)
    configure(target)
    for _ in range(3):
        response = client.get(target.url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target.url)
    # Read now: every later request clears the connection's query log.
    queries = len(captured.captured_queries)
    times = []
    deadline = time.perf_counter() + budget
    while len(times) < reps and (len(times) < 5 or time.perf_counter() < deadline):
        started = time.perf_counter()
        client.get(target.url)
        times.append((time.perf_counter() - started) * 1000)
    rows = len(COMMENT_ROW.findall(response.content)) if target.page.startswith("review") else None
    return Measurement(
        page=target.page,
        size=target.size,
        url=target.url,
        queries=queries,
        median_ms=round(statistics.median(times), 2),
        p90_ms=round(statistics.quantiles(times, n=10)[-1], 2) if len(times) >= 2 else round(times[0], 2),
        runs=len(times),
        kilobytes=round(len(response.content) / 1024, 1),
        rows=rows,
        expected_rows=target.expected_rows,
        status=response.status_code,
    )


INDEX_PATTERNS = (
    re.compile(r"(?:Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\w+)"),
    re.compile(r"USING (?:COVERING )?INDEX (\w+)"),
    re.compile(r"USING INTEGER PRIMARY KEY"),
)
FULL_SCAN_PATTERNS = (re.compile(r"Seq Scan on (\w+)"), re.compile(r"\bSCAN (\w+)(?! USING)"))


def explain(client: Client, target: Target) -> list[Plan]:
    """The plan of every SELECT the page runs (EXPLAIN on PostgreSQL, EXPLAIN QUERY PLAN on SQLite)."""
    configure(target)
    with CaptureQueriesContext(connection) as captured:
        client.get(target.url)
    plans = []
    prefix = "EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for query in captured.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
        text = "\n".join(str(row[0]) if len(row) == 1 else " ".join(str(c) for c in row) for row in rows)
        indexes = sorted({m.group(1) if m.groups() else "rowid" for p in INDEX_PATTERNS for m in p.finditer(text)})
        scans = sorted({m.group(1) for p in FULL_SCAN_PATTERNS for m in p.finditer(text)})
        plans.append(Plan(f"{target.page} ({target.size})", sql, text, indexes, scans))
    return plans


DEFAULT_THREADS_PER_PAGE = settings.REVIEWHUB_THREADS_PER_PAGE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["build", "measure"])
    parser.add_argument("--targets", required=True, help="JSON file: written by build, read by measure")
    parser.add_argument("--out", help="measure: the JSON report")
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--budget", type=float, default=4.0, help="seconds of timing per page at most")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()

    if args.step == "build":
        targets, build_seconds = build(args.quick)
        saved = {"targets": [asdict(target) for target in targets], "build_seconds": build_seconds}
        Path(args.targets).write_text(json.dumps(saved, indent=2))
        return

    # Measured in a fresh process, like a server worker, not in the one that generated the volume.
    saved = json.loads(Path(args.targets).read_text())
    targets = [Target(**target) for target in saved["targets"]]
    client = Client()
    measurements = [asdict(measure(client, target, args.reps, args.budget)) for target in targets]
    explained = [
        target
        for target in targets
        if (target.page == "film" and target.size == "1000 reviews")
        or target.page.startswith("film ?sort")
        or (target.page == "review" and target.size in ("1000 comments", "10000 comments"))
        or target.page == "review, whole thread"
    ]
    plans = [asdict(plan) for target in explained for plan in explain(client, target)]
    report = {
        "vendor": connection.vendor,
        "database": connection.display_name,
        "database_version": ".".join(str(n) for n in connection.get_database_version()),
        "build_seconds": saved["build_seconds"],
        "default_threads_per_page": DEFAULT_THREADS_PER_PAGE,
        "measurements": measurements,
        "load_targets": {target.load: target.url for target in targets if target.load},
        "plans": plans,
    }
    Path(args.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
