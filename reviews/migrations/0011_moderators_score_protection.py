"""Moderators may switch score protection on and off and change its rules (never delete it: untick "on").

The list is frozen here, as in moderation 0003 which created the group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderators"
PERMISSIONS = ["view_scoreprotection", "add_scoreprotection", "change_scoreprotection"]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias
    app_config = apps.get_app_config("reviews")
    # create_permissions skips app configs without a models module, which migration state app configs never have.
    models_module = getattr(app_config, "models_module", None)
    app_config.models_module = models_module or True
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.using(using).filter(content_type__app_label="reviews", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    using = schema_editor.connection.alias
    for group in Group.objects.using(using).filter(name=GROUP_NAME):
        group.permissions.remove(
            *Permission.objects.using(using).filter(content_type__app_label="reviews", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("moderation", "0003_moderators_group"),
        ("reviews", "0010_score_protection_and_reviewer_stats"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
    ]
