"""Pagination helpers for templates, which cannot pass arguments to methods."""

from collections.abc import Iterator

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def elided_range(page: Page) -> Iterator[int | str]:
    """Page numbers around the current page, with ellipses: 1 2 … 49 50 51 … 98 99."""
    return page.paginator.get_elided_page_range(page.number)
