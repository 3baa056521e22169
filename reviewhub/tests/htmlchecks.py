"""HTML checks shared by the security tests."""

from html.parser import HTMLParser

# Script types a browser does not execute (data blocks such as Django's json_script).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


class InlineCodeFinder(HTMLParser):
    """Collects everything a strict CSP would block: inline scripts, event handlers, style attributes."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler attribute")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}"> inline style attribute')
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:...> URL")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES:
            self._in_inline_script = True

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append({name: value or "" for name, value in attrs})


def links(html: str) -> list[dict[str, str]]:
    """The attributes of every <a> element."""
    finder = _Links()
    finder.feed(html)
    return finder.links


def title_source(html: str) -> str:
    """The <title> element's source text, entities not decoded."""
    return html.split("<title>", 1)[1].split("</title>", 1)[0]
