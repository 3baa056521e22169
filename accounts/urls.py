from django.urls import include, path, reverse_lazy
from django.utils.text import format_lazy
from django.views.generic import RedirectView

from accounts import views

# Passwords are changed in the Password section of /accounts/settings/; Django's old addresses lead there.
_password_section = RedirectView.as_view(url=format_lazy("{}#password", reverse_lazy("account_settings:page")))

# Our sign-in and sign-out come first, so they answer /login/ and /logout/ (and own
# those names); Django's views serve the password reset pages.
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup_confirm"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_change/", _password_section, name="password_change"),
    path("password_change/done/", _password_section, name="password_change_done"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
