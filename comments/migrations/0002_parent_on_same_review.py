from django.db import migrations

from reviewhub.db_triggers import RowRule, install

PARENT_ON_SAME_REVIEW = RowRule(
    name="comments_comment_parent_same_review",
    table="comments_comment",
    columns=("parent_id", "review_id"),
    violation=(
        "NEW.parent_id IS NOT NULL AND "
        "NEW.review_id <> (SELECT review_id FROM comments_comment WHERE id = NEW.parent_id)"
    ),
    message="a reply must be on the same review as its parent",
)


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]
    operations = [install(PARENT_ON_SAME_REVIEW)]
