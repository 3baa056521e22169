from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts.forms import AdminLoginForm
from reviewhub import health, views

# The admin's sign-in page gets the same throttling as the site's.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("films/", include("films.urls")),
    path("reviews/", include("reviews.urls")),
    path("comments/", include("comments.urls")),
    path("users/", include("accounts.profile_urls")),
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
