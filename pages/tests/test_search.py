"""Site search (/search/?q=): films by title and people, visible reviews by title and body."""

import re
from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.models import Film, Person
from films.tests.factories import make_credit, make_film, make_person
from moderation.models import Status
from pages.search import (
    FILM_RESULTS,
    FILM_TITLE_VECTOR,
    PERSON_NAME_VECTOR,
    ReviewDocument,
    clean_query,
    pg_query,
    query_words,
    search_films,
    search_reviews,
)
from reviews import services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

SEARCH = reverse("pages:search")


def search_page(client, q: str, **extra) -> str:
    response = client.get(SEARCH, {"q": q, **extra})
    assert response.status_code == 200
    return response.content.decode()


def film_results(html: str) -> list[str]:
    return re.findall(r'class="film-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def review_results(html: str) -> list[str]:
    return re.findall(r'class="review-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def test_empty_query_shows_a_friendly_prompt(client):
    make_film(title="Her")
    html = search_page(client, "   ")
    assert "<h1" in html and ">Search</h1>" in html
    assert "Type a film title, a person" in html
    assert film_results(html) == [] and review_results(html) == []


def test_finds_films_by_title(client):
    make_film(title="Lost in Translation", year=2003)
    make_film(title="Her", year=2013)
    html = search_page(client, "translation")
    assert film_results(html) == ["Lost in Translation"]


def test_finds_films_by_a_credited_person(client):
    her = make_film(title="Her")
    make_film(title="Alien")
    make_credit(film=her, person=make_person(name="Spike Jonze"), role="director")
    make_credit(film=her, person=make_person(name="Joaquin Phoenix"), character="Theodore")
    assert film_results(search_page(client, "Jonze")) == ["Her"]
    assert film_results(search_page(client, "joaquin phoenix")) == ["Her"]


def test_a_film_credited_to_several_matching_people_is_listed_once(client):
    her = make_film(title="Her")
    make_credit(film=her, person=make_person(name="Amy Adams"), character="Amy")
    make_credit(film=her, person=make_person(name="Amy Smith"), character="Friend")
    assert film_results(search_page(client, "amy")) == ["Her"]


def test_finds_reviews_by_title_and_by_body(client):
    make_review(title="A love letter to loneliness", body="Quiet and warm.")
    make_review(title="Too slow for me", body="The operating system storyline dragged on.")
    make_review(title="Unrelated", body="Nothing to see.")
    assert review_results(search_page(client, "loneliness")) == ["A love letter to loneliness"]
    assert review_results(search_page(client, "operating")) == ["Too slow for me"]


def test_review_results_show_film_author_and_visible_comment_count(client):
    from comments.models import Comment
    from comments.tests.factories import make_comment

    film = make_film(title="Her", year=2013)
    review = make_review(film=film, title="Samantha's voice", rating=9)
    make_comment(review=review)
    hidden = make_comment(review=review)
    Comment.objects.filter(pk=hidden.pk).update(status=Status.REMOVED)
    html = search_page(client, "samantha")
    assert f'href="{film.get_absolute_url()}">Her (2013)</a>' in html
    assert f">{review.author.username}</a>" in html
    assert "9/10" in html
    assert ">1 comment</a>" in html


def test_title_matches_rank_above_body_matches(client):
    make_review(title="A quiet film", body="Phoenix is wonderful here, truly.")
    make_review(title="Phoenix rises", body="A performance to remember.")
    assert review_results(search_page(client, "phoenix")) == ["Phoenix rises", "A quiet film"]


def test_only_visible_reviews_are_found(client):
    make_review(title="Visible soundtrack review")
    pending = make_review(title="Pending soundtrack review")
    removed = make_review(title="Removed soundtrack review")
    deleted = make_review(title="Deleted soundtrack review")
    Review.objects.filter(pk=pending.pk).update(status=Status.PENDING)
    Review.objects.filter(pk=removed.pk).update(status=Status.REMOVED)
    services.review_delete(review=deleted)
    assert review_results(search_page(client, "soundtrack")) == ["Visible soundtrack review"]


def test_words_match_from_their_start_not_inside_other_words(client):
    make_review(title="Her, at last", body="Nothing else.")
    make_review(title="Another one", body="There was nothing other than silence.")
    make_review(title="Lovely", body="Quiet.")
    assert review_results(search_page(client, "her")) == ["Her, at last"]
    assert review_results(search_page(client, "lovely")) == ["Lovely"]


def test_every_word_must_match(client):
    make_review(title="Score and colour", body="The score by Arcade Fire.")
    make_review(title="Colour only", body="Pastel everywhere.")
    assert review_results(search_page(client, "colour score")) == ["Score and colour"]


def test_no_results_says_so_and_the_query_is_escaped(client):
    html = search_page(client, '<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "No films match" in html and "No reviews match" in html


def test_review_results_are_paginated_and_keep_the_query(client, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 2
    for index in range(5):
        make_review(title=f"Samantha review {index}")
    html = search_page(client, "samantha", page="2")
    assert len(review_results(html)) == 2
    assert "?q=samantha&amp;page=3" in html
    assert 'Reviews <span class="text-muted-warm">(5)</span>' in html


def test_search_query_count_does_not_grow_with_results(client, django_assert_num_queries, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 50
    film = make_film(title="Her")
    make_credit(film=film, person=make_person(name="Spike Jonze"), role="director")
    make_review(film=film, title="Her, reviewed")
    # Films and their genres; the reviews' count, the page's ranked reviews, then their cards.
    with django_assert_num_queries(5) as few:
        search_page(client, "her")
    for index in range(15):
        other = make_film(title=f"Her {index}")
        make_review(film=other, title=f"Her again {index}")
    with django_assert_num_queries(len(few.captured_queries)):
        html = search_page(client, "her")
    assert len(film_results(html)) == 12  # capped
    assert len(review_results(html)) == 16


def test_search_query_count_does_not_grow_with_matching_reviews_and_films(client, django_assert_num_queries, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 10
    make_review(film=make_film(title="Quiet nights"), title="Quiet, please", body="A quiet film.")
    with django_assert_num_queries(5) as few:
        search_page(client, "quiet")
    for index in range(40):
        make_review(film=make_film(title=f"Quiet days {index}"), title=f"Review {index}", body="So quiet.")
    with django_assert_num_queries(len(few.captured_queries)):
        html = search_page(client, "quiet", page="2")
    assert len(review_results(html)) == 10
    assert 'Reviews <span class="text-muted-warm">(41)</span>' in html


def test_only_the_newest_matching_reviews_are_ranked_and_the_page_says_so(client, settings):
    settings.REVIEWHUB_SEARCH_MAX_REVIEWS = 3
    film = make_film(title="Unrelated title")
    best_but_oldest = make_review(film=film, title="Quiet quiet quiet", body="Quiet.")
    for title in ("Third newest", "Second newest", "Newest"):
        make_review(film=film, title=title, body="A quiet film.")
    Review.objects.filter(pk=best_but_oldest.pk).update(created_at=timezone.now() - timedelta(days=30))

    html = search_page(client, "quiet")
    assert review_results(html) == ["Newest", "Second newest", "Third newest"]
    assert 'Reviews <span class="text-muted-warm">(the newest 3 matches)</span>' in html
    assert "these are the newest 3, best match first. Older reviews may match too" in html

    settings.REVIEWHUB_SEARCH_MAX_REVIEWS = 5
    html = search_page(client, "quiet")
    assert review_results(html)[0] == "Quiet quiet quiet"
    assert 'Reviews <span class="text-muted-warm">(4)</span>' in html
    assert "Older reviews may match too" not in html


def test_review_results_are_cards_in_rank_order(client):
    film = make_film(title="Her", year=2013)
    reviewer = make_user(username="cardholder")
    make_review(film=film, author=reviewer, title="Mentions quiet once", body="Nothing else.", rating=7)
    make_review(film=film, title="Quiet", body="Quiet, quiet and quiet again.", rating=9)
    html = search_page(client, "quiet")
    assert review_results(html) == ["Quiet", "Mentions quiet once"]
    card = html[html.index(">Mentions quiet once<") :].split("</article>")[0]
    assert ">cardholder</a>" in card and "7/10" in card and ">Her (2013)</a>" in card


def test_film_results_keep_the_best_matches_with_their_own_rating_stats(client):
    title_match = make_film(title="Phoenix Rising")
    make_review(film=title_match, rating=6)
    make_review(film=title_match, rating=9)
    phoenix = make_person(name="Joaquin Phoenix")
    for index in range(FILM_RESULTS):
        make_credit(film=make_film(title=f"Credited {index:02d}"), person=phoenix, character="Someone")
    make_film(title="Unrelated")
    html = search_page(client, "phoenix")
    # The title match ranks first; then films found through the credits only, by title.
    assert film_results(html) == ["Phoenix Rising"] + [f"Credited {index:02d}" for index in range(FILM_RESULTS - 1)]
    card = html[html.index(">Phoenix Rising<") :].split("</article>")[0]
    assert "7.5/10" in card and "2 ratings · 2 reviews" in card


def test_edited_reviews_are_found_by_their_new_words_only(client):
    review = make_review(title="Lighthouse keeper", body="Waves and fog.")
    services.review_update(
        review=review, title="Harbour master", body="Gulls and rain.", rating=7, contains_spoilers=False
    )
    assert review_results(search_page(client, "harbour")) == ["Harbour master"]
    assert review_results(search_page(client, "gulls")) == ["Harbour master"]
    assert review_results(search_page(client, "lighthouse")) == []
    assert review_results(search_page(client, "fog")) == []
    Review.objects.filter(pk=review.pk).update(body="Seals everywhere.")
    assert review_results(search_page(client, "seals")) == ["Harbour master"]
    assert review_results(search_page(client, "gulls")) == []


def test_reviews_created_in_bulk_are_found(client, film, other_user):
    Review.objects.bulk_create(
        [Review(film=film, author=other_user, title="Bulk imported", body="Marmalade sky.", status=Status.APPROVED)]
    )
    assert review_results(search_page(client, "marmalade")) == ["Bulk imported"]


def test_reviews_loaded_from_the_fixtures_are_found(client):
    from django.core.management import call_command

    call_command("loaddata", "her", verbosity=0)
    assert review_results(search_page(client, "loneliness")) == ["A pastel study of loneliness"]
    assert review_results(search_page(client, "old-fashioned")) == ["An old-fashioned love story for the future"]


def test_clean_query_and_words():
    assert clean_query("  spike \n jonze  ") == "spike jonze"
    assert len(clean_query("x" * 1000)) == 200
    assert query_words('"Spike Jonze" -alien OR her Her') == ["spike", "jonze", "her"]


def test_search_functions_on_empty_or_punctuation_queries():
    make_review(title="Anything")
    assert search_films("") == []
    assert list(search_reviews("")) == []
    assert list(search_reviews('"" -')) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")
def test_postgresql_search_stems_words_but_still_finds_stop_word_titles():
    film = make_film(title="Lovers")
    make_film(title="Her")
    make_review(film=film, title="On loving machines", body="She loved him.")
    make_review(film=film, title="Her", body="Quiet.")
    assert [review.title for review in search_reviews("love")] == ["On loving machines"]
    assert [found.title for found in search_films("lover")] == ["Lovers"]
    # "her" is an English stop word, but the film and a review are called that.
    assert [found.title for found in search_films("her")] == ["Her"]
    assert [review.title for review in search_reviews("Her")] == ["Her"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")
@pytest.mark.parametrize(
    ("model", "vector", "index"),
    [
        (Film, FILM_TITLE_VECTOR, "film_title_search_idx"),
        (Person, PERSON_NAME_VECTOR, "person_name_search_idx"),
        (Review, ReviewDocument(), "review_document_search_idx"),
    ],
)
def test_postgresql_search_expressions_use_the_gin_indexes(model, vector, index):
    """The migrations' indexes are built on the very expressions (and column) search filters on."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = model.objects.alias(document=vector).filter(document=pg_query("spike jonze")).explain()
    assert f"Bitmap Index Scan on {index}" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")
def test_postgresql_stored_review_document_is_the_weighted_title_and_body_and_follows_edits():
    """reviews_review.search_document holds exactly this vector, however the row was written."""
    expected = (
        SearchVector("title", config="simple", weight="A")
        + SearchVector("title", config="english", weight="A")
        + SearchVector("body", config="english", weight="B")
    )
    written = make_review(title="Her voice", body="Loving the operating system.")
    edited = make_review(title="First draft", body="Nothing yet.")
    services.review_update(
        review=edited, title="Second thoughts", body="Samantha's laughter.", rating=8, contains_spoilers=False
    )
    updated = make_review(title="Updated in bulk", body="Before.")
    Review.objects.filter(pk=updated.pk).update(body="After the queryset update.")
    bulk = Review.objects.bulk_create(
        [Review(film=written.film, author=edited.author, title="Bulk", body="Created in bulk.")]
    )[0]
    rows = Review.objects.filter(pk__in=[written.pk, edited.pk, updated.pk, bulk.pk]).annotate(
        stored=ReviewDocument(), expected=expected
    )
    documents = {row.title: (row.stored, row.expected) for row in rows}
    assert len(documents) == 4
    for title, (stored, computed) in documents.items():
        assert stored == computed, title
    assert "'samantha':" in documents["Second thoughts"][0] and "draft" not in documents["Second thoughts"][0]
    assert "'queryset':" in documents["Updated in bulk"][0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only")
def test_postgresql_review_search_ranks_from_the_stored_document_not_the_body():
    """Ranking must not re-parse every matching body (what made search take a second at 10,000 reviews)."""
    make_review(title="Anything", body="Quiet.")
    sql = str(search_reviews("quiet").query)
    assert "search_document" in sql
    assert "to_tsvector" not in sql
