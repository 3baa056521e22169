from django.urls import include, path

from accounts import views

# Our sign-in and sign-out come first, so they answer /login/ and /logout/ (and own
# those names); Django's views serve the password change and reset pages.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
