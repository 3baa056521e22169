"""The root URLconf: each app's URLs, included by dotted name (the toolkit imports no app)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from reviewhub import health

urlpatterns = [
    path("", include("pages.urls")),
    path("films/", include("films.urls")),
    path("reviews/", include("reviews.urls")),
    path("", include("comments.urls")),
    path("", include("watchlog.urls")),
    path("", include("notifications.urls")),
    path("", include("feeds.urls")),
    path("accounts/settings/", include("account_settings.urls")),
    path("accounts/", include("portability.urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

if settings.REVIEWHUB_BENCH_ENDPOINTS:
    from reviewhub import bench_views

    urlpatterns += [path("bench/hello/", bench_views.hello, name="bench-hello")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
