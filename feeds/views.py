"""For crawlers: the sitemap index and its sections, and robots.txt (the feeds are in feeds.feeds)."""

from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as sitemap_section_view
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from feeds.sitemaps import SITEMAPS
from reviewhub.absolute import absolute_url
from reviewhub.cache import cache_for_anonymous

XML = "application/xml"


@cache_for_anonymous
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """Every page of every section, on the site's public address (Django's index would use the Host header)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("feeds:sitemap-section", kwargs={"section": section}))
        last_mod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, last_mod))
        entries += [SitemapIndexItem(f"{location}?p={page}", last_mod) for page in sitemap.paginator.page_range[1:]]
    response = render(request, "sitemap_index.xml", {"sitemaps": entries}, content_type=XML)
    response["X-Robots-Tag"] = "noindex"
    return response


@cache_for_anonymous
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    # Rendered here so the page cache stores the finished XML.
    return sitemap_section_view(request, SITEMAPS, section=section, content_type=XML).render()


@cache_for_anonymous
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = absolute_url(reverse("feeds:sitemap"))
    return render(request, "feeds/robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")
