"""The catalogue admin: films with credits inline, poster preview, search, filters; staff only."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from films.models import Credit, Film
from films.tests.factories import make_credit, make_film, make_genre, make_person
from moderation.tests.factories import changelist_url

pytestmark = pytest.mark.django_db

FILMS = changelist_url("films", "film")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 30), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def test_changelist_search_and_filters(admin_client):
    drama, scifi = make_genre(name="Drama"), make_genre(name="Science Fiction")
    her = make_film(title="Her", year=2013, slug="her-2013", genres=[drama, scifi])
    make_film(title="Adaptation", year=2002, genres=[drama])
    jonze = make_person(name="Spike Jonze")
    make_credit(film=her, person=jonze, role=Credit.Role.DIRECTOR)
    make_credit(film=her, person=jonze, role=Credit.Role.WRITER)

    response = admin_client.get(FILMS)
    assert "Drama, Science Fiction" in response.content.decode()
    by_person = admin_client.get(FILMS, {"q": "jonze"}).context["cl"].result_list
    assert [film.title for film in by_person] == ["Her"]  # two credits, one row
    by_year = admin_client.get(FILMS, {"year": "2002"}).context["cl"].result_list
    assert [film.title for film in by_year] == ["Adaptation"]
    by_genre = admin_client.get(FILMS, {"genres__id__exact": scifi.pk}).context["cl"].result_list
    assert [film.title for film in by_genre] == ["Her"]


def test_the_add_page_prepopulates_the_slug_and_offers_credits_inline(admin_client):
    response = admin_client.get(reverse("admin:films_film_add"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-prepopulated-fields" in html and "id_slug" in html
    assert 'name="credits-TOTAL_FORMS"' in html
    assert "admin-autocomplete" in html  # the person picker searches instead of listing everyone


def test_adding_a_film_with_credits_inline(admin_client):
    phoenix = make_person(name="Joaquin Phoenix")
    response = admin_client.post(
        reverse("admin:films_film_add"),
        {
            "title": "The Master",
            "year": "2012",
            "slug": "the-master-2012",
            "certificate": "R",
            "runtime_minutes": "138",
            "synopsis": "",
            "credits-TOTAL_FORMS": "1",
            "credits-INITIAL_FORMS": "0",
            "credits-MIN_NUM_FORMS": "0",
            "credits-MAX_NUM_FORMS": "1000",
            "credits-0-role": "cast",
            "credits-0-person": str(phoenix.pk),
            "credits-0-character": "Freddie Quell",
            "credits-0-order": "1",
        },
    )
    assert response.status_code == 302
    film = Film.objects.get(slug="the-master-2012")
    assert [(c.person, c.character) for c in film.credits.all()] == [(phoenix, "Freddie Quell")]


def test_the_poster_preview_is_an_escaped_image(admin_client):
    film = make_film(title='<b>"Quoted"</b>')
    film.poster.save("poster.png", ContentFile(png_bytes()))
    html = admin_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert f'<img src="{film.poster.url}" alt="Poster of &lt;b&gt;&quot;Quoted&quot;&lt;/b&gt;"' in html
    assert '<b>"Quoted"</b>' not in html


def test_a_film_without_a_poster_says_so(admin_client, film):
    html = admin_client.get(reverse("admin:films_film_change", args=[film.pk])).content.decode()
    assert "No poster yet" in html


def test_people_genres_and_credits_admin_smoke(admin_client, film):
    person = make_person(name="Amy Adams")
    make_credit(film=film, person=person, character="Amy")
    assert admin_client.get(changelist_url("films", "person"), {"q": "adams"}).context["cl"].result_count == 1
    assert admin_client.get(changelist_url("films", "genre")).status_code == 200
    assert admin_client.get(changelist_url("films", "credit"), {"q": "amy"}).context["cl"].result_count == 1
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "films", "model_name": "credit", "field_name": "person", "term": "ada"},
    )
    assert [item["text"] for item in autocomplete.json()["results"]] == ["Amy Adams"]


def test_the_film_list_runs_the_same_number_of_queries_for_many_rows(admin_client, django_assert_num_queries):
    genre = make_genre()
    make_film(genres=[genre])
    admin_client.get(FILMS)
    with CaptureQueriesContext(connection) as one_row:
        admin_client.get(FILMS)
    for _ in range(10):
        make_film(genres=[genre, make_genre()])
    with django_assert_num_queries(len(one_row)):
        response = admin_client.get(FILMS)
    assert response.context["cl"].result_count == 11
