"""New usernames: a length that fits a phone, no invisible characters, no look-alike of a taken name."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.forms import SignupForm
from accounts.usernames import is_invisible, skeleton
from conftest import make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-Pass-phrase"


def signup_data(**overrides) -> dict:
    data = {"username": "newreader", "email": "new@example.com", "password1": NEW_PASSWORD, "website": ""}
    data["password2"] = data["password1"]
    data.update(overrides)
    return data


# --- Length (finding 12) -------------------------------------------------------


def test_a_username_of_the_maximum_length_is_accepted(settings):
    assert settings.REVIEWHUB_USERNAME_MAX_LENGTH == 30
    assert SignupForm(data=signup_data(username="a" * 30)).is_valid()


def test_a_longer_username_is_refused_with_a_clear_error():
    form = SignupForm(data=signup_data(username="a" * 150))
    assert form.has_error("username", code="username_too_long")
    assert "Choose a username of at most 30 characters (this one has 150)." in form.errors["username"]


def test_the_limit_is_a_setting_and_shown_on_the_form(client, settings):
    settings.REVIEWHUB_USERNAME_MAX_LENGTH = 12
    assert SignupForm(data=signup_data(username="a" * 13)).has_error("username", code="username_too_long")
    page = client.get(reverse("signup"))
    assertContains(page, 'maxlength="12"')
    assertContains(page, "Up to 12 characters")


def test_existing_long_usernames_still_sign_in(client):
    make_user(username="b" * 150)
    response = client.post(reverse("login"), {"username": "b" * 150, "password": "correct horse battery staple"})
    assert response.status_code == 302


# --- Invisible characters and look-alikes (finding 13) ---------------------------


@pytest.mark.parametrize("char", ["\u200b", "\u200d", "\u2060", "\ufeff", "\u3164", "\u115f", "\u2800", "\ufe0f"])
def test_invisible_characters_are_refused(char):
    form = SignupForm(data=signup_data(username=f"new{char}reader"))
    assert form.has_error("username", code="invisible")
    assert is_invisible(char)


def test_ordinary_letters_of_any_script_are_not_invisible():
    assert not any(is_invisible(char) for char in "Amélie_Ж日本-1.@+")
    assert SignupForm(data=signup_data(username="Amélie")).is_valid()
    assert SignupForm(data=signup_data(username="Жук")).is_valid()


def test_look_alikes_share_a_skeleton():
    real = skeleton("BarneyNuttall")
    for fake in ["B\u0430rneyNuttall", "BarneyNuttaIl", "BarneyNutta11", "\uff22arneyNuttall", "barneynuttall"]:
        assert skeleton(fake) == real, fake
    assert skeleton("BarneyNuttal") != real
    assert skeleton("reader") != skeleton("leader")


@pytest.mark.parametrize("fake", ["Re\u0430der", "READ\u0415R", "reаdеr", "rea\u0501er"])
def test_a_look_alike_of_an_existing_username_is_refused(user, fake):
    form = SignupForm(data=signup_data(username=fake))
    assert form.has_error("username", code="confusable")
    assert "looks too much like an existing one (reader)" in str(form.errors["username"])


def test_a_look_alike_of_a_fixture_account_is_refused_although_loaddata_skipped_save(client):
    call_command("loaddata", "her", verbosity=0)
    response = client.post(reverse("signup"), signup_data(username="B\u0430rneyNuttall"))
    assert response.status_code == 200
    assert response.context["form"].has_error("username", code="confusable")
    assertContains(response, "looks too much like an existing one (BarneyNuttall)")


def test_the_skeleton_is_stored_and_follows_a_rename(user):
    assert user.username_skeleton == "reader"
    user.username = "Le\u0430der"
    user.save(update_fields=["username"])
    user.refresh_from_db()
    assert user.username_skeleton == "leader"


def test_a_full_width_copy_is_the_same_name_after_nfkc(user):
    assert SignupForm(data=signup_data(username="\uff52eader")).has_error("username", code="unique")


def test_the_same_name_in_another_case_still_gets_the_usual_error(user):
    form = SignupForm(data=signup_data(username="READER"))
    assert form.has_error("username", code="unique")
    assert not form.has_error("username", code="confusable")


def test_the_frozen_skeleton_of_the_backfill_migration_matches_the_live_one():
    """Stored skeletons come from migration 0003: changing usernames.skeleton needs a migration to refill them."""
    from importlib import import_module

    from accounts.usernames import skeleton

    frozen = import_module("accounts.migrations.0003_username_skeleton")
    prototypes = frozen._prototypes()
    for name in ["BarneyNuttall", "BаrneyNuttall", "ＢａｒｎｅｙＮｕｔｔａｌｌ", "l0ver1", "Ωmega", "straße", "I|1"]:
        assert frozen.skeleton(name, prototypes) == skeleton(name), name
