"""Editing a comment around moderation: held or hidden text stays as reported, and every edit keeps the old text."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse

from comments import services
from comments.models import Comment
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Revision, Status
from moderation_desk.services import REMOVE, moderate, report_resolve
from reviewhub.cache import VERSION_KEY

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def report_by(count: int, comment: Comment) -> None:
    for _ in range(count):
        services.report_create(reporter=make_user(), target=comment, reason="abuse")


def revisions_of(comment: Comment) -> list[str]:
    return list(
        Revision.objects.filter(content_type__model="comment", object_id=comment.pk).values_list("body", flat=True)
    )


@pytest.fixture
def author(review):
    return make_user(username="writer")


@pytest.fixture
def abusive(review, author):
    return make_comment(review=review, author=author, body="You are an idiot.")


def test_hidden_after_reports_cannot_be_edited_by_its_author(client, review, author, abusive):
    report_by(3, abusive)
    abusive.refresh_from_db()
    assert abusive.status == Status.PENDING
    client.force_login(author)
    url = reverse("comments:edit", args=[abusive.pk])

    page = client.get(url)
    response = client.post(url, {"body": "Nice review!"})

    assert page.status_code == response.status_code == 302
    assert messages_of(response)[-1] == "This is awaiting a moderator's decision, so it cannot be edited until then."
    abusive.refresh_from_db()
    assert (abusive.body, abusive.edited_at) == ("You are an idiot.", None)
    # The review page offers no Edit link for it (Delete stays).
    html = client.get(review.get_absolute_url()).content.decode()
    assert url not in html and reverse("comments:delete", args=[abusive.pk]) in html


def test_removed_comment_cannot_be_edited(client, author, abusive, admin_user):
    moderate(target=abusive, action=REMOVE, actor=admin_user)
    client.force_login(author)

    response = client.post(reverse("comments:edit", args=[abusive.pk]), {"body": "Sorry"})

    assert response.status_code == 302
    assert messages_of(response) == ["A moderator removed this, so it can no longer be edited."]
    abusive.refresh_from_db()
    assert abusive.body == "You are an idiot."
    with pytest.raises(Exception) as refused:
        services.comment_edit(comment=abusive, body="Sorry")
    assert refused.value.code == "removed"


def test_kept_after_reports_then_edited_goes_back_to_the_queue(client, review, author, abusive, admin_user):
    """The issue's scenario: abuse edited back in after the moderator kept the comment goes back to the queue."""
    report_by(3, abusive)
    report_resolve(report=abusive.reports.first(), actor=admin_user, upheld=False)
    abusive.refresh_from_db()
    assert abusive.status == Status.APPROVED
    client.force_login(author)

    response = client.post(reverse("comments:edit", args=[abusive.pk]), {"body": "Even worse abuse."})

    assert response.status_code == 302
    abusive.refresh_from_db()
    assert (abusive.body, abusive.status) == ("Even worse abuse.", Status.PENDING)
    event = ModerationEvent.objects.filter(object_id=abusive.pk, content_type__model="comment").first()
    assert (event.action, event.from_status, event.to_status) == ("edited", Status.APPROVED, Status.PENDING)
    assert revisions_of(abusive) == ["You are an idiot."]
    # Readers no longer see it; the moderator finds it in the queue.
    client.logout()
    assert "Even worse abuse." not in client.get(review.get_absolute_url()).content.decode()


def test_edit_below_the_threshold_after_one_report_is_queued(author, abusive):
    report_by(1, abusive)

    services.comment_edit(comment=abusive, body="Edited after a report.")

    abusive.refresh_from_db()
    assert abusive.status == Status.PENDING


def test_every_edit_keeps_the_previous_text_and_an_unchanged_save_is_no_edit(author, abusive):
    services.comment_edit(comment=abusive, body="Second")
    services.comment_edit(comment=abusive, body="Third")
    services.comment_edit(comment=abusive, body="Third")

    abusive.refresh_from_db()
    assert (abusive.body, abusive.status) == ("Third", Status.APPROVED)
    assert revisions_of(abusive) == ["Second", "You are an idiot."]


def test_moderator_sees_the_reported_text_beside_the_current_one(client, admin_client, author, abusive):
    report_by(1, abusive)
    client.force_login(author)
    client.post(reverse("comments:edit", args=[abusive.pk]), {"body": "Harmless now."})

    html = admin_client.get(reverse("admin:comments_comment_change", args=[abusive.pk])).content.decode()

    assert "Harmless now." in html
    assert "earlier texts (revisions)" in html.lower()
    assert "You are an idiot." in html
    revision = Revision.objects.get(object_id=abusive.pk)
    assert revision.replaced_by == author and revision.reason == "edited"


def test_a_superusers_correction_in_the_admin_keeps_the_old_text(admin_client, admin_user, abusive):
    url = reverse("admin:comments_comment_change", args=[abusive.pk])

    response = admin_client.post(url, {"body": "[edited by staff]", **inline_management_data(admin_client, url)})

    assert response.status_code == 302, response.content.decode()[:2000]
    abusive.refresh_from_db()
    assert abusive.body == "[edited by staff]"
    revision = Revision.objects.get(object_id=abusive.pk)
    assert (revision.body, revision.replaced_by, revision.reason) == ("You are an idiot.", admin_user, "corrected")


def inline_management_data(client, url: str) -> dict[str, str]:
    """The inline formsets' management fields exactly as the change form renders them."""
    data: dict[str, str] = {}
    for formset in client.get(url).context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = str(management[name].value() or field.initial or 0)
    return data


def test_edits_are_rate_limited_with_429_and_the_text_kept(client, settings, author, abusive):
    """Each edit invalidated every cached page, with no limit: any account could keep the caches cold."""
    settings.REVIEWHUB_RATE_LIMITS = {**settings.REVIEWHUB_RATE_LIMITS, "edit": (2, 600)}
    client.force_login(author)
    url = reverse("comments:edit", args=[abusive.pk])
    client.post(url, {"body": "Edit one"})
    client.post(url, {"body": "Edit two"})

    response = client.post(url, {"body": "Edit three, kept in the form"})

    assert response.status_code == 429
    html = response.content.decode()
    assert "You are posting too quickly." in html
    assert "Edit three, kept in the form</textarea>" in html
    abusive.refresh_from_db()
    assert abusive.body == "Edit two"


def test_an_unchanged_edit_leaves_the_page_caches_alone(author, abusive):
    cache.set(VERSION_KEY, 1, timeout=None)

    services.comment_edit(comment=abusive, body=abusive.body)

    assert cache.get(VERSION_KEY) == 1
    services.comment_edit(comment=abusive, body="Changed")
    assert cache.get(VERSION_KEY) != 1
