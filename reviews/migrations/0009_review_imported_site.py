"""The blog an imported review came from, by name (portability's WordPress import shows it as provenance).

Added with plain ADD COLUMN: Django's AddField would rebuild reviews_review on SQLite, which the
triggers naming the table refuse (see 0008). A constant default makes it a metadata-only change.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0008_one_live_review_per_author_film"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE reviews_review ADD COLUMN imported_site varchar(200) NOT NULL DEFAULT ''",
                    "ALTER TABLE reviews_review DROP COLUMN imported_site",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="review",
                    name="imported_site",
                    field=models.CharField(blank=True, help_text="The blog it came from, by name.", max_length=200),
                )
            ],
        )
    ]
