"""What CHECK constraints and the ORM cannot keep, kept by database triggers (SQLite and PostgreSQL).

- RowRule: a cross-row rule; the trigger refuses a row that breaks it with an integrity error.
- MaintainedCounts: denormalised counters, updated in the same statement as the rows they count.
"""

from dataclasses import dataclass
from typing import Protocol

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


@dataclass(frozen=True)
class MaintainedCounts:
    """Counters in a summary table, one row per parent, kept equal to sums over the parent's counted rows.

    Triggers on `table` subtract a row's old contribution when it stops counting
    (deleted, hidden, moved) and add its new one when it starts, in the statement
    that made the change, so the summary commits or rolls back with it and every
    write path (services, admin, bulk updates, raw SQL) keeps it right. Increments
    rather than recounts: PostgreSQL re-reads a row another transaction just
    updated before adding to it, so concurrent writers cannot lose an update.
    Summary rows are created on the first counted row (upsert). The summary is
    written only here and by `recount_sql`, never by the ORM, so no stale model
    instance can overwrite it.

    SQL fragments use `{row}` for the row (NEW, OLD, or the table in a recount).
    """

    name: str
    table: str
    key: str  # the column of `table` naming the parent; also the summary's primary key column
    summary_table: str
    counts_when: str  # SQL on {row}: the row counts
    contributions: dict[str, str]  # summary column -> SQL on {row}: what one counted row adds to it
    watched: tuple[str, ...]  # columns of `table` whose change can move the counts (the key included)

    def _add(self, row: str) -> str:
        columns = ", ".join([self.key, *self.contributions])
        values = ", ".join([f"{row}.{self.key}", *(expr.format(row=row) for expr in self.contributions.values())])
        sums = ", ".join(f"{col} = {self.summary_table}.{col} + excluded.{col}" for col in self.contributions)
        # The WHERE clause also keeps SQLite from reading ON CONFLICT as part of the SELECT.
        return (
            f"INSERT INTO {self.summary_table} ({columns}) SELECT {values} "
            f"WHERE {self.counts_when.format(row=row)} "
            f"ON CONFLICT ({self.key}) DO UPDATE SET {sums}"
        )

    def _subtract(self, row: str) -> str:
        differences = ", ".join(f"{col} = {col} - ({expr.format(row=row)})" for col, expr in self.contributions.items())
        return (
            f"UPDATE {self.summary_table} SET {differences} "
            f"WHERE {self.key} = {row}.{self.key} AND {self.counts_when.format(row=row)}"
        )

    def _changed(self, vendor: str) -> str:
        differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
        return " OR ".join(f"OLD.{col} {differs} NEW.{col}" for col in self.watched)

    def recount_sql(self) -> list[str]:
        """Rebuild the whole summary from `table` (the migration's backfill, and a repair)."""
        row = self.table
        sums = ", ".join(f"SUM({expr.format(row=row)})" for expr in self.contributions.values())
        return [
            f"DELETE FROM {self.summary_table}",
            f"INSERT INTO {self.summary_table} ({', '.join([self.key, *self.contributions])}) "
            f"SELECT {row}.{self.key}, {sums} FROM {row} "
            f"WHERE {self.counts_when.format(row=row)} GROUP BY {row}.{self.key}",
        ]

    def create_sql(self, vendor: str) -> list[str]:
        """The triggers, then the summary filled from the rows already there."""
        watched = ", ".join(self.watched)
        if vendor == "sqlite":
            return [
                f"CREATE TRIGGER {self.name}_insert AFTER INSERT ON {self.table} BEGIN {self._add('NEW')}; END",
                f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.table} BEGIN {self._subtract('OLD')}; END",
                f"CREATE TRIGGER {self.name}_update AFTER UPDATE OF {watched} ON {self.table} "
                f"FOR EACH ROW WHEN {self._changed(vendor)} "
                f"BEGIN {self._subtract('OLD')}; {self._add('NEW')}; END",
                *self.recount_sql(),
            ]
        if vendor == "postgresql":
            return [
                f"CREATE OR REPLACE FUNCTION {self.name}_fn() RETURNS trigger AS $$ BEGIN "
                f"IF TG_OP <> 'INSERT' THEN {self._subtract('OLD')}; END IF; "
                f"IF TG_OP <> 'DELETE' THEN {self._add('NEW')}; END IF; "
                f"RETURN NULL; END; $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {self.name}_insert_delete AFTER INSERT OR DELETE ON {self.table} "
                f"FOR EACH ROW EXECUTE FUNCTION {self.name}_fn()",
                f"CREATE TRIGGER {self.name}_update AFTER UPDATE OF {watched} ON {self.table} "
                f"FOR EACH ROW WHEN ({self._changed(vendor)}) EXECUTE FUNCTION {self.name}_fn()",
                *self.recount_sql(),
            ]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {self.name}_{event}" for event in ("insert", "delete", "update")]
        if vendor == "postgresql":
            return [
                f"DROP TRIGGER IF EXISTS {self.name}_insert_delete ON {self.table}",
                f"DROP TRIGGER IF EXISTS {self.name}_update ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.name}_fn()",
            ]
        return []


class Triggers(Protocol):
    def create_sql(self, vendor: str) -> list[str]: ...

    def drop_sql(self, vendor: str) -> list[str]: ...


def install(triggers: Triggers) -> migrations.RunPython:
    """A migration operation that creates the triggers (and drops them on reverse)."""

    def forwards(apps, schema_editor):
        for sql in triggers.create_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    def backwards(apps, schema_editor):
        for sql in triggers.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(sql)

    return migrations.RunPython(forwards, backwards)
