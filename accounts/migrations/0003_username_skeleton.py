from django.db import migrations, models


def fill_skeletons(apps, schema_editor) -> None:
    """Existing accounts get their look-alike key, so a new name can be compared with theirs."""
    from accounts.usernames import skeleton

    user_model = apps.get_model("accounts", "User")
    users = list(user_model.objects.only("pk", "username"))
    for user in users:
        user.username_skeleton = skeleton(user.username)[:600]
    user_model.objects.bulk_update(users, ["username_skeleton"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_email_unique_case_insensitive"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="username_skeleton",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=600),
        ),
        migrations.RunPython(fill_skeletons, migrations.RunPython.noop, elidable=True),
    ]
