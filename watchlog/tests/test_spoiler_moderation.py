"""Moderators mark comments as containing spoilers: an admin action, or upholding a "spoilers not marked" report."""

import pytest

from comments.models import Report
from comments.services import report_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import run_admin_action
from moderation_desk import services

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def spoiler_events(comment) -> int:
    return ModerationEvent.objects.filter(
        object_id=comment.pk, content_type__model="comment", action="spoilers"
    ).count()


def test_the_comment_queue_marks_spoilers_and_keeps_the_comment_up(moderator_client, moderator, review):
    comment = make_comment(review=review, body="Samantha leaves.")
    reports = [report_create(reporter=make_user(), target=comment, reason=Report.Reason.SPOILERS) for _ in range(3)]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # hidden after three reports

    response = run_admin_action(moderator_client, "comments", "comment", "spoilers_selected", [comment])

    assert "1 comment was marked as containing spoilers." in messages_of(response)
    comment.refresh_from_db()
    assert comment.contains_spoilers and comment.status == Status.APPROVED
    assert spoiler_events(comment) == 1
    assert all(Report.objects.get(pk=r.pk).upheld for r in reports)
    assert "Samantha leaves." in moderator_client.get(review.get_absolute_url()).content.decode()


def test_marking_an_already_marked_comment_is_a_no_op(moderator, review):
    comment = make_comment(review=review, contains_spoilers=True)
    assert not services.comment_mark_spoilers(comment=comment, actor=moderator)
    assert spoiler_events(comment) == 0


def test_upholding_a_spoilers_report_marks_the_comment(moderator_client, review):
    comment = make_comment(review=review)
    report = report_create(reporter=make_user(), target=comment, reason=Report.Reason.SPOILERS)

    response = run_admin_action(moderator_client, "comments", "report", "uphold_spoilers_selected", [report])

    assert "1 report was upheld and its content marked as containing spoilers." in messages_of(response)
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.contains_spoilers and comment.status == Status.APPROVED
    assert report.upheld and report.resolved_at is not None
    assert spoiler_events(comment) == 1


def test_the_report_page_offers_the_spoiler_decision(moderator_client, review):
    report = report_create(reporter=make_user(), target=make_comment(review=review), reason=Report.Reason.SPOILERS)
    html = moderator_client.get(f"/admin/comments/report/{report.pk}/change/").content.decode()
    assert 'name="decision" value="uphold_spoilers"' in html


def test_the_comment_page_has_the_flag_and_the_decision(moderator_client, review):
    comment = make_comment(review=review)
    html = moderator_client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert 'name="decision" value="spoilers"' in html
    assert "Contains spoilers" in html


def test_the_comment_queue_shows_and_filters_the_flag(moderator_client, review):
    marked = make_comment(review=review, contains_spoilers=True)
    make_comment(review=review)
    response = moderator_client.get("/admin/comments/comment/", {"contains_spoilers__exact": "1"})
    assert [comment.pk for comment in response.context["cl"].result_list] == [marked.pk]
    assert "column-spoilers" in response.content.decode()
