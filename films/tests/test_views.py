"""The catalogue (/films/) and the film page (/films/<slug>/), through HTTP."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from conftest import make_user
from films.models import Film
from films.tests.factories import make_credit, make_film, make_genre, make_person
from moderation.models import Status
from reviews import services
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

LIST_URL = reverse("films:list")


def detail_url(film, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return film.get_absolute_url() + (f"?{query}" if query else "")


def card_titles(response) -> list[str]:
    """Film titles in the order the catalogue shows them."""
    return re.findall(r'class="film-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def review_titles(response) -> list[str]:
    return re.findall(r'class="review-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def vote(review, yes: int, no: int = 0) -> None:
    for index in range(yes + no):
        services.helpful_vote_set(review=review, voter=make_user(), is_helpful=index < yes)


# --- Catalogue -----------------------------------------------------------------


def test_catalogue_lists_films_with_year_average_and_counts(client):
    film = make_film(title="Her", year=2013)
    make_review(film=film, rating=9)
    make_review(film=film, rating=10)
    make_review(film=film, rating=None)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert card_titles(response) == ["Her"]
    assert "2013" in html
    assert "9.5/10" in html
    assert "2 ratings · 3 reviews" in html
    assert "No poster for Her" in html  # the drawn placeholder, not a broken <img>
    assert "<img" not in html.split('<main id="content"')[1]


def test_catalogue_searches_titles_by_every_word(client):
    make_film(title="Lost in Translation")
    make_film(title="Lost Highway")
    make_film(title="Her")
    response = client.get(LIST_URL, {"q": "lost translation"})
    assert card_titles(response) == ["Lost in Translation"]


def test_catalogue_filters_by_genre_and_year(client):
    romance = make_genre(name="Romance", slug="romance")
    make_film(title="Her", year=2013, genres=[romance])
    make_film(title="Before Sunrise", year=1995, genres=[romance])
    make_film(title="Alien", year=1979)
    assert card_titles(client.get(LIST_URL, {"genre": "romance"})) == ["Before Sunrise", "Her"]
    assert card_titles(client.get(LIST_URL, {"genre": "romance", "year": "2013"})) == ["Her"]
    assert card_titles(client.get(LIST_URL, {"year": "1979"})) == ["Alien"]


def test_catalogue_genre_filter_does_not_inflate_counts(client):
    drama, romance = make_genre(name="Drama", slug="drama"), make_genre(name="Romance", slug="romance")
    film = make_film(title="Her", genres=[drama, romance])
    make_review(film=film, rating=8)
    html = client.get(LIST_URL, {"genre": "drama"}).content.decode()
    assert "1 rating · 1 review" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Alpha", "Bravo", "Charlie"]),
        ("year", ["Charlie", "Alpha", "Bravo"]),
        ("rating", ["Bravo", "Alpha"]),
        ("reviews", ["Alpha", "Bravo", "Charlie"]),
    ],
)
def test_catalogue_sorts(client, settings, sort, expected):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 1  # the threshold has its own tests (reviews/tests/test_scores.py)
    alpha = make_film(title="Alpha", year=2010)
    bravo = make_film(title="Bravo", year=2000)
    make_film(title="Charlie", year=2020)  # no ratings: never ranked, so left out of the rating sort
    for rating in (6, 7, 8):
        make_review(film=alpha, rating=rating)
    make_review(film=bravo, rating=9)
    assert card_titles(client.get(LIST_URL, {"sort": sort})) == expected


def test_catalogue_paginates_and_links_keep_the_filters(client, settings):
    settings.REVIEWHUB_FILMS_PER_PAGE = 2
    romance = make_genre(name="Romance", slug="romance")
    for title in ("A", "B", "C", "D", "E"):
        make_film(title=f"Love {title}", year=2001, genres=[romance])
    make_film(title="Love Z", year=1990)  # filtered out by genre
    response = client.get(LIST_URL, {"genre": "romance", "sort": "title", "page": "2"})
    assert card_titles(response) == ["Love C", "Love D"]
    assert "5 films match your filters" in response.content.decode()
    html = response.content.decode()
    next_links = re.findall(r'href="([^"]+)" rel="next"', html)
    assert next_links == [escape("?genre=romance&sort=title&page=3")]
    assert escape("?genre=romance&sort=title&page=1") in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"sort": "drop"},
        {"page": "999"},
        {"page": "abc"},
        {"genre": "<script>"},
        {"year": "99999999999999999999"},
        {"q": "x" * 500},
    ],
)
def test_catalogue_ignores_or_clamps_invalid_values(client, settings, params):
    settings.REVIEWHUB_FILMS_PER_PAGE = 1
    make_film(title="Alpha", year=2010)
    make_film(title="Bravo", year=2000)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    titles = card_titles(response)
    assert len(titles) == 1
    assert titles == (["Bravo"] if params.get("page") == "999" else ["Alpha"])
    assert "<script>" not in response.content.decode()


def test_catalogue_query_count_does_not_grow_with_films(client, django_assert_num_queries, settings):
    settings.REVIEWHUB_FILMS_PER_PAGE = 50
    genre = make_genre()
    make_review(film=make_film(genres=[genre]))
    with django_assert_num_queries(5) as one:
        client.get(LIST_URL)
    for _ in range(20):
        make_review(film=make_film(genres=[genre, make_genre()]))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST_URL)
    assert len(card_titles(response)) == 21


# --- Film page -------------------------------------------------------------------


def test_film_page_shows_facts_credits_and_synopsis(client):
    film = make_film(
        title="Her",
        year=2013,
        certificate="R",
        runtime_minutes=126,
        synopsis="A lonely writer falls for his operating system.",
        genres=[make_genre(name="Romance", slug="romance"), make_genre(name="Drama", slug="drama")],
    )
    jonze = make_person(name="Spike Jonze")
    make_credit(film=film, person=jonze, role="director")
    make_credit(film=film, person=jonze, role="writer")
    make_credit(film=film, person=make_person(name="Joaquin Phoenix"), character="Theodore Twombly", order=1)
    make_credit(film=film, person=make_person(name="Amy Adams"), character="Amy", order=3)
    make_credit(film=film, person=make_person(name="Scarlett Johansson"), character="Samantha (voice)", order=2)
    response = client.get(film.get_absolute_url())
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "2h 6m" in html
    assert '<span class="certificate" title="Certificate">R</span>' in html
    assert "Romance" in html and "Drama" in html
    assert "A lonely writer falls for his operating system." in html
    assert re.search(r"<dt>Director</dt>\s*<dd><a [^>]+>Spike Jonze</a></dd>", html)
    assert re.search(r"<dt>Writer</dt>\s*<dd><a [^>]+>Spike Jonze</a></dd>", html)
    cast = re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="text-muted-warm">as ([^<]+)</span></li>', html)
    assert cast == [
        ("Joaquin Phoenix", "Theodore Twombly"),
        ("Scarlett Johansson", "Samantha (voice)"),
        ("Amy Adams", "Amy"),
    ]
    assert "No poster for Her" in html


def genres_and_credits(client, film) -> tuple[str, str]:
    """The film page's genre list and credits section, less the template's line breaks and indentation."""
    html = client.get(film.get_absolute_url()).content.decode()
    genres = re.search(r'<ul class="genre-list.*?</ul>', html, re.DOTALL)
    credits = re.search(r'<section class="col-md-7" aria-labelledby="credits-title">.*?</section>', html, re.DOTALL)
    return tuple(re.sub(r">\s*\n\s*<", "><", found.group()) if found else "" for found in (genres, credits))


def test_film_page_genres_and_credits_of_the_her_fixture(client):
    call_command("loaddata", "her", verbosity=0)
    genres, credits = genres_and_credits(client, Film.objects.get(slug="her-2013"))
    assert genres == (
        '<ul class="genre-list list-inline" aria-label="Genres">'
        '<li class="list-inline-item"><a class="genre-chip" href="/films/?genre=drama">Drama</a></li>'
        '<li class="list-inline-item"><a class="genre-chip" href="/films/?genre=romance">Romance</a></li>'
        '<li class="list-inline-item">'
        '<a class="genre-chip" href="/films/?genre=science-fiction">Science Fiction</a></li>'
        "</ul>"
    )
    assert credits == (
        '<section class="col-md-7" aria-labelledby="credits-title">'
        '<h2 id="credits-title" class="section-title">Cast and crew</h2>'
        '<dl class="credits">'
        '<dt>Director</dt><dd><a href="/search/?q=Spike%20Jonze">Spike Jonze</a></dd>'
        '<dt>Writer</dt><dd><a href="/search/?q=Spike%20Jonze">Spike Jonze</a></dd>'
        "</dl>"
        '<h3 class="h6 credits-cast-title">Cast</h3>'
        '<ul class="cast-list list-unstyled">'
        '<li><a href="/search/?q=Joaquin%20Phoenix">Joaquin Phoenix</a>'
        ' <span class="text-muted-warm">as Theodore Twombly</span></li>'
        '<li><a href="/search/?q=Scarlett%20Johansson">Scarlett Johansson</a>'
        ' <span class="text-muted-warm">as Samantha (voice)</span></li>'
        '<li><a href="/search/?q=Amy%20Adams">Amy Adams</a> <span class="text-muted-warm">as Amy</span></li>'
        "</ul>"
        "</section>"
    )


def test_film_page_genres_by_name_and_several_credits_per_role_in_billing_order(client):
    """Billing order is the credit's order, then the order credits were added; names are escaped and URL-encoded."""
    film = make_film(
        genres=[
            make_genre(name="Thriller", slug="thriller"),
            make_genre(name="Mystery", slug="mystery"),
            make_genre(name="Action", slug="action"),
        ]
    )
    lana, lilly, tom = (make_person(name=name) for name in ("Lana Wachowski", "Lilly Wachowski", "Tom Tykwer"))
    make_credit(film=film, person=tom, role="director", order=2)
    make_credit(film=film, person=lilly, role="director", order=1)
    make_credit(film=film, person=lana, role="director", order=1)
    make_credit(film=film, person=lana, role="writer")
    make_credit(film=film, person=make_person(name="David Mitchell"), role="writer", order=9)
    make_credit(film=film, person=make_person(name="Zoë O'Brien & Sons"), character='"The" <Narrator>', order=4)
    make_credit(film=film, person=make_person(name="Tom Hanks"), character="Zachry", order=1)
    make_credit(film=film, person=make_person(name="Halle Berry"), character="Luisa Rey", order=2)
    make_credit(film=film, person=make_person(name="Hugo Weaving"), order=2)
    make_credit(film=make_film(), person=tom, role="director")
    genres, credits = genres_and_credits(client, film)
    assert genres == (
        '<ul class="genre-list list-inline" aria-label="Genres">'
        '<li class="list-inline-item"><a class="genre-chip" href="/films/?genre=action">Action</a></li>'
        '<li class="list-inline-item"><a class="genre-chip" href="/films/?genre=mystery">Mystery</a></li>'
        '<li class="list-inline-item"><a class="genre-chip" href="/films/?genre=thriller">Thriller</a></li>'
        "</ul>"
    )
    assert credits == (
        '<section class="col-md-7" aria-labelledby="credits-title">'
        '<h2 id="credits-title" class="section-title">Cast and crew</h2>'
        '<dl class="credits">'
        "<dt>Directors</dt><dd>"
        '<a href="/search/?q=Lilly%20Wachowski">Lilly Wachowski</a>, '
        '<a href="/search/?q=Lana%20Wachowski">Lana Wachowski</a>, '
        '<a href="/search/?q=Tom%20Tykwer">Tom Tykwer</a>'
        "</dd>"
        "<dt>Writers</dt><dd>"
        '<a href="/search/?q=Lana%20Wachowski">Lana Wachowski</a>, '
        '<a href="/search/?q=David%20Mitchell">David Mitchell</a>'
        "</dd>"
        "</dl>"
        '<h3 class="h6 credits-cast-title">Cast</h3>'
        '<ul class="cast-list list-unstyled">'
        '<li><a href="/search/?q=Tom%20Hanks">Tom Hanks</a> <span class="text-muted-warm">as Zachry</span></li>'
        '<li><a href="/search/?q=Halle%20Berry">Halle Berry</a> <span class="text-muted-warm">as Luisa Rey</span></li>'
        '<li><a href="/search/?q=Hugo%20Weaving">Hugo Weaving</a></li>'
        '<li><a href="/search/?q=Zo%C3%AB%20O%27Brien%20%26%20Sons">Zoë O&#x27;Brien &amp; Sons</a>'
        ' <span class="text-muted-warm">as &quot;The&quot; &lt;Narrator&gt;</span></li>'
        "</ul>"
        "</section>"
    )


