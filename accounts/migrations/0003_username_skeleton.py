import unicodedata

from django.db import migrations, models

# The skeleton as accounts.usernames.skeleton computed it when this migration was written, frozen
# here so that a later change to that module does not change what this migration writes.
ASCII_PROTOTYPES = {"I": "l", "1": "l", "|": "l", "0": "o", "O": "o"}


def _prototypes() -> dict[str, str]:
    from confusable_homoglyphs import confusables

    prototypes = {}
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_twins = sorted(h["c"] for h in homoglyphs if len(h["c"]) == 1 and h["c"].isascii())
        if ascii_twins:
            prototypes[char] = ascii_twins[0]
    return prototypes | ASCII_PROTOTYPES


def skeleton(name: str, prototypes: dict[str, str]) -> str:
    mapped = "".join(prototypes.get(char, char) for char in unicodedata.normalize("NFKC", name))
    return "".join(prototypes.get(char, char) for char in mapped.casefold())


def fill_skeletons(apps, schema_editor) -> None:
    """Existing accounts get their look-alike key, so a new name can be compared with theirs."""
    prototypes = _prototypes()
    user_model = apps.get_model("accounts", "User")
    users = list(user_model.objects.only("pk", "username"))
    for user in users:
        user.username_skeleton = skeleton(user.username, prototypes)[:600]
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
