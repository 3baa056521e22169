"""Test helpers for moderation: the Moderators group, moderator accounts, admin bulk actions."""

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from conftest import make_user

moderators_migration = importlib.import_module("moderation.migrations.0003_moderators_group")
score_protection_migration = importlib.import_module("reviews.migrations.0011_moderators_score_protection")


def moderators_group() -> Group:
    """The group as the data migration makes it.

    Transactional (browser) tests flush the database, group included, so the
    migration's own function runs again here; it is idempotent.
    """
    moderators_migration.create_group(apps, SimpleNamespace(connection=connection))
    score_protection_migration.grant(apps, SimpleNamespace(connection=connection))
    return Group.objects.get(name=moderators_migration.GROUP_NAME)


def make_moderator(**overrides):
    overrides.setdefault("is_staff", True)
    moderator = make_user(**overrides)
    moderator.groups.add(moderators_group())
    return moderator


def changelist_url(app_label: str, model_name: str) -> str:
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def run_admin_action(client, app_label: str, model_name: str, action: str, objects, follow: bool = True):
    """POST a bulk action to a changelist exactly as the admin's form does."""
    return client.post(
        changelist_url(app_label, model_name),
        {"action": action, "select_across": "0", "index": "0", "_selected_action": [obj.pk for obj in objects]},
        follow=follow,
    )