def test_film_page_without_genres_or_credits(client):
    assert genres_and_credits(client, make_film()) == (
        "",
        '<section class="col-md-7" aria-labelledby="credits-title">'
        '<h2 id="credits-title" class="section-title">Cast and crew</h2>'
        '<dl class="credits"></dl>'
        '<p class="empty-note">No credits yet.</p>'
        "</section>",
    )


def test_with_the_fragment_cache_a_warm_film_page_skips_the_review_cards(
    client, film, settings, django_assert_num_queries
):
    """The cached parts' review cards are never read; the page is the same with the cache cold, warm or off."""
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 60
    url = film.get_absolute_url()
    film.genres.add(make_genre(name="Drama", slug="drama"))
    make_credit(film=film, person=make_person(name="Amy Adams"), character="Amy")
    make_review(film=film)
    # The film with its review statistics, its genres, its credits, the count of reviews and the page of them.
    with django_assert_num_queries(5) as cold_queries:
        cold = client.get(url)
    with django_assert_num_queries(4) as warm:
        assert client.get(url).content == cold.content
    assert [q["sql"] for q in warm.captured_queries] == [q["sql"] for q in cold_queries.captured_queries[:4]]
    assert 'reviews_review"."body' in cold_queries.captured_queries[4]["sql"]
    settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS = 0
    assert client.get(url).content == cold.content
    assert "Amy Adams" in cold.content.decode()


