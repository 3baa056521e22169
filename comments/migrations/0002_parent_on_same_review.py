"""A trigger refuses a reply on another review than its parent's.

The SQL is written out here, frozen: a later change to the rule is a new migration.
"""

from django.db import migrations

FORWARDS = {
    "sqlite": [
        (
            "CREATE TRIGGER comments_comment_parent_same_review_insert BEFORE INSERT ON comments_comment FOR EACH ROW"
            " WHEN NEW.parent_id IS NOT NULL AND NEW.review_id <> (SELECT review_id FROM comments_comment WHERE id = "
            "NEW.parent_id) BEGIN SELECT RAISE(ABORT, 'a reply must be on the same review as its parent'); END"
        ),
        (
            "CREATE TRIGGER comments_comment_parent_same_review_update BEFORE UPDATE OF parent_id, review_id ON "
            "comments_comment FOR EACH ROW WHEN NEW.parent_id IS NOT NULL AND NEW.review_id <> (SELECT review_id FROM"
            " comments_comment WHERE id = NEW.parent_id) BEGIN SELECT RAISE(ABORT, 'a reply must be on the same "
            "review as its parent'); END"
        ),
    ],
    "postgresql": [
        (
            "CREATE OR REPLACE FUNCTION comments_comment_parent_same_review_fn() RETURNS trigger AS $$ BEGIN IF "
            "NEW.parent_id IS NOT NULL AND NEW.review_id <> (SELECT review_id FROM comments_comment WHERE id = "
            "NEW.parent_id) THEN RAISE EXCEPTION 'a reply must be on the same review as its parent' USING ERRCODE = "
            "'check_violation'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql"
        ),
        (
            "CREATE TRIGGER comments_comment_parent_same_review BEFORE INSERT OR UPDATE OF parent_id, review_id ON "
            "comments_comment FOR EACH ROW EXECUTE FUNCTION comments_comment_parent_same_review_fn()"
        ),
    ],
}

BACKWARDS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS comments_comment_parent_same_review_insert",
        "DROP TRIGGER IF EXISTS comments_comment_parent_same_review_update",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS comments_comment_parent_same_review ON comments_comment",
        "DROP FUNCTION IF EXISTS comments_comment_parent_same_review_fn()",
    ],
}


def forwards(apps, schema_editor):
    for sql in FORWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in BACKWARDS.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
