"""The Nu HTML Checker (vnu.jar from npm), run on several pages in one JVM start; shared by the test and bench/."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VNU_VERSION = "26.9.27"  # the version .ci/run installs
VNU_JAR = Path(os.environ.get("REVIEWHUB_VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def unavailable() -> str | None:
    """Why the checker cannot run on this machine, or None when it can."""
    if shutil.which("java") is None:
        return "java not found (the Nu HTML Checker needs Java 11+: apt-get install -y default-jre-headless)"
    if not VNU_JAR.is_file():
        return f"vnu.jar not found at {VNU_JAR} (npm install --no-save vnu-jar@{VNU_VERSION}, as .ci/run does)"
    return None


def errors(pages: dict[str, str]) -> dict[str, list[str]]:
    """Each page's errors as "line.column: message", checked from files: vnu refuses loopback URLs."""
    with tempfile.TemporaryDirectory(prefix="reviewhub-vnu-") as tmp:
        files = {}
        for number, (name, html) in enumerate(pages.items()):
            path = Path(tmp) / f"page{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        command = [shutil.which("java") or "java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        result = subprocess.run(  # noqa: S603 (fixed command, our own files)
            [*command, *sorted(Path(tmp).iterdir())],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError) as error:
        output = result.stderr[:500]
        raise RuntimeError(f"vnu.jar did not answer in JSON (exit {result.returncode}): {output}") from error
    found: dict[str, list[str]] = {name: [] for name in pages}
    for message in messages:
        name = files.get(message.get("url", "").rsplit("/", 1)[-1])
        where = f"{message.get('lastLine', '?')}.{message.get('firstColumn', message.get('lastColumn', '?'))}"
        text = f"{where}: {message.get('message', '')} [{message.get('extract', '').strip()}]"
        if name is None:  # a message about no file in particular (the checker itself failed)
            raise RuntimeError(f"vnu.jar: {text}")
        found[name].append(text)
    return found
