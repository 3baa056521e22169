"""What readers see of honest scores: calibration lines, ranking thresholds, the score explained, protection notes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from moderation.services import status_set
from reviews import services
from reviews.models import ScoreProtection, verdict_bands, verdict_for
from reviews.protection import score_protection_save
from reviews.tests.factories import make_review
from watchlog import services as watch_services
from watchlog.models import Watch

pytestmark = pytest.mark.django_db

# Ten ratings averaging 6.4; the first is the one under test.
TEN_RATINGS = [8, 6, 6, 6, 6, 6, 6, 7, 7, 6]


def text(response) -> str:
    """The page's text with tags dropped and whitespace collapsed, as a reader reads it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


def prolific_reviewer(ratings: list[int]):
    """A reviewer with these ratings, one film each; returns them and the review with the first rating, written last."""
    author = make_user()
    reviews = [make_review(author=author, rating=rating, film=make_film()) for rating in ratings[::-1]]
    return author, reviews[-1]


# --- Reviewer calibration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "relation"),
    [(8, "above"), (5, "below"), (6, "about"), (7, "above")],
)
def test_a_card_on_the_film_page_compares_the_rating_with_the_reviewer_usual(client, first, relation):
    ratings = [first, *TEN_RATINGS[1:]]
    _, review = prolific_reviewer(ratings)
    average = f"{sum(ratings) / 10:.1f}"

    page = text(client.get(review.film.get_absolute_url()))

    assert f"{first}/10 — {relation} their usual (averages {average} over 10 ratings)" in page


def test_about_their_usual_is_within_the_band_setting(client, settings):
    _, review = prolific_reviewer([7, *TEN_RATINGS[1:]])  # 7 against an average of 6.3
    assert "7/10 — above their usual" in text(client.get(review.film.get_absolute_url()))

    settings.REVIEWHUB_CALIBRATION_BAND = 1.0
    assert "7/10 — about their usual" in text(client.get(review.film.get_absolute_url()))


def test_no_calibration_line_below_the_minimum_number_of_ratings(client, settings):
    _, review = prolific_reviewer(TEN_RATINGS[:9])
    assert "their usual" not in text(client.get(review.film.get_absolute_url()))

    settings.REVIEWHUB_CALIBRATION_MIN_RATINGS = 9
    assert "8/10 — above their usual (averages 6.4 over 9 ratings)" in text(client.get(review.film.get_absolute_url()))


def test_hidden_and_unrated_reviews_do_not_count_towards_the_usual(client):
    author, review = prolific_reviewer(TEN_RATINGS)
    make_review(author=author, rating=None)
    spam = make_review(author=author, rating=1)
    status_set(target=spam, status=Status.SPAM, action="spam")
    assert "(averages 6.4 over 10 ratings)" in text(client.get(review.film.get_absolute_url()))


def test_the_review_page_and_the_home_cards_show_the_line_too(client):
    _, review = prolific_reviewer(TEN_RATINGS)
    line = "8/10 — above their usual (averages 6.4 over 10 ratings)"

    assert line in text(client.get(review.get_absolute_url()))
    assert line in text(client.get(reverse("pages:home")))


def test_an_unrated_review_has_no_calibration_line(client):
    author, _ = prolific_reviewer(TEN_RATINGS)
    unrated = make_review(author=author, rating=None, title="No score here")
    assert "their usual" not in text(client.get(unrated.get_absolute_url()))


# --- Ranking needs enough ratings ----------------------------------------------------------------


def rate(film, *ratings):
    for rating in ratings:
        make_review(film=film, rating=rating)


def best_rated(client) -> list[str]:
    html = client.get(reverse("pages:home")).content.decode()
    panel = html[html.index('id="best-rated-title"') : html.index("</section>", html.index('id="best-rated-title"'))]
    return re.findall(r'class="best-rated-title" href="[^"]+">([^<]+)</a>', panel)


def by_rating(client) -> list[str]:
    html = client.get(reverse("films:list"), {"sort": "rating"}).content.decode()
    return re.findall(r'class="film-card-title[^"]*"><a href="[^"]+">([^<]+)</a>', html)


