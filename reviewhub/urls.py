from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from reviewhub import views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("films/", include("films.urls")),
    path("reviews/", include("reviews.urls")),
    path("comments/", include("comments.urls")),
    path("users/", include("accounts.profile_urls")),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
