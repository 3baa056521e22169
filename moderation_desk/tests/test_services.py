"""Moderation decisions through the services: reports, approve/reject/remove/restore, the audit trail."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.models import Comment, Report
from comments.selectors import thread_for_review
from comments.services import comment_create, comment_delete, report_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import make_moderator
from moderation_desk import services
from reviews.models import Review

pytestmark = pytest.mark.django_db


def events_for(obj) -> list[ModerationEvent]:
    """The item's audit trail, newest first, without the factory's first-comment hold."""
    return list(
        ModerationEvent.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name).exclude(
            action=ModerationEvent.Action.HELD
        )
    )


def report_by(count: int, target, reason=Report.Reason.ABUSE) -> list:
    reporters = [make_user() for _ in range(count)]
    for reporter in reporters:
        report_create(reporter=reporter, target=target, reason=reason)
    return reporters


# --- Reports and the hide threshold ----------------------------------------------------


def test_a_comment_is_hidden_at_exactly_the_third_distinct_reporter(review):
    comment = make_comment(review=review)
    first, second = report_by(2, comment)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED

    # The same two readers reporting again change nothing.
    report_create(reporter=first, target=comment, reason=Report.Reason.SPAM)
    report_create(reporter=second, target=comment, reason=Report.Reason.OTHER)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert Report.objects.filter(comment=comment).count() == 2
    assert events_for(comment) == []

    report_by(1, comment)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING
    [event] = events_for(comment)
    assert (event.action, event.from_status, event.to_status) == ("hidden", Status.APPROVED, Status.PENDING)
    assert event.who == "automatic rule: reported by 3 readers"


def test_a_review_is_hidden_at_the_threshold_which_is_a_setting(review, settings):
    settings.REVIEWHUB_REPORT_HIDE_THRESHOLD = 2
    report_by(1, review)
    review.refresh_from_db()
    assert review.status == Status.APPROVED
    report_by(1, review)
    review.refresh_from_db()
    assert review.status == Status.PENDING


def test_a_hidden_comment_shows_to_its_author_as_awaiting_moderation_and_keeps_its_replies(review):
    comment = make_comment(review=review)
    reply = make_comment(review=review, parent=comment)
    report_by(3, comment)

    [author_view, author_reply] = thread_for_review(review=review, viewer=comment.author)
    assert author_view.comment == comment and author_view.awaiting_moderation
    assert author_reply.comment == reply

    [reader_view, reader_reply] = thread_for_review(review=review, viewer=make_user())
    assert reader_view.placeholder == "[removed]" and not reader_view.awaiting_moderation
    assert reader_reply.comment == reply and reader_reply.placeholder == ""


# --- moderate() ------------------------------------------------------------------------------


def test_approve_records_who_when_and_the_previous_status_and_resolves_open_reports(review):
    comment = make_comment(review=review)
    report_by(3, comment)
    moderator = make_moderator()

    assert services.moderate(target=comment, action=services.APPROVE, actor=moderator)

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    latest = events_for(comment)[0]
    assert (latest.action, latest.actor, latest.from_status, latest.to_status) == (
        "approved",
        moderator,
        Status.PENDING,
        Status.APPROVED,
    )
    assert latest.created_at is not None
    assert latest.note == "3 open reports resolved"
    reports = Report.objects.filter(comment=comment)
    assert {(r.resolved_by, r.upheld) for r in reports} == {(moderator, False)}
    assert all(r.resolved_at is not None for r in reports)


@pytest.mark.parametrize(
    ("action", "status", "event_action"),
    [(services.SPAM, Status.SPAM, "spam"), (services.REMOVE, Status.REMOVED, "removed")],
)
def test_hiding_decisions_uphold_open_reports(review, action, status, event_action):
    comment = make_comment(review=review)
    report_by(1, comment)
    moderator = make_moderator()

    services.moderate(target=comment, action=action, actor=moderator)

    comment.refresh_from_db()
    assert comment.status == status
    assert events_for(comment)[0].action == event_action
    report = Report.objects.get(comment=comment)
    assert (report.upheld, report.resolved_by) == (True, moderator)
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_restore_brings_back_a_removed_comment_its_author_had_deleted(review):
    comment = make_comment(review=review)
    moderator = make_moderator()
    services.moderate(target=comment, action=services.REMOVE, actor=moderator)
    comment_delete(comment=comment)

    assert services.moderate(target=comment, action=services.RESTORE, actor=moderator)

    comment.refresh_from_db()
    assert comment.is_visible
    latest = events_for(comment)[0]
    assert (latest.action, latest.from_status, latest.to_status) == ("restored", Status.REMOVED, Status.APPROVED)
    assert "undid its author's deletion" in latest.note


def test_a_decision_that_changes_nothing_records_nothing(review):
    comment = make_comment(review=review)
    assert not services.moderate(target=comment, action=services.APPROVE, actor=make_moderator())
    assert events_for(comment) == []


def test_an_unknown_decision_is_refused(review):
    with pytest.raises(ValidationError) as error:
        services.moderate(target=make_comment(review=review), action="delete", actor=make_moderator())
    assert error.value.code == "unknown_action"


def test_reviews_are_moderated_the_same_way(review):
    moderator = make_moderator()
    services.moderate(target=review, action=services.REMOVE, actor=moderator)
    assert not Review.objects.visible().filter(pk=review.pk).exists()
    services.moderate(target=review, action=services.RESTORE, actor=moderator)
    assert Review.objects.visible().filter(pk=review.pk).exists()
    assert [e.action for e in events_for(review)] == ["restored", "removed"]


# --- report_resolve() ---------------------------------------------------------------------------


def test_upholding_a_report_removes_the_content_and_closes_all_its_reports(review):
    comment = make_comment(review=review)
    report_by(2, comment)
    moderator = make_moderator()
    report = Report.objects.filter(comment=comment).first()

    assert services.report_resolve(report=report, actor=moderator, upheld=True)

    comment.refresh_from_db()
    assert comment.status == Status.REMOVED
    assert set(Report.objects.filter(comment=comment).values_list("upheld", "resolved_by")) == {(True, moderator.pk)}
    assert events_for(comment)[0].note == "report upheld; 2 open reports resolved"
    assert not services.report_resolve(report=report, actor=moderator, upheld=False)


def test_resolving_a_report_of_hidden_content_keeps_it_and_brings_it_back(review):
    comment = make_comment(review=review)
    report_by(3, comment)
    moderator = make_moderator()

    services.report_resolve(report=Report.objects.filter(comment=comment).first(), actor=moderator, upheld=False)

    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    assert not Report.objects.filter(comment=comment, resolved_at__isnull=True).exists()
    assert set(Report.objects.filter(comment=comment).values_list("upheld", flat=True)) == {False}


def test_resolving_a_report_of_visible_content_records_the_dismissal(review):
    report_by(1, review)
    moderator = make_moderator()

    services.report_resolve(report=Report.objects.get(review=review), actor=moderator, upheld=False)

    review.refresh_from_db()
    assert review.status == Status.APPROVED
    [event] = events_for(review)
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        "reports_dismissed",
        moderator,
        Status.APPROVED,
        Status.APPROVED,
    )


# --- Spoilers, pending comments, accounts --------------------------------------------------------------


def test_marking_spoilers_keeps_a_reported_review_up_behind_the_guard(review):
    report_by(3, review, reason=Report.Reason.SPOILERS)
    moderator = make_moderator()

    assert services.review_mark_spoilers(review=review, actor=moderator)

    review.refresh_from_db()
    assert review.contains_spoilers and review.status == Status.APPROVED
    assert events_for(review)[0].action == "spoilers"
    assert set(Report.objects.filter(review=review).values_list("upheld", flat=True)) == {True}
    assert not services.review_mark_spoilers(review=review, actor=moderator)


def test_removing_pending_comments_touches_only_those_authors_pending_comments(review):
    spammer, bystander = make_user(), make_user()
    held = [comment_create(author=spammer, review=review, body=f"Spam {n}") for n in range(3)]
    visible = make_comment(review=review, author=spammer)
    other = comment_create(author=bystander, review=review, body="My first comment")

    assert services.pending_comments_remove(authors=[spammer], actor=make_moderator()) == 3

    assert {c.status for c in Comment.objects.filter(pk__in=[c.pk for c in held])} == {Status.REMOVED}
    visible.refresh_from_db()
    other.refresh_from_db()
    assert (visible.status, other.status) == (Status.APPROVED, Status.PENDING)


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in_again(client, user):
    client.force_login(user)
    assert client.get(reverse("account_settings:page")).status_code == 200

    assert services.user_deactivate(user=user, actor=make_moderator())

    response = client.get(reverse("account_settings:page"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(reverse("login"), {"username": "reader", "password": "correct horse battery staple"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    [event] = events_for(user)
    assert event.action == "deactivated"