def test_film_page_unknown_slug_is_404(client):
    assert client.get(reverse("films:detail", kwargs={"slug": "no-such-film"})).status_code == 404


def test_film_page_shows_average_count_verdict_and_histogram(client, film):
    for rating in (10, 10, 9, 7):
        make_review(film=film, rating=rating)
    make_review(film=film, rating=None)
    html = client.get(film.get_absolute_url()).content.decode()
    assert '<span class="film-average-value">9.0/10</span>' in html
    assert '<span class="film-verdict">Great</span>' in html
    assert "from 4 ratings" in html
    rows = re.findall(r'<span class="visually-hidden">(\d+)/10: (\d+) ratings?, (\d+)%</span>', html)
    assert [int(rating) for rating, _, _ in rows] == list(range(10, 0, -1))
    by_rating = {int(rating): (int(count), int(percent)) for rating, count, percent in rows}
    assert by_rating[10] == (2, 50) and by_rating[9] == (1, 25) and by_rating[7] == (1, 25)
    assert sum(percent for _, percent in by_rating.values()) == 100
    assert "histogram-bar w-pct-50" in html
    assert "style=" not in html


def test_catalogue_home_and_film_page_round_the_average_the_same_way(client, film, settings):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 4
    for rating in (10, 9, 8, 10):  # 9.25: a tie that rounding conventions disagree on
        make_review(film=film, rating=rating)
    shown = re.search(r'film-average-value">([\d.]+)/10<', client.get(film.get_absolute_url()).content.decode())
    assert shown
    average = shown.group(1)
    assert average == "9.3"
    assert f"{average}/10</span>" in client.get(LIST_URL).content.decode()
    assert f"{average}/10</span>" in client.get(reverse("pages:home")).content.decode()


