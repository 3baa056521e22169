from django.urls import path

from comments import views

app_name = "comments"

# Mounted at the site root: a review's page is its discussion, so it lives here, at /reviews/<id>/.
urlpatterns = [
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/report/", views.review_report, name="report-review"),
    path("reviews/<int:pk>/follow/", views.discussion_follow, name="follow"),
    path("comments/review/<int:review_pk>/", views.comment_create, name="create"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="reply"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="delete"),
    path("comments/<int:pk>/report/", views.comment_report, name="report"),
]
