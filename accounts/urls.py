from django.urls import include, path

from accounts import views

# Our sign-in and sign-out come first, so they answer /login/ and /logout/ (and own
# those names); Django's views serve the password change and reset pages.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
