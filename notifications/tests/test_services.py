"""Each kind of notification, and the rules that keep them from leaking or repeating."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from comments import services as comment_services
from comments.models import Report
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import Status
from moderation_desk import services as desk
from notifications import services
from notifications.models import DiscussionFollow, Email, Kind, Notification, Outcome, Preference, UserFollow
from notifications.selectors import unread_count
from reviews import services as review_services
from reviews.tests.factories import make_review

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_first_comment_hold(settings):
    settings.REVIEWHUB_MODERATION_FIRST_COMMENT_HOLD = False


def kinds_of(user) -> list[str]:
    return list(Notification.objects.shown().filter(recipient=user).values_list("kind", flat=True))


def test_a_reply_notifies_the_comment_author_with_a_link_to_the_reply_and_a_quote(review, user):
    mine = make_comment(review=review, author=user, body="The letter scene.")
    lucy = make_user(username="lucy")
    reply = make_comment(review=review, author=lucy, parent=mine, body="It made me cry   too.")
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Kind.REPLY
    assert notification.actor == lucy
    assert notification.target == reply
    assert notification.url == f"/reviews/{review.pk}/#comment-{reply.pk}"
    assert notification.quote == "It made me cry too."
    assert notification.review_title == review.title
    assert notification.film_label == "Her, 2013"


def test_the_reply_link_points_at_the_thread_page_of_the_reply(review, user, settings):
    settings.REVIEWHUB_THREADS_PER_PAGE = 1
    make_comment(review=review, body="First thread.")
    mine = make_comment(review=review, author=user, body="Second thread.")
    reply = make_comment(review=review, parent=mine)
    assert Notification.objects.get(recipient=user).url == f"/reviews/{review.pk}/?page=2#comment-{reply.pk}"


def test_a_comment_notifies_the_review_author(review, other_user, user):
    make_comment(review=review, author=user)
    assert kinds_of(other_user) == [Kind.REVIEW_COMMENT]


def test_a_new_comment_notifies_followers_of_the_discussion(review, user):
    follower = make_user()
    services.discussion_follow_set(user=follower, review_id=review.pk, state="follow")
    make_comment(review=review, author=user)
    assert kinds_of(follower) == [Kind.DISCUSSION]


def test_one_notification_per_reader_and_event_the_reply_kind_winning(review, other_user, user):
    """A reply to the review author's own comment, in a discussion they follow: one notification, a reply."""
    theirs = make_comment(review=review, author=other_user)
    assert DiscussionFollow.objects.filter(user=other_user, review_id=review.pk).exists()
    make_comment(review=review, author=user, parent=theirs)
    assert kinds_of(other_user) == [Kind.REPLY]


def test_commenters_follow_the_discussion_and_hear_of_later_comments(review, user):
    make_comment(review=review, author=user)
    make_comment(review=review)
    assert kinds_of(user) == [Kind.DISCUSSION]


def test_follow_defaults_off_means_no_automatic_follow(review, user):
    services.follow_defaults_set(user=user, own_reviews=True, commented=False)
    make_comment(review=review, author=user)
    make_comment(review=review)
    assert kinds_of(user) == []
    author = make_user()
    services.follow_defaults_set(user=author, own_reviews=False, commented=True)
    own = make_review(author=author)
    assert not DiscussionFollow.objects.filter(user=author, review_id=own.pk).exists()


def test_nobody_is_notified_of_their_own_comment(review, other_user):
    make_comment(review=review, author=other_user)
    mine = Notification.objects.filter(recipient=other_user)
    assert not mine.exists()
    make_comment(review=review, author=other_user, parent=comment_services.Comment.objects.get(author=other_user))
    assert not mine.exists()


def test_a_muted_discussion_sends_nothing_not_even_replies(review, user, other_user):
    services.discussion_follow_set(user=other_user, review_id=review.pk, state="mute")
    mine = make_comment(review=review, author=user)
    services.discussion_follow_set(user=user, review_id=review.pk, state="mute")
    make_comment(review=review, parent=mine)
    make_comment(review=review)
    assert kinds_of(user) == []
    assert kinds_of(other_user) == []  # the review's own author muted it too


def test_a_muted_discussion_stays_muted_when_you_comment_again(review, user):
    services.discussion_follow_set(user=user, review_id=review.pk, state="mute")
    make_comment(review=review, author=user)
    assert DiscussionFollow.objects.get(user=user, review_id=review.pk).muted


def test_stop_following_removes_the_follow(review, user):
    services.discussion_follow_set(user=user, review_id=review.pk, state="follow")
    services.discussion_follow_set(user=user, review_id=review.pk, state="stop")
    make_comment(review=review)
    assert kinds_of(user) == []