def test_film_page_histogram_percentages_add_up_to_100_with_thirds(client, film):
    for rating in (8, 9, 10):
        make_review(film=film, rating=rating)
    html = client.get(film.get_absolute_url()).content.decode()
    percents = [int(p) for p in re.findall(r"histogram-bar w-pct-(\d+)", html)]
    assert sorted(percents, reverse=True)[:3] == [34, 33, 33]
    assert sum(percents) == 100


def test_film_page_hides_and_does_not_count_hidden_pending_or_deleted_reviews(client, film):
    make_review(film=film, rating=8, title="Visible review")
    pending = make_review(film=film, rating=1, title="Pending review")
    spam = make_review(film=film, rating=1, title="Spam review")
    deleted = make_review(film=film, rating=1, title="Deleted review")
    Review.objects.filter(pk=pending.pk).update(status=Status.PENDING)
    Review.objects.filter(pk=spam.pk).update(status=Status.SPAM)
    services.review_delete(review=deleted)
    response = client.get(film.get_absolute_url())
    html = response.content.decode()
    assert review_titles(response) == ["Visible review"]
    assert '<span class="film-average-value">8.0/10</span>' in html
    assert "from 1 rating<" in html
    assert 'Reviews <span class="text-muted-warm">(1)</span>' in html


