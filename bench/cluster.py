"""The whole ReviewHub topology on this machine, on loopback ports, from nothing.

    .venv/bin/python bench/cluster.py up [--nodes 2] [--workers 1]   # build and start everything
    .venv/bin/python bench/cluster.py status                          # each component, replication lag
    .venv/bin/python bench/cluster.py down [--keep-data]              # stop everything, delete the scratch dir

Components, each its own process(es), each from deploy/'s config files with the placeholders filled:

    nginx              127.0.0.1:58080  deploy/nginx.conf: least_conn over the gunicorn nodes, /static/, /media/
    gunicorn node i    127.0.0.1:5800i  deploy/gunicorn.conf.py, 2 sync workers each
    db_worker j        -                manage.py db_worker (django-tasks' database queue)
    PgBouncer          127.0.0.1:56432  deploy/pgbouncer.ini: transaction pooling in front of the primary
    PostgreSQL primary 127.0.0.1:55432  initdb + deploy/postgresql-primary.conf
    PostgreSQL replica 127.0.0.1:55433  pg_basebackup -R of the primary, streaming; deploy/postgresql-replica.conf
    Redis              127.0.0.1:56379  deploy/redis.conf: a redis-server of its own (not the machine's 6379,
                                        so restarting it in bench/cluster_proof.py disturbs no one else)

Needs Debian's postgresql (15), pgbouncer, nginx and redis-server packages. Everything lives in
CLUSTER_DIR (default /tmp/rh-cluster): data, logs, pid files, rendered configs, static and media.
PostgreSQL and PgBouncer refuse to run as root, so when run as root they run as `postgres`
(CLUSTER_DB_USER). The web nodes read from the replica (DATABASE_REPLICA_URL) and write through
PgBouncer; the task workers have no replica URL: they read what the request that queued them wrote.

bench/cluster_proof.py imports this module to drive the same cluster.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"  # loopback only, by design
PG_BIN = Path(os.environ.get("CLUSTER_PG_BIN", "/usr/lib/postgresql/15/bin"))
DB_USER = os.environ.get("CLUSTER_DB_USER", "postgres")
DATABASE = "reviewhub"
PRIMARY_PORT, REPLICA_PORT, BOUNCER_PORT, REDIS_PORT, NGINX_PORT = 55432, 55433, 56432, 56379, 58080
NODE_BASE_PORT = 58000


@dataclass(frozen=True)
class Layout:
    """Where each component keeps its files."""

    root: Path

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def primary(self) -> Path:
        return self.root / "pg-primary"

    @property
    def replica(self) -> Path:
        return self.root / "pg-replica"

    @property
    def static(self) -> Path:
        return self.root / "static"

    @property
    def media(self) -> Path:
        return self.root / "media"

    @property
    def state(self) -> Path:
        return self.root / "cluster.json"

    def pidfile(self, name: str) -> Path:
        return self.run / f"{name}.pid"


def layout() -> Layout:
    return Layout(Path(os.environ.get("CLUSTER_DIR") or Path(tempfile.gettempdir()) / "rh-cluster"))


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Small helpers ------------------------------------------------------------------------------


def as_db_user(command: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse root: run them as the database user when we are root."""
    return ["runuser", "-u", DB_USER, "--", *command] if os.geteuid() == 0 else command


def run(command: list[str], *, env: dict[str, str] | None = None, timeout: int = 600, quiet: bool = True) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:6])} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def render_text(template: str, values: dict[str, object]) -> str:
    """deploy/<template> with its {{placeholders}} filled."""
    text = (DEPLOY / template).read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", str(value))
    if "{{" in text:
        raise RuntimeError(f"{template}: a placeholder was left unfilled")
    return text


def render(template: str, values: dict[str, object], target: Path) -> Path:
    target.write_text(render_text(template, values))
    return target


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")
        time.sleep(0.2)


