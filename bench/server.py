"""What the benchmark and the load and fault scripts share: gunicorn on a free loopback port, scratch databases."""

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"  # loopback only, by design


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def pg_admin(admin_url: str, sql: str) -> None:
    """Run one statement (CREATE/DROP DATABASE) on the server's maintenance database."""
    import psycopg2

    connection = psycopg2.connect(admin_url, connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path, ready: Callable[[int], bool], *extra: str) -> Iterator[int]:
    """Serve the site with 2 sync workers until the block ends; output goes to `log_path`.

    `ready(port)` is polled until it returns true (an OSError means not yet), for 30 s at most.
    """
    port = free_port()
    with log_path.open("ab") as output:
        process = subprocess.Popen(
            [
                GUNICORN,
                "reviewhub.wsgi:application",
                "--workers=2",
                "--worker-class=sync",
                f"--bind={HOST}:{port}",
                "--log-level=warning",
                *extra,
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if ready(port):
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {log_path}:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
