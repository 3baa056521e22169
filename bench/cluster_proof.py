"""Proof that the cluster (bench/cluster.py) holds 100× the volume, serves a mixed load, and survives faults.

    nice -n 15 .venv/bin/python bench/cluster_proof.py               # full scale: ~1 h on an idle 2-core machine
    nice -n 15 .venv/bin/python bench/cluster_proof.py --scale 0.1   # a tenth of the volume
    .venv/bin/python bench/cluster_proof.py --stages load,faults     # skip the volume

Brings the cluster up from nothing (unless --reuse), runs the stages, writes one report to
bench/results/cluster-<date>.md, and brings the cluster down again (unless --keep). Loopback only;
every loop is bounded in time and in requests.

1. volume: today's bench volume (bench/inprocess.py build: 200 films, a film with 1,000 reviews, a
   review with a 10,000-comment thread, …) is measured in-process (queries, median render) on the
   primary; then `generate_volume` adds --films films with --reviews-per-film reviews each and
   --comments comments (default 10,000 × 10 = 100,000 reviews, 1,000,000 comments), timed; after
   VACUUM ANALYZE the same pages are measured again, with the plan of each page's costliest query.
   Target: the same query counts, medians within 1.5×.
2. load: --clients threads through nginx for --seconds (≥ 60): signed-out and signed-in readers
   (home, catalogue, film, review, search, profile), writers posting comments and reviews, voting
   and searching. Throughput, p50/p99 by page, error rate.
3. faults, one at a time, each during its own load run: kill a gunicorn node (SIGKILL) and start it
   again; stop the replica for 20 s; restart Redis; restart PgBouncer. Afterwards every write the
   site acknowledged (a comment or review id in the redirect, a vote's redirect) is looked up by id;
   5xx answers must stop once the fault is over, and nothing is restarted by hand but the component.
"""

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import cluster
import psycopg2
from load_comments import PASSWORD, SETUP_USERS, Response, request, sign_in
from run import base_env
from server import pg_admin

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PORT = cluster.NGINX_PORT
# The load's writers must not meet the posting limits; every other setting is production's.
LOAD_ENV = {
    "REVIEWHUB_COMMENT_RATE": "1000000",
    "REVIEWHUB_REVIEW_RATE": "1000000",
    "REVIEWHUB_VOTE_RATE": "1000000",
    "REVIEWHUB_EDIT_RATE": "1000000",
}
COMMENT_ID = re.compile(r"#comment-(\d+)$")
REVIEW_ID = re.compile(r"/reviews/(\d+)/$")
LOAD_SAMPLE = 2000  # films and reviews the load picks from
MEDIAN_LIMIT = 1.5
# A request that started before the component came back may still fail just after.
RECOVERY_GRACE_SECONDS = 2.0


def log(message: str) -> None:
    print(f"[proof {time.strftime('%H:%M:%S')}] {message}", flush=True)


def query(sql: str, params: tuple = ()) -> list[tuple]:
    connection = psycopg2.connect(database_url(cluster.DATABASE), connect_timeout=5)
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


# --- 1. Volume ---------------------------------------------------------------------------------------


