from django.urls import path

from account_settings import views

app_name = "account_settings"

urlpatterns = [
    path("", views.settings_page, name="page"),
    path("profile/", views.profile_update, name="profile"),
    path("email/", views.email_change, name="email"),
    path("email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("password/", views.password_change, name="password"),
    path("reading/", views.reading_update, name="reading"),
    path("delete/", views.account_delete, name="delete"),
]
