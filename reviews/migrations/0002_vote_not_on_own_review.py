"""A trigger refuses a helpful vote on the voter's own review.

The SQL is written out here, frozen: a later change to the rule is a new migration.
"""

from django.db import migrations

FORWARDS = {
    "sqlite": [
        (
            "CREATE TRIGGER reviews_helpfulvote_not_own_review_insert BEFORE INSERT ON reviews_helpfulvote FOR EACH "
            "ROW WHEN NEW.voter_id = (SELECT author_id FROM reviews_review WHERE id = NEW.review_id) BEGIN SELECT "
            "RAISE(ABORT, 'a helpful vote cannot be on the voter''s own review'); END"
        ),
        (
            "CREATE TRIGGER reviews_helpfulvote_not_own_review_update BEFORE UPDATE OF review_id, voter_id ON "
            "reviews_helpfulvote FOR EACH ROW WHEN NEW.voter_id = (SELECT author_id FROM reviews_review WHERE id = "
            "NEW.review_id) BEGIN SELECT RAISE(ABORT, 'a helpful vote cannot be on the voter''s own review'); END"
        ),
    ],
    "postgresql": [
        (
            "CREATE OR REPLACE FUNCTION reviews_helpfulvote_not_own_review_fn() RETURNS trigger AS $$ BEGIN IF "
            "NEW.voter_id = (SELECT author_id FROM reviews_review WHERE id = NEW.review_id) THEN RAISE EXCEPTION 'a "
            "helpful vote cannot be on the voter''s own review' USING ERRCODE = 'check_violation'; END IF; RETURN "
            "NEW; END; $$ LANGUAGE plpgsql"
        ),
        (
            "CREATE TRIGGER reviews_helpfulvote_not_own_review BEFORE INSERT OR UPDATE OF review_id, voter_id ON "
            "reviews_helpfulvote FOR EACH ROW EXECUTE FUNCTION reviews_helpfulvote_not_own_review_fn()"
        ),
    ],
}

BACKWARDS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS reviews_helpfulvote_not_own_review_insert",
        "DROP TRIGGER IF EXISTS reviews_helpfulvote_not_own_review_update",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS reviews_helpfulvote_not_own_review ON reviews_helpfulvote",
        "DROP FUNCTION IF EXISTS reviews_helpfulvote_not_own_review_fn()",
    ],
}


def forwards(apps, schema_editor):
    for sql in FORWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in BACKWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