def inprocess(env: dict[str, str], *args: str, timeout: int = 3600) -> None:
    subprocess.run([PYTHON, "bench/inprocess.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout)


def main_plans(plans: list[dict]) -> dict[str, dict]:
    """Each page's costliest SELECT (by the planner's total cost on the plan's top line)."""
    chosen: dict[str, tuple[float, dict]] = {}
    for plan in plans:
        match = re.search(r"cost=[\d.]+\.\.([\d.]+)", plan["plan"])
        cost = float(match.group(1)) if match else 0.0
        if plan["label"] not in chosen or cost > chosen[plan["label"]][0]:
            chosen[plan["label"]] = (cost, plan)
    return {label: plan for label, (_cost, plan) in chosen.items()}


def database_url(name: str) -> str:
    return f"postgres://postgres@{cluster.HOST}:{cluster.PRIMARY_PORT}/{name}"


def admin(sql: str) -> None:
    pg_admin(database_url("postgres"), sql)


def page_medians(rounds: list[list[dict]]) -> list[dict]:
    """One row per page: the median over rounds of its in-process median (the machine's noise drifts)."""
    merged = []
    for measurements in zip(*rounds, strict=True):
        row = dict(measurements[-1])
        row["median_ms"] = round(statistics.median(m["median_ms"] for m in measurements), 2)
        row["round_medians_ms"] = [m["median_ms"] for m in measurements]
        merged.append(row)
    return merged


def volume_stage(
    lay: cluster.Layout, scale: float, films: int, reviews_per_film: int, comments: int, rounds: int
) -> dict:
    """Today's bench volume in a database of its own, and the same plus the 100× volume in the site's database.

    Both are built by bench/inprocess.py from the same seeds, so they hold the same pages; they are
    then measured in alternating rounds, so the shared machine's changing load falls on both alike.
    """
    workdir = lay.root / "proof"
    today_db = f"{cluster.DATABASE}_today"
    admin(f'DROP DATABASE IF EXISTS "{today_db}"')
    admin(f'CREATE DATABASE "{today_db}"')
    envs = {
        "today": {**base_env(database_url(today_db), lay.static), "DJANGO_MEDIA_ROOT": str(lay.media)},
        "100x": {**base_env(database_url(cluster.DATABASE), lay.static), "DJANGO_MEDIA_ROOT": str(lay.media)},
    }
    cluster.manage(envs["today"], "migrate", "--noinput")
    cluster.manage(envs["today"], "loaddata", "her")
    for name, env in envs.items():
        log(f"today's bench volume in the {name} database (bench/inprocess.py build)")
        inprocess(env, "build", f"--targets={workdir / f'targets-{name}.json'}")
    spec = {
        "films": max(1, round(films * scale)),
        "reviews_per_film": reviews_per_film,
        "comments": max(1, round(comments * scale)),
        "users": max(reviews_per_film + 1, round(5000 * scale)),
    }
    log(f"generate_volume on the primary: {json.dumps(spec)}")
    started = time.monotonic()
    cluster.manage(
        envs["100x"],
        "generate_volume",
        f"--films={spec['films']}",
        f"--reviews-per-film={spec['reviews_per_film']}",
        f"--comments={spec['comments']}",
        f"--users={spec['users']}",
        f"--reports={round(1000 * scale)}",
        "--seed=14",
        timeout=6 * 3600,
    )
    generate_seconds = time.monotonic() - started
    log(f"generated in {generate_seconds:.0f} s; VACUUM ANALYZE, as autovacuum would")
    started = time.monotonic()
    for name in (today_db, cluster.DATABASE):
        connection = psycopg2.connect(database_url(name))
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        connection.close()
    vacuum_seconds = time.monotonic() - started
    measured: dict[str, list[list[dict]]] = {"today": [], "100x": []}
    plans: list[dict] = []
    for number in range(1, rounds + 1):
        for name, env in envs.items():
            log(f"in-process measures, round {number} of {rounds}: {name}")
            out = workdir / f"{name}-{number}.json"
            last = number == rounds and name == "100x"
            inprocess(
                env,
                "measure",
                f"--targets={workdir / f'targets-{name}.json'}",
                f"--out={out}",
                *(["--explain-all"] if last else []),
            )
            report = json.loads(out.read_text())
            measured[name].append(report["measurements"])
            plans = report["plans"] if last else plans
    admin(f'DROP DATABASE IF EXISTS "{today_db}"')
    counts = dict(
        zip(
            ("films", "reviews", "comments", "votes", "users"),
            query(
                "SELECT (SELECT count(*) FROM films_film), (SELECT count(*) FROM reviews_review), "
                "(SELECT count(*) FROM comments_comment), (SELECT count(*) FROM reviews_helpfulvote), "
                "(SELECT count(*) FROM accounts_user)"
            )[0],
            strict=True,
        )
    )
    return {
        "scale": scale,
        "spec": spec,
        "rounds": rounds,
        "generate_seconds": round(generate_seconds, 1),
        "vacuum_analyze_seconds": round(vacuum_seconds, 1),
        "rows": counts,
        "before": page_medians(measured["today"]),
        "after": page_medians(measured["100x"]),
        "plans": main_plans(plans),
    }


# --- 2 and 3. Load through nginx --------------------------------------------------------------------------


@dataclass
class Outcome:
    page: str
    started: float  # seconds since the load began
    elapsed: float
    status: int  # 0: the connection failed
    # What an acknowledged write left: ("comment", id, body), ("review", id, title), ("vote", review, voter, yes).
    write: tuple | None = None


@dataclass
class LoadRun:
    seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    faults: list[dict] = field(default_factory=list)


@dataclass
class Sample:
    films: list[str]
    reviews: list[int]
    profiles: list[str]
    heavy_review: int | None


def load_sample() -> Sample:
    films = [row[0] for row in query("SELECT slug FROM films_film ORDER BY random() LIMIT %s", (LOAD_SAMPLE,))]
    reviews = [
        row[0]
        for row in query(
            "SELECT id FROM reviews_review WHERE status = 'approved' AND deleted_at IS NULL ORDER BY random() LIMIT %s",
            (LOAD_SAMPLE,),
        )
    ]
    profiles = [row[0] for row in query("SELECT username FROM accounts_user ORDER BY random() LIMIT 200")]
    heavy = query("SELECT review_id FROM comments_reviewcommentstats ORDER BY comment_count DESC, review_id LIMIT 1")
    return Sample(films, reviews, profiles, heavy[0][0] if heavy else None)


def make_users(lay: cluster.Layout, names: list[str]) -> None:
    env = cluster.site_env(lay, replica=False, extra=LOAD_ENV)
    # The same set-up as the single-node load; its printed review ids are not needed here.
    cluster.manage(env, "shell", "-c", SETUP_USERS.format(payload=json.dumps([names, PASSWORD])))


SEARCH_WORDS = ("quiet", "harbour", "signal", "memory", "winter letters", "golden", "tender", "machine")


def read_request(rng: random.Random, sample: Sample, cookies: dict | None) -> tuple[str, str]:
    roll = rng.random()
    if roll < 0.1:
        return "home", "/"
    if roll < 0.25:
        return "catalogue", f"/films/?page={rng.randint(1, 40)}"
    if roll < 0.55:
        return "film", f"/films/{rng.choice(sample.films)}/"
    if roll < 0.85:
        review = sample.heavy_review if sample.heavy_review and rng.random() < 0.05 else rng.choice(sample.reviews)
        return "review", f"/reviews/{review}/"
    if roll < 0.95:
        return "search", "/search/?q=" + rng.choice(SEARCH_WORDS).replace(" ", "+")
    return "profile", f"/users/{rng.choice(sample.profiles)}/"


def run_load(
    *,
    seconds: float,
    readers: int,
    signed_in_readers: list[str],
    writers: list[str],
    sample: Sample,
    max_requests: int,
    during: Callable[[float], list[dict]] | None = None,
) -> LoadRun:
    """Threads for `seconds` (at most `max_requests` in all); `during(start)` runs the faults meanwhile."""
    result = LoadRun()
    lock = threading.Lock()
    sessions = {name: sign_in(PORT, name) for name in signed_in_readers + writers}
    run_id = uuid.uuid4().hex[:8]
    start = time.monotonic()
    deadline = start + seconds
    budget = iter(range(max_requests))

    def timed(page: str, call: Callable[[], Response]) -> tuple[Outcome, Response | None]:
        began = time.monotonic()
        try:
            response = call()
        except OSError:
            return Outcome(page, began - start, time.monotonic() - began, 0), None
        return Outcome(page, began - start, time.monotonic() - began, response.status), response

    def writer_step(rng: random.Random, name: str, cookies: dict, step: int, films: list[str]) -> Outcome:
        token = {"csrfmiddlewaretoken": cookies.get("csrftoken", "")}
        roll = rng.random()
        if roll < 0.45:
            review = rng.choice(sample.reviews)
            body = f"Cluster comment {run_id}-{name}-{step}: the second act earns its ending."
            outcome, response = timed(
                "post comment",
                lambda: request(
                    PORT, "POST", f"/comments/review/{review}/", cookies=cookies, form={"body": body, **token}
                ),
            )
            match = COMMENT_ID.search(response.location) if response else None
            if outcome.status == 302 and match:
                outcome.write = ("comment", int(match.group(1)), body)
            return outcome
        if roll < 0.6 and films:
            film = films.pop()
            title = f"Cluster review {run_id}-{name}-{step}"
            form = {"title": title, "rating": str(rng.randint(1, 10)), "body": "A patient, tender film. " * 12}
            outcome, response = timed(
                "post review",
                lambda: request(PORT, "POST", f"/reviews/film/{film}/write/", cookies=cookies, form={**form, **token}),
            )
            match = REVIEW_ID.search(response.location) if response else None
            if outcome.status == 302 and match:
                outcome.write = ("review", int(match.group(1)), title)
            return outcome
        if roll < 0.8:
            review = rng.choice(sample.reviews)
            value = rng.choice(["yes", "no"])
            outcome, _ = timed(
                "vote",
                lambda: request(
                    PORT, "POST", f"/reviews/{review}/vote/", cookies=cookies, form={"value": value, **token}
                ),
            )
            if outcome.status == 302:
                outcome.write = ("vote", review, name, value == "yes")
            return outcome
        page, path = read_request(rng, sample, cookies)
        return timed(page + " (signed in)", lambda: request(PORT, "GET", path, cookies=cookies))[0]

    def client(number: int, name: str | None, writes: bool) -> None:
        rng = random.Random(number * 7919 + int(start))
        cookies = sessions.get(name) if name else None
        films = list(sample.films)
        rng.shuffle(films)
        step = 0
        while time.monotonic() < deadline and next(budget, None) is not None:
            if writes and step % 2 == 1:
                outcome = writer_step(rng, name, cookies, step, films)
            else:
                page, path = read_request(rng, sample, cookies)
                label = page + (" (signed in)" if cookies is not None else "")
                outcome = timed(label, lambda path=path: request(PORT, "GET", path, cookies=cookies))[0]
            step += 1
            with lock:
                result.outcomes.append(outcome)

    plan = [(None, False)] * readers + [(n, False) for n in signed_in_readers] + [(n, True) for n in writers]
    threads = [
        threading.Thread(target=client, args=(number, name, writes), daemon=True)
        for number, (name, writes) in enumerate(plan)
    ]
    for thread in threads:
        thread.start()
    if during is not None:
        result.faults = during(start)
    for thread in threads:
        thread.join(timeout=seconds + 60)
    result.seconds = time.monotonic() - start
    return result


def verify_writes(outcomes: list[Outcome]) -> dict:
    """Every acknowledged write looked up by id: comments and reviews with their text, votes by (review, voter)."""
    comments = {o.write[1]: o.write[2] for o in outcomes if o.write and o.write[0] == "comment"}
    reviews = {o.write[1]: o.write[2] for o in outcomes if o.write and o.write[0] == "review"}
    votes: dict[tuple[int, str], bool] = {}
    for outcome in sorted((o for o in outcomes if o.write and o.write[0] == "vote"), key=lambda o: o.started):
        votes[outcome.write[1], outcome.write[2]] = outcome.write[3]
    stored_comments = dict(query("SELECT id, body FROM comments_comment WHERE id = ANY(%s)", (list(comments),)))
    stored_reviews = dict(query("SELECT id, title FROM reviews_review WHERE id = ANY(%s)", (list(reviews),)))
    stored_votes = {
        (review, username): helpful
        for review, username, helpful in query(
            "SELECT v.review_id, u.username, v.is_helpful FROM reviews_helpfulvote v "
            "JOIN accounts_user u ON u.id = v.voter_id WHERE v.review_id = ANY(%s)",
            (list({review for review, _ in votes}),),
        )
    }
    return {
        "comments_acknowledged": len(comments),
        "comments_missing": sorted(pk for pk, body in comments.items() if stored_comments.get(pk) != body),
        "reviews_acknowledged": len(reviews),
        "reviews_missing": sorted(pk for pk, title in reviews.items() if stored_reviews.get(pk) != title),
        # A vote is the voter's last one on that review; a later unacknowledged vote may have changed it.
        "votes_acknowledged": len(votes),
        "votes_missing": sorted(f"{r}/{u}" for (r, u) in votes if (r, u) not in stored_votes),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def summarise(run: LoadRun) -> dict:
    by_page: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in run.outcomes:
        by_page[outcome.page].append(outcome)
    errors = [o for o in run.outcomes if o.status == 0 or o.status >= 500]
    return {
        "seconds": round(run.seconds, 1),
        "requests": len(run.outcomes),
        "requests_per_second": round(len(run.outcomes) / run.seconds, 1) if run.seconds else 0.0,
        "errors": len(errors),
        "error_rate": round(len(errors) / len(run.outcomes), 5) if run.outcomes else 0.0,
        "statuses": dict(sorted(Counter(str(o.status) for o in run.outcomes).items())),
        "pages": {
            page: {
                "requests": len(items),
                "p50_ms": round(statistics.median(o.elapsed for o in items) * 1000, 1),
                "p99_ms": round(percentile([o.elapsed for o in items], 0.99) * 1000, 1),
                "errors": sum(1 for o in items if o.status == 0 or o.status >= 500),
            }
            for page, items in sorted(by_page.items())
        },
    }


# --- 3. Faults ----------------------------------------------------------------------------------------------


def fault_kill_node(lay: cluster.Layout, env: dict[str, str]) -> Callable[[], None]:
    cluster.kill_node(lay, 1)
    time.sleep(10)
    return lambda: cluster.start_node(lay, 1, env)


def fault_stop_replica(lay: cluster.Layout, env: dict[str, str]) -> Callable[[], None]:
    cluster.stop_replica_server(lay)
    time.sleep(20)
    return lambda: cluster.start_replica_server(lay)


def fault_restart_redis(lay: cluster.Layout, env: dict[str, str]) -> Callable[[], None]:
    cluster.stop_redis(lay)
    return lambda: cluster.start_redis(lay)


def fault_restart_pgbouncer(lay: cluster.Layout, env: dict[str, str]) -> Callable[[], None]:
    cluster.stop_pgbouncer(lay)
    return lambda: cluster.start_pgbouncer(lay)


FAULTS = {
    "kill one gunicorn node (SIGKILL), start it again after 10 s": fault_kill_node,
    "stop the replica for 20 s": fault_stop_replica,
    "restart Redis": fault_restart_redis,
    "restart PgBouncer": fault_restart_pgbouncer,
}


def fault_analysis(run: LoadRun, fault: dict) -> dict:
    """Errors against the fault's window: none may come from a request started after it plus the grace."""
    errors = sorted((o for o in run.outcomes if o.status == 0 or o.status >= 500), key=lambda o: o.started)
    began, ended = fault["began"], fault["ended"]
    late = [o for o in errors if o.started > ended + RECOVERY_GRACE_SECONDS]
    early = [o for o in errors if o.started + o.elapsed < began]
    span = (errors[-1].started + errors[-1].elapsed - errors[0].started) if errors else 0.0
    return {
        "fault_seconds": round(ended - began, 1),
        "errors": len(errors),
        "error_statuses": dict(Counter(str(o.status) for o in errors)),
        "error_pages": dict(Counter(o.page for o in errors)),
        "errors_span_seconds": round(span, 1),
        "errors_before_fault": len(early),
        "errors_after_recovery": len(late),
        "ok": not early and not late and span <= (ended - began) + RECOVERY_GRACE_SECONDS,
    }


def fault_stage(
    lay: cluster.Layout, users: dict[str, list[str]], sample: Sample, seconds: float, readers: int, max_requests: int
) -> list[dict]:
    env = cluster.site_env(lay, extra=LOAD_ENV)
    results = []
    for name, inject in FAULTS.items():
        log(f"fault: {name} (load for {seconds:.0f} s, the fault from 10 s)")

        def during(start: float, inject=inject) -> list[dict]:
            time.sleep(max(0.0, start + 10 - time.monotonic()))
            began = time.monotonic() - start
            restore = inject(lay, env)
            restore()
            return [{"began": began, "ended": time.monotonic() - start}]

        run = run_load(
            seconds=seconds,
            readers=readers,
            signed_in_readers=users["readers"],
            writers=users["writers"],
            sample=sample,
            max_requests=max_requests,
            during=during,
        )
        time.sleep(2)  # let the replica catch up before the writes are looked up on the primary (they are there)
        results.append(
            {
                "fault": name,
                "window": {key: round(value, 1) for key, value in run.faults[0].items()},
                "load": summarise(run),
                "analysis": fault_analysis(run, run.faults[0]),
                "writes": verify_writes(run.outcomes),
                "status_after": cluster.status(),
            }
        )
        log(f"  {json.dumps(results[-1]['analysis'])}")
    return results


# --- 4. Report ----------------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def volume_section(volume: dict) -> list[str]:
    before = {(m["page"], m["size"]): m for m in volume["before"]}
    rows, verdicts = [], []
    for after in volume["after"]:
        base = before.get((after["page"], after["size"]))
        if base is None or after["page"] == "hello world":
            continue
        ratio = after["median_ms"] / base["median_ms"] if base["median_ms"] else 0.0
        ok = after["queries"] == base["queries"] and ratio <= MEDIAN_LIMIT and after["status"] == 200
        verdicts.append(ok)
        rows.append(
            [
                after["page"],
                after["size"],
                f"{base['queries']} → {after['queries']}",
                f"{base['median_ms']:.1f} ms {base['round_medians_ms']}",
                f"{after['median_ms']:.1f} ms {after['round_medians_ms']}",
                f"{ratio:.2f}×",
                "PASS" if ok else "FAIL",
            ]
        )
    spec, counts = volume["spec"], volume["rows"]
    lines = [
        "## 1. Volume",
        "",
        f"Scale {volume['scale']:g} of the full volume: generate_volume --films {spec['films']} "
        f"--reviews-per-film {spec['reviews_per_film']} --comments {spec['comments']} --users {spec['users']}, "
        f"on the primary, in **{volume['generate_seconds']:.0f} s** (then VACUUM ANALYZE "
        f"{volume['vacuum_analyze_seconds']:.0f} s).",
        "",
        "Rows afterwards: " + ", ".join(f"{value:,} {key}" for key, value in counts.items()) + ".",
        "",
        "In-process (bench/inprocess.py, DEBUG off, no caches, directly on the primary): the same pages in a "
        "database holding today's bench volume and in the site's database holding it plus the volume above, "
        f"measured in {volume['rounds']} alternating rounds; each figure is the median over rounds of the "
        "page's median render. Sizes are those of the page itself; the profile is the busiest generated "
        "reader's, who gained reviews and comments with the volume.",
        "",
        table(
            ["page", "size", "queries", "median today", "median 100×", "ratio", f"≤ {MEDIAN_LIMIT}×, same queries"],
            rows,
        ),
        "",
        f"**{sum(verdicts)} of {len(verdicts)} pages within the target.** Home, catalogue and search read "
        f"the whole database: their size column is today's; at 100× they cover {counts['films']:,} films and "
        f"{counts['reviews']:,} reviews.",
        "",
        "### EXPLAIN of each page's costliest query (after the volume)",
        "",
    ]
    for label, plan in volume["plans"].items():
        sql = plan["sql"] if len(plan["sql"]) <= 600 else plan["sql"][:600] + " …"
        lines += [f"**{label}**", "", "```sql", sql, "```", "```", plan["plan"], "```", ""]
    return lines


def load_table(summary: dict) -> str:
    rows = [[page, s["requests"], s["p50_ms"], s["p99_ms"], s["errors"]] for page, s in summary["pages"].items()]
    return table(["page", "requests", "p50 ms", "p99 ms", "5xx / failed"], rows)


def load_section(load: dict) -> list[str]:
    summary = load["summary"]
    return [
        "## 2. Mixed load through nginx",
        "",
        f"{load['clients']} clients ({load['readers']} signed-out readers, {len(load['users']['readers'])} signed-in "
        f"readers, {len(load['users']['writers'])} writers posting comments and reviews and voting) for "
        f"{summary['seconds']} s: **{summary['requests']:,} requests, {summary['requests_per_second']} req/s, "
        f"error rate {summary['error_rate']:.3%}** (statuses {json.dumps(summary['statuses'])}).",
        "",
        load_table(summary),
        "",
        f"Writes acknowledged and found by id afterwards: {json.dumps(load['writes'])}",
        "",
    ]


def fault_section(faults: list[dict]) -> list[str]:
    lines = [
        "## 3. Faults during the load",
        "",
        "Each fault in its own load run, injected 10 s in; nothing but the component itself is touched. "
        "*5xx span*: from the start of the first failing request to the answer of the last one (a request "
        "sent just before the component came back can fail a little after). *After recovery*: failures among "
        f"requests sent more than {RECOVERY_GRACE_SECONDS:g} s after the component was back (must be 0). "
        "*Acked writes*: comments and reviews whose redirect named their id, and votes answered with a "
        "redirect, each looked up in the database afterwards.",
        "",
    ]
    rows = []
    for fault in faults:
        analysis, writes, summary = fault["analysis"], fault["writes"], fault["load"]
        missing = len(writes["comments_missing"]) + len(writes["reviews_missing"]) + len(writes["votes_missing"])
        acknowledged = writes["comments_acknowledged"] + writes["reviews_acknowledged"] + writes["votes_acknowledged"]
        rows.append(
            [
                fault["fault"],
                f"{analysis['fault_seconds']} s",
                f"{summary['requests']:,} ({summary['requests_per_second']} req/s)",
                f"{analysis['errors']} {json.dumps(analysis['error_statuses'])}",
                f"{analysis['errors_span_seconds']} s",
                analysis["errors_after_recovery"],
                f"{acknowledged} / {missing} lost",
                "PASS" if analysis["ok"] and not missing else "FAIL",
            ]
        )
    lines += [
        table(
            [
                "fault",
                "fault lasted",
                "requests",
                "5xx / failed",
                "5xx span",
                "after recovery",
                "acked writes / lost",
                "verdict",
            ],
            rows,
        ),
        "",
    ]
    for fault in faults:
        lines += [
            f"### {fault['fault']}",
            "",
            f"Window {fault['window']['began']}–{fault['window']['ended']} s into the run; errors by page: "
            f"{json.dumps(fault['analysis']['error_pages'])}; writes: {json.dumps(fault['writes'])}",
            "",
            load_table(fault["load"]),
            "",
        ]
    return lines


def write_report(results: dict) -> Path:
    lines = [
        f"# ReviewHub cluster proof, {results['date']}",
        "",
        "Topology (bench/cluster.py, configs from deploy/): nginx → "
        f"{results['nodes']} gunicorn nodes × 2 sync workers → PgBouncer (transaction pooling) → PostgreSQL 15 "
        "primary, with a streaming replica taking the web nodes' reads; Redis (its own redis-server on "
        f"127.0.0.1:{cluster.REDIS_PORT}) for cache, sessions (cached_db), rate limits; "
        f"{results['workers']} db_worker. "
        "Everything on one 2-core machine shared with other jobs, load generator included (Python threads): "
        "compare ratios, not absolute figures.",
        "",
        f"Command: `{results['command']}`; total time {results['total_seconds']:.0f} s.",
        "",
    ]
    if "volume" in results:
        lines += volume_section(results["volume"])
    if "load" in results:
        lines += load_section(results["load"])
    if "faults" in results:
        lines += fault_section(results["faults"])
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"cluster-{results['date'][:10]}.md"
    path.write_text("\n".join(lines) + "\n")
    (RESULTS / f"cluster-{results['date'][:10]}.json").write_text(json.dumps(results, indent=2, default=str))
    return path


# --- Main --------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stages", default="volume,load,faults", help="comma-separated: volume, load, faults")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full volume (default 1: 100×)")
    parser.add_argument("--films", type=int, default=10_000)
    parser.add_argument("--reviews-per-film", type=int, default=10)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating in-process rounds (today, 100×)")
    parser.add_argument("--seconds", type=float, default=60, help="the load stage's length (at least 60)")
    parser.add_argument("--fault-seconds", type=float, default=45, help="each fault run's length")
    parser.add_argument("--readers", type=int, default=4, help="signed-out reader threads")
    parser.add_argument("--signed-in", type=int, default=2, help="signed-in reader threads")
    parser.add_argument("--writers", type=int, default=4, help="writer threads")
    parser.add_argument("--max-requests", type=int, default=100_000, help="a hard bound on each load run")
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reuse", action="store_true", help="use the cluster already up (started by this script)")
    parser.add_argument("--keep", action="store_true", help="leave the cluster up afterwards")
    args = parser.parse_args()
    stages = {stage.strip() for stage in args.stages.split(",") if stage.strip()}
    if not stages <= {"volume", "load", "faults"} or args.seconds < 60:
        parser.error("stages are volume, load, faults; --seconds is at least 60")
    started = time.monotonic()
    lay = cluster.layout()
    results: dict = {
        "date": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "command": " ".join(["bench/cluster_proof.py", *sys.argv[1:]]),
        "nodes": args.nodes,
        "workers": args.workers,
    }
    if not args.reuse:
        cluster.up(args.nodes, args.workers, LOAD_ENV)
    (lay.root / "proof").mkdir(exist_ok=True)
    try:
        if "volume" in stages:
            results["volume"] = volume_stage(
                lay, args.scale, args.films, args.reviews_per_film, args.comments, args.rounds
            )
        if stages & {"load", "faults"}:
            users = {
                "readers": [f"cluster-reader-{n}" for n in range(args.signed_in)],
                "writers": [f"cluster-writer-{n}" for n in range(args.writers)],
            }
            make_users(lay, users["readers"] + users["writers"])
            sample = load_sample()
            load_args = {"readers": args.readers, "max_requests": args.max_requests}
        if "load" in stages:
            log(f"mixed load through nginx for {args.seconds:.0f} s")
            run = run_load(
                seconds=args.seconds,
                signed_in_readers=users["readers"],
                writers=users["writers"],
                sample=sample,
                **load_args,
            )
            results["load"] = {
                "clients": args.readers + args.signed_in + args.writers,
                "readers": args.readers,
                "users": users,
                "summary": summarise(run),
                "writes": verify_writes(run.outcomes),
            }
            log(json.dumps(results["load"]["summary"]))
        if "faults" in stages:
            results["faults"] = fault_stage(lay, users, sample, args.fault_seconds, **load_args)
    finally:
        results["total_seconds"] = time.monotonic() - started
        path = write_report(results)
        log(f"report: {path.relative_to(ROOT)}")
        if not args.keep:
            cluster.down()
    print(path.read_text())
    failed = any(not f["analysis"]["ok"] for f in results.get("faults", []))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
