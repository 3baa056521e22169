"""Cross-row rules that CHECK constraints cannot express, as database triggers.

Each rule is a SQL condition that must be false for the new row; the trigger
refuses the row with an integrity error. Written for SQLite and PostgreSQL.
"""

from dataclasses import dataclass

from django.db import migrations


@dataclass(frozen=True)
class RowRule:
    name: str
    table: str
    columns: tuple[str, ...]
    violation: str  # SQL condition on NEW.* that is true when the row breaks the rule
    message: str

    def create_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER {self.name}_{event} BEFORE {event.upper()} "
                f"{'OF ' + ', '.join(self.columns) + ' ' if event == 'update' else ''}ON {self.table} "
                f"FOR EACH ROW WHEN {self.violation} "
                f"BEGIN SELECT RAISE(ABORT, '{self.message}'); END"
                for event in ("insert", "update")
            ]
        if vendor == "postgresql":
            return [
                f"CREATE OR REPLACE FUNCTION {self.name}_fn() RETURNS trigger AS $$ "
                f"BEGIN IF {self.violation} THEN "
                f"RAISE EXCEPTION '{self.message}' USING ERRCODE = 'check_violation'; END IF; "
                f"RETURN NEW; END; $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {self.name} BEFORE INSERT OR UPDATE OF {', '.join(self.columns)} "
                f"ON {self.table} FOR EACH ROW EXECUTE FUNCTION {self.name}_fn()",
            ]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.name}_{event}" for event in ("insert", "update")]
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.name}_fn()",
            ]
        return []


def install(rule: RowRule) -> migrations.RunPython:
    """A migration operation that creates the rule's trigger (and drops it on reverse)."""

    def forwards(apps, schema_editor):
        for sql in rule.create_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in rule.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
