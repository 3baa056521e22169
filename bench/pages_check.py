"""Nu HTML Checker errors and Lighthouse (mobile) scores of the main pages, as `make run` serves them.

    .venv/bin/python bench/pages_check.py                         # starts `make run` on a free port
    .venv/bin/python bench/pages_check.py --url http://127.0.0.1:8011 --runs 1 --details

Without --url it runs `make run PORT=<free port>` (migrate, load the Her fixtures, collectstatic,
runserver with WhiteNoise serving the collected files) on the checkout's own database, and stops
it at the end. The pages: home, catalogue, the Her film page, the review with the most comments
(the seeded thread), sign-up and sign-in. vnu checks all six; Lighthouse the first four, --runs
times each (default 3), printing the median of each category: the performance score moves with
the load of a shared machine.

Needs java and node_modules/vnu-jar (`npm install --no-save vnu-jar@26.9.27`), Node 20 with npx
(it fetches lighthouse@12.8.2 on first use) and Chromium (CHROME_PATH, default /usr/bin/chromium).
Exits 1 when a page has an HTML error or a median score under --min (default 0.95). Run by hand, not in CI.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server import HOST, free_port  # noqa: E402

from reviewhub.tests import nuchecker  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (our own loopback server)
        return response.read().decode()


def start_site(log_path: Path) -> tuple[subprocess.Popen, str]:
    """`make run` on a free port, in its own process group so that all of it stops together."""
    port = free_port()
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            ["make", "run", f"HOST={HOST}", f"PORT={port}"],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"make run stopped (exit {process.returncode}); see {log_path}")
        try:
            fetch(base + "/healthz")
            return process, base
        except OSError:
            time.sleep(0.5)
    stop_site(process)
    raise SystemExit(f"make run did not answer within 3 minutes; see {log_path}")


def stop_site(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def page_urls(base: str) -> dict[str, str]:
    film = "/films/her-2013/"
    reviews = sorted(set(re.findall(r'href="(/reviews/\d+/)"', fetch(base + film))))
    if not reviews:
        raise SystemExit(f"no review links on {film}: are the Her fixtures loaded?")
    # The review with the longest thread: the seeded comment exchange.
    review = max(reviews, key=lambda path: fetch(base + path).count('id="comment-'))
    return {
        "home": "/",
        "catalogue": "/films/",
        "film": film,
        "review": review,
        "sign-up": "/accounts/signup/",
        "sign-in": "/accounts/login/",
    }


def lighthouse(url: str, attempts: int = 3) -> dict:
    """One Lighthouse report; a run that fails to record its trace (it happens on a busy machine) is retried."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    command = [
        "npx",
        "--yes",
        LIGHTHOUSE,
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]
    for _ in range(attempts):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
        if result.returncode == 0:
            return json.loads(result.stdout)
    raise SystemExit(f"lighthouse failed on {url} (exit {result.returncode}): {result.stderr[-2000:]}")


def failing_audits(report: dict) -> list[str]:
    """Audits under 0.9 that count or advise (not informative or manual ones)."""
    lines = []
    for audit in report["audits"].values():
        score = audit.get("score")
        if score is None or score >= 0.9 or audit.get("scoreDisplayMode") in {"informative", "manual"}:
            continue
        lines.append(f"    {audit['id']}: {score} {audit.get('displayValue', '')}".rstrip())
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a site already running (e.g. http://127.0.0.1:8011); default: start make run")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is printed")
    parser.add_argument("--min", type=float, default=0.95, help="lowest acceptable median score")
    parser.add_argument("--no-lighthouse", action="store_true", help="only the HTML check")
    parser.add_argument("--details", action="store_true", help="list each page's failing audits (last run)")
    args = parser.parse_args()

    problem = nuchecker.unavailable()
    if problem:
        raise SystemExit(problem)
    process = None
    log_path = Path(tempfile.gettempdir()) / "reviewhub-pages-check.log"
    base = args.url.rstrip("/") if args.url else None
    if base is None:
        print(f"starting make run (log: {log_path}) ...", flush=True)
        process, base = start_site(log_path)
    failed = False
    try:
        urls = page_urls(base)
        html_errors = nuchecker.errors({name: fetch(base + path) for name, path in urls.items()})
        print(f"\nNu HTML Checker ({nuchecker.VNU_JAR.name} {nuchecker.VNU_VERSION}), errors per page:")
        for name, path in urls.items():
            errors = html_errors[name]
            failed |= bool(errors)
            print(f"  {name:<10} {path:<20} {len(errors)}")
            for error in errors:
                print(f"    {error}")
        if args.no_lighthouse:
            return int(failed)

        print(f"\nLighthouse {LIGHTHOUSE}, mobile preset, median of {args.runs} run(s) ({base}):")
        print(f"  {'page':<10} " + " ".join(f"{c:>15}" for c in CATEGORIES) + "   performance runs")
        for name in ["home", "catalogue", "film", "review"]:
            runs = [lighthouse(base + urls[name]) for _ in range(args.runs)]
            scores = {c: [run["categories"][c]["score"] for run in runs] for c in CATEGORIES}
            medians = {c: statistics.median(values) for c, values in scores.items()}
            failed |= any(value < args.min for value in medians.values())
            cells = " ".join(f"{medians[c]:>15.2f}" for c in CATEGORIES)
            print(f"  {name:<10} {cells}   {' '.join(f'{v:.2f}' for v in scores['performance'])}", flush=True)
            if args.details:
                print("\n".join(failing_audits(runs[-1])) or "    (no failing audit)")
    finally:
        if process is not None:
            stop_site(process)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
