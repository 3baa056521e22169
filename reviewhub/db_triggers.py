"""Counters kept by database triggers (SQLite and PostgreSQL), so every write path keeps them right.

Migrations hold the generated SQL frozen; this code stays as the definition that
tests compare the database with, and for the recount that repairs a summary.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MaintainedCounts:
    """Per-parent sums over counted rows, kept by triggers in the writing statement so no write path misses them.

    Increments rather than recounts, so concurrent writers lose no update; only the triggers
    and the recount write the summary. `{row}` in the SQL fragments is NEW, OLD or the table.
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
        """Rebuild the whole summary from `table`: the backfill, and the repair when it has drifted."""
        row = self.table
        sums = ", ".join(f"SUM({expr.format(row=row)})" for expr in self.contributions.values())
        return [
            f"DELETE FROM {self.summary_table}",
            f"INSERT INTO {self.summary_table} ({', '.join([self.key, *self.contributions])}) "
            f"SELECT {row}.{self.key}, {sums} FROM {row} "
            f"WHERE {self.counts_when.format(row=row)} GROUP BY {row}.{self.key}",
        ]

    def create_sql(self, vendor: str) -> list[str]:
        """The triggers, then the backfill."""
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
