"""ReviewHub benchmark: one command, SQLite and PostgreSQL, in-process renders and gunicorn under load.

    .venv/bin/python bench/run.py            # about 8 minutes; `make bench`
    .venv/bin/python bench/run.py --quick    # smaller volume, fewer and shorter load rounds (about 3 minutes)

For each database (a scratch SQLite file, and a scratch PostgreSQL database
`reviewhub_bench` when the server answers) it migrates, generates the volume,
measures query counts and in-process render times (bench/inprocess.py), then
serves the site with gunicorn (2 sync workers, no access log, DEBUG off) and
puts a bounded load of 8 concurrent clients on the hello-world view, the film
page and the review page, without and with the page cache for signed-out
readers. It prints one table and saves it, with the query plans, to bench/results/.

The load runs in interleaved rounds (--rounds, default 5): each round loads
every page once for --duration seconds (default 3), hello-world first, letting
the server finish what each burst left queued before the next. A page's
share of hello-world is the median over rounds of its req/s divided by
hello-world's in the same round, so the noise of a shared machine, which moves
both, mostly cancels; req/s, p50 and p99 are medians over rounds too.

Load comes from wrk (`apt-get install -y wrk`) when it is installed: it is a C
program that costs the server little CPU. Without it a small Python load
generator (threads + http.client) runs instead, so the benchmark still works
from a fresh clone without root; it competes harder for the same cores, so its
absolute numbers are lower; the ratios to hello-world are what to compare.

Environment: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres,
the maintenance database used to create and drop the scratch one), BENCH_POSTGRES_DB (the
scratch database's name, default reviewhub_bench: give parallel runs their own), BENCH_REDIS_URL
(default redis://127.0.0.1:6379/15; the cache is also measured on Redis when it answers).
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import server
from server import pg_admin

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PG_BENCH_DB = os.environ.get("BENCH_POSTGRES_DB", "reviewhub_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
CLIENTS = 8
HELLO = "/bench/hello/"
PAGE_CACHE = "REVIEWHUB_PAGE_CACHE_SECONDS"
PARTS_CACHE = "REVIEWHUB_FRAGMENT_CACHE_SECONDS"
CLIENT_NAMES = {"wrk": "wrk", "python": "Python threads + http.client (wrk gives higher, truer numbers)"}

# The targets of issue 5, checked at the end; issue 10 (plain Django on the hot paths) set the
# uncached film page's floor at 5 % of hello-world.
FILM_1000_MS = 30
THREAD_1000_MS = 100
THREAD_10000_MS = 100
NO_CACHE_RATIO = 0.05
CACHE_RATIO = 0.50
P99_OVER_P50 = 4
PEER_REQUESTS_PER_SECOND = 0.7


@dataclass
class LoadResult:
    """One burst of load on one page."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class LoadSummary:
    """One page over all rounds: medians, errors summed, and the raw bursts."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float  # median of the rounds' p99
    worst_p99_over_p50: float  # of any single round
    share_of_hello: float  # median of round_shares
    round_shares: list[float]  # page req/s / hello-world req/s, each from one round
    errors: int
    rounds: list[LoadResult]


Round = dict[str, LoadResult]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="reviewhub.settings",
        DJANGO_DEBUG="0",
        # Thrown away with the run; never a real key.
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
        REVIEWHUB_BENCH_ENDPOINTS="1",
        REVIEWHUB_PAGE_CACHE_SECONDS="0",
        REVIEWHUB_FRAGMENT_CACHE_SECONDS="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run(cmd: list[str], env: dict[str, str], timeout: int = 600) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, timeout=timeout, stdout=subprocess.DEVNULL)


# --- Databases ------------------------------------------------------------------


def postgres_available() -> bool:
    """The server answers and this role may create the scratch database."""
    try:
        import psycopg2
    except ImportError:
        return False
    try:
        connection = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    except psycopg2.Error:
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user")
            return bool(cursor.fetchone()[0])
    finally:
        connection.close()


@contextmanager
def scratch_database(vendor: str, workdir: Path):
    """A database URL that exists only for this run."""
    if vendor == "sqlite":
        path = workdir / "bench.sqlite3"
        yield f"sqlite:///{path}"
        return
    pg_admin(PG_ADMIN_URL, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')
    pg_admin(PG_ADMIN_URL, f'CREATE DATABASE "{PG_BENCH_DB}"')
    parts = urlsplit(PG_ADMIN_URL)
    try:
        yield parts._replace(path=f"/{PG_BENCH_DB}").geturl()
    finally:
        pg_admin(PG_ADMIN_URL, f'DROP DATABASE IF EXISTS "{PG_BENCH_DB}" WITH (FORCE)')


def redis_available() -> bool:
    parts = urlsplit(REDIS_URL)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# --- gunicorn and load -------------------------------------------------------------


def get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def gunicorn(env: dict[str, str], workdir: Path) -> AbstractContextManager[int]:
    return server.gunicorn(env, workdir / "gunicorn.log", lambda port: get(port, HELLO)[0] == 200)


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def load_wrk(port: int, path: str, seconds: int) -> LoadResult:
    output = subprocess.run(
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{CLIENTS}",
            f"-d{seconds}s",
            "--timeout=10s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    percentiles = dict(re.findall(r"^ *(50|99)% +(\S+) *$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"Could not read wrk's output for {path}:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        # gunicorn's sync workers close every connection, which wrk counts as read errors; the rest are real.
        connect, _read, write, timeouts = (int(n) for n in socket_errors.groups())
        errors += connect + write + timeouts
    return LoadResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=_duration_ms(percentiles["50"]),
        p99_ms=_duration_ms(percentiles["99"]),
        errors=errors,
    )


def load_python(port: int, path: str, seconds: int) -> LoadResult:
    """CLIENTS threads, each sending one request at a time for `seconds`, like wrk -c8."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        failed = 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                status, _body = get(port, path)
            except OSError:
                failed += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
            failed += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return LoadResult(
        requests_per_second=round(len(latencies) / elapsed, 2),
        p50_ms=round(cuts[49], 2),
        p99_ms=round(cuts[98], 2),
        errors=errors[0],
    )


