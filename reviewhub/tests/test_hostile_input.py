"""Hostile input: markup in every user field, forged requests, other people's things, tampered forms, abuse.

Every check goes through HTTP and looks at the rendered HTML or the database afterwards.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from comments.models import Comment, Report
from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from reviewhub.tests.htmlchecks import inline_code, links, title_source
from reviews.models import HelpfulVote, Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
# Breaks out of text, of a double- or single-quoted attribute, and of a tag.
PAYLOAD = """<script>alert("pwned")</script>"'><img src=x onerror=alert(1)><svg onload=alert(2)>"""
RAW_MARKUP = ("<script>alert", "<img src=x", "<svg onload")
ESCAPED = "&lt;script&gt;alert("


def page(client: Client, url: str, *, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


def assert_inert(html: str, url: str = "", *, shown: bool = True) -> None:
    """No markup from the payload survives; when `shown`, its escaped text is on the page."""
    assert inline_code(html) == [], url
    for markup in RAW_MARKUP:
        assert markup not in html, f"{url}: {markup} unescaped"
    if shown:
        assert ESCAPED in html, f"{url}: the field is not on the page at all"


@pytest.fixture
def hostile_user(db):
    """A username no form accepts (the validator allows letters, digits and @.+-_), made directly."""
    return get_user_model().objects.create_user(
        username='ev"il<img src=x onerror=alert(1)>', email="evil@example.com", password=PASSWORD
    )


# --- Markup in every user field is escaped everywhere ------------------------------------------


def test_review_title_and_body_are_inert_on_every_page(client, admin_client, film, other_user):
    review = make_review(
        film=film,
        author=other_user,
        title=f"Marvellous {PAYLOAD}"[:200],
        body=f"Marvellous film. {PAYLOAD}\n\nSecond paragraph {PAYLOAD}",
    )
    pages = [
        reverse("pages:home"),
        film.get_absolute_url(),
        review.get_absolute_url(),
        reverse("pages:profile", args=[other_user.username]),
        reverse("pages:search") + "?q=marvellous",
        reverse("admin:reviews_review_changelist"),
        reverse("admin:reviews_review_changelist") + "?q=marvellous",
        reverse("admin:reviews_review_change", args=[review.pk]),
    ]
    for url in pages:
        assert_inert(page(admin_client if "/admin/" in url else client, url), url)

    html = page(client, review.get_absolute_url())
    assert ESCAPED in title_source(html)


def test_comment_body_is_inert_on_every_page(client, admin_client, review, user):
    comment = make_comment(review=review, author=user, body=f"Nice one {PAYLOAD}\n{PAYLOAD}")
    reply_page = reverse("comments:reply", args=[comment.pk])
    for url in [
        review.get_absolute_url(),
        reverse("pages:home"),
        reverse("pages:profile", args=[user.username]),
        reverse("admin:comments_comment_changelist"),
        reverse("admin:comments_comment_change", args=[comment.pk]),
    ]:
        assert_inert(page(admin_client if "/admin/" in url else client, url), url)

    client.force_login(make_user())
    assert_inert(page(client, reply_page), reply_page)


def test_a_username_with_markup_is_inert_on_every_page(client, admin_client, film, hostile_user):
    review = make_review(film=film, author=hostile_user, title="A fine film")
    make_comment(review=review, author=hostile_user, body="I wrote this review.")
    escaped_name = "ev&quot;il&lt;img src=x onerror=alert(1)&gt;"
    profile = reverse("pages:profile", args=[hostile_user.username])
    for url in [reverse("pages:home"), film.get_absolute_url(), review.get_absolute_url(), profile]:
        html = page(client, url)
        assert inline_code(html) == [], url
        assert "<img src=x" not in html, url
        assert escaped_name in html or "ev&quot;il" in html, url
    assert "ev&quot;il&lt;img" in title_source(page(client, profile))
    for url in [reverse("admin:accounts_user_changelist"), reverse("admin:reviews_review_changelist")]:
        assert_inert(page(admin_client, url), url, shown=False)


def test_report_details_are_inert_for_moderators(client, admin_client, review, user):
    client.force_login(user)
    response = client.post(
        reverse("comments:report-review", args=[review.pk]), {"reason": "other", "details": f"Look: {PAYLOAD}"}
    )
    assert response.status_code == 302
    report = Report.objects.get(reporter=user)
    for url in [
        reverse("admin:comments_report_changelist"),
        reverse("admin:comments_report_change", args=[report.pk]),
    ]:
        assert_inert(page(admin_client, url), url, shown="change" in url)


def test_search_queries_are_inert_wherever_they_are_echoed(client, film):
    for url in [
        reverse("pages:search") + f"?q={PAYLOAD}",
        reverse("films:list") + f"?q={PAYLOAD}",
        reverse("films:list") + f"?genre={PAYLOAD}&year={PAYLOAD}&sort={PAYLOAD}&page={PAYLOAD}",
    ]:
        html = page(client, url)
        assert_inert(html, url, shown="q=" in url)
    assert ESCAPED in title_source(page(client, reverse("pages:search") + f"?q={PAYLOAD}"))


def test_the_next_parameter_is_inert_where_it_is_echoed(client):
    for url in [reverse("login"), reverse("signup")]:
        html = page(client, f"{url}?next=/films/{PAYLOAD}")
        assert inline_code(html) == [], url
        for markup in RAW_MARKUP:
            assert markup not in html, url


def test_links_in_user_text_are_nofollow_and_only_http(client, film, other_user):
    review = make_review(
        film=film,
        author=other_user,
        body=(
            "Read https://example.com/essay?a=1&b=2 first. Not javascript:alert(1) nor "
            'data:text/html,<script>alert(1)</script> nor http://example.org/"onmouseover="alert(1) either.'
        ),
    )
    html = page(client, review.get_absolute_url())

    assert inline_code(html) == []
    user_links = [link for link in links(html) if "example." in link.get("href", "")]
    assert [link["href"] for link in user_links] == ["https://example.com/essay?a=1&b=2", "http://example.org/"]
    assert all(link["rel"] == "nofollow ugc noopener" for link in user_links)
    assert not [link for link in links(html) if link.get("href", "").lower().startswith(("javascript:", "data:"))]


def test_a_bots_input_echoed_on_the_check_your_inbox_page_is_inert(client):
    response = client.post(
        reverse("signup"),
        {
            "username": PAYLOAD,
            "email": PAYLOAD,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "website": "http://spam.example",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert_inert(response.content.decode())
    assert not get_user_model().objects.exists()


def test_signup_refuses_a_username_with_markup(client):
    response = client.post(
        reverse("signup"),
        {"username": "<script>x</script>", "email": "x@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="x@example.com").exists()


def test_emails_are_plain_text_so_a_username_cannot_become_markup(client, hostile_user, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "evil@example.com"})

    assert response.status_code == 302
    [email] = mailoutbox
    assert email.content_subtype == "plain"
    assert not getattr(email, "alternatives", [])
    assert hostile_user.username in email.body  # verbatim: plain text has nothing to escape


def test_the_checks_catch_unescaped_markup():
    """assert_inert is the judge in the tests above; it must fail on a page that renders the payload raw."""
    with pytest.raises(AssertionError):
        assert_inert(f"<p>{PAYLOAD}</p>")
    with pytest.raises(AssertionError):
        assert_inert('<p title="x" onclick="alert(1)">&lt;script&gt;alert(</p>')
    with pytest.raises(AssertionError, match="not on the page"):
        assert_inert("<p>nothing here</p>")
    assert_inert("<p>&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>")


# --- Forged requests: no CSRF token, no change -------------------------------------------------------


def test_state_changing_posts_without_a_csrf_token_are_refused(review, film, user):
    own_review = make_review(author=user, film=make_film())
    own_comment = make_comment(review=review, author=user)
    others_comment = make_comment(review=review)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    posts = [
        (reverse("reviews:create", args=[film.slug]), {"title": "Forged", "body": "Forged.", "rating": "1"}),
        (reverse("reviews:edit", args=[own_review.pk]), {"title": "Forged", "body": "Forged.", "rating": "1"}),
        (reverse("reviews:delete", args=[own_review.pk]), {}),
        (reverse("reviews:vote", args=[review.pk]), {"value": "no"}),
        (reverse("comments:report-review", args=[review.pk]), {"reason": "spam"}),
        (reverse("comments:create", args=[review.pk]), {"body": "Forged."}),
        (reverse("comments:reply", args=[others_comment.pk]), {"body": "Forged."}),
        (reverse("comments:edit", args=[own_comment.pk]), {"body": "Forged."}),
        (reverse("comments:delete", args=[own_comment.pk]), {}),
        (reverse("comments:report", args=[others_comment.pk]), {"reason": "spam"}),
        (
            reverse("account_settings:password"),
            {
                "password-old_password": PASSWORD,
                "password-new_password1": "Forged-1234",
                "password-new_password2": "Forged-1234",
            },
        ),
        (reverse("logout"), {}),
    ]
    before = (Review.objects.count(), Comment.objects.count(), HelpfulVote.objects.count(), Report.objects.count())

    for url, data in posts:
        assert client.post(url, data).status_code == 403, url

    assert before == (
        Review.objects.count(),
        Comment.objects.count(),
        HelpfulVote.objects.count(),
        Report.objects.count(),
    )
    own_review.refresh_from_db()
    own_comment.refresh_from_db()
    user.refresh_from_db()
    assert own_review.title != "Forged" and own_review.deleted_at is None
    assert own_comment.body != "Forged." and own_comment.deleted_at is None
    assert user.check_password(PASSWORD)
    assert client.get(reverse("account_settings:page")).status_code == 200, "still signed in: logout was refused too"


def test_sign_in_and_sign_up_without_a_csrf_token_are_refused(user):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("login"), {"username": "reader", "password": PASSWORD}).status_code == 403
    assert "_auth_user_id" not in client.session
    signup = {"username": "forged", "email": "f@example.com", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("signup"), signup).status_code == 403
    assert not get_user_model().objects.filter(username="forged").exists()


def test_the_same_post_with_the_token_is_accepted(review, user):
    """The control for the two tests above: the refusals are about the token, nothing else."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    page(client, review.get_absolute_url())
    token = client.cookies["csrftoken"].value

    response = client.post(
        reverse("comments:create", args=[review.pk]), {"body": "With a token.", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert Comment.objects.filter(body="With a token.").exists()


# --- Other people's things -------------------------------------------------------------------------


def test_another_users_review_cannot_be_edited_or_deleted(client, review, user):
    client.force_login(user)
    for url in [reverse("reviews:edit", args=[review.pk]), reverse("reviews:delete", args=[review.pk])]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Hijacked", "body": "Hijacked.", "rating": "1"}).status_code == 404

    review.refresh_from_db()
    assert review.title == "A quiet film about love"
    assert review.rating == 9
    assert review.deleted_at is None


def test_another_users_comment_cannot_be_edited_or_deleted(client, review, user):
    comment = make_comment(review=review, body="My own words.")
    client.force_login(user)
    for url in [reverse("comments:edit", args=[comment.pk]), reverse("comments:delete", args=[comment.pk])]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Hijacked."}).status_code == 404

    comment.refresh_from_db()
    assert comment.body == "My own words."
    assert comment.deleted_at is None


def test_another_users_held_review_is_not_shown_to_anyone_else(client, film, other_user, user):
    held = make_review(film=film, author=other_user, title="Held back for moderation")
    Review.objects.filter(pk=held.pk).update(status=Status.PENDING)
    client.force_login(user)

    assert client.get(held.get_absolute_url()).status_code == 404
    for url in [film.get_absolute_url(), reverse("pages:home"), reverse("pages:profile", args=[other_user.username])]:
        assert "Held back for moderation" not in page(client, url), url
    assert "Held back for moderation" not in page(client, reverse("pages:search") + "?q=held")
    assert client.post(reverse("reviews:vote", args=[held.pk]), {"value": "yes"}).status_code == 404
    assert client.post(reverse("comments:create", args=[held.pk]), {"body": "Sneaky."}).status_code == 404
    assert not HelpfulVote.objects.filter(review=held).exists()
    assert not Comment.objects.filter(review=held).exists()

    author = Client()
    author.force_login(other_user)
    assert "Held back for moderation" in page(author, held.get_absolute_url())


def test_another_users_held_comment_is_not_shown_and_cannot_be_answered(client, review, user):
    held = make_comment(review=review, body="Awaiting a moderator's eye.", approve=False)
    Comment.objects.filter(pk=held.pk).update(status=Status.PENDING)
    client.force_login(user)

    assert "Awaiting a moderator" not in page(client, review.get_absolute_url())
    assert "Awaiting a moderator" not in page(client, reverse("pages:home"))
    reply_url = reverse("comments:reply", args=[held.pk])
    response = client.get(reply_url)
    assert response.status_code in {200, 404}
    assert "Awaiting a moderator" not in response.content.decode()
    for url, data in [
        (reply_url, {"body": "Replying to the unseen."}),
        (reverse("comments:create", args=[review.pk]), {"body": "Replying to the unseen.", "parent": held.pk}),
    ]:
        assert client.post(url, data).status_code in {200, 404}
    assert not Comment.objects.filter(parent=held).exists()

    author = Client()
    author.force_login(held.author)
    assert "Awaiting a moderator" in page(author, review.get_absolute_url())


def test_spam_and_removed_comments_are_not_shown(client, review, user):
    for status in (Status.SPAM, Status.REMOVED):
        comment = make_comment(review=review, body=f"Buy cheap {status} now")
        Comment.objects.filter(pk=comment.pk).update(status=status)
    client.force_login(user)

    html = page(client, review.get_absolute_url())
    assert "Buy cheap" not in html


def test_a_reply_through_another_reviews_address_is_refused(client, film, review, user):
    elsewhere = make_review(film=make_film(), title="Another review")
    parent = make_comment(review=elsewhere, body="On the other review.")
    client.force_login(user)

    response = client.post(reverse("comments:create", args=[review.pk]), {"body": "Cross-thread.", "parent": parent.pk})

    assert response.status_code == 200
    assert "You can only reply to a comment on the same review." in response.content.decode()
    assert not Comment.objects.filter(body="Cross-thread.").exists()


def test_votes_and_reports_on_ones_own_review_are_refused(client, user, film):
    own = make_review(author=user, film=film)
    client.force_login(user)

    client.post(reverse("reviews:vote", args=[own.pk]), {"value": "yes"})
    client.post(reverse("comments:report-review", args=[own.pk]), {"reason": "spam"})

    assert not HelpfulVote.objects.filter(review=own).exists()
    assert not Report.objects.filter(review=own).exists()
    own.refresh_from_db()
    assert own.helpful_total == 0


def test_next_only_leads_back_into_the_site(client, review, user):
    for target in [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ]:
        response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert "evil" not in response["Location"] and "javascript" not in response["Location"]
        client.logout()
        client.force_login(user)
        response = client.post(reverse("reviews:vote", args=[review.pk]), {"value": "yes", "next": target})
        assert response.status_code == 302
        assert response["Location"].startswith(review.get_absolute_url()), response["Location"]
        client.logout()


# --- Tampered forms: a 4xx or a form error, never a 500, never a row --------------------------------


@pytest.mark.parametrize("rating", ["11", "0", "-1", "abc", "1e3", "8.5"])
def test_a_rating_out_of_range_is_a_form_error(client, film, user, rating):
    client.force_login(user)

    response = client.post(reverse("reviews:create", args=[film.slug]), {"title": "T", "body": "B", "rating": rating})

    assert response.status_code == 200
    assert "rating" in response.context["form"].errors
    assert not Review.objects.filter(author=user).exists()


def test_owner_film_status_and_counters_cannot_be_posted(client, film, user, other_user):
    other_film = make_film()
    client.force_login(user)

    response = client.post(
        reverse("reviews:create", args=[film.slug]),
        {
            "title": "Mine",
            "body": "Honest.",
            "rating": "7",
            "author": other_user.pk,
            "film": other_film.pk,
            "status": Status.APPROVED,
            "helpful_yes": 999,
            "helpful_total": 999,
            "imported_from": "https://evil.example/",
        },
    )

    assert response.status_code == 302
    review = Review.objects.get(title="Mine")
    assert (review.author, review.film) == (user, film)
    assert (review.helpful_yes, review.helpful_total, review.imported_from) == (0, 0, "")


@pytest.mark.parametrize("parent", ["999999", "abc", "-1", "99999999999999999999"])
def test_a_bad_parent_id_is_a_form_error(client, review, user, parent):
    client.force_login(user)

    response = client.post(reverse("comments:create", args=[review.pk]), {"body": "Orphan.", "parent": parent})

    assert response.status_code == 200
    assert not Comment.objects.filter(body="Orphan.").exists()


def test_missing_films_and_reviews_are_404s(client, user):
    client.force_login(user)
    assert client.post(reverse("reviews:create", args=["no-such-film"]), {"title": "T", "body": "B"}).status_code == 404
    for pk in [999999, 99999999999999999999]:
        assert client.post(f"/comments/review/{pk}/", {"body": "Into the void."}).status_code == 404
        assert client.get(f"/reviews/{pk}/").status_code == 404
        assert client.post(f"/reviews/{pk}/vote/", {"value": "yes"}).status_code == 404
    assert not Review.objects.exists()
    assert not Comment.objects.exists()


def test_a_one_megabyte_body_is_a_form_error(client, film, review, user):
    client.force_login(user)
    huge = "x" * 1_000_000

    review_response = client.post(reverse("reviews:create", args=[film.slug]), {"title": "Big", "body": huge})
    comment_response = client.post(reverse("comments:create", args=[review.pk]), {"body": huge})
    report_response = client.post(
        reverse("comments:report-review", args=[review.pk]), {"reason": "other", "details": huge}
    )

    assert review_response.status_code == comment_response.status_code == report_response.status_code == 200
    assert "body" in review_response.context["form"].errors
    assert not Review.objects.filter(author=user).exists()
    assert not Comment.objects.filter(author=user).exists()
    assert not Report.objects.filter(reporter=user).exists()


def test_a_body_over_the_request_size_limit_is_a_400(client, review, user, settings):
    client.force_login(user)

    response = client.post(
        reverse("comments:create", args=[review.pk]), {"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    )

    assert response.status_code == 400
    assert not Comment.objects.filter(author=user).exists()


def test_a_title_over_its_length_is_a_form_error(client, film, user):
    client.force_login(user)

    response = client.post(reverse("reviews:create", args=[film.slug]), {"title": "T" * 201, "body": "B"})

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not Review.objects.filter(author=user).exists()


def test_nul_characters_are_a_form_error_not_a_database_error(client, film, review, user):
    client.force_login(user)

    review_response = client.post(reverse("reviews:create", args=[film.slug]), {"title": "Nul\x00", "body": "B\x00"})
    comment_response = client.post(reverse("comments:create", args=[review.pk]), {"body": "Nul\x00byte"})

    assert review_response.status_code == comment_response.status_code == 200
    assert not Review.objects.filter(author=user).exists()
    assert not Comment.objects.filter(author=user).exists()


def test_a_nul_character_in_the_address_is_a_400(client, user):
    """PostgreSQL cannot take NUL; a lookup with one would otherwise be a 500 (on SQLite, a 404)."""
    for url in [
        "/users/%00/",
        f"/users/{user.username}%00/",
        reverse("pages:search") + "?q=%00",
        reverse("pages:search") + "?q=her&page=%00",
        reverse("films:list") + "?q=%00&genre=%00&year=%00",
        reverse("pages:home") + "?%00=1",
    ]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert response["Content-Security-Policy"]
    assert client.get(reverse("pages:profile", args=[user.username])).status_code == 200


def test_odd_query_strings_never_cause_a_server_error(client, film, review):
    for url in [
        reverse("pages:search") + "?q=" + "x" * 5000,
        reverse("pages:search") + "?q=her&page=99999999999999999999",
        reverse("films:list") + "?year=99999999999999999999&page=-1",
        reverse("films:list") + "?sort=__class__&page=abc",
        film.get_absolute_url() + "?sort=-id&page=99999999999999999999",
        review.get_absolute_url() + "?page=-5",
        reverse("pages:profile", args=["no-such-reader"]) + "?page=abc",
    ]:
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url


def test_an_unknown_vote_value_is_refused(client, review, user):
    client.force_login(user)

    response = client.post(reverse("reviews:vote", args=[review.pk]), {"value": "maybe"}, follow=True)

    assert response.status_code == 200
    assert "Choose Yes or No to vote." in response.content.decode()
    assert not HelpfulVote.objects.exists()


def test_an_unknown_report_reason_is_a_form_error(client, review, user):
    client.force_login(user)

    response = client.post(reverse("comments:report-review", args=[review.pk]), {"reason": "because"})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Report.objects.exists()


# --- Abuse: throttles, rate limits and honeypots --------------------------------------------------


def test_commenting_too_fast_is_a_429_with_a_friendly_message(client, review, user, settings):
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "comment": (2, 60)}
    client.force_login(user)
    url = reverse("comments:create", args=[review.pk])

    statuses = [client.post(url, {"body": f"Comment {n}"}).status_code for n in range(3)]

    assert statuses == [302, 302, 429]
    response = client.post(url, {"body": "One more"})
    assert response.status_code == 429
    assert "You are posting too quickly" in response.content.decode()
    assert "<form" in response.content.decode(), "the page, not an error page"
    assert Comment.objects.filter(author=user).count() == 2


def test_sign_in_locks_after_five_failures_with_a_429(client, user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "reader", "password": "wrong"})

    response = client.post(reverse("login"), {"username": "reader", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_comment_honeypot_stores_nothing(client, review, user):
    client.force_login(user)

    response = client.post(
        reverse("comments:create", args=[review.pk]), {"body": "Great deals!", "website": "http://spam.example"}
    )

    assert response.status_code == 302
    assert not Comment.objects.filter(body="Great deals!").exists()
