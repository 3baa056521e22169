"""Who may do what in the admin: the Moderators group, plain staff, the audit log and the word lists."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_create
from comments.tests.factories import make_comment
from conftest import make_user
from moderation.models import ModerationEvent, Status, WordListEntry
from moderation.tests.factories import changelist_url, run_admin_action

pytestmark = pytest.mark.django_db

MODERATION_ACTIONS = ("approve_selected", "spam_selected", "remove_selected", "restore_selected")


def action_names(response) -> list[str]:
    form = response.context.get("action_form")
    return [] if form is None else [name for name, _ in form.fields["action"].choices if name]


# --- The group made by the migration -------------------------------------------------------


def test_the_migration_creates_the_moderators_group_with_exactly_these_permissions():
    group = Group.objects.get(name="Moderators")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == {
        ("reviews", "view_review"),
        ("reviews", "change_review"),
        ("reviews", "moderate_review"),
        ("comments", "view_comment"),
        ("comments", "change_comment"),
        ("comments", "moderate_comment"),
        ("comments", "view_report"),
        ("comments", "change_report"),
        ("moderation", "view_moderationevent"),
        ("moderation", "view_wordlistentry"),
        ("moderation", "add_wordlistentry"),
        ("moderation", "change_wordlistentry"),
        ("moderation", "delete_wordlistentry"),
        ("reviews", "view_scoreprotection"),
        ("reviews", "add_scoreprotection"),
        ("reviews", "change_scoreprotection"),
    }
    assert not any(app in {"accounts", "films", "auth"} for app, _ in granted)
    assert not any(codename.startswith("delete_") for app, codename in granted if app != "moderation")


# --- A moderator's reach ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [
        ("comments", "comment"),
        ("reviews", "review"),
        ("comments", "report"),
        ("moderation", "moderationevent"),
        ("moderation", "wordlistentry"),
    ],
)
def test_a_moderator_reaches_the_queues(moderator_client, review, app_label, model_name):
    response = moderator_client.get(changelist_url(app_label, model_name))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:films_film_changelist",
        "admin:films_film_add",
        "admin:films_person_changelist",
        "admin:films_genre_changelist",
        "admin:films_credit_changelist",
        "admin:auth_group_changelist",
    ],
)
def test_a_moderator_is_refused_users_films_and_groups(moderator_client, url_name):
    assert moderator_client.get(reverse(url_name)).status_code == 403


def test_a_moderator_is_refused_the_user_and_film_change_pages(moderator_client, moderator, film):
    assert moderator_client.get(reverse("admin:accounts_user_change", args=[moderator.pk])).status_code == 403
    assert moderator_client.get(reverse("admin:films_film_change", args=[film.pk])).status_code == 403
    response = moderator_client.post(reverse("admin:films_film_change", args=[film.pk]), {"title": "Hacked"})
    assert response.status_code == 403
    film.refresh_from_db()
    assert film.title == "Her"


def test_the_admin_index_shows_a_moderator_only_the_moderation_models(moderator_client):
    response = moderator_client.get(reverse("admin:index"))
    models = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert models == {"Comment", "Report", "Review", "ModerationEvent", "WordListEntry", "ScoreProtection"}


def test_a_moderator_sees_the_actions_and_no_delete(moderator_client, review):
    make_comment(review=review)
    response = moderator_client.get(changelist_url("comments", "comment"))
    names = action_names(response)
    assert set(MODERATION_ACTIONS) <= set(names)
    assert "delete_selected" not in names


def test_a_moderator_cannot_hard_delete(moderator_client, review):
    comment = make_comment(review=review)
    assert moderator_client.get(reverse("admin:comments_comment_delete", args=[comment.pk])).status_code == 403
    delete_url = reverse("admin:comments_comment_delete", args=[comment.pk])
    assert moderator_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert moderator_client.get(reverse("admin:reviews_review_delete", args=[review.pk])).status_code == 403
    run_admin_action(moderator_client, "comments", "comment", "delete_selected", [comment])
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_superuser_keeps_delete(admin_client, review):
    make_comment(review=review)
    assert "delete_selected" in action_names(admin_client.get(changelist_url("comments", "comment")))


def test_plain_staff_without_the_group_sees_no_moderation_actions(client, review):
    staff = make_user(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_comment", "change_comment", "view_review"])
    )
    client.force_login(staff)
    held = comment_create(author=make_user(), review=review, body="Hello, first time here.")

    response = client.get(changelist_url("comments", "comment"))
    assert response.status_code == 200
    assert not set(MODERATION_ACTIONS) & set(action_names(response))
    assert b'name="decision"' not in client.get(reverse("admin:comments_comment_change", args=[held.pk])).content

    run_admin_action(client, "comments", "comment", "approve_selected", [held])
    response = client.post(reverse("admin:comments_comment_decide", args=[held.pk]), {"decision": "approve"})
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == Status.PENDING


def test_staff_without_any_permission_sees_an_empty_admin(client):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse("admin:index")).context["app_list"] == []
    assert client.get(changelist_url("comments", "comment")).status_code == 403


# --- Decision buttons on an item's page -----------------------------------------------------------


def test_the_comment_page_offers_decisions_and_shows_the_escaped_audit_trail(moderator_client, review):
    held = comment_create(
        author=make_user(), review=review, body="<script>alert(1)</script> http://a.example http://b.example"
    )
    response = moderator_client.get(reverse("admin:comments_comment_change", args=[held.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for decision in ("approve", "spam", "remove", "restore"):
        assert f'name="decision" value="{decision}"' in html
    assert "automatic rule: 2 or more links" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'name="_save"' not in html  # moderators never rewrite someone's words


def test_a_decision_button_acts_and_returns_to_the_page(moderator_client, moderator, review):
    held = comment_create(author=make_user(), review=review, body="First comment!")
    url = reverse("admin:comments_comment_decide", args=[held.pk])

    assert moderator_client.get(url).status_code == 405
    response = moderator_client.post(url, {"decision": "approve"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:comments_comment_change", args=[held.pk])
    assert "1 comment was approved." in [str(m) for m in response.context["messages"]]
    held.refresh_from_db()
    assert held.status == Status.APPROVED
    event = ModerationEvent.objects.filter(object_id=held.pk, action="approved").get()
    assert (event.actor, event.from_status) == (moderator, Status.PENDING)


def test_an_unknown_decision_changes_nothing(moderator_client, review):
    held = comment_create(author=make_user(), review=review, body="First comment!")
    moderator_client.post(reverse("admin:comments_comment_decide", args=[held.pk]), {"decision": "delete"})
    held.refresh_from_db()
    assert held.status == Status.PENDING and Comment.objects.filter(pk=held.pk).exists()


# --- The audit log and the word lists ----------------------------------------------------------------


def test_the_audit_log_is_read_only_even_for_superusers(admin_client, review):
    comment_create(author=make_user(), review=review, body="First comment!")
    event = ModerationEvent.objects.get()
    response = admin_client.get(changelist_url("moderation", "moderationevent"))
    assert response.status_code == 200
    assert "automatic rule: first comment of a new account" in response.content.decode()
    assert not action_names(response)
    assert admin_client.get(reverse("admin:moderation_moderationevent_add")).status_code == 403
    assert admin_client.get(reverse("admin:moderation_moderationevent_delete", args=[event.pk])).status_code == 403
    change_url = reverse("admin:moderation_moderationevent_change", args=[event.pk])
    assert 'name="_save"' not in admin_client.get(change_url).content.decode()
    assert admin_client.post(change_url, {"note": "rewritten"}).status_code == 403
    event.refresh_from_db()
    assert event.note == ""


def test_a_word_added_in_the_admin_holds_the_next_comment(moderator_client, review):
    author = make_user()
    make_comment(review=review, author=author)
    response = moderator_client.post(
        reverse("admin:moderation_wordlistentry_add"), {"word": "  Bitcoin ", "kind": "disallow"}, follow=True
    )
    assert response.status_code == 200
    assert WordListEntry.objects.get().word == "bitcoin"

    comment = comment_create(author=author, review=review, body="Pay me in BITCOIN.")

    assert comment.status == Status.SPAM


def test_the_same_word_twice_is_a_form_error_not_a_crash(moderator_client):
    WordListEntry.objects.create(word="bitcoin", kind=WordListEntry.Kind.DISALLOW)
    response = moderator_client.post(
        reverse("admin:moderation_wordlistentry_add"), {"word": "Bitcoin", "kind": "disallow"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert WordListEntry.objects.count() == 1


def test_the_word_list_search_and_filter(moderator_client):
    WordListEntry.objects.create(word="bitcoin", kind=WordListEntry.Kind.DISALLOW)
    WordListEntry.objects.create(word="idiot", kind=WordListEntry.Kind.MODERATE)
    response = moderator_client.get(changelist_url("moderation", "wordlistentry"), {"q": "bit"})
    assert [entry.word for entry in response.context["cl"].result_list] == ["bitcoin"]
    response = moderator_client.get(changelist_url("moderation", "wordlistentry"), {"kind__exact": "moderate"})
    assert [entry.word for entry in response.context["cl"].result_list] == ["idiot"]


# --- The index page ---------------------------------------------------------------------------------------------


def test_the_index_shows_what_needs_a_decision_with_links(moderator_client, review):
    comment_create(author=make_user(), review=review, body="First comment!")
    comment_create(author=make_user(), review=review, body="Another first comment!")
    html = moderator_client.get(reverse("admin:index")).content.decode()
    comments = changelist_url("comments", "comment")
    assert f'<a href="{comments}?status__exact=pending">Comments awaiting moderation</a>' in html
    assert "<td><strong>2</strong></td>" in html
    assert f'<a href="{changelist_url("comments", "report")}">Open reports</a>' in html


def test_decisions_show_in_the_items_history(moderator_client, review):
    held = comment_create(author=make_user(), review=review, body="First comment!")
    run_admin_action(moderator_client, "comments", "comment", "approve_selected", [held])
    history = moderator_client.get(reverse("admin:comments_comment_history", args=[held.pk])).content.decode()
    assert "Moderation: Approve" in history


def test_the_word_list_page_explains_matching_and_where_seeded_words_come_from(moderator_client, settings):
    settings.REVIEWHUB_DISALLOWED_WORDS = ["viagra"]
    WordListEntry.objects.create(word="casino", kind=WordListEntry.Kind.DISALLOW)
    html = moderator_client.get(changelist_url("moderation", "wordlistentry")).content.decode()
    assert "matched as whole words, ignoring case" in html
    assert "manage.py seed_word_lists" in html
    # The page lists the table, the only source: a word only in settings is not shown as active.
    assert "casino" in html
    assert "viagra" not in html