def test_a_held_comment_notifies_nobody_until_approved_then_its_author_of_the_decision(review, user, moderator):
    mine = make_comment(review=review, author=user)
    held = comment_services.comment_create(
        author=make_user(), review=review, body="buy http://a.example http://b.example", parent=mine
    )
    assert held.status == Status.PENDING
    assert kinds_of(user) == []
    assert kinds_of(review.author) == [Kind.REVIEW_COMMENT]  # from `mine` only
    desk.moderate(target=held, action=desk.APPROVE, actor=moderator)
    assert kinds_of(user) == [Kind.REPLY]
    decision = Notification.objects.get(recipient=held.author)
    assert (decision.kind, decision.outcome, decision.actor) == (Kind.MODERATION, Outcome.APPROVED, None)


def test_a_rejected_held_comment_tells_only_its_author_with_the_reason_never_the_moderator(review, user, moderator):
    held = comment_services.comment_create(author=user, review=review, body="see http://a.example http://b.example")
    desk.moderate(target=held, action=desk.SPAM, actor=moderator)
    assert Notification.objects.exclude(recipient=user).filter(object_id=held.pk, kind=Kind.REVIEW_COMMENT).count() == 0
    decision = Notification.objects.get(recipient=user)
    assert (decision.kind, decision.outcome, decision.reason) == (Kind.MODERATION, Outcome.REJECTED, "spam")
    assert decision.actor is None
    assert decision.quote == ""


def test_a_removed_comment_takes_its_notifications_away(review, user, moderator):
    mine = make_comment(review=review, author=user)
    reply = make_comment(review=review, parent=mine)
    assert unread_count(user=user) == 1
    desk.moderate(target=reply, action=desk.REMOVE, actor=moderator)
    assert unread_count(user=user) == 0
    assert kinds_of(reply.author) == [Kind.MODERATION]
    assert Notification.objects.get(recipient=reply.author).outcome == Outcome.REMOVED
    desk.moderate(target=reply, action=desk.RESTORE, actor=moderator)
    assert unread_count(user=user) == 1
    assert Notification.objects.filter(recipient=user).count() == 1  # brought back, not made twice


def test_a_comment_deleted_by_its_author_takes_its_notifications_away(review, user):
    mine = make_comment(review=review, author=user)
    reply = make_comment(review=review, parent=mine)
    comment_services.comment_delete(comment=reply)
    assert kinds_of(user) == []


def test_a_comment_hidden_by_reports_takes_its_notifications_away(review, user, settings):
    settings.REVIEWHUB_REPORT_HIDE_THRESHOLD = 2
    mine = make_comment(review=review, author=user)
    reply = make_comment(review=review, parent=mine)
    for _ in range(2):
        comment_services.report_create(reporter=make_user(), target=reply, reason=Report.Reason.ABUSE)
    assert kinds_of(user) == []


def test_a_deleted_review_takes_its_whole_discussion_with_it(review, user):
    follower = make_user()
    UserFollow.objects.create(follower=follower, followed=user)
    theirs = make_review(author=user)
    make_comment(review=theirs, author=make_user())
    assert kinds_of(user) == [Kind.REVIEW_COMMENT]
    assert kinds_of(follower) == [Kind.FOLLOWED_REVIEW]
    review_services.review_delete(review=theirs)
    assert kinds_of(user) == []
    assert kinds_of(follower) == []


def test_a_deactivated_actor_sends_nothing_and_what_they_sent_disappears(review, user, moderator):
    mine = make_comment(review=review, author=user)
    troll = make_user()
    make_comment(review=review, author=troll, parent=mine)
    assert unread_count(user=user) == 1
    desk.user_deactivate(user=troll, actor=moderator)
    assert unread_count(user=user) == 0
    held = comment_services.Comment.objects.create(
        review=review, author=troll, body="Posted before the switch-off, approved after.", parent=mine, depth=2
    )
    assert services.comment_published(comment=held, review=review, parent=mine, url="/") == 0


def test_a_deactivated_reader_gets_nothing(review, user, moderator):
    desk.user_deactivate(user=review.author, actor=moderator)
    make_comment(review=review, author=user)
    assert not Notification.objects.filter(recipient=review.author).exists()


def test_a_published_review_notifies_the_authors_followers_once(user):
    author = make_user(username="lucy")
    services.user_follow(follower=user, followed=author)
    review = make_review(author=author, title="A film that feels like a first love")
    notification = Notification.objects.get(recipient=user, kind=Kind.FOLLOWED_REVIEW)
    assert notification.target == review
    assert services.review_published(review=review, url="/") == 1  # brought back, not a second one
    assert Notification.objects.filter(recipient=user, kind=Kind.FOLLOWED_REVIEW).count() == 1


