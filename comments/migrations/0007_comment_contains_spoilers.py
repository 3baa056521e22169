"""Comments get a "contains spoilers" flag.

On SQLite, Django would add a NOT NULL column by rebuilding comments_comment, which drops the
count and same-review triggers on it; ALTER TABLE ADD COLUMN with a constant default keeps the
table and its triggers. PostgreSQL gets what Django itself would run.
"""

from django.db import migrations, models

SQL = {
    "sqlite": ['ALTER TABLE "comments_comment" ADD COLUMN "contains_spoilers" bool DEFAULT 0 NOT NULL'],
    "postgresql": [
        'ALTER TABLE "comments_comment" ADD COLUMN "contains_spoilers" boolean DEFAULT false NOT NULL',
        'ALTER TABLE "comments_comment" ALTER COLUMN "contains_spoilers" DROP DEFAULT',
    ],
}


def add_column(apps, schema_editor):
    for sql in SQL[schema_editor.connection.vendor]:
        schema_editor.execute(sql)


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "comments_comment" DROP COLUMN "contains_spoilers"')


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_author_protect"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="comment",
                    name="contains_spoilers",
                    field=models.BooleanField(default=False),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
