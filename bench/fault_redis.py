"""Redis is not there, or dies mid-load: pages are still served, because the cache degrades and the site does not.

    .venv/bin/python bench/fault_redis.py                  # both phases, 30 s each
    .venv/bin/python bench/fault_redis.py --phases dead --seconds 60

The load is bench/load_comments.py's (16 clients, half of them posting comments; gunicorn with 2
workers; production settings; a scratch PostgreSQL database, or SQLite with --database sqlite).

- phase "dead": REDIS_URL points at a loopback port where nothing listens, for the whole run.
- phase "kill": REDIS_URL points at a private redis-server (its own port, no persistence; the
  machine's Redis is not touched), which is killed a third of the way in and started again two
  thirds of the way in.

Pass: no 5xx and no failed connection in either phase, every acknowledged comment is in the
database, and the server logged the cache outage (reviewhub.cache_backends) rather than failing.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from load_comments import (
    gunicorn,
    log,
    prepare_site,
    print_summary,
    request,
    run_load,
    scratch_database,
    server_env,
    summarise,
    verify_comments,
)
from server import HOST, free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@contextmanager
def private_redis(port: int) -> Iterator[tuple[Callable[[], None], Callable[[], None]]]:
    """A throwaway redis-server on `port`; yields a function that kills it and one that starts it again."""
    process: subprocess.Popen | None = None

    def start() -> None:
        nonlocal process
        process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.3)

    def stop() -> None:
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    start()
    try:
        yield start, stop
    finally:
        stop()


def phase(name: str, args: argparse.Namespace, database_url: str, workdir: Path, setup: dict) -> dict:
    redis_port = free_port()  # free now, so nothing listens there unless we start it
    env = server_env(database_url, workdir / "static", f"redis://{HOST}:{redis_port}/0")
    if not setup:
        setup["writers"], setup["review_ids"] = prepare_site(env, args.writers)
    server_log = workdir / "server.log"
    server_log.write_text("")

    @contextmanager
    def redis_for_phase() -> Iterator:
        if name == "dead":
            yield None
            return
        with private_redis(redis_port) as controls:
            yield controls

    with redis_for_phase() as controls, gunicorn(env, workdir) as port:
        health = request(port, "GET", "/healthz").status
        log(f"phase {name}: gunicorn on {HOST}:{port}, REDIS_URL port {redis_port}, /healthz answers {health}")

        def timeline(start: float) -> None:
            if controls is None:
                return
            restart, kill = controls
            time.sleep(max(0.0, start + args.seconds / 3 - time.monotonic()))
            log("killing Redis")
            kill()
            log(f"/healthz while Redis is dead: {request(port, 'GET', '/healthz').status}")
            time.sleep(max(0.0, start + 2 * args.seconds / 3 - time.monotonic()))
            log("starting Redis again")
            restart()

        run = run_load(
            port,
            seconds=args.seconds,
            clients=args.clients,
            writers=setup["writers"],
            review_ids=setup["review_ids"],
            max_requests=args.max_requests,
            timeline=timeline,
        )
        health_after = request(port, "GET", "/healthz").status
    summary = summarise(run, verify_comments(env, run, workdir))
    text = server_log.read_text(errors="replace")
    summary["healthz_at_the_end"] = health_after
    summary["cache_outage_warnings_logged"] = text.count("Redis cache unavailable")
    summary["server_log_errors"] = text.count(" ERROR ")
    errors = sorted({line for line in text.splitlines() if " ERROR " in line or "Error" in line})
    for line in errors[:10]:
        log(f"server log: {line[:300]}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phases", default="dead,kill", help="comma-separated: dead, kill")
    parser.add_argument("--seconds", type=float, default=30, help="length of the load in each phase")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    args = parser.parse_args()
    phases = [name.strip() for name in args.phases.split(",") if name.strip()]
    if not set(phases) <= {"dead", "kill"}:
        parser.error("--phases takes dead and/or kill")

    failed = False
    with tempfile.TemporaryDirectory(prefix="reviewhub-fault-redis-") as tmp:
        workdir = Path(tmp)
        with scratch_database(args.database, workdir) as database_url:
            setup: dict = {}
            for name in phases:
                summary = phase(name, args, database_url, workdir, setup)
                title = {"dead": "Redis never there", "kill": "Redis killed and restarted"}[name]
                print_summary(f"mixed load, {title}", summary)
                failed = failed or bool(
                    summary["server_errors_5xx"]
                    or summary["connection_errors"]
                    or summary["comments_missing_from_db"]
                    or not summary["cache_outage_warnings_logged"]
                )
    print("\nRESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