def read_pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        # A process this one started (a node, a worker) is a zombie until reaped: reap it here.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_pid(pidfile: Path, sig: int = signal.SIGTERM, wait: float = 20) -> None:
    """Signal the process in `pidfile` and wait for it to go; kill it if it will not."""
    pid = read_pid(pidfile)
    if not alive(pid):
        pidfile.unlink(missing_ok=True)
        return
    os.kill(pid, sig)
    deadline = time.monotonic() + wait
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
    pidfile.unlink(missing_ok=True)


def psql(port: int, sql: str, database: str = "postgres") -> str:
    command = [str(PG_BIN / "psql"), "-h", HOST, "-p", str(port), "-U", "postgres", "-d", database, "-AtX", "-c", sql]
    return run(command, timeout=30).strip()


# --- The site's environment -----------------------------------------------------------------------


def site_env(lay: Layout, *, replica: bool = True, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Production settings on loopback: plain http, the proxy's headers trusted, every service of the cluster."""
    secret_file = lay.root / "secret-key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
        secret_file.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REVIEWHUB_"))}
    for key in ("DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"):
        env.pop(key, None)
    env.update(
        DJANGO_SETTINGS_MODULE="reviewhub.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secret_file.read_text(),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
        REVIEWHUB_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
        REVIEWHUB_SITE_URL=f"http://{HOST}:{NGINX_PORT}",
        DJANGO_STATIC_ROOT=str(lay.static),
        DJANGO_MEDIA_ROOT=str(lay.media),
        REVIEWHUB_PRIVATE_ROOT=str(lay.root / "private"),
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"postgres://postgres@{HOST}:{BOUNCER_PORT}/{DATABASE}",
        DATABASE_PGBOUNCER="1",
        REDIS_URL=f"redis://{HOST}:{REDIS_PORT}/0",
        REVIEWHUB_TASKS_BACKEND="database",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if replica:
        env["DATABASE_REPLICA_URL"] = f"postgres://postgres@{HOST}:{REPLICA_PORT}/{DATABASE}"
    env.update(extra or {})
    return env


def manage(env: dict[str, str], *args: str, timeout: int = 900) -> str:
    return run([PYTHON, "manage.py", *args], env=env, timeout=timeout)


# --- Components ----------------------------------------------------------------------------------------


def pg_ctl(data: Path, action: str, logfile: Path | None = None) -> None:
    command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "60", action]
    if action == "stop":
        command += ["-m", "fast"]
    if logfile is not None:
        command += ["-l", str(logfile)]
    run(as_db_user(command), timeout=90)


def start_primary(lay: Layout) -> None:
    data = lay.primary
    data.mkdir(mode=0o700)
    chown_to_db_user(data)
    run(as_db_user([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]))
    values = {"listen_addresses": HOST, "port": PRIMARY_PORT, "shared_buffers": "256MB"}
    render("postgresql-primary.conf", values, data / "reviewhub.conf")
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("\ninclude 'reviewhub.conf'\n")
    hba = {"replica_source": f"{HOST}/32", "auth_method": "trust"}
    (data / "pg_hba.conf").write_text(
        (data / "pg_hba.conf").read_text() + "\n" + render_text("pg_hba-replication.conf", hba)
    )
    chown_to_db_user(data, recursive=True)
    pg_ctl(data, "start", lay.logs / "pg-primary.log")
    psql(PRIMARY_PORT, f'CREATE DATABASE "{DATABASE}"')


def chown_to_db_user(path: Path, recursive: bool = False) -> None:
    if os.geteuid() != 0:
        return
    shutil.chown(path, DB_USER, DB_USER)
    for child in path.rglob("*") if recursive else ():
        shutil.chown(child, DB_USER, DB_USER)


def start_replica(lay: Layout) -> None:
    """A base backup of the primary with -R (standby.signal, primary_conninfo), streaming from it."""
    lay.replica.mkdir(mode=0o700)
    chown_to_db_user(lay.replica)
    backup = [str(PG_BIN / "pg_basebackup"), "-h", HOST, "-p", str(PRIMARY_PORT), "-U", "postgres"]
    run(as_db_user([*backup, "-D", str(lay.replica), "-R", "-X", "stream", "-c", "fast"]))
    render("postgresql-replica.conf", {"listen_addresses": HOST, "port": REPLICA_PORT}, lay.replica / "replica.conf")
    with (lay.replica / "postgresql.conf").open("a") as conf:
        conf.write("include 'replica.conf'\n")
    chown_to_db_user(lay.replica, recursive=True)
    start_replica_server(lay)


def start_replica_server(lay: Layout) -> None:
    pg_ctl(lay.replica, "start", lay.logs / "pg-replica.log")


def stop_replica_server(lay: Layout) -> None:
    pg_ctl(lay.replica, "stop")


def start_pgbouncer(lay: Layout) -> None:
    userlist = lay.run / "pgbouncer-users.txt"
    userlist.write_text('"postgres" ""\n')
    values = {
        "database": DATABASE,
        "primary_host": HOST,
        "primary_port": PRIMARY_PORT,
        "listen_addr": HOST,
        "listen_port": BOUNCER_PORT,
        "run_dir": lay.run,
        "log_dir": lay.logs,
        "auth_type": "trust",
        "auth_file": userlist,
        "pool_size": 20,
    }
    config = render("pgbouncer.ini", values, lay.run / "pgbouncer.ini")
    run(as_db_user(["pgbouncer", "-d", str(config)]))
    wait_for(lambda: port_answers(BOUNCER_PORT), "PgBouncer")


def stop_pgbouncer(lay: Layout) -> None:
    stop_pid(lay.pidfile("pgbouncer"))


def start_redis(lay: Layout) -> None:
    data = lay.root / "redis"
    data.mkdir(exist_ok=True)
    values = {
        "bind": HOST,
        "port": REDIS_PORT,
        "run_dir": lay.run,
        "log_dir": lay.logs,
        "data_dir": data,
        "maxmemory": "256mb",
    }
    config = render("redis.conf", values, lay.run / "redis.conf")
    run(["redis-server", str(config)])
    wait_for(lambda: port_answers(REDIS_PORT), "Redis")


def stop_redis(lay: Layout) -> None:
    stop_pid(lay.pidfile("redis"))


def start_node(lay: Layout, index: int, env: dict[str, str]) -> None:
    port = NODE_BASE_PORT + index
    node_env = {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": env.get("GUNICORN_WORKERS", "2"),
        "GUNICORN_PIDFILE": str(lay.pidfile(f"node{index}")),
        "GUNICORN_PROC_NAME": f"reviewhub-node{index}",
    }
    with (lay.logs / f"node{index}.log").open("ab") as output:
        subprocess.Popen(
            [GUNICORN, "-c", str(DEPLOY / "gunicorn.conf.py"), "reviewhub.wsgi:application"],
            cwd=ROOT,
            env=node_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_for(lambda: port_answers(port) and alive(read_pid(lay.pidfile(f"node{index}"))), f"gunicorn node {index}")


def kill_node(lay: Layout, index: int) -> None:
    """The fault: SIGKILL the node's master and its workers, as a crashed machine would."""
    pid = read_pid(lay.pidfile(f"node{index}"))
    if alive(pid):
        os.killpg(os.getpgid(pid), signal.SIGKILL)
    lay.pidfile(f"node{index}").unlink(missing_ok=True)


def stop_node(lay: Layout, index: int) -> None:
    stop_pid(lay.pidfile(f"node{index}"))


def start_worker(lay: Layout, index: int, env: dict[str, str]) -> None:
    with (lay.logs / f"worker{index}.log").open("ab") as output:
        process = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    lay.pidfile(f"worker{index}").write_text(str(process.pid))


def start_nginx(lay: Layout, nodes: int) -> None:
    servers = "\n".join(
        f"        server {HOST}:{NODE_BASE_PORT + i} max_fails=1 fail_timeout=5s;" for i in range(1, nodes + 1)
    )
    values = {
        "nginx_workers": 1,
        "run_dir": lay.run,
        "log_dir": lay.logs,
        "nginx_mime_types": "/etc/nginx/mime.types",
        "nginx_access_log": "off",
        "upstream_servers": servers,
        "nginx_listen": f"{HOST}:{NGINX_PORT}",
        "server_name": "localhost",
        "static_root": lay.static,
        "media_root": lay.media,
    }
    config = render("nginx.conf", values, lay.run / "nginx.conf")
    run(["nginx", "-e", str(lay.logs / "nginx-error.log"), "-c", str(config), "-p", str(lay.run)])
    wait_for(lambda: port_answers(NGINX_PORT), "nginx")


def stop_nginx(lay: Layout) -> None:
    # SIGTERM: a fast shutdown, so the port is free when this returns (SIGQUIT waits for open connections).
    stop_pid(lay.pidfile("nginx"))


# --- up / down / status ------------------------------------------------------------------------------


def up(nodes: int = 2, workers: int = 1, extra_env: dict[str, str] | None = None) -> Layout:
    """Build and start the whole topology; on failure stop whatever started (the logs are kept) and raise."""
    lay = layout()
    if lay.root.exists():
        raise RuntimeError(f"{lay.root} exists: run `bench/cluster.py down` first")
    try:
        return _up(lay, nodes, workers, extra_env)
    except BaseException:
        log(f"start failed; stopping what did start (logs kept in {lay.logs})")
        down(keep_data=True)
        raise


def _up(lay: Layout, nodes: int, workers: int, extra_env: dict[str, str] | None) -> Layout:
    """The site is migrated, with the Her fixtures and collected static files, before any node starts."""
    for binary in ("nginx", "pgbouncer", "redis-server", str(PG_BIN / "initdb")):
        if shutil.which(binary) is None:
            raise RuntimeError(f"{binary} is missing: apt-get install -y postgresql nginx pgbouncer redis-server")
    for directory in (lay.root, lay.run, lay.logs, lay.media, lay.static):
        directory.mkdir(parents=True)
    lay.root.chmod(0o755)
    # PostgreSQL and PgBouncer (as the database user) write their logs and pid files there too.
    chown_to_db_user(lay.run)
    chown_to_db_user(lay.logs)
    lay.state.write_text(json.dumps({"nodes": nodes, "workers": workers, "extra_env": extra_env or {}}))
    log(f"PostgreSQL primary on {HOST}:{PRIMARY_PORT}")
    start_primary(lay)
    env = site_env(lay, extra=extra_env)
    log("migrating (directly on the primary), loading the Her fixtures, collecting static files")
    direct = {**env, "DATABASE_URL": f"postgres://postgres@{HOST}:{PRIMARY_PORT}/{DATABASE}"}
    direct.pop("DATABASE_REPLICA_URL")
    manage(direct, "migrate", "--noinput")
    manage(direct, "loaddata", "her")
    manage(direct, "collectstatic", "--noinput", "--verbosity", "0")
    log(f"PostgreSQL replica on {HOST}:{REPLICA_PORT} (pg_basebackup, streaming)")
    start_replica(lay)
    log(f"PgBouncer on {HOST}:{BOUNCER_PORT}, Redis on {HOST}:{REDIS_PORT}")
    start_pgbouncer(lay)
    start_redis(lay)
    log(f"{nodes} gunicorn nodes, {workers} task workers, nginx on {HOST}:{NGINX_PORT}")
    for index in range(1, nodes + 1):
        start_node(lay, index, env)
    worker_env = site_env(lay, replica=False, extra=extra_env)
    for index in range(1, workers + 1):
        start_worker(lay, index, worker_env)
    start_nginx(lay, nodes)
    log(f"up: http://{HOST}:{NGINX_PORT}/")
    return lay


def saved_state(lay: Layout) -> dict:
    try:
        return json.loads(lay.state.read_text())
    except (OSError, ValueError):
        return {"nodes": 0, "workers": 0, "extra_env": {}}


def down(keep_data: bool = False) -> None:
    """Stop every component (front to back) and delete the scratch directory unless asked to keep it."""
    lay = layout()
    if not lay.root.exists():
        log("nothing to stop")
        return
    stop_nginx(lay)
    for pidfile in sorted(lay.run.glob("node*.pid")) + sorted(lay.run.glob("worker*.pid")):
        stop_pid(pidfile)
    stop_pgbouncer(lay)
    stop_redis(lay)
    for data in (lay.replica, lay.primary):
        if (data / "postmaster.pid").exists():
            pg_ctl(data, "stop")
    if keep_data:
        log(f"stopped; data kept in {lay.root}")
    else:
        shutil.rmtree(lay.root)
        log(f"stopped; {lay.root} deleted")


def replication_lag() -> dict[str, str]:
    """From the primary: the replica's state, replay lag and bytes behind; from the replica: its own view."""
    sent = psql(
        PRIMARY_PORT,
        "SELECT state, COALESCE(replay_lag::text, '0'), pg_wal_lsn_diff(sent_lsn, replay_lsn) FROM pg_stat_replication",
    )
    fields = sent.split("|") if sent else ["not streaming", "-", "-"]
    replica = psql(REPLICA_PORT, "SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")
    in_recovery, caught_up = ([*replica.split("|"), "", ""])[:2]
    return {
        "state (primary's view)": fields[0],
        "replay lag": fields[1],
        "bytes not yet replayed": fields[2],
        "replica in recovery": in_recovery,
        "replica replayed all it received": caught_up,
    }


def status() -> list[tuple[str, str, str]]:
    """(component, address, state) for every component, then the replication figures."""
    lay = layout()
    state = saved_state(lay)
    rows: list[tuple[str, str, str]] = []

    def row(name: str, port: int | None, pidfile: Path | None = None) -> None:
        running = alive(read_pid(pidfile)) if pidfile else True
        answering = port_answers(port) if port else running
        address = f"{HOST}:{port}" if port else "-"
        rows.append((name, address, "up" if running and answering else "DOWN"))

    row("nginx", NGINX_PORT, lay.pidfile("nginx"))
    for index in range(1, state["nodes"] + 1):
        row(f"gunicorn node {index}", NODE_BASE_PORT + index, lay.pidfile(f"node{index}"))
    for index in range(1, state["workers"] + 1):
        row(f"db_worker {index}", None, lay.pidfile(f"worker{index}"))
    row("PgBouncer", BOUNCER_PORT, lay.pidfile("pgbouncer"))
    row("Redis", REDIS_PORT, lay.pidfile("redis"))
    row("PostgreSQL primary", PRIMARY_PORT)
    row("PostgreSQL replica", REPLICA_PORT)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["up", "down", "status"])
    parser.add_argument("--nodes", type=int, default=2, help="gunicorn nodes (default 2)")
    parser.add_argument("--workers", type=int, default=1, help="db_worker processes (default 1)")
    parser.add_argument("--keep-data", action="store_true", help="down: keep the scratch directory")
    args = parser.parse_args()
    if args.action == "up":
        up(args.nodes, args.workers)
        return 0
    if args.action == "down":
        down(args.keep_data)
        return 0
    rows = status()
    width = max(len(name) for name, _, _ in rows)
    for name, address, state in rows:
        print(f"{name:<{width}}  {address:<16}  {state}")
    try:
        for key, value in replication_lag().items():
            print(f"replication {key}: {value}")
    except RuntimeError as error:
        print(f"replication: unknown ({error.args[0].splitlines()[0]})")
    return 0 if all(state == "up" for _, _, state in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
