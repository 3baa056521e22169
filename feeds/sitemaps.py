"""The sitemap's sections: films, visible reviews, and the profiles of reviewers with visible reviews."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from feeds import selectors
from films.models import Film
from reviews.models import Review


class SiteSitemap(Sitemap):
    """Locations on REVIEWHUB_SITE_URL (as feeds are), never on the request's Host header."""

    @property
    def limit(self) -> int:
        return settings.REVIEWHUB_SITEMAP_URLS

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.REVIEWHUB_SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.REVIEWHUB_SITE_URL).netloc


def _latest(*dates: datetime | None) -> datetime | None:
    return max(filter(None, dates), default=None)


# Each section's get_latest_lastmod (the index's dates) is one aggregate, where Django's default loads every item.


class FilmSitemap(SiteSitemap):
    def items(self):
        return selectors.sitemap_films()

    def lastmod(self, film: Film) -> datetime:
        return _latest(film.created_at, film.newest_review)

    def get_latest_lastmod(self) -> datetime | None:
        return _latest(
            Film.objects.aggregate(latest=Max("created_at"))["latest"],
            Review.objects.visible().aggregate(latest=Max("created_at"))["latest"],
        )


class ReviewSitemap(SiteSitemap):
    def items(self):
        return selectors.sitemap_reviews()

    def lastmod(self, review: Review) -> datetime:
        return review.edited_at or review.created_at

    def get_latest_lastmod(self) -> datetime | None:
        return _latest(*self.items().aggregate(Max("created_at"), Max("edited_at")).values())


class ProfileSitemap(SiteSitemap):
    def items(self):
        return selectors.sitemap_profiles()

    def lastmod(self, user) -> datetime:
        return user.newest_review

    def get_latest_lastmod(self) -> datetime | None:
        reviews = Review.objects.visible().filter(author__is_active=True)
        return reviews.aggregate(latest=Max("created_at"))["latest"]


SITEMAPS = {"films": FilmSitemap, "reviews": ReviewSitemap, "profiles": ProfileSitemap}
