"""The link rule and the renderer share one finder: every anchor a reader sees is a link the rule counted."""

import pytest

from moderation import rules
from moderation.models import Status
from reviewhub.links import count_links, find_links
from reviewhub.templatetags.plaintext import plaintext
from reviewhub.tests.htmlchecks import links

HOSTILE = [
    "http://a'http://b'http://c",
    'http://a.example"http://b.example"http://c.example',
    "<http://a.example><http://b.example>",
    "http://a.example<http://b.example>http://c.example",
    "(http://a.example)(http://b.example)",
    "see (https://en.wikipedia.org/wiki/Her_(film)) and http://b.example.",
    "www.a.example www.b.example",
    "WWW.A.EXAMPLE/x,HTTP://B.EXAMPLE/y",
    "HtTpS://a.example/;hTtP://b.example/!",
    "http://a.example,http://b.example;http://c.example",
    "`http://a.example`http://b.example`",
    "http://a.example/www.b.example and awww.c.example and x@www.d.example",
    "http://a.example\thttp://b.example\nhttp://c.example\r\nhttp://d.example",
    "http://a.example\u200bhttp://b.example and http://c.example\u00a0http://d.example",
    "http://.)! http:// www. https://?",
    "http://a.example)))http://b.example]]]",
    "ftp://a.example javascript:alert(1) data:text/html,x mailto:a@b.example",
    "'www.a.example' \"www.b.example\" <www.c.example>",
    'http://a.example/"onmouseover="alert(1)',
    "hthttp://a.examplehttp://b.example",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_rule_counts_exactly_the_anchors_the_page_shows(text):
    anchors = links(str(plaintext(text)))
    assert count_links(text) == len(anchors) == len(find_links(text))
    assert all(anchor["rel"] == "nofollow ugc noopener" for anchor in anchors)
    assert all(anchor["href"].lower().startswith(("http://", "https://")) for anchor in anchors)


def test_quotes_between_links_no_longer_hide_them_from_the_hold(db):
    assert count_links("http://a'http://b'http://c") == 3
    decision = rules.decide(text="http://a'http://b'http://c", trusted=False)
    assert decision.status == Status.PENDING


def test_www_links_are_rendered_and_counted():
    html = str(plaintext("See www.b.example/two."))
    assert html == '<p>See <a href="http://www.b.example/two" rel="nofollow ugc noopener">www.b.example/two</a>.</p>'
    assert count_links("See www.b.example/two.") == 1


def test_balanced_parentheses_stay_in_the_link_and_sentence_punctuation_does_not():
    found = find_links("(see https://en.wikipedia.org/wiki/Her_(film)), or http://b.example/x?.")
    assert [link.href for link in found] == ["https://en.wikipedia.org/wiki/Her_(film)", "http://b.example/x"]


def test_a_bare_scheme_is_neither_a_link_nor_counted():
    assert find_links("http:// and https://... and www.") == []
    assert "<a" not in str(plaintext("http:// and https://... and www."))
