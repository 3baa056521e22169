from django.urls import path

from watchlog import views

app_name = "watchlog"

urlpatterns = [
    path("films/<slug:slug>/watches/", views.film_watches, name="film-watches"),
    path("films/<slug:slug>/watches/log/", views.watch_create, name="log"),
    path("films/<slug:slug>/watchlist/", views.watchlist_toggle, name="watchlist-toggle"),
    path("films/<slug:slug>/reveal-scores/", views.scores_reveal, name="reveal-scores"),
    path("watches/<int:pk>/edit/", views.watch_edit, name="edit"),
    path("watches/<int:pk>/delete/", views.watch_delete, name="delete"),
    path("users/<str:username>/diary/", views.diary, name="diary"),
    path("users/<str:username>/watchlist/", views.watchlist, name="watchlist"),
]
