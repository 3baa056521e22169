"""Links that change one parameter of the current query string, for the pages' sort and page links."""

from urllib.parse import urlencode

from django.http import QueryDict


def query_string(query: QueryDict, **changes: str | int | None) -> str:
    """`query` with `changes` made (None drops a key), written as {% querystring %} writes it: "?a=1&page=2".

    Changed keys keep their place and new ones come last, as with {% querystring %}, which
    deep-copies the QueryDict for every link: a page with a dozen links paid for a dozen copies.
    """
    pairs = []
    for key, values in query.lists():
        if key not in changes:
            pairs += ((key, value) for value in values)
        elif changes[key] is not None:
            pairs.append((key, changes[key]))
    pairs += ((key, value) for key, value in changes.items() if value is not None and key not in query)
    return f"?{urlencode(pairs)}" if pairs or query else ""