def test_ranked_lists_include_only_films_with_enough_ratings_and_say_so(client):
    few, enough = make_film(title="Few ratings"), make_film(title="Enough ratings")
    rate(few, 10, 10, 10, 10)
    rate(enough, 7, 7, 7, 7, 7)

    assert best_rated(client) == ["Enough ratings"]
    assert by_rating(client) == ["Enough ratings"]
    assert "Films with at least 5 ratings." in text(client.get(reverse("pages:home")))
    assert "Films with at least 5 ratings." in text(client.get(reverse("films:list"), {"sort": "rating"}))
    # Other sorts list every film and need no note.
    by_title = client.get(reverse("films:list"), {"sort": "title"})
    assert "Few ratings" in text(by_title)
    assert "Films with at least" not in text(by_title)

    rate(few, 10)
    assert best_rated(client) == ["Few ratings", "Enough ratings"]


def test_ranked_ties_go_to_more_ratings_then_to_the_title(client, settings):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 2
    rate(make_film(title="Zed, twice"), 8, 8)
    rate(make_film(title="Yarn, thrice"), 8, 8, 8)
    rate(make_film(title="Able, twice"), 9, 7)
    rate(make_film(title="Top"), 10, 9)
    expected = ["Top", "Yarn, thrice", "Able, twice", "Zed, twice"]
    assert best_rated(client)[:4] == expected
    assert by_rating(client) == expected


def test_an_empty_ranking_says_why_instead_of_blaming_the_filters(client):
    rate(make_film(title="Few ratings", year=2001), 9, 9)
    page = text(client.get(reverse("films:list"), {"sort": "rating"}))
    assert "No film has 5 ratings yet, so none is ranked." in page
    assert "Try another title" not in page
    filtered = text(client.get(reverse("films:list"), {"sort": "rating", "year": "2001"}))
    assert "No films match. Try another title, genre or year." in filtered


def test_a_zero_threshold_still_ranks_only_rated_films(client, settings):
    settings.REVIEWHUB_RANKING_MIN_RATINGS = 0
    rate(make_film(title="Rated"), 6)
    rate(make_film(title="Reviewed without a rating"), None)
    make_film(title="Never reviewed")
    assert best_rated(client) == ["Rated"]
    assert by_rating(client) == ["Rated"]


def test_an_unranked_film_shows_its_average_and_how_far_it_is_from_ranking(client, settings):
    film = make_film()
    rate(film, 8, 9, 10)
    page = text(client.get(film.get_absolute_url()))
    assert "9.0/10" in page and "from 3 ratings" in page
    assert "Not ranked yet: 3 of 5 ratings" in page

    settings.REVIEWHUB_RANKING_MIN_RATINGS = 3
    assert "Not ranked yet" not in text(client.get(film.get_absolute_url()))


def test_ranking_counts_only_counted_ratings(client, admin_user):
    film = make_film(title="Bombed")
    for _ in range(5):
        make_review(film=film, author=old_account(), rating=9)
    assert best_rated(client) == ["Bombed"]

    newcomer = make_user()
    make_review(film=film, author=newcomer, rating=1)
    protect(film, admin_user, min_account_age_days=30)
    assert best_rated(client) == ["Bombed"]  # still five counted ratings of 9

    services.review_delete(review=film.reviews.exclude(author=newcomer).first())
    assert best_rated(client) == []  # four counted, one shown but not counted


# --- How this score works -----------------------------------------------------------------------


def test_the_film_page_explains_the_score(client):
    film = make_film()
    rate(film, 7, 8, 8)
    make_review(film=film, rating=None)
    html = client.get(film.get_absolute_url()).content.decode()
    details = html[html.index('<details class="score-explained">') : html.index("</details>")]
    explained = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", details))

    assert "How this score works" in explained
    assert "plain mean of the 3 counted ratings" in explained and "(7.7/10)" in explained
    assert "at least 5 counted ratings" in explained
    for word in ("1.0–1.4 Awful", "7.5–8.4 Good", "9.5–10.0 Masterpiece"):
        assert word in explained
    assert "score protection" not in explained.lower()


