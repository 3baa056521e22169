"""The comment and report queues in the admin: lists, filters, bulk decisions, audit and query counts."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, Report
from comments.selectors import thread_for_review
from comments.services import comment_create, comment_delete, report_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Status
from moderation.tests.factories import changelist_url, run_admin_action
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db

COMMENTS = changelist_url("comments", "comment")
REPORTS = changelist_url("comments", "report")


@pytest.fixture
def thread(review):
    """A top-level comment with a reply and a grandchild, hidden after three readers reported it."""
    top = make_comment(review=review, author=make_user(username="newcomer"), body="My very first comment.")
    reply = make_comment(review=review, parent=top)
    grandchild = make_comment(review=review, parent=reply)
    for _ in range(3):
        report_create(reporter=make_user(), target=top, reason=Report.Reason.ABUSE)
    top.refresh_from_db()
    assert top.status == Status.PENDING
    return top, reply, grandchild


def count_queries(client, url: str, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def latest_event(obj) -> ModerationEvent:
    return ModerationEvent.objects.filter(object_id=obj.pk, content_type__model=obj._meta.model_name).first()


# --- Bulk decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "expected_status", "message"),
    [
        ("approve_selected", Status.APPROVED, "1 comment was approved."),
        ("spam_selected", Status.SPAM, "1 comment was rejected as spam."),
        ("remove_selected", Status.REMOVED, "1 comment was removed."),
    ],
)
def test_bulk_decisions_change_status_keep_the_thread_and_write_the_audit(
    moderator_client, moderator, review, thread, action, expected_status, message
):
    top, reply, grandchild = thread

    response = run_admin_action(moderator_client, "comments", "comment", action, [top])

    assert message in messages_of(response)
    top.refresh_from_db()
    assert top.status == expected_status
    event = latest_event(top)
    assert (event.actor, event.from_status, event.to_status) == (moderator, Status.PENDING, expected_status)
    # Nothing is deleted and the replies keep their place under the parent.
    assert Comment.objects.filter(review=review).count() == 3
    entries = thread_for_review(review=review, viewer=make_user())
    assert [entry.comment.pk for entry in entries] == [top.pk, reply.pk, grandchild.pk]
    assert bool(entries[0].placeholder) is (expected_status != Status.APPROVED)


def test_restore_makes_removed_and_author_deleted_comments_visible_again(moderator_client, moderator, review):
    removed = make_comment(review=review)
    deleted = comment_delete(comment=make_comment(review=review))
    run_admin_action(moderator_client, "comments", "comment", "remove_selected", [removed])

    response = run_admin_action(moderator_client, "comments", "comment", "restore_selected", [removed, deleted])

    assert "2 comments were restored." in messages_of(response)
    for comment in (removed, deleted):
        comment.refresh_from_db()
        assert comment.is_visible
    event = latest_event(removed)
    assert (event.action, event.actor, event.from_status) == ("restored", moderator, Status.REMOVED)


def test_approving_many_counts_only_what_changed(moderator_client, review):
    held = [comment_create(author=make_user(), review=review, body=f"First {n}") for n in range(3)]
    already = make_comment(review=review)

    response = run_admin_action(moderator_client, "comments", "comment", "approve_selected", [*held, already])

    assert messages_of(response) == [
        "3 comments were approved.",
        "1 comment was already in that state; nothing to do.",
    ]
    assert set(Comment.objects.filter(pk__in=[c.pk for c in held]).values_list("status", flat=True)) == {
        Status.APPROVED
    }


def test_approving_a_first_comment_lets_that_author_post_freely(moderator_client, review):
    newcomer = make_user()
    first = comment_create(author=newcomer, review=review, body="Hi all")
    run_admin_action(moderator_client, "comments", "comment", "approve_selected", [first])
    assert comment_create(author=newcomer, review=review, body="Back again").status == Status.APPROVED


def test_remove_all_pending_comments_of_the_selected_authors(moderator_client, review):
    spammer = make_user()
    held = [comment_create(author=spammer, review=review, body=f"Buy {n}") for n in range(3)]
    bystander = comment_create(author=make_user(), review=review, body="Hello")

    response = run_admin_action(moderator_client, "comments", "comment", "remove_pending_of_authors", held[:1])

    assert "Removed 3 pending comments by 1 author." in messages_of(response)
    assert {c.status for c in Comment.objects.filter(author=spammer)} == {Status.REMOVED}
    bystander.refresh_from_db()
    assert bystander.status == Status.PENDING


# --- The list: columns, filters, search, escaping, query counts ------------------------------------------


def test_the_queue_lists_status_author_review_film_depth_and_open_reports(moderator_client, review, thread):
    top, reply, _ = thread
    for reader in (make_user(), make_user()):
        report_create(reporter=reader, target=reply, reason=Report.Reason.ABUSE)

    response = moderator_client.get(COMMENTS)

    html = response.content.decode()
    assert "Awaiting moderation" in html
    assert "newcomer" in html
    assert review.title in html and "Her (2013)" in html
    rows = {comment.pk: comment for comment in response.context["cl"].result_list}
    assert rows[reply.pk].open_report_count == 2
    assert rows[top.pk].open_report_count == 3
    assert f'href="{top.get_absolute_url()}"' in html
    assert f"?comment__id__exact={reply.pk}&amp;state=open" in html


def test_filters_by_status_and_open_reports(moderator_client, review, thread):
    top, reply, grandchild = thread
    report_create(reporter=make_user(), target=grandchild, reason=Report.Reason.SPAM)

    pending = moderator_client.get(COMMENTS, {"status__exact": "pending"}).context["cl"].result_list
    assert [c.pk for c in pending] == [top.pk]
    reported = moderator_client.get(COMMENTS, {"reported": "yes"}).context["cl"].result_list
    assert {c.pk for c in reported} == {top.pk, grandchild.pk}
    not_reported = moderator_client.get(COMMENTS, {"reported": "no"}).context["cl"].result_list
    assert [c.pk for c in not_reported] == [reply.pk]


def test_search_finds_body_and_author(moderator_client, review):
    make_comment(review=review, body="The soundtrack by Arcade Fire")
    make_comment(review=review, author=make_user(username="samantha_os"), body="Hello")
    make_comment(review=review, body="Unrelated")

    by_body = moderator_client.get(COMMENTS, {"q": "arcade"}).context["cl"].result_list
    assert [c.body for c in by_body] == ["The soundtrack by Arcade Fire"]
    by_author = moderator_client.get(COMMENTS, {"q": "samantha_os"}).context["cl"].result_list
    assert [c.author.username for c in by_author] == ["samantha_os"]


def test_user_text_is_escaped_in_the_queue(moderator_client, review):
    make_comment(review=review, body='<img src=x onerror="alert(1)"> hello')
    html = moderator_client.get(COMMENTS).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_the_queue_runs_the_same_number_of_queries_for_many_rows(moderator_client, review, django_assert_num_queries):
    make_comment(review=review)
    moderator_client.get(COMMENTS)  # the first request fills per-process caches (content types)
    one_row = count_queries(moderator_client, COMMENTS)
    other = make_review()
    for n in range(15):
        comment = make_comment(review=other if n % 2 else review, author=make_user())
        report_create(reporter=make_user(), target=comment, reason=Report.Reason.OTHER)
    with django_assert_num_queries(one_row):
        response = moderator_client.get(COMMENTS)
    assert len(response.context["cl"].result_list) == 16
    assert count_queries(moderator_client, COMMENTS, {"reported": "yes", "q": "agree"}) == one_row


# --- Permissions on the comment admin ---------------------------------------------------------------------


def test_comments_cannot_be_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_admin_smoke_for_superusers(admin_client, review, thread):
    top, *_ = thread
    assert admin_client.get(COMMENTS, {"q": "first"}).status_code == 200
    response = admin_client.get(reverse("admin:comments_comment_change", args=[top.pk]))
    assert response.status_code == 200
    assert "automatic rule: first comment of a new account" in response.content.decode()


# --- Reports ---------------------------------------------------------------------------------------------------


def test_the_report_queue_shows_open_reports_by_default(moderator_client, review):
    open_report = report_create(reporter=make_user(), target=review, reason=Report.Reason.SPOILERS)
    comment = make_comment(review=review)
    resolved = report_create(reporter=make_user(), target=comment, reason=Report.Reason.SPAM)
    Report.objects.filter(pk=resolved.pk).update(resolved_at=resolved.created_at, upheld=False)

    response = moderator_client.get(REPORTS)

    assert [r.pk for r in response.context["cl"].result_list] == [open_report.pk]
    html = response.content.decode()
    assert "Spoilers not marked" in html
    assert reverse("admin:reviews_review_change", args=[review.pk]) in html
    everything = moderator_client.get(REPORTS, {"state": "all"}).context["cl"].result_list
    assert {r.pk for r in everything} == {open_report.pk, resolved.pk}


def test_resolving_reports_keeps_the_content_and_records_who_and_when(moderator_client, moderator, review):
    comment = make_comment(review=review)
    reports = [report_create(reporter=make_user(), target=comment, reason=Report.Reason.ABUSE) for _ in range(3)]
    comment.refresh_from_db()
    assert comment.status == Status.PENDING  # hidden at the threshold

    response = run_admin_action(moderator_client, "comments", "report", "keep_selected", reports)

    assert "1 report was resolved; the content stays." in messages_of(response)
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    for report in reports:
        report.refresh_from_db()
        assert (report.resolved_by, report.upheld) == (moderator, False)
        assert report.resolved_at is not None
    assert (
        f"Resolved, content kept by {moderator.username}"
        in moderator_client.get(REPORTS, {"state": "all"}).content.decode()
    )


def test_upholding_a_report_removes_the_content(moderator_client, moderator, review):
    comment = make_comment(review=review)
    report = report_create(reporter=make_user(), target=comment, reason=Report.Reason.SPAM)

    response = run_admin_action(moderator_client, "comments", "report", "uphold_selected", [report])

    assert "1 report was upheld and its content removed." in messages_of(response)
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.status == Status.REMOVED
    assert (report.upheld, report.resolved_by) == (True, moderator)
    event = latest_event(comment)
    assert (event.action, event.actor, event.from_status) == ("removed", moderator, Status.APPROVED)


def test_a_comment_moderator_cannot_decide_on_review_reports(client, review):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_report", "moderate_comment"]))
    client.force_login(staff)
    report = report_create(reporter=make_user(), target=review, reason=Report.Reason.SPAM)

    response = run_admin_action(client, "comments", "report", "uphold_selected", [report])

    assert messages_of(response) == ["1 report was left open: you may not moderate what it reports."]
    review.refresh_from_db()
    report.refresh_from_db()
    assert review.status == Status.APPROVED and report.resolved_at is None


def test_reports_cannot_be_added_changed_or_deleted_by_moderators(moderator_client, review):
    report = report_create(reporter=make_user(), target=review, reason=Report.Reason.SPAM)
    assert moderator_client.get(reverse("admin:comments_report_add")).status_code == 403
    assert moderator_client.get(reverse("admin:comments_report_delete", args=[report.pk])).status_code == 403
    change = moderator_client.get(reverse("admin:comments_report_change", args=[report.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert 'name="decision" value="uphold"' in change.content.decode()


def test_the_report_queue_runs_the_same_number_of_queries_for_many_rows(
    moderator_client, review, django_assert_num_queries
):
    report_create(reporter=make_user(), target=make_comment(review=review), reason=Report.Reason.SPAM)
    moderator_client.get(REPORTS)
    one_row = count_queries(moderator_client, REPORTS)
    for n in range(10):
        target = make_comment(review=review) if n % 2 else make_review()
        report_create(reporter=make_user(), target=target, reason=Report.Reason.OTHER)
    with django_assert_num_queries(one_row):
        response = moderator_client.get(REPORTS)
    assert len(response.context["cl"].result_list) == 11
