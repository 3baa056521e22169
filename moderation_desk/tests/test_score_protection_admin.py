"""Score protection in the admin: staff and moderators switch it per film, and every change is audited."""

import re
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from moderation.models import ModerationEvent
from reviews.models import FilmReviewStats, ScoreProtection
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:reviews_scoreprotection_add")
CHANGELIST_URL = reverse("admin:reviews_scoreprotection_changelist")


def change_url(protection: ScoreProtection) -> str:
    return reverse("admin:reviews_scoreprotection_change", args=[protection.pk])


def management_forms(client, url: str) -> dict[str, str]:
    """The inline formsets' hidden management fields, as the admin form sends them."""
    html = client.get(url).content.decode()
    fields = re.findall(
        r'<input type="hidden" name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*value="(\d*)"', html
    )
    return dict(fields)


def form_data(client, url: str, **fields) -> dict[str, str]:
    since = timezone.localtime(fields.pop("since", timezone.now() - timedelta(days=2)))
    data = {
        **management_forms(client, url),
        "since_0": since.strftime("%Y-%m-%d"),
        "since_1": since.strftime("%H:%M:%S"),
        "min_account_age_days": "0",
    }
    for name, value in fields.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = str(value)
    return data


@pytest.fixture
def bombed_film():
    """A film with one old account's 9 and a fresh account's 1."""
    film = make_film(title="Bombed")
    veteran = make_user(date_joined=timezone.now() - timedelta(days=400))
    make_review(film=film, author=veteran, rating=9)
    make_review(film=film, author=make_user(), rating=1)
    return film


def audit(protection: ScoreProtection) -> list[ModerationEvent]:
    return list(
        ModerationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(ScoreProtection), object_id=protection.pk
        ).order_by("created_at", "id")
    )


@pytest.mark.parametrize("as_whom", ["superuser", "moderator"])
def test_staff_switch_protection_on_and_off_and_each_change_is_audited(request, as_whom, bombed_film):
    client = request.getfixturevalue("admin_client" if as_whom == "superuser" else "moderator_client")
    actor = request.getfixturevalue("admin_user" if as_whom == "superuser" else "moderator")

    response = client.post(
        ADD_URL, form_data(client, ADD_URL, film=bombed_film.pk, enabled=True, min_account_age_days=30)
    )
    assert response.status_code == 302
    protection = ScoreProtection.objects.get(film=bombed_film)
    stats = FilmReviewStats.objects.get(film=bombed_film)
    assert (stats.rating_count, stats.rating_total, stats.uncounted_count) == (1, 9, 1)

    url = change_url(protection)
    response = client.post(url, form_data(client, url, since=protection.since, enabled=False, min_account_age_days=30))
    assert response.status_code == 302
    stats.refresh_from_db()
    assert (stats.rating_count, stats.rating_total, stats.uncounted_count) == (2, 10, 0)

    on, off = audit(protection)
    assert {on.actor, off.actor} == {actor}
    assert on.action == off.action == ModerationEvent.Action.SCORE_PROTECTION
    assert on.note.startswith("on since") and "ratings from accounts under 30 days old" in on.note
    assert off.note.startswith("off: every visible rating counts (was on since")
    # The audit trail shows on the protection's own page.
    assert "off: every visible rating counts" in client.get(url).content.decode()


def test_changing_the_rules_is_audited_and_an_unchanged_save_is_not(admin_client, bombed_film):
    admin_client.post(ADD_URL, form_data(admin_client, ADD_URL, film=bombed_film.pk, enabled=True, require_watch=True))
    protection = ScoreProtection.objects.get(film=bombed_film)
    url = change_url(protection)
    keep = {"since": protection.since, "enabled": True}

    admin_client.post(url, form_data(admin_client, url, **keep, require_watch=True))
    assert len(audit(protection)) == 1

    admin_client.post(url, form_data(admin_client, url, **keep, require_watch=True, min_account_age_days=7))
    events = audit(protection)
    assert len(events) == 2
    assert "accounts under 7 days old and ratings from readers who have not logged a watch" in events[1].note


def test_protection_on_needs_a_rule_and_says_so_beside_the_form(admin_client, bombed_film):
    response = admin_client.post(ADD_URL, form_data(admin_client, ADD_URL, film=bombed_film.pk, enabled=True))
    assert response.status_code == 200
    assert "Choose a minimum account age, a logged watch or both, or turn protection off." in response.content.decode()
    assert not ScoreProtection.objects.exists()
    assert not ModerationEvent.objects.exists()


def test_the_changelist_shows_each_film_score_as_it_stands(admin_client, bombed_film):
    admin_client.post(
        ADD_URL, form_data(admin_client, ADD_URL, film=bombed_film.pk, enabled=True, min_account_age_days=30)
    )
    html = admin_client.get(CHANGELIST_URL).content.decode()
    assert "9.0/10 from 1 counted, 1 not counted" in html
    assert admin_client.get(CHANGELIST_URL, {"q": "Bombed"}).status_code == 200


def test_staff_without_the_permission_cannot_use_it(client, bombed_film):
    client.force_login(make_user(is_staff=True))
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, {"film": bombed_film.pk}).status_code == 403
    assert not ScoreProtection.objects.exists()


@pytest.mark.parametrize("client_fixture", ["admin_client", "moderator_client"])
def test_nobody_deletes_a_protection(request, client_fixture, bombed_film, admin_user):
    client = request.getfixturevalue(client_fixture)
    protection = ScoreProtection.objects.create(film=bombed_film, require_watch=True)
    delete_url = reverse("admin:reviews_scoreprotection_delete", args=[protection.pk])
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ScoreProtection.objects.filter(pk=protection.pk).exists()