def warm_up(port: int, path: str) -> None:
    """Both workers warm: templates compiled, connections open, cache filled."""
    for _ in range(20):
        status, _body = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} under gunicorn")


def settle(port: int, burst: LoadResult) -> None:
    """Let the requests a burst left behind finish, so that they do not slow the next burst down.

    wrk stops with up to CLIENTS requests still queued at the server. A new request queues behind them: once it is
    answered the queue is empty, and the other worker is at most on its last one, shorter than the burst's median.
    """
    get(port, HELLO)
    time.sleep(burst.p50_ms / 1000)


def load_round(
    port: int, targets: dict[str, str], seconds: int, loader: Callable[[int, str, int], LoadResult]
) -> Round:
    """Every target once, in order, for `seconds` each."""
    bursts = {}
    for name, path in targets.items():
        bursts[name] = loader(port, path, seconds)
        settle(port, bursts[name])
    return bursts


def load_test(
    env: dict[str, str], workdir: Path, targets: dict[str, str], seconds: int, rounds: int, client: str
) -> list[Round]:
    """`rounds` interleaved rounds on one gunicorn."""
    loader = load_wrk if client == "wrk" else load_python
    with gunicorn(env, workdir) as port:
        for path in targets.values():
            warm_up(port, path)
        return [load_round(port, targets, seconds, loader) for _ in range(rounds)]


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def median(values: Iterable[float], digits: int = 2) -> float:
    return round(statistics.median(values), digits)


