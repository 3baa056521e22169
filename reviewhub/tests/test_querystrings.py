"""query_string() writes what {% querystring %} writes, without copying the QueryDict."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils.html import escape

from reviewhub.querystrings import query_string


def django_querystring(query: str, **changes) -> str:
    arguments = " ".join(f"{key}={key}" for key in changes)
    return Template(f"{{% querystring query {arguments} %}}").render(Context({"query": QueryDict(query), **changes}))


@pytest.mark.parametrize(
    ("query", "changes"),
    [
        ("", {"page": 2}),
        ("page=2&sort=helpful", {"page": 3}),
        ("sort=helpful&genre=drama", {"page": 3}),
        ("page=4&sort=highest", {"sort": "lowest", "page": None}),
        ("tag=a&tag=b&page=1", {"page": 2}),
        ("q=caf%C3%A9+%26+%22more%22", {"page": 2}),
        ("page=2", {"page": None}),
    ],
)
def test_same_as_djangos_querystring_tag(query, changes):
    # The tag's output is escaped for HTML; ours is escaped where it is used.
    assert escape(query_string(QueryDict(query), **changes)) == django_querystring(query, **changes)
