"""The review queue in the admin: hide, restore, approve, spam, spoilers; filters, search, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Report
from comments.services import report_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import changelist_url, run_admin_action
from reviews.models import Review
from reviews.services import review_delete
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

REVIEWS = changelist_url("reviews", "review")


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def latest_event(review: Review) -> ModerationEvent:
    return ModerationEvent.objects.filter(object_id=review.pk, content_type__model="review").first()


def test_hide_and_restore_keep_the_review_and_its_comments(moderator_client, moderator, review):
    comment = make_comment(review=review)

    response = run_admin_action(moderator_client, "reviews", "review", "remove_selected", [review])

    assert "1 review was hidden." in messages_of(response)
    review.refresh_from_db()
    assert review.status == Status.REMOVED
    assert moderator_client.get(review.get_absolute_url()).status_code == 404
    event = latest_event(review)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "removed",
        moderator,
        Status.APPROVED,
        Status.REMOVED,
    )

    response = run_admin_action(moderator_client, "reviews", "review", "restore_selected", [review])

    assert "1 review was restored." in messages_of(response)
    review.refresh_from_db()
    assert review.is_visible
    assert review.comments.get() == comment
    assert moderator_client.get(review.get_absolute_url()).status_code == 200


def test_restore_undoes_an_authors_delete(moderator_client, review):
    review_delete(review=review)
    run_admin_action(moderator_client, "reviews", "review", "restore_selected", [review])
    review.refresh_from_db()
    assert review.deleted_at is None and review.is_visible


def test_approve_and_spam(moderator_client, moderator):
    held, spam = make_review(), make_review()
    Review.objects.filter(pk__in=[held.pk, spam.pk]).update(status=Status.PENDING)

    run_admin_action(moderator_client, "reviews", "review", "approve_selected", [held])
    response = run_admin_action(moderator_client, "reviews", "review", "spam_selected", [spam])

    assert "1 review was rejected as spam." in messages_of(response)
    held.refresh_from_db()
    spam.refresh_from_db()
    assert (held.status, spam.status) == (Status.APPROVED, Status.SPAM)
    assert latest_event(spam).from_status == Status.PENDING


def test_mark_as_spoilers_instead_of_removing(moderator_client, moderator, review):
    reports = [report_create(reporter=make_user(), target=review, reason=Report.Reason.SPOILERS) for _ in range(3)]
    review.refresh_from_db()
    assert review.status == Status.PENDING

    response = run_admin_action(moderator_client, "reviews", "review", "spoilers_selected", [review])

    assert "1 review was marked as containing spoilers." in messages_of(response)
    review.refresh_from_db()
    assert review.contains_spoilers and review.status == Status.APPROVED
    assert latest_event(review).action == "spoilers"
    assert all(Report.objects.get(pk=r.pk).resolved_by == moderator for r in reports)


def test_the_queue_columns_filters_and_search(moderator_client, film):
    reported = make_review(film=film, title="Haunting and tender", author=make_user(username="critic"))
    make_review(title="Plain")
    spoiler = make_review(title="Ending explained", contains_spoilers=True)
    report_create(reporter=make_user(), target=reported, reason=Report.Reason.ABUSE)

    response = moderator_client.get(REVIEWS)
    html = response.content.decode()
    assert "critic" in html and "Her (2013)" in html
    assert {r.pk: r.open_report_count for r in response.context["cl"].result_list}[reported.pk] == 1

    assert [r.pk for r in moderator_client.get(REVIEWS, {"reported": "yes"}).context["cl"].result_list] == [reported.pk]
    assert [
        r.pk for r in moderator_client.get(REVIEWS, {"contains_spoilers__exact": "1"}).context["cl"].result_list
    ] == [spoiler.pk]
    assert [r.pk for r in moderator_client.get(REVIEWS, {"q": "haunting"}).context["cl"].result_list] == [reported.pk]
    assert [r.pk for r in moderator_client.get(REVIEWS, {"q": "critic"}).context["cl"].result_list] == [reported.pk]


def test_the_review_page_shows_decisions_reports_and_audit_without_user_admin_links(moderator_client, review):
    report_create(reporter=make_user(username="tattler"), target=review, reason=Report.Reason.SPOILERS)
    response = moderator_client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    html = response.content.decode()
    assert 'name="decision" value="spoilers"' in html
    assert "tattler" in html and "Spoilers not marked" in html
    assert "/admin/accounts/user/" not in html  # moderators have no user pages to link to
    assert "/admin/films/film/" not in html


def test_reviews_cannot_be_added_or_deleted_by_moderators(moderator_client, review):
    assert moderator_client.get(reverse("admin:reviews_review_add")).status_code == 403
    assert moderator_client.get(reverse("admin:reviews_review_delete", args=[review.pk])).status_code == 403


def test_the_queue_runs_the_same_number_of_queries_for_many_rows(moderator_client, review, django_assert_num_queries):
    moderator_client.get(REVIEWS)
    with CaptureQueriesContext(connection) as one_row:
        moderator_client.get(REVIEWS)
    for _ in range(12):
        report_create(reporter=make_user(), target=make_review(), reason=Report.Reason.OTHER)
    with django_assert_num_queries(len(one_row)):
        response = moderator_client.get(REVIEWS)
    assert len(response.context["cl"].result_list) == 13


def test_admin_smoke(admin_client, review):
    assert admin_client.get(REVIEWS, {"q": "quiet"}).status_code == 200
    assert admin_client.get(reverse("admin:reviews_review_change", args=[review.pk])).status_code == 200