def summarize(rounds: list[Round]) -> dict[str, LoadSummary]:
    """Per page, medians over rounds; its share of hello-world compares it with hello-world in the same round."""
    summary = {}
    for name in rounds[0]:
        bursts = [each[name] for each in rounds]
        shares = [round(ratio(each[name].requests_per_second, each["hello"].requests_per_second), 4) for each in rounds]
        summary[name] = LoadSummary(
            requests_per_second=median(b.requests_per_second for b in bursts),
            p50_ms=median(b.p50_ms for b in bursts),
            p99_ms=median(b.p99_ms for b in bursts),
            worst_p99_over_p50=round(max(ratio(b.p99_ms, b.p50_ms) for b in bursts), 2),
            share_of_hello=median(shares, 4),
            round_shares=shares,
            errors=sum(b.errors for b in bursts),
            rounds=bursts,
        )
    return summary


# --- The report ---------------------------------------------------------------------


def load_method(client: str, rounds: int, seconds: int, pages: list[str]) -> dict:
    return {"client": client, "clients": CLIENTS, "rounds": rounds, "seconds": seconds, "pages": pages}


def conditions(method: dict | None) -> list[str]:
    import django

    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}, Django {django.get_version()}",
    ]
    if method:
        lines.append(
            f"load: {CLIENT_NAMES[method['client']]}, {method['clients']} concurrent clients, "
            f"{method['rounds']} interleaved rounds of {method['seconds']} s per page "
            f"({', '.join(method['pages'])}), medians; "
            "gunicorn 2 sync workers, access log off, DEBUG off"
        )
    return lines


def fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    right = {i for i, cell in enumerate(header) if i >= 3}

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(cell).rjust(width) if i in right else str(cell).ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), line(["-" * width for width in widths]), *(line(row) for row in rows)])


def load_modes(use_redis: bool) -> dict[str, tuple[dict[str, str], float]]:
    """Server set-ups measured under load: settings, and the film page's share of hello-world to reach."""
    redis = {"REDIS_URL": REDIS_URL} if use_redis else {}
    modes = {
        "no cache": ({PAGE_CACHE: "0", PARTS_CACHE: "0"}, NO_CACHE_RATIO),
        # Parts of pages cached for every reader; the site's set-up with Redis (no page cache for visitors).
        f"parts cached ({'redis' if use_redis else 'locmem'})": (
            {PAGE_CACHE: "0", PARTS_CACHE: "600", **redis},
            NO_CACHE_RATIO,
        ),
        "page cache (locmem)": ({PAGE_CACHE: "600", PARTS_CACHE: "0"}, CACHE_RATIO),
    }
    if use_redis:
        modes["page cache (redis)"] = ({PAGE_CACHE: "600", PARTS_CACHE: "600", **redis}, CACHE_RATIO)
    return modes


LOAD_ROWS = {"film": ("film", "1000 reviews"), "review": ("review, whole thread", "1000 comments")}


def report(results: list[dict]) -> tuple[str, list[str]]:
    header = ["page", "size", "DB", "queries", "median ms", "p90 ms", "KB", "rows"]
    modes = list(dict.fromkeys(mode for result in results for mode in result["load"]))
    for mode in modes:
        header += [f"{mode}: req/s", "p50/p99 ms", "/hello"]
    rows = []
    checks = []
    for result in results:
        db = result["vendor"]
        for m in result["measurements"]:
            row = [
                m["page"],
                m["size"],
                db,
                str(m["queries"]),
                fmt(m["median_ms"], 2),
                fmt(m["p90_ms"], 2),
                fmt(m["kilobytes"]),
                "" if m["rows"] is None else str(m["rows"]),
            ]
            key = (m["page"], m["size"])
            name = "hello" if m["page"] == "hello world" else next((n for n, k in LOAD_ROWS.items() if k == key), None)
            for mode in modes:
                runs = result["load"].get(mode, {})
                if name in runs:
                    summary = runs[name]
                    row += [
                        fmt(summary["requests_per_second"]),
                        f"{fmt(summary['p50_ms'], 1)}/{fmt(summary['p99_ms'], 1)}",
                        f"{summary['share_of_hello']:.0%}",
                    ]
                else:
                    row += ["", "", ""]
            rows.append(row)
            if m["expected_rows"] is not None and m["rows"] != m["expected_rows"]:
                checks.append(
                    f"FAIL {db} {m['page']} {m['size']}: showed {m['rows']} comment rows, expected {m['expected_rows']}"
                )
            if m["status"] != 200:
                checks.append(f"FAIL {db} {m['page']} {m['size']}: status {m['status']}")
        checks += target_checks(result)
    return table(rows, header), checks


