"""{% pagination %}: page links that keep the rest of the query string (filters, sort).

    {% pagination page_obj request.GET label="Film pages" %}
    {% pagination page_obj request.GET label="Review pages" anchor="reviews" %}

Rendered in Python rather than as an included template: the include, its loop and a
{% querystring %} per link (each a deep copy of the query) took longer than everything else the film page shows
below its reviews (bench/run.py). The markup is Bootstrap's pagination.
"""

from django import template
from django.core.paginator import Page
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from reviewhub.querystrings import query_string

register = template.Library()


class _Links:
    """Each page's address: the query string with `page` set, plus the anchor."""

    def __init__(self, query: QueryDict, anchor: str) -> None:
        self.query = query
        self.anchor = f"#{anchor}" if anchor else ""

    def __call__(self, number: int) -> str:
        return f"{query_string(self.query, page=number)}{self.anchor}"


def _item(page: Page, number: int | str, link: _Links) -> SafeString:
    if number == page.number:
        return format_html(
            '<li class="page-item active"><span class="page-link" aria-current="page">{}</span></li>', number
        )
    if number == page.paginator.ELLIPSIS:
        return format_html('<li class="page-item disabled"><span class="page-link">{}</span></li>', number)
    return format_html(
        '<li class="page-item"><a class="page-link" href="{}"><span class="visually-hidden">Page </span>{}</a></li>',
        link(number),
        number,
    )


@register.simple_tag
def pagination(page: Page, query: QueryDict, label: str = "Pages", anchor: str = "") -> SafeString:
    """Previous, the page numbers around the current one with ellipses (1 2 … 49 50 51 … 99), next."""
    if not page.has_other_pages():
        return SafeString()
    link = _Links(query, anchor)
    items = []
    if page.has_previous():
        items.append(
            format_html(
                '<li class="page-item"><a class="page-link" href="{}" rel="prev">Previous</a></li>',
                link(page.previous_page_number()),
            )
        )
    items += (_item(page, number, link) for number in page.paginator.get_elided_page_range(page.number))
    if page.has_next():
        items.append(
            format_html(
                '<li class="page-item"><a class="page-link" href="{}" rel="next">Next</a></li>',
                link(page.next_page_number()),
            )
        )
    return format_html(
        '<nav class="site-pagination" aria-label="{}"><ul class="pagination flex-wrap">{}</ul></nav>',
        label,
        format_html_join("", "{}", ((item,) for item in items)),
    )
