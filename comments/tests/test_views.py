"""Posting, replying, editing, deleting and reporting comments, through HTTP."""

from urllib.parse import quote

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from comments import services
from comments.models import Comment, Report
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status
from reviews.models import Review
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    """The messages waiting for the next page, oldest first."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def login_url(next_url: str) -> str:
    return f"{reverse('login')}?next={quote(next_url)}"


@pytest.fixture
def regular(review):
    """A reader with an approved comment already, so new comments are not held as a first comment."""
    reader = make_user(username="regular")
    make_comment(review=make_review(), author=reader)
    return reader


def create_url(review) -> str:
    return reverse("comments:create", args=[review.pk])


def chain_of(review, depth: int) -> list[Comment]:
    comments: list[Comment] = []
    for level in range(depth):
        comments.append(make_comment(review=review, parent=comments[-1] if comments else None, body=f"L{level + 1}"))
    return comments


class TestCommentCreate:
    def test_get_is_not_allowed(self, client, review, regular):
        client.force_login(regular)

        assert client.get(create_url(review)).status_code == 405

    def test_visitor_goes_to_sign_in_then_back_to_the_review(self, client, review):
        response = client.post(create_url(review), {"body": "Hello"})

        assert response["Location"] == login_url(review.get_absolute_url())
        assert not Comment.objects.filter(review=review).exists()

    def test_posts_and_lands_on_the_comment(self, client, review, regular):
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "What a film."})

        comment = Comment.objects.get(review=review)
        assert (comment.author, comment.body, comment.depth, comment.status) == (
            regular,
            "What a film.",
            1,
            Status.APPROVED,
        )
        assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"
        assert messages_of(response) == ["Your comment was posted."]
        page = client.get(review.get_absolute_url()).content.decode()
        assert f'id="comment-{comment.pk}"' in page and "What a film." in page

    def test_first_comment_is_held_and_the_author_is_told(self, client, review, user):
        client.force_login(user)

        response = client.post(create_url(review), {"body": "Hello, first time here."})

        comment = Comment.objects.get(review=review)
        assert comment.status == Status.PENDING
        assert messages_of(response) == ["Your comment is awaiting moderation."]
        html = client.get(review.get_absolute_url()).content.decode()
        assert "Hello, first time here." in html and "Awaiting moderation</span>" in html
        client.force_login(make_user())
        assert "Hello, first time here." not in client.get(review.get_absolute_url()).content.decode()

    def test_empty_body_redisplays_the_review_page_with_the_error(self, client, review, regular):
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "   "})

        assert response.status_code == 200
        assert response.templates[0].name == "reviews/review_detail.html"
        assert response.context["comment_form"].errors.as_data()["body"][0].code == "required"
        assert "Write something before posting." in response.content.decode()
        assert not Comment.objects.filter(review=review).exists()

    def test_too_long_keeps_the_text(self, client, review, regular, settings):
        client.force_login(regular)
        body = "word " * (settings.REVIEWHUB_COMMENT_MAX_LENGTH // 5 + 1)

        response = client.post(create_url(review), {"body": body})

        assert response.context["comment_form"].errors.as_data()["body"][0].code == "max_length"
        html = response.content.decode()
        assert body in html
        assert 'id="error_1_id_comment_body"' in html
        assert not Comment.objects.filter(review=review).exists()

    def test_reply_with_parent_id(self, client, review, regular):
        parent = make_comment(review=review)
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "Replying.", "parent": parent.pk})

        reply = Comment.objects.get(parent=parent)
        assert (reply.depth, reply.thread) == (2, parent.pk)
        assert response["Location"].endswith(f"#comment-{reply.pk}")

    def test_parent_from_another_review_is_refused(self, client, review, regular):
        elsewhere = make_comment(review=make_review())
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "Sneaky reply.", "parent": elsewhere.pk})

        assert response.status_code == 200
        errors = response.context["comment_form"].non_field_errors().as_data()
        assert errors[0].code == "parent_other_review"
        html = response.content.decode()
        assert "You can only reply to a comment on the same review." in html
        assert "Sneaky reply.</textarea>" in html
        assert not Comment.objects.filter(author=regular, review=review).exists()

    def test_missing_parent_is_refused(self, client, review, regular):
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "To nobody.", "parent": 999999})

        assert "That comment is no longer open for replies." in response.content.decode()
        assert not Comment.objects.filter(review=review).exists()

    def test_reply_too_deep_is_refused_with_a_clear_message(self, client, review, regular):
        deepest = chain_of(review, 5)[-1]
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "Even deeper.", "parent": deepest.pk})

        assert response.status_code == 200
        assert response.templates[0].name == "comments/comment_reply.html"
        assert response.context["form"].non_field_errors().as_data()[0].code == "too_deep"
        html = response.content.decode()
        assert "Replies can nest at most 5 levels deep" in html
        assert "Even deeper.</textarea>" in html
        assert not Comment.objects.filter(depth=6).exists()

    def test_hidden_review_is_404_for_others(self, client, review, regular):
        Review.objects.filter(pk=review.pk).update(status=Status.PENDING)
        client.force_login(regular)

        assert client.post(create_url(review), {"body": "Hi"}).status_code == 404
        assert not Comment.objects.filter(review=review).exists()

    def test_author_of_a_held_review_is_told_it_is_closed(self, client, review):
        Review.objects.filter(pk=review.pk).update(status=Status.PENDING)
        client.force_login(review.author)

        response = client.post(create_url(review), {"body": "Anyone?"})

        assert response.status_code == 200
        assert "This review is not open for comments." in response.content.decode()
        assert not Comment.objects.filter(review=review).exists()

    def test_honeypot_pretends_and_stores_nothing(self, client, review, regular):
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "Buy now", "website": "https://spam.example"})

        assert response.status_code == 302
        assert response["Location"] == review.get_absolute_url()
        assert messages_of(response) == ["Your comment was posted."]
        assert not Comment.objects.filter(review=review).exists()

    def test_rate_limit_gives_429_with_the_text_kept(self, client, review, regular, settings):
        settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "comment": (2, 60)}
        client.force_login(regular)
        for n in range(2):
            client.post(create_url(review), {"body": f"Quick {n}"})

        response = client.post(create_url(review), {"body": "One too many"})

        assert response.status_code == 429
        assert response.templates[0].name == "reviews/review_detail.html"
        html = response.content.decode()
        assert "You are posting too quickly. Please wait" in html
        assert "One too many</textarea>" in html
        assert Comment.objects.filter(review=review).count() == 2

    def test_lands_on_the_right_thread_page(self, client, review, regular, settings):
        settings.REVIEWHUB_THREADS_PER_PAGE = 2
        make_comment(review=review)
        make_comment(review=review)
        client.force_login(regular)

        response = client.post(create_url(review), {"body": "Third thread"})

        comment = Comment.objects.get(body="Third thread")
        assert response["Location"] == f"{review.get_absolute_url()}?page=2#comment-{comment.pk}"


class TestCommentReply:
    def test_visitor_is_sent_to_sign_in(self, client, review):
        url = reverse("comments:reply", args=[make_comment(review=review).pk])

        assert client.get(url)["Location"] == login_url(url)

    def test_reply_page_shows_the_comment_and_a_form(self, client, review, regular):
        parent = make_comment(review=review, body="Original thought.")
        client.force_login(regular)

        response = client.get(reverse("comments:reply", args=[parent.pk]))

        html = response.content.decode()
        assert f'<h1 class="rh-page-title">Reply to {parent.author.username}</h1>' in html
        assert "Original thought." in html
        assert f'action="{reverse("comments:reply", args=[parent.pk])}#reply-form"' in html
        assert "Your reply" in html

    def test_posting_a_reply(self, client, review, regular):
        parent = make_comment(review=review)
        client.force_login(regular)

        response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": "I see it differently."})

        reply = Comment.objects.get(parent=parent)
        assert (reply.author, reply.depth, reply.review) == (regular, 2, review)
        assert response["Location"] == f"{review.get_absolute_url()}#comment-{reply.pk}"
        assert messages_of(response) == ["Your comment was posted."]

    def test_error_keeps_the_text_on_the_reply_page(self, client, review, regular, settings):
        parent = make_comment(review=review)
        client.force_login(regular)
        body = "y" * (settings.REVIEWHUB_COMMENT_MAX_LENGTH + 1)

        response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": body})

        assert response.status_code == 200
        assert body in response.content.decode()
        assert not Comment.objects.filter(parent=parent).exists()

    def test_deepest_comment_offers_no_form(self, client, review, regular):
        deepest = chain_of(review, 5)[-1]
        client.force_login(regular)

        html = client.get(reverse("comments:reply", args=[deepest.pk])).content.decode()

        assert "This conversation is as deep as replies go." in html
        assert "<textarea" not in html

    def test_deleted_comment_is_not_open_for_replies(self, client, review, regular):
        parent = make_comment(review=review, body="Regretted words")
        services.comment_delete(comment=parent)
        client.force_login(regular)

        html = client.get(reverse("comments:reply", args=[parent.pk])).content.decode()
        response = client.post(reverse("comments:reply", args=[parent.pk]), {"body": "Too late"})

        assert "[deleted]" in html and "Regretted words" not in html
        assert "That comment is no longer open for replies." in html
        assert "That comment is no longer open for replies." in response.content.decode()
        assert not Comment.objects.filter(parent=parent).exists()

    def test_own_held_comment_waits_for_approval(self, client, review, user):
        held = make_comment(review=review, author=user, approve=False)
        client.force_login(user)

        html = client.get(reverse("comments:reply", args=[held.pk])).content.decode()

        assert "Replies open once a moderator approves this comment." in html
        assert "<textarea" not in html

    def test_comment_on_hidden_review_is_404(self, client, review, regular):
        parent = make_comment(review=review)
        Review.objects.filter(pk=review.pk).update(status=Status.REMOVED)
        client.force_login(regular)

        assert client.get(reverse("comments:reply", args=[parent.pk])).status_code == 404


class TestCommentEdit:
    def test_visitor_is_sent_to_sign_in(self, client, review):
        url = reverse("comments:edit", args=[make_comment(review=review).pk])

        assert client.get(url)["Location"] == login_url(url)

    def test_someone_else_gets_404_and_nothing_changes(self, client, review, regular):
        comment = make_comment(review=review, body="Mine, not yours.")
        client.force_login(regular)
        url = reverse("comments:edit", args=[comment.pk])

        assert client.get(url).status_code == 404
        assert client.post(url, {"body": "Vandalised"}).status_code == 404
        comment.refresh_from_db()
        assert (comment.body, comment.edited_at) == ("Mine, not yours.", None)

    def test_form_is_filled_in(self, client, review, regular):
        comment = make_comment(review=review, author=regular, body="First draft")
        client.force_login(regular)

        html = client.get(reverse("comments:edit", args=[comment.pk])).content.decode()

        assert "First draft</textarea>" in html

    def test_saves_and_marks_edited(self, client, review, regular):
        comment = make_comment(review=review, author=regular, body="First draft")
        client.force_login(regular)

        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": "Second draft"})

        comment.refresh_from_db()
        assert comment.body == "Second draft" and comment.edited_at is not None
        assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"
        assert messages_of(response) == ["Your comment was updated."]
        html = client.get(review.get_absolute_url()).content.decode()
        assert "Second draft" in html and "(edited)</span>" in html

    def test_edit_that_adds_links_is_held(self, client, review, regular):
        comment = make_comment(review=review, author=regular)
        client.force_login(regular)

        response = client.post(
            reverse("comments:edit", args=[comment.pk]), {"body": "See https://a.example and https://b.example"}
        )

        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        assert messages_of(response) == ["Your comment was updated. Your comment is awaiting moderation."]

    def test_empty_body_is_refused(self, client, review, regular):
        comment = make_comment(review=review, author=regular, body="Keep me")
        client.force_login(regular)

        response = client.post(reverse("comments:edit", args=[comment.pk]), {"body": ""})

        assert response.status_code == 200
        assert response.context["form"].errors.as_data()["body"][0].code == "required"
        comment.refresh_from_db()
        assert comment.body == "Keep me"

    def test_deleted_comment_cannot_be_edited(self, client, review, regular):
        comment = make_comment(review=review, author=regular)
        services.comment_delete(comment=comment)
        client.force_login(regular)

        assert client.get(reverse("comments:edit", args=[comment.pk])).status_code == 404


class TestCommentDelete:
    def test_someone_else_gets_404(self, client, review, regular):
        comment = make_comment(review=review)
        client.force_login(regular)
        url = reverse("comments:delete", args=[comment.pk])

        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        comment.refresh_from_db()
        assert comment.deleted_at is None

    def test_visitor_is_sent_to_sign_in(self, client, review):
        comment = make_comment(review=review)

        response = client.post(reverse("comments:delete", args=[comment.pk]))

        assert response["Location"].startswith(reverse("login"))
        comment.refresh_from_db()
        assert comment.deleted_at is None

    def test_get_asks_first(self, client, review, regular):
        comment = make_comment(review=review, author=regular, body="Second thoughts")
        make_comment(review=review, parent=comment)
        client.force_login(regular)

        response = client.get(reverse("comments:delete", args=[comment.pk]))

        html = response.content.decode()
        assert "Delete your comment?" in html
        assert "Second thoughts" in html
        assert "Its replies stay in the conversation" in html
        comment.refresh_from_db()
        assert comment.deleted_at is None

    def test_post_soft_deletes_and_replies_stay(self, client, review, regular):
        comment = make_comment(review=review, author=regular, body="Second thoughts")
        reply = make_comment(review=review, parent=comment, body="A reply that stays")
        client.force_login(regular)

        response = client.post(reverse("comments:delete", args=[comment.pk]))

        assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"
        assert messages_of(response) == ["Your comment was deleted."]
        comment.refresh_from_db()
        assert comment.deleted_at is not None
        html = client.get(review.get_absolute_url()).content.decode()
        assert "Second thoughts" not in html
        assert "[deleted]" in html and reply.body in html

    def test_unsafe_next_is_ignored(self, client, review, regular):
        comment = make_comment(review=review, author=regular)
        client.force_login(regular)

        response = client.post(reverse("comments:delete", args=[comment.pk]), {"next": "https://evil.example.com/"})

        assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"


class TestCommentReport:
    def test_visitor_is_sent_to_sign_in(self, client, review):
        url = reverse("comments:report", args=[make_comment(review=review).pk])

        assert client.get(url)["Location"] == login_url(url)

    def test_form_shows_the_comment(self, client, review, regular):
        comment = make_comment(review=review, body="Rude words here")
        client.force_login(regular)

        html = client.get(reverse("comments:report", args=[comment.pk])).content.decode()

        assert "Report a comment" in html and "Rude words here" in html
        assert 'value="abuse"' in html

    def test_report_is_stored_once(self, client, review, regular):
        comment = make_comment(review=review)
        client.force_login(regular)
        url = reverse("comments:report", args=[comment.pk])

        first = client.post(url, {"reason": "abuse", "next": review.get_absolute_url()})
        second = client.post(url, {"reason": "spam"})

        assert first["Location"] == review.get_absolute_url()
        assert messages_of(first)[0] == "Thanks, a moderator will look at it."
        assert messages_of(second)[-1] == "You have already reported this."
        assert list(Report.objects.values_list("comment", "reporter", "reason")) == [(comment.pk, regular.pk, "abuse")]

    def test_own_comment_cannot_be_reported(self, client, review, regular):
        comment = make_comment(review=review, author=regular)
        client.force_login(regular)

        response = client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"})

        assert messages_of(response) == ["You cannot report your own writing."]
        assert not Report.objects.exists()

    def test_held_comment_cannot_be_reported(self, client, review, regular):
        comment = make_comment(review=review, approve=False)
        client.force_login(regular)

        assert client.post(reverse("comments:report", args=[comment.pk]), {"reason": "spam"}).status_code == 404
        assert not Report.objects.exists()

    def test_unsafe_next_is_ignored(self, client, review, regular):
        comment = make_comment(review=review)
        client.force_login(regular)

        response = client.post(
            reverse("comments:report", args=[comment.pk]), {"reason": "spam", "next": "http://evil.example.com/"}
        )

        assert response["Location"] == f"{review.get_absolute_url()}#comment-{comment.pk}"

    def test_three_reports_hide_it(self, client, review):
        comment = make_comment(review=review, body="Nasty")
        for _ in range(3):
            client.force_login(make_user())
            client.post(reverse("comments:report", args=[comment.pk]), {"reason": "abuse"})

        comment.refresh_from_db()
        assert comment.status == Status.PENDING
        assert "Nasty" not in client.get(review.get_absolute_url()).content.decode()
