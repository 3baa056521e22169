from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("film/<slug:slug>/write/", views.review_create, name="create"),
    path("<int:pk>/edit/", views.review_edit, name="edit"),
    path("<int:pk>/delete/", views.review_delete, name="delete"),
    path("<int:pk>/vote/", views.review_vote, name="vote"),
]
