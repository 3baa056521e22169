"""PostgreSQL goes down in the middle of the mixed load: 5xx only while it is down, and the site recovers by itself.

    .venv/bin/python bench/fault_postgres.py                    # as root: a throwaway cluster, stopped for 5 s
    .venv/bin/python bench/fault_postgres.py --down-seconds 0   # a plain `pg_ctl restart`
    .venv/bin/python bench/fault_postgres.py --system-cluster 15/main   # the machine's own server (see below)

The load is bench/load_comments.py's (16 clients, half of them posting comments, gunicorn with 2
workers, production settings: CONN_MAX_AGE 60 with CONN_HEALTH_CHECKS). After --at seconds the
database server is stopped ("fast": open connections are cut) and started again --down-seconds
later; nothing is restarted on the web side. It then checks:

- every 5xx or failed connection happened while the database was down (plus --grace seconds for
  requests already queued when it came back);
- requests succeed again after it is back, without restarting gunicorn (recovery time printed);
- every comment the server acknowledged is in the database.

By default the database is a throwaway cluster (initdb in a temporary directory, on a free port),
so other users of the machine's PostgreSQL are not disturbed; that needs root (the cluster runs as
the `postgres` user, as on Debian). --system-cluster VERSION/NAME restarts a Debian cluster with
`pg_ctlcluster --skip-systemctl-redirect` instead: everyone using that server sees the outage too.
"""

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from load_comments import (
    gunicorn,
    log,
    prepare_site,
    print_summary,
    run_load,
    scratch_database,
    server_env,
    summarise,
    verify_comments,
)
from server import HOST, free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class ThrowawayCluster:
    """A PostgreSQL cluster of our own, on a free loopback port, removed afterwards."""

    def __init__(self, workdir: Path):
        self.datadir = workdir / "pgdata"
        self.logfile = workdir / "postgresql.log"
        self.port = free_port()
        self.admin_url = f"postgres://postgres@{HOST}:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, *args: str) -> None:
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-w", *args)

    def create(self) -> None:
        shutil.chown(self.datadir.parent, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.datadir), "-U", "postgres", "--auth=trust", "--no-sync"
        )
        self.start()

    def start(self) -> None:
        options = f"-h {HOST} -p {self.port} -k {self.datadir}"
        self._pg_ctl("-l", str(self.logfile), "-o", options, "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()


class SystemCluster:
    """A Debian cluster managed with pg_ctlcluster (e.g. 15/main on port 5432)."""

    def __init__(self, name: str, admin_url: str):
        self.version, self.name = name.split("/")
        self.admin_url = admin_url

    def _ctl(self, action: str, *args: str) -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action, *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast")


@contextmanager
def database_server(args: argparse.Namespace, workdir: Path) -> Iterator[ThrowawayCluster | SystemCluster]:
    if args.system_cluster:
        yield SystemCluster(args.system_cluster, args.admin_url)
        return
    if os.geteuid() != 0:
        sys.exit("The throwaway cluster runs as the postgres user: run this as root, or use --system-cluster.")
    cluster = ThrowawayCluster(workdir)
    log(f"creating a throwaway PostgreSQL cluster on {HOST}:{cluster.port}")
    cluster.create()
    try:
        yield cluster
    finally:
        cluster.remove()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60, help="length of the load")
    parser.add_argument("--at", type=float, default=20, help="seconds into the load when the database stops")
    parser.add_argument("--down-seconds", type=float, default=5, help="how long it stays down (0: pg_ctl restart)")
    parser.add_argument("--grace", type=float, default=3, help="seconds after it is back when 5xx still count as its")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=400_000)
    parser.add_argument("--system-cluster", metavar="VERSION/NAME", help="restart this Debian cluster instead")
    parser.add_argument(
        "--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres", help="with --system-cluster"
    )
    args = parser.parse_args()

    events: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="reviewhub-fault-pg-") as tmp:
        workdir = Path(tmp)
        with database_server(args, workdir) as server, scratch_database("postgresql", workdir, server.admin_url) as url:
            env = server_env(url, workdir / "static")
            writers, review_ids = prepare_site(env, args.writers)

            def outage(start: float) -> None:
                time.sleep(max(0.0, start + args.at - time.monotonic()))
                log("stopping PostgreSQL")
                events["down"] = time.monotonic() - start
                server.stop()
                time.sleep(args.down_seconds)
                log("starting PostgreSQL")
                server.start()
                events["up"] = time.monotonic() - start
                log(f"PostgreSQL is back ({events['up'] - events['down']:.1f} s after it went down)")

            with gunicorn(env, workdir) as port:
                log(f"gunicorn on {HOST}:{port}; {args.clients} clients for {args.seconds:.0f} s")
                run = run_load(
                    port,
                    seconds=args.seconds,
                    clients=args.clients,
                    writers=writers,
                    review_ids=review_ids,
                    max_requests=args.max_requests,
                    timeline=outage,
                )
            summary = summarise(run, verify_comments(env, run, workdir))
            server_log = (workdir / "server.log").read_text(errors="replace")

    down, up = events["down"], events["up"]
    failures = [o for o in run.outcomes if o.status == 0 or o.status >= 500]
    outside = [o for o in failures if o.started + o.elapsed < down or o.started > up + args.grace]
    after_up = sorted((o for o in run.outcomes if o.started >= up), key=lambda o: o.started)
    first_ok = next((o for o in after_up if 200 <= o.status < 400), None)
    summary["database_down_at_s"] = round(down, 1)
    summary["database_up_at_s"] = round(up, 1)
    summary["failures_while_down"] = len(failures) - len(outside)
    summary["failures_outside_the_outage"] = len(outside)
    summary["first_success_after_up_s"] = round(first_ok.started + first_ok.elapsed - up, 2) if first_ok else None
    summary["last_failure_after_up_s"] = (
        round(max(o.started + o.elapsed for o in failures) - up, 2) if failures else None
    )
    summary["server_log_errors"] = server_log.count(" ERROR ")
    print_summary("mixed load with PostgreSQL stopped and started", summary)
    print("\n  per second (ok / failed), around the outage:")
    per_second = Counter((int(o.started), 200 <= o.status < 400) for o in run.outcomes)
    for second in range(max(0, int(down) - 3), min(int(args.seconds) + 1, int(up + args.grace) + 5)):
        marker = " <- down" if int(down) == second else (" <- up" if int(up) == second else "")
        print(f"    t={second:3d}s  {per_second[(second, True)]:5d} / {per_second[(second, False)]:5d}{marker}")

    failed = bool(outside) or first_ok is None or summary["comments_missing_from_db"]
    print("\nRESULT:", "FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