def test_the_verdict_bands_are_read_off_the_verdict_rule():
    bands = verdict_bands()
    assert [word for _, _, word in bands] == [verdict_for(n) for n in range(1, 11)]
    for low, high, word in bands:
        assert verdict_for(low) == verdict_for(high) == word
        assert low == 1.0 or verdict_for(round(low - 0.1, 1)) != word
    assert (bands[0][0], bands[-1][1]) == (1.0, 10.0)


# --- Score protection, as readers see it --------------------------------------------------------


def protect(film, actor, **rules) -> ScoreProtection:
    rules.setdefault("since", timezone.now() - timedelta(days=3))
    protection = ScoreProtection.objects.filter(film=film).first() or ScoreProtection(film=film)
    for name, value in rules.items():
        setattr(protection, name, value)
    return score_protection_save(protection=protection, actor=actor)


def old_account():
    return make_user(date_joined=timezone.now() - timedelta(days=365))


def test_protection_by_account_age_shows_a_public_note_and_changes_the_counted_score(client, admin_user):
    film = make_film()
    make_review(film=film, author=old_account(), rating=9)
    make_review(film=film, author=make_user(), rating=1, title="Bombing run")
    assert "5.0/10" in text(client.get(film.get_absolute_url()))

    protection = protect(film, admin_user, min_account_age_days=30)
    page = text(client.get(film.get_absolute_url()))
    since = timezone.localtime(protection.since).strftime("%-d %b")
    assert (
        f"Score protection on since {since}: ratings from accounts under 30 days old are shown but not counted." in page
    )
    assert "1 rating is not counted." in page
    assert "9.0/10" in page and "from 1 rating" in page
    assert "Bombing run" in page and "1/10" in page  # shown, not deleted
    assert "an account's age is taken when its review was written" in page

    protection.enabled = False
    score_protection_save(protection=protection, actor=admin_user)
    page = text(client.get(film.get_absolute_url()))
    assert "Score protection on" not in page
    assert "5.0/10" in page and "from 2 ratings" in page


def test_ratings_written_before_the_chosen_date_keep_counting(client, admin_user):
    film = make_film()
    make_review(film=film, author=make_user(), rating=2)
    protect(film, admin_user, min_account_age_days=30, since=timezone.now() + timedelta(minutes=1))
    page = text(client.get(film.get_absolute_url()))
    assert "Score protection on since" in page
    assert "2.0/10" in page and "from 1 rating" in page
    assert "is not counted" not in page


def test_protection_by_logged_watch_counts_a_rating_once_its_author_logs_a_watch(client, admin_user):
    film = make_film()
    reader = old_account()
    make_review(film=film, author=old_account(), rating=8)
    make_review(film=film, author=reader, rating=2)
    protect(film, admin_user, require_watch=True, since=timezone.now() - timedelta(days=400))

    page = text(client.get(film.get_absolute_url()))
    assert "ratings from readers who have not logged a watch of the film are shown but not counted." in page
    assert "2 ratings are not counted." in page and "No ratings yet" in page

    watch = Watch.objects.create(user=reader, film=film, watched_on=timezone.localdate())
    page = text(client.get(film.get_absolute_url()))
    assert "2.0/10" in page and "1 rating is not counted." in page

    watch.delete()
    assert "2 ratings are not counted." in text(client.get(film.get_absolute_url()))


# --- Profiles ------------------------------------------------------------------------------------


def test_the_profile_shows_the_reviewer_spread_beside_the_whole_site(client):
    author, _ = prolific_reviewer(TEN_RATINGS)
    make_review(rating=1)
    page = text(client.get(reverse("pages:profile", args=[author.username])))

    assert "Average rating given 6.4/10" in page
    assert "Whole site" in page
    assert "Everyone's ratings average 5.9/10 over 11 ratings." in page  # (64 + 1) / 11


def test_blind_mode_hides_calibration_lines_and_the_score_explanation_with_the_scores(client):
    _, review = prolific_reviewer(TEN_RATINGS)
    reader = make_user()
    watch_services.reading_preferences_update(user=reader, diary_public=True, watchlist_public=False, blind_mode=True)
    client.force_login(reader)

    film_page = text(client.get(review.film.get_absolute_url()))
    review_page = text(client.get(review.get_absolute_url()))

    assert "their usual" not in film_page and "their usual" not in review_page
    assert "How this score works" not in film_page
    assert "Scores hidden (blind mode)" in film_page