def test_film_page_without_ratings_says_so(client, film):
    make_review(film=film, rating=None)
    html = client.get(film.get_absolute_url()).content.decode()
    assert "No ratings yet" in html
    assert "/10</span>" not in html.split('class="film-score"')[1].split("</div>")[0]


def test_review_card_shows_rating_author_date_helpful_and_comments(client, film):
    from comments.tests.factories import make_comment

    author = make_user(username="samantha")
    review = make_review(film=film, author=author, rating=8, title="Warm and strange", body="Theodore writes letters.")
    vote(review, yes=12, no=3)
    make_comment(review=review)
    make_comment(review=review)
    html = client.get(film.get_absolute_url()).content.decode()
    assert f'<a href="{review.get_absolute_url()}">Warm and strange</a>' in html
    assert f'by <a href="{reverse("pages:profile", args=["samantha"])}">samantha</a>' in html
    assert '<span class="visually-hidden">Rated </span>8/10' in html
    assert "Theodore writes letters." in html
    assert "12 of 15 found this helpful" in html
    assert "2 comments" in html


def test_review_card_with_spoilers_hides_the_excerpt(client, film):
    make_review(film=film, title="Ending discussed", body="Samantha leaves at the end.", contains_spoilers=True)
    html = client.get(film.get_absolute_url()).content.decode()
    assert "Contains spoilers" in html
    assert "Samantha leaves" not in html


def test_review_text_is_escaped(client, film):
    make_review(film=film, title="<b>bold</b>", body="<script>alert(1)</script>")
    html = client.get(film.get_absolute_url()).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Unrated", "Mixed", "Loved", "Hated"]),
        ("highest", ["Loved", "Mixed", "Hated", "Unrated"]),
        ("lowest", ["Hated", "Mixed", "Loved", "Unrated"]),
        ("nonsense", ["Unrated", "Mixed", "Loved", "Hated"]),
    ],
)
def test_film_page_sorts_reviews(client, film, sort, expected):
    for title, rating in (("Hated", 2), ("Loved", 10), ("Mixed", 6), ("Unrated", None)):
        make_review(film=film, title=title, rating=rating)
    assert review_titles(client.get(detail_url(film, sort=sort))) == expected


