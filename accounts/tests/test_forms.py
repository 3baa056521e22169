import pytest

from accounts.forms import AdminLoginForm, LoginForm, SignupForm, lock_message
from conftest import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def signup_data(**overrides) -> dict:
    data = {"username": "newreader", "email": "new@example.com", "password1": "a-long-Pass-phrase", "website": ""}
    data["password2"] = data["password1"]
    data.update(overrides)
    return data


def test_signup_form_accepts_a_new_reader():
    form = SignupForm(data=signup_data())
    assert form.is_valid(), form.errors
    assert not form.is_bot


def test_signup_form_requires_an_email():
    form = SignupForm(data=signup_data(email=""))
    assert not form.is_valid()
    assert form.has_error("email", code="required")


def test_signup_form_does_not_say_an_email_is_in_use(user):
    """The service decides what a registered address gets (a mail to its owner); the form says nothing."""
    form = SignupForm(data=signup_data(email=user.email.upper()))
    assert form.is_valid(), form.errors


def test_signup_form_refuses_a_username_in_use_whatever_its_case(user):
    form = SignupForm(data=signup_data(username="READER"))
    assert not form.is_valid()
    assert form.has_error("username", code="unique")


def test_signup_form_wants_the_same_strong_password_twice():
    mismatch = SignupForm(data=signup_data(password2="something-else-entirely"))
    assert mismatch.has_error("password2", code="password_mismatch")
    weak = SignupForm(data=signup_data(password1="password", password2="password"))
    assert weak.has_error("password2", code="password_too_common")


def test_filled_honeypot_marks_a_bot_even_when_the_rest_is_invalid():
    assert SignupForm(data=signup_data(website="http://spam.example")).is_bot
    assert SignupForm(data={"website": "x"}).is_bot


def test_login_form_locks_after_five_failures_even_with_the_right_password(rf, user):
    request = rf.post("/accounts/login/")
    for _ in range(4):
        form = LoginForm(request, data={"username": "reader", "password": "wrong"})
        assert form.has_error("__all__", code="invalid_login")
        assert not form.locked
    fifth = LoginForm(request, data={"username": "reader", "password": "wrong"})
    assert fifth.has_error("__all__", code="locked")
    right = LoginForm(request, data={"username": "reader", "password": PASSWORD})
    assert not right.is_valid()
    assert right.has_error("__all__", code="locked")
    assert right.locked


def test_admin_login_form_shares_the_throttle(rf):
    make_user(username="boss", is_staff=True)
    request = rf.post("/admin/login/")
    for _ in range(5):
        AdminLoginForm(request, data={"username": "boss", "password": "wrong"}).is_valid()
    form = AdminLoginForm(request, data={"username": "boss", "password": PASSWORD})
    assert form.has_error("__all__", code="locked")


def test_lock_message_counts_whole_minutes_rounding_up():
    assert lock_message(900) == "Too many failed sign-in attempts. Please try again in 15 minutes."
    assert lock_message(61) == "Too many failed sign-in attempts. Please try again in 2 minutes."
    assert lock_message(5) == "Too many failed sign-in attempts. Please try again in 1 minute."
