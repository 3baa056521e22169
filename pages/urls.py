from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("users/<str:username>/", views.profile, name="profile"),
    path("users/<str:username>/follow/", views.follow, name="follow"),
]
