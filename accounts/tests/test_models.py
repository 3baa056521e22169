import pytest
from django.db import IntegrityError, transaction

from conftest import make_user

pytestmark = pytest.mark.django_db


def test_database_refuses_the_same_email_in_another_case():
    make_user(username="one", email="Reader@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user(username="two", email="reader@example.COM")


def test_several_accounts_may_have_no_email():
    make_user(username="one", email="")
    make_user(username="two", email="")


def test_profile_url_uses_the_username():
    assert make_user(username="theodore").get_absolute_url() == "/users/theodore/"
