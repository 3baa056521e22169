from django.urls import path

from feeds import feeds, views
from reviewhub.cache import cache_for_anonymous

app_name = "feeds"

urlpatterns = [
    path("feeds/reviews/", cache_for_anonymous(feeds.LatestReviewsFeed()), name="reviews"),
    path("feeds/films/<slug:slug>/", cache_for_anonymous(feeds.FilmReviewsFeed()), name="film"),
    path("feeds/users/<str:username>/", cache_for_anonymous(feeds.ReviewerFeed()), name="user"),
    path("feeds/reviews/<int:pk>/comments/", cache_for_anonymous(feeds.ReviewCommentsFeed()), name="comments"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
