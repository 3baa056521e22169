"""Create the "Moderators" group (DESIGN §6).

Moderators may view and change reviews, comments and reports, use the moderation
actions (the custom `moderate_*` permissions), read the audit log and edit the
word lists. They get nothing on users, films, groups or permissions, and no
delete permission on any content. Superusers keep everything.

Permissions are normally created after `migrate` finishes (post_migrate), so
they are created here first for the apps involved. The list is frozen in this
file on purpose: a migration must not change meaning when app code changes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderators"

PERMISSIONS = [
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
]


def create_group(apps, schema_editor):
    using = schema_editor.connection.alias
    for label in sorted({app_label for app_label, _ in PERMISSIONS}):
        app_config = apps.get_app_config(label)
        # create_permissions skips app configs without a models module, which
        # migration state app configs never have.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    permissions = [
        Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in PERMISSIONS
    ]
    group.permissions.add(*permissions)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("moderation", "0002_event_action_choices"),
        ("reviews", "0002_vote_not_on_own_review"),
        ("comments", "0002_parent_on_same_review"),
    ]

    operations = [
        migrations.RunPython(create_group, remove_group),
    ]
