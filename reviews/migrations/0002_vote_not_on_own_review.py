from django.db import migrations

from reviewhub.db_triggers import RowRule, install

NO_VOTE_ON_OWN_REVIEW = RowRule(
    name="reviews_helpfulvote_not_own_review",
    table="reviews_helpfulvote",
    columns=("review_id", "voter_id"),
    violation="NEW.voter_id = (SELECT author_id FROM reviews_review WHERE id = NEW.review_id)",
    message="a helpful vote cannot be on the voter''s own review",
)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [install(NO_VOTE_ON_OWN_REVIEW)]
