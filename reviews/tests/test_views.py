"""The review page and the review actions, through HTTP: what readers see and what is stored."""

import re
from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import services as comment_services
from comments.models import Comment, Report
from comments.selectors import thread_for_review
from comments.tests.factories import make_comment
from conftest import make_user
from films.tests.factories import make_film
from moderation.models import Status
from reviews import services
from reviews.models import HelpfulVote, Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    """The messages waiting for the next page, oldest first (unread ones pile up across redirects)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def login_url(next_url: str) -> str:
    return f"{reverse('login')}?next={quote(next_url)}"


def review_form_data(**overrides) -> dict:
    data = {"title": "Tender and strange", "rating": "8", "body": "A film about loneliness.\n\nAnd love."}
    data.update(overrides)
    return data


# --- The review page ----------------------------------------------------------


class TestReviewPage:
    def test_visitor_sees_the_review(self, client, review):
        response = client.get(review.get_absolute_url())

        assert response.status_code == 200
        assert response.templates[0].name == "reviews/review_detail.html"
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert '<h1 id="review-title" class="rh-review-title">A quiet film about love</h1>' in html
        assert f'href="{review.film.get_absolute_url()}"' in html
        assert f'href="{review.author.get_absolute_url()}"' in html
        assert '<span class="rh-score">9/10</span> <span class="rh-verdict">Great</span>' in html
        assert "<p>A thoughtful review.</p>\n<p>With two paragraphs.</p>" in html
        assert "No votes yet" in html
        assert "<details" not in html
        assert f'href="{login_url(review.get_absolute_url())}">Sign in</a> to vote' in html
        assert f'href="{login_url(review.get_absolute_url())}">Sign in</a> to join the conversation' in html
        assert 'id="comment-form"' in html and "<textarea" not in html

    def test_unrated_review_says_so(self, client, film):
        review = make_review(film=film, rating=None)

        response = client.get(review.get_absolute_url())

        assert "Not rated" in response.content.decode()
        assert "/10</span>" not in response.content.decode()

    def test_spoilers_are_folded_away(self, client, film):
        review = make_review(film=film, contains_spoilers=True, body="Samantha leaves.")

        response = client.get(review.get_absolute_url())

        html = response.content.decode()
        summary = "<summary>Spoilers — show anyway</summary>"
        assert summary in html
        assert html.index("<details") < html.index("Samantha leaves.") < html.index("</details>")

    def test_user_text_is_escaped_and_links_are_nofollow(self, client, film):
        review = make_review(
            film=film, title="<b>Bold</b>", body="<script>alert(1)</script> see https://example.com/her"
        )

        html = client.get(review.get_absolute_url()).content.decode()

        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;b&gt;Bold&lt;/b&gt;" in html
        assert '<a href="https://example.com/her" rel="nofollow ugc noopener">' in html

    def test_imported_review_shows_where_it_came_from(self, client, review):
        Review.objects.filter(pk=review.pk).update(
            imported_from="https://blog.example.com/her-review", imported_author_name="Barney Nuttall"
        )

        html = client.get(review.get_absolute_url()).content.decode()

        link = '<a href="https://blog.example.com/her-review" rel="nofollow noopener">a blog post</a>'
        assert f"Imported from {link}" in html
        assert "; originally by Barney Nuttall." in html

    def test_edited_review_is_marked(self, client, review):
        services.review_update(review=review, title="New title", body="New body", rating=7, contains_spoilers=False)

        html = client.get(review.get_absolute_url()).content.decode()

        assert "(edited)</span>" in html
        assert "New title" in html

    def test_helpful_count(self, client, review):
        for is_helpful in (True, True, False):
            services.helpful_vote_set(review=review, voter=make_user(), is_helpful=is_helpful)

        html = client.get(review.get_absolute_url()).content.decode()

        assert "2 of 3 found this helpful" in html

    def test_reader_sees_vote_buttons_with_their_vote_pressed(self, client, review, user):
        services.helpful_vote_set(review=review, voter=user, is_helpful=True)
        client.force_login(user)

        html = client.get(review.get_absolute_url()).content.decode()

        assert f'action="{reverse("reviews:vote", args=[review.pk])}"' in html
        assert 'value="yes" class="btn btn-sm btn-primary" aria-pressed="true">Yes</button>' in html
        assert 'value="no" class="btn btn-sm btn-outline-primary" aria-pressed="false">No</button>' in html
        assert 'value="withdraw"' in html
        assert "You voted Yes." in html
        assert reverse("comments:report-review", args=[review.pk]) in html
        assert reverse("reviews:edit", args=[review.pk]) not in html

    def test_author_gets_edit_and_delete_but_no_vote(self, client, review):
        client.force_login(review.author)

        html = client.get(review.get_absolute_url()).content.decode()

        assert reverse("reviews:vote", args=[review.pk]) not in html
        assert reverse("reviews:edit", args=[review.pk]) in html
        assert reverse("reviews:delete", args=[review.pk]) in html
        assert reverse("comments:report-review", args=[review.pk]) not in html

    @pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.REMOVED])
    def test_hidden_review_is_404_except_for_its_author(self, client, review, user, status):
        Review.objects.filter(pk=review.pk).update(status=status)

        assert client.get(review.get_absolute_url()).status_code == 404
        client.force_login(user)
        assert client.get(review.get_absolute_url()).status_code == 404
        client.force_login(review.author)
        response = client.get(review.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Your review is awaiting moderation" in html
        assert "Comments open once the review is approved." in html

    def test_deleted_review_is_404_for_everyone(self, client, review):
        services.review_delete(review=review)

        assert client.get(review.get_absolute_url()).status_code == 404
        client.force_login(review.author)
        assert client.get(review.get_absolute_url()).status_code == 404


class TestThreadOnReviewPage:
    def test_nested_comments_in_order_with_depth_classes(self, client, review):
        first = make_comment(review=review, body="First thought.")
        reply = make_comment(review=review, parent=first, body="A reply.")
        second = make_comment(review=review, body="Second thought.")

        html = client.get(review.get_absolute_url()).content.decode()

        assert 'Comments <span class="rh-count">(3)</span>' in html
        positions = [html.index(f'id="comment-{c.pk}"') for c in (first, reply, second)]
        assert positions == sorted(positions)
        assert f'class="rh-comment depth-2" id="comment-{reply.pk}"' in html
        assert f'class="rh-comment depth-1" id="comment-{second.pk}"' in html
        assert f'<time datetime="{reply.created_at.isoformat(timespec="seconds")}"' in html
        assert 'Reply<span class="visually-hidden"> to' in html

    def test_deleted_comment_keeps_its_replies(self, client, review):
        parent = make_comment(review=review, body="Soon gone.")
        reply = make_comment(review=review, parent=parent, body="Still here.")
        comment_services.comment_delete(comment=parent)

        html = client.get(review.get_absolute_url()).content.decode()

        assert "Soon gone." not in html
        assert '<p class="rh-placeholder">[deleted]</p>' in html
        assert "Still here." in html
        assert html.index(f'id="comment-{parent.pk}"') < html.index(f'id="comment-{reply.pk}"')

    def test_pending_comment_shown_only_to_its_author(self, client, review, user):
        held = make_comment(review=review, author=user, body="My first words.", approve=False)
        assert held.status == Status.PENDING

        assert "My first words." not in client.get(review.get_absolute_url()).content.decode()
        client.force_login(user)
        html = client.get(review.get_absolute_url()).content.decode()
        assert "My first words." in html
        assert "Awaiting moderation</span>" in html

    def test_no_reply_link_at_the_deepest_level(self, client, review):
        parent = None
        chain = []
        for depth in range(1, 6):
            parent = make_comment(review=review, parent=parent, body=f"Level {depth}")
            chain.append(parent)

        html = client.get(review.get_absolute_url()).content.decode()

        assert reverse("comments:reply", args=[chain[3].pk]) in html
        assert reverse("comments:reply", args=[chain[4].pk]) not in html
        assert f'class="rh-comment depth-5" id="comment-{chain[4].pk}"' in html

    def test_own_comment_has_edit_and_delete_others_have_report(self, client, review, user):
        mine = make_comment(review=review, author=user)
        theirs = make_comment(review=review)
        client.force_login(user)

        html = client.get(review.get_absolute_url()).content.decode()

        assert reverse("comments:edit", args=[mine.pk]) in html
        assert reverse("comments:delete", args=[mine.pk]) in html
        assert reverse("comments:report", args=[mine.pk]) not in html
        assert reverse("comments:report", args=[theirs.pk]) in html
        assert reverse("comments:edit", args=[theirs.pk]) not in html

    def test_signed_in_reader_gets_the_comment_form(self, client, review, user):
        client.force_login(user)

        html = client.get(review.get_absolute_url()).content.decode()

        assert f'action="{reverse("comments:create", args=[review.pk])}#comment-form"' in html
        assert 'name="body"' in html
        assert 'id="rh-reply-template"' in html
        assert re.search(r'class="rh-honeypot"\s+aria-hidden="true"', html)

    def test_thread_paginates_by_top_level_comment(self, client, review, settings):
        settings.REVIEWHUB_THREADS_PER_PAGE = 2
        comments = [make_comment(review=review, body=f"Thread {n}") for n in range(3)]
        reply = make_comment(review=review, parent=comments[2], body="Reply on page two")

        first = client.get(review.get_absolute_url()).content.decode()
        second = client.get(review.get_absolute_url(), {"page": 2}).content.decode()

        assert "Thread 0" in first and "Thread 1" in first and "Thread 2" not in first
        assert "Thread 2" in second and reply.body in second and "Thread 0" not in second
        assert "?page=2#comments" in first


def _build_busy_review(review, size: int) -> None:
    """A thread of `size` comments nested up to depth 5, by many authors, with votes and reports."""
    parent = None
    for n in range(size):
        parent = make_comment(review=review, parent=parent if parent and parent.depth < 5 else None, body=f"c{n}")
        if n % 7 == 3:
            comment_services.comment_delete(comment=parent)
            parent = None
    for _ in range(max(1, size // 10)):
        reader = make_user()
        services.helpful_vote_set(review=review, voter=reader, is_helpful=True)
        first = Comment.objects.filter(review=review, deleted_at=None).first()
        comment_services.report_create(reporter=reader, target=first, reason=Report.Reason.SPAM)


class TestReviewPageQueryBudget:
    @pytest.mark.parametrize("signed_in", [False, True])
    def test_query_count_does_not_grow_with_the_thread(
        self, client, film, user, signed_in, django_assert_max_num_queries, fragments
    ):
        small = make_review(film=film, title="Small")
        big = make_review(film=make_film(), title="Big")
        _build_busy_review(small, 1)
        _build_busy_review(big, 50)
        services.helpful_vote_set(review=big, voter=user, is_helpful=False)
        make_comment(review=big, author=user, body="held", approve=False)
        if signed_in:
            client.force_login(user)

        counts = []
        for review in (small, big):
            fragments.warm_up(client, review.get_absolute_url())  # the session, and the cache when warm
            with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as captured:
                response = client.get(review.get_absolute_url())
            assert response.status_code == 200
            counts.append(len(captured))

        assert counts[0] == counts[1]
        shown = thread_for_review(review=big, viewer=user if signed_in else None)
        assert len(shown) > 40
        assert response.content.decode().count('class="rh-comment depth-') == len(shown)


# --- Writing a review -----------------------------------------------------------


class TestReviewCreate:
    def url(self, film) -> str:
        return reverse("reviews:create", args=[film.slug])

    def test_visitor_is_sent_to_sign_in(self, client, film):
        response = client.get(self.url(film))

        assert response.status_code == 302
        assert response["Location"] == login_url(self.url(film))

    def test_visitor_post_stores_nothing(self, client, film):
        response = client.post(self.url(film), review_form_data())

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert not Review.objects.exists()

    def test_form_shows_only_the_writer_fields(self, client, film, user):
        client.force_login(user)

        response = client.get(self.url(film))

        assert response.status_code == 200
        html = response.content.decode()
        for name in ("title", "rating", "contains_spoilers", "body"):
            assert f'name="{name}"' in html
        for name in ("author", "film", "status", "helpful_yes"):
            assert f'name="{name}"' not in html
        assert '<option value="" selected>No rating</option>' in html
        assert '<option value="10">10/10 — Masterpiece</option>' in html
        assert 'Review <span class="rh-film-name">Her (2013)</span>' in html

    def test_publishes_and_redirects_to_the_review(self, client, film, user):
        client.force_login(user)

        response = client.post(self.url(film), review_form_data(contains_spoilers="on"))

        review = Review.objects.get()
        assert response.status_code == 302
        assert response["Location"] == review.get_absolute_url()
        assert (review.author, review.film, review.rating, review.title) == (user, film, 8, "Tender and strange")
        assert review.contains_spoilers is True
        assert review.status == Status.APPROVED
        assert messages_of(response) == ["Your review is published."]

    def test_no_rating_is_stored_as_empty(self, client, film, user):
        client.force_login(user)

        client.post(self.url(film), review_form_data(rating=""))

        assert Review.objects.get().rating is None

    def test_posted_owner_film_and_status_are_ignored(self, client, film, user, other_user):
        client.force_login(user)

        client.post(self.url(film), review_form_data(author=other_user.pk, film=make_film().pk, status=Status.REMOVED))

        review = Review.objects.get()
        assert (review.author, review.film, review.status) == (user, film, Status.APPROVED)

    def test_existing_review_redirects_to_its_edit_page(self, client, film, user):
        mine = make_review(film=film, author=user)
        client.force_login(user)

        response = client.get(self.url(film))

        assert response["Location"] == reverse("reviews:edit", args=[mine.pk])
        assert messages_of(response) == ["You have already reviewed this film, so here is your review to edit."]
        client.post(self.url(film), review_form_data())
        assert Review.objects.count() == 1

    def test_tampered_rating_is_refused_and_text_kept(self, client, film, user):
        client.force_login(user)

        response = client.post(self.url(film), review_form_data(rating="11"))

        assert response.status_code == 200
        assert not Review.objects.exists()
        form = response.context["form"]
        assert form.errors.as_data()["rating"][0].code == "invalid_choice"
        html = response.content.decode()
        assert "A film about loneliness.\n\nAnd love.</textarea>" in html
        assert 'value="Tender and strange"' in html

    def test_too_long_body_error_next_to_the_field(self, client, film, user, settings):
        client.force_login(user)
        body = "x" * (settings.REVIEWHUB_REVIEW_MAX_LENGTH + 1)

        response = client.post(self.url(film), review_form_data(body=body))

        assert not Review.objects.exists()
        assert response.context["form"].errors.as_data()["body"][0].code == "max_length"
        html = response.content.decode()
        assert body in html
        assert 'id="error_1_id_body"' in html

    def test_too_long_title(self, client, film, user, settings):
        client.force_login(user)

        response = client.post(self.url(film), review_form_data(title="t" * 201))

        assert response.context["form"].errors.as_data()["title"][0].code == "max_length"
        assert not Review.objects.exists()

    def test_blank_title_and_body(self, client, film, user):
        client.force_login(user)

        response = client.post(self.url(film), review_form_data(title="   ", body=" \n "))

        errors = response.context["form"].errors.as_data()
        assert errors["title"][0].code == "required"
        assert errors["body"][0].code == "required"
        assert "Give your review a title." in response.content.decode()
        assert not Review.objects.exists()

    def test_unknown_film_is_404(self, client, user):
        client.force_login(user)

        assert client.get(reverse("reviews:create", args=["no-such-film"])).status_code == 404

    def test_rate_limited_with_429_and_text_kept(self, client, user, settings):
        settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "review": (1, 3600)}
        client.force_login(user)
        client.post(self.url(make_film()), review_form_data())

        film = make_film()
        response = client.post(self.url(film), review_form_data(body="Second review text"))

        assert response.status_code == 429
        html = response.content.decode()
        assert "You are posting too quickly." in html
        assert "Second review text</textarea>" in html
        assert not Review.objects.filter(film=film).exists()

    def test_a_deleted_review_can_be_written_again(self, client, film, user):
        old = make_review(film=film, author=user)
        services.review_delete(review=old)
        client.force_login(user)

        response = client.post(self.url(film), review_form_data(title="Second thoughts"))

        assert response.status_code == 302
        new = Review.objects.get(film=film, author=user, deleted_at__isnull=True)
        assert new.title == "Second thoughts" and new.pk != old.pk
        old.refresh_from_db()
        assert old.deleted_at is not None and old.title != "Second thoughts"


class TestReviewEdit:
    def test_visitor_is_sent_to_sign_in(self, client, review):
        url = reverse("reviews:edit", args=[review.pk])

        assert client.get(url)["Location"] == login_url(url)

    def test_someone_else_gets_404_and_nothing_changes(self, client, review, user):
        client.force_login(user)
        url = reverse("reviews:edit", args=[review.pk])

        assert client.get(url).status_code == 404
        assert client.post(url, review_form_data(title="Hijacked")).status_code == 404
        review.refresh_from_db()
        assert review.title == "A quiet film about love"

    def test_form_is_filled_in(self, client, review):
        client.force_login(review.author)

        html = client.get(reverse("reviews:edit", args=[review.pk])).content.decode()

        assert 'value="A quiet film about love"' in html
        assert '<option value="9" selected>9/10 — Great</option>' in html
        assert "Edit your review of" in html

    def test_saves_and_marks_edited(self, client, review):
        client.force_login(review.author)

        response = client.post(reverse("reviews:edit", args=[review.pk]), review_form_data(rating=""))

        assert response["Location"] == review.get_absolute_url()
        review.refresh_from_db()
        assert (review.title, review.rating) == ("Tender and strange", None)
        assert review.edited_at is not None
        assert messages_of(response) == ["Your review was updated."]

    def test_errors_keep_the_text(self, client, review):
        client.force_login(review.author)

        response = client.post(reverse("reviews:edit", args=[review.pk]), review_form_data(title="", body="Kept"))

        assert response.status_code == 200
        assert "Kept</textarea>" in response.content.decode()
        review.refresh_from_db()
        assert review.title == "A quiet film about love"


class TestReviewDelete:
    def test_someone_else_gets_404(self, client, review, user):
        client.force_login(user)
        url = reverse("reviews:delete", args=[review.pk])

        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        review.refresh_from_db()
        assert review.deleted_at is None

    def test_get_asks_first_and_changes_nothing(self, client, review):
        client.force_login(review.author)

        response = client.get(reverse("reviews:delete", args=[review.pk]))

        assert response.status_code == 200
        assert "Delete your review of Her (2013)?" in response.content.decode()
        review.refresh_from_db()
        assert review.deleted_at is None

    def test_post_soft_deletes_and_returns_to_the_film(self, client, review):
        client.force_login(review.author)

        response = client.post(reverse("reviews:delete", args=[review.pk]))

        assert response["Location"] == review.film.get_absolute_url()
        assert messages_of(response) == ["Your review was deleted."]
        review.refresh_from_db()
        assert review.deleted_at is not None
        assert client.get(review.get_absolute_url()).status_code == 404

    def test_visitor_is_sent_to_sign_in(self, client, review):
        response = client.post(reverse("reviews:delete", args=[review.pk]))

        assert response["Location"].startswith(reverse("login"))
        review.refresh_from_db()
        assert review.deleted_at is None


# --- Helpful votes --------------------------------------------------------------


class TestVote:
    def url(self, review) -> str:
        return reverse("reviews:vote", args=[review.pk])

    def test_get_is_not_allowed(self, client, review, user):
        client.force_login(user)

        assert client.get(self.url(review)).status_code == 405

    def test_visitor_goes_to_sign_in_then_back_to_the_review(self, client, review):
        response = client.post(self.url(review), {"value": "yes"})

        assert response["Location"] == login_url(review.get_absolute_url())
        assert not HelpfulVote.objects.exists()

    def test_vote_change_and_withdraw(self, client, review, user):
        client.force_login(user)

        response = client.post(self.url(review), {"value": "yes"})
        assert response["Location"] == f"{review.get_absolute_url()}#helpful"
        assert messages_of(response) == ["Thanks for your vote."]
        assert HelpfulVote.objects.get(voter=user).is_helpful is True

        client.post(self.url(review), {"value": "no"})
        review.refresh_from_db()
        assert (review.helpful_yes, review.helpful_total) == (0, 1)

        response = client.post(self.url(review), {"value": "withdraw"})
        assert messages_of(response)[-1] == "Your vote was withdrawn."
        assert not HelpfulVote.objects.exists()
        review.refresh_from_db()
        assert review.helpful_total == 0

    def test_own_review_is_refused(self, client, review):
        client.force_login(review.author)

        response = client.post(self.url(review), {"value": "yes"})

        assert response.status_code == 302
        assert messages_of(response) == ["You cannot vote on your own review."]
        assert not HelpfulVote.objects.exists()

    def test_nonsense_value_is_refused(self, client, review, user):
        client.force_login(user)

        response = client.post(self.url(review), {"value": "maybe"})

        assert messages_of(response) == ["Choose Yes or No to vote."]
        assert not HelpfulVote.objects.exists()

    def test_safe_next_is_followed_unsafe_ignored(self, client, review, user):
        client.force_login(user)

        safe = client.post(self.url(review), {"value": "yes", "next": "/reviews/1/?page=2#helpful"})
        unsafe = client.post(self.url(review), {"value": "yes", "next": "https://evil.example.com/"})
        scheme = client.post(self.url(review), {"value": "yes", "next": "//evil.example.com/x"})

        assert safe["Location"] == "/reviews/1/?page=2#helpful"
        assert unsafe["Location"] == f"{review.get_absolute_url()}#helpful"
        assert scheme["Location"] == f"{review.get_absolute_url()}#helpful"

    def test_hidden_review_is_404(self, client, review, user):
        Review.objects.filter(pk=review.pk).update(status=Status.PENDING)
        client.force_login(user)

        assert client.post(self.url(review), {"value": "yes"}).status_code == 404
        assert not HelpfulVote.objects.exists()

    def test_rate_limited(self, client, review, user, settings):
        settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "vote": (1, 60)}
        client.force_login(user)
        client.post(self.url(review), {"value": "yes"})

        response = client.post(self.url(review), {"value": "no"})

        assert messages_of(response)[-1].startswith("You are posting too quickly.")
        assert HelpfulVote.objects.get(voter=user).is_helpful is True


# --- Reporting a review -----------------------------------------------------------


class TestReviewReport:
    def url(self, review) -> str:
        return reverse("comments:report-review", args=[review.pk])

    def test_visitor_is_sent_to_sign_in(self, client, review):
        assert client.get(self.url(review))["Location"] == login_url(self.url(review))

    def test_form_lists_the_reasons(self, client, review, user):
        client.force_login(user)

        html = client.get(self.url(review)).content.decode()

        assert "Report a review" in html
        for value, _label in Report.Reason.choices:
            assert f'value="{value}"' in html
        assert 'type="radio"' in html

    def test_report_is_stored_and_thanked(self, client, review, user):
        client.force_login(user)

        response = client.post(self.url(review), {"reason": "spoilers", "next": review.get_absolute_url()})

        assert response["Location"] == review.get_absolute_url()
        assert messages_of(response) == ["Thanks, a moderator will look at it."]
        report = Report.objects.get()
        assert (report.review, report.reporter, report.reason) == (review, user, "spoilers")

    def test_second_report_changes_nothing(self, client, review, user):
        client.force_login(user)
        client.post(self.url(review), {"reason": "spam"})

        response = client.post(self.url(review), {"reason": "abuse", "details": "again"})

        assert messages_of(response)[-1] == "You have already reported this."
        assert list(Report.objects.values_list("reason", "details")) == [("spam", "")]

    def test_other_needs_details(self, client, review, user):
        client.force_login(user)

        response = client.post(self.url(review), {"reason": "other", "details": ""})

        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["details"][0].code == "details_required"
        assert not Report.objects.exists()

    def test_own_review_cannot_be_reported(self, client, review):
        client.force_login(review.author)

        response = client.post(self.url(review), {"reason": "spam"})

        assert messages_of(response) == ["You cannot report your own writing."]
        assert not Report.objects.exists()

    def test_unsafe_next_is_ignored(self, client, review, user):
        client.force_login(user)

        response = client.post(self.url(review), {"reason": "spam", "next": "https://evil.example.com/"})

        assert response["Location"] == review.get_absolute_url()

    def test_rate_limited_with_429(self, client, review, user, settings):
        settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "report": (1, 3600)}
        client.force_login(user)
        client.post(reverse("comments:report-review", args=[make_review().pk]), {"reason": "spam"})

        response = client.post(self.url(review), {"reason": "other", "details": "Copied from a magazine"})

        assert response.status_code == 429
        html = response.content.decode()
        assert "You are posting too quickly." in html
        assert "Copied from a magazine</textarea>" in html
        assert not Report.objects.filter(review=review).exists()

    def test_three_readers_hide_the_review(self, client, review):
        for _ in range(3):
            client.force_login(make_user())
            client.post(self.url(review), {"reason": "abuse"})

        review.refresh_from_db()
        assert review.status == Status.PENDING
        assert client.get(review.get_absolute_url()).status_code == 404