def test_most_helpful_uses_the_wilson_lower_bound(client, film):
    lucky = make_review(film=film, title="One yes out of one")
    trusted = make_review(film=film, title="Forty-five yes out of fifty")
    split = make_review(film=film, title="Two yes out of six")
    make_review(film=film, title="No votes")
    vote(lucky, yes=1)
    vote(trusted, yes=45, no=5)
    vote(split, yes=2, no=4)
    assert review_titles(client.get(detail_url(film, sort="helpful"))) == [
        "Forty-five yes out of fifty",
        "One yes out of one",
        "Two yes out of six",
        "No votes",
    ]


def test_film_page_paginates_reviews_and_links_keep_the_sort(client, film, settings):
    settings.REVIEWHUB_REVIEWS_PER_PAGE = 2
    for rating in (1, 2, 3, 4, 5):
        make_review(film=film, title=f"Rated {rating}", rating=rating)
    response = client.get(detail_url(film, sort="lowest", page=2))
    assert review_titles(response) == ["Rated 3", "Rated 4"]
    html = response.content.decode()
    assert escape("?sort=lowest&page=3") + '#reviews" rel="next"' in html
    # Sort links start again from the first page but keep other parameters out of the way.
    assert 'href="?sort=helpful#reviews"' in html
    assert review_titles(client.get(detail_url(film, page=999))) == ["Rated 1"]


def test_visitor_is_invited_to_sign_in_to_write_a_review(client, film):
    html = client.get(film.get_absolute_url()).content.decode()
    login = reverse("login") + "?next=" + film.get_absolute_url()
    assert f'href="{login}">Sign in to write a review</a>' in html
    assert "Write a review</a>" not in html and "Edit your review" not in html


def test_signed_in_reader_without_a_review_can_write_one(client, film, user):
    client.force_login(user)
    html = client.get(film.get_absolute_url()).content.decode()
    assert f'href="{reverse("reviews:create", args=[film.slug])}">Write a review</a>' in html
    assert "Edit your review" not in html and "Sign in to write" not in html


def test_author_of_a_review_is_offered_to_edit_it(client, film, user):
    review = make_review(film=film, author=user)
    client.force_login(user)
    html = client.get(film.get_absolute_url()).content.decode()
    assert f'href="{reverse("reviews:edit", args=[review.pk])}">Edit your review</a>' in html
    assert "Write a review</a>" not in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_film_page_query_count_is_constant(
    client, film, user, settings, django_assert_num_queries, signed_in, fragments
):
    """1 review or 30 (with authors, votes and comments): the same number of queries, at most 10."""
    from comments.tests.factories import make_comment

    settings.REVIEWHUB_REVIEWS_PER_PAGE = 50
    genre = make_genre()
    film.genres.add(genre)
    make_credit(film=film, role="director")
    if signed_in:
        client.force_login(user)
    first = make_review(film=film)
    make_comment(review=first)
    # The film with its review statistics, its genres, its credits, the count of reviews and
    # (unless served from the fragment cache) the page of them; signed in, also the session,
    # the user, their own review, what they unlocked (watches, watchlist, reveals, blind mode) and the
    # navbar bell's unread count.
    expected = (10 if signed_in else 5) - (fragments.mode == "warm")
    fragments.warm_up(client, film.get_absolute_url())
    with django_assert_num_queries(expected):
        client.get(film.get_absolute_url())
    for index in range(29):
        review = make_review(film=film, rating=index % 10 + 1)
        make_comment(review=review)
        film.genres.add(make_genre())
        make_credit(film=film, character=f"Role {index}")
    vote(first, yes=2, no=1)
    fragments.warm_up(client, film.get_absolute_url())
    with django_assert_num_queries(expected):
        response = client.get(film.get_absolute_url())
    assert len(review_titles(response)) == 30
    assert expected <= 10