def share_text(summary: dict) -> str:
    low, high = min(summary["round_shares"]), max(summary["round_shares"])
    return f"{summary['share_of_hello']:.0%} of hello-world (median of rounds, {low:.0%} to {high:.0%})"


def target_checks(result: dict) -> list[str]:
    db = result["vendor"]
    found = {(m["page"], m["size"]): m for m in result["measurements"]}
    checks = []

    def check(ok: bool, text: str) -> None:
        checks.append(f"{'PASS' if ok else 'FAIL'} {db}: {text}")

    for key, limit in (
        (("film", "1000 reviews"), FILM_1000_MS),
        (("review, whole thread", "1000 comments"), THREAD_1000_MS),
        (("review", "10000 comments"), THREAD_10000_MS),
    ):
        if key in found:
            median_ms = found[key]["median_ms"]
            check(median_ms < limit, f"{key[0]}, {key[1]}: {median_ms} ms median in-process (< {limit})")
    candidate = found.get(("review, whole thread, template rows", "1000 comments"))
    if candidate is not None:
        checks.append(
            f"INFO {db}: the 1000-comment thread with its rows in a template: {candidate['median_ms']} ms median"
            f" in-process; the Python row renderer earns its place while this is not < {THREAD_1000_MS}"
        )
    for page in ("home", "catalogue", "search", "profile", "film", "review"):
        counts = {m["queries"] for m in result["measurements"] if m["page"] == page}
        if counts:
            check(max(counts) <= 10, f"{page}: {sorted(counts)} queries at every size (at most 10)")
    for mode, runs in result["load"].items():
        needed = result["load_needs"][mode]
        if "film" in runs:
            film = runs["film"]
            check(
                film["share_of_hello"] >= needed, f"film page under load, {mode}: {share_text(film)} (>= {needed:.0%})"
            )
        if "review" in runs and mode == "no cache":
            served = runs["review"]["requests_per_second"]
            times = served / PEER_REQUESTS_PER_SECOND
            check(
                times >= 10,
                f"review page, whole 1,000-comment thread, {mode}: {served:.0f} req/s, "
                f"{times:.0f}x the peer's {PEER_REQUESTS_PER_SECOND} (>= 10x)",
            )
        for name, summary in runs.items():
            spread = ratio(summary["p99_ms"], summary["p50_ms"])
            check(
                spread < P99_OVER_P50,
                f"{name}, {mode}: median p99 {summary['p99_ms']:.1f} ms = {spread:.1f}x median p50 (< {P99_OVER_P50}x)",
            )
            if summary["errors"]:
                check(False, f"{name}, {mode}: {summary['errors']} failed requests")
    return checks


def plans_text(results: list[dict], full: bool) -> str:
    lines = []
    for result in results:
        lines.append(f"== Query plans, {result['vendor']} ==")
        for plan in result["plans"]:
            uses = ", ".join(plan["indexes"]) or "no index"
            scans = f"; full scans: {', '.join(plan['full_scans'])}" if plan["full_scans"] else ""
            sql = re.sub(r"\s+", " ", plan["sql"])
            lines.append(f"- {plan['label']}: {uses}{scans}\n    {sql[:160]}{'...' if len(sql) > 160 else ''}")
            if full:
                lines.append("    " + plan["plan"].replace("\n", "\n    "))
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------------------


def positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive whole number")
    return number


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller volume, fewer and shorter load rounds")
    parser.add_argument("--rounds", type=positive, help="interleaved load rounds (default 5, quick 3)")
    parser.add_argument("--duration", type=positive, help="seconds of load per page in each round (default 3, quick 2)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated: sqlite, postgresql")
    parser.add_argument("--no-load", action="store_true", help="skip gunicorn and the load test")
    parser.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="load generator (auto: wrk if installed)"
    )
    args = parser.parse_args()
    duration = args.duration or (2 if args.quick else 3)
    rounds = args.rounds or (3 if args.quick else 5)
    started = time.monotonic()

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
        if client == "python":
            log("wrk is not installed: using the Python load generator. For truer numbers: sudo apt-get install -y wrk")
    elif client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (sudo apt-get install -y wrk)")
    vendors = [v.strip() for v in args.databases.split(",") if v.strip()]
    if "postgresql" in vendors and not postgres_available():
        log(
            f"PostgreSQL does not answer at {PG_ADMIN_URL}, or may not create databases there; "
            "benchmarking SQLite only (set BENCH_POSTGRES_URL)."
        )
        vendors.remove("postgresql")
    use_redis = redis_available()
    if not use_redis:
        log(f"Redis does not answer at {REDIS_URL}; the cache is measured with local memory only.")

    results = []
    with tempfile.TemporaryDirectory(prefix="reviewhub-bench-") as tmp:
        workdir = Path(tmp)
        static_root = workdir / "static"
        log("collectstatic (DEBUG off serves hashed, compressed files)")
        run(
            [PYTHON, "manage.py", "collectstatic", "--noinput"],
            base_env(f"sqlite:///{workdir}/none.sqlite3", static_root),
        )
        for vendor in vendors:
            with scratch_database(vendor, workdir) as database_url:
                env = base_env(database_url, static_root)
                log(f"{vendor}: migrate")
                run([PYTHON, "manage.py", "migrate", "--noinput"], env)
                log(f"{vendor}: generate volume, count queries, time renders, explain")
                out, targets_file = workdir / f"{vendor}.json", workdir / f"{vendor}-targets.json"
                build = [PYTHON, "bench/inprocess.py", "build", f"--targets={targets_file}"]
                run(build + (["--quick"] if args.quick else []), env, timeout=900)
                run([PYTHON, "bench/inprocess.py", "measure", f"--targets={targets_file}", f"--out={out}"], env)
                result = json.loads(out.read_text())
                result["load"] = {}
                if not args.no_load:
                    targets = {"hello": HELLO, **result["load_targets"]}
                    # The review page shows its whole thread, as in the peer comparison.
                    env = {**env, "REVIEWHUB_THREADS_PER_PAGE": "0"}
                    result["load_needs"] = {}
                    result["load_method"] = load_method(client, rounds, duration, list(targets))
                    for mode, (extra, needed) in load_modes(use_redis).items():
                        log(f"{vendor}: gunicorn, {mode}: {rounds} rounds of {duration} s on {', '.join(targets)}")
                        runs = load_test({**env, **extra}, workdir, targets, duration, rounds, client)
                        result["load"][mode] = {name: asdict(summary) for name, summary in summarize(runs).items()}
                        result["load_needs"][mode] = needed
                results.append(result)

    text, checks = report(results)
    header = [
        f"ReviewHub benchmark, {datetime.now():%Y-%m-%d %H:%M}",
        *conditions(next((r["load_method"] for r in results if "load_method" in r), None)),
        *(
            f"{r['vendor']}: {r['database']} {r['database_version']}; generation times: "
            + ", ".join(f"{name} {seconds} s" for name, seconds in r["build_seconds"].items())
            + "; "
            f"default thread page: {r['default_threads_per_page']} top-level comments"
            for r in results
        ),
        "",
    ]
    footer = ["", *checks, "", plans_text(results, full=False), "", f"total time: {time.monotonic() - started:.0f} s"]
    output = "\n".join([*header, text, *footer])
    print(output)

    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.txt").write_text(output + "\n\n" + plans_text(results, full=True) + "\n")
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(results, indent=2))
    log(f"saved bench/results/bench-{stamp}.txt and .json")
    return 1 if any(check.startswith("FAIL") for check in checks) else 0


if __name__ == "__main__":
    sys.exit(main())