def test_a_spoiler_review_is_never_quoted(user):
    author = make_user()
    services.user_follow(follower=user, followed=author)
    make_review(author=author, body="She leaves him in the end.", contains_spoilers=True)
    assert Notification.objects.get(recipient=user, kind=Kind.FOLLOWED_REVIEW).quote == ""


def test_comments_under_a_spoiler_review_are_not_quoted(user):
    review = make_review(contains_spoilers=True)
    make_comment(review=review, author=user, body="The ending!")
    assert Notification.objects.get(recipient=review.author).quote == ""


def test_a_report_decision_tells_each_reporter(review, moderator):
    comment = make_comment(review=review)
    reporter, other = make_user(), make_user()
    report = comment_services.report_create(reporter=reporter, target=comment, reason=Report.Reason.SPAM)
    comment_services.report_create(reporter=other, target=comment, reason=Report.Reason.SPAM)
    desk.report_resolve(report=report, actor=moderator, upheld=True)
    for reader in (reporter, other):
        decided = Notification.objects.get(recipient=reader, kind=Kind.REPORT)
        assert (decided.outcome, decided.actor) == (Outcome.UPHELD, None)
    removal = Notification.objects.get(recipient=comment.author)
    assert (removal.outcome, removal.reason) == (Outcome.REMOVED, "spam")


def test_a_dismissed_report_says_so(review, moderator):
    reporter = make_user()
    report = comment_services.report_create(reporter=reporter, target=review, reason=Report.Reason.OFF_TOPIC)
    desk.report_resolve(report=report, actor=moderator, upheld=False)
    assert Notification.objects.get(recipient=reporter).outcome == Outcome.DISMISSED
    assert not Notification.objects.filter(recipient=review.author).exists()


def test_following_someone_notifies_them_once_however_often_it_is_repeated(user, other_user):
    for _ in range(3):
        services.user_follow(follower=user, followed=other_user)
        services.user_unfollow(follower=user, followed=other_user)
    services.user_follow(follower=user, followed=other_user)
    assert Notification.objects.filter(recipient=other_user, kind=Kind.FOLLOWER).count() == 1
    assert kinds_of(other_user) == [Kind.FOLLOWER]
    services.user_unfollow(follower=user, followed=other_user)
    assert kinds_of(other_user) == []


def test_nobody_follows_themselves(user):
    with pytest.raises(ValidationError):
        services.user_follow(follower=user, followed=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFollow.objects.create(follower=user, followed=user)


def test_a_follow_is_unique(user, other_user):
    UserFollow.objects.create(follower=user, followed=other_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFollow.objects.create(follower=user, followed=other_user)


def test_a_kind_switched_off_in_site_and_mail_makes_nothing(review, user):
    Preference.objects.create(user=review.author, kind=Kind.REVIEW_COMMENT, in_site=False, email=Email.OFF)
    make_comment(review=review, author=user)
    assert not Notification.objects.filter(recipient=review.author).exists()


def test_a_kind_off_in_site_but_mailed_is_kept_for_the_mail_only(
    review, user, mailoutbox, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=review.author, kind=Kind.REVIEW_COMMENT, in_site=False, email=Email.IMMEDIATELY)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(review=review, author=user)
    assert kinds_of(review.author) == []
    assert [m.to for m in mailoutbox] == [[review.author.email]]


def test_defaults_mail_replies_and_decisions_immediately_and_nothing_else():
    from notifications.models import default_email

    assert {kind: default_email(kind) for kind in Kind.values} == {
        Kind.REPLY: Email.IMMEDIATELY,
        Kind.REVIEW_COMMENT: Email.OFF,
        Kind.DISCUSSION: Email.OFF,
        Kind.MODERATION: Email.IMMEDIATELY,
        Kind.REPORT: Email.IMMEDIATELY,
        Kind.FOLLOWED_REVIEW: Email.OFF,
        Kind.FOLLOWER: Email.OFF,
    }


def _queries_for_a_reply(review, parent, followers: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    new = [make_user() for _ in range(followers)]
    DiscussionFollow.objects.bulk_create(DiscussionFollow(user=f, review_id=review.pk) for f in new)
    author = make_user()
    with CaptureQueriesContext(connection) as queries:
        make_comment(review=review, parent=parent, author=author)
    return len(queries)


def test_the_queries_of_a_comment_do_not_grow_with_the_followers(review, user):
    parent = make_comment(review=review, author=user)
    few = _queries_for_a_reply(review, parent, followers=2)
    many = _queries_for_a_reply(review, parent, followers=40)
    assert few == many
    # The second reply also reaches the 2 earlier followers and the first reply's author, who follows now.
    assert Notification.objects.filter(kind=Kind.DISCUSSION).count() == 2 + (2 + 1 + 40)
