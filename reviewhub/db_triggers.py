"""Counters kept by database triggers (SQLite and PostgreSQL), so every write path keeps them right.

Migrations hold the generated SQL frozen; this code stays as the definition that
tests compare the database with, and for the recount that repairs a summary.
"""

from dataclasses import dataclass


def _differs(vendor: str) -> str:
    return "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"


@dataclass(frozen=True)
class DerivedSource:
    """Another table a derived column's expression reads: its writes recompute the rows they touch."""

    table: str
    match: str  # SQL on {target} (the derived column's table) and {row} (NEW or OLD here): the rows to recompute
    watched: tuple[str, ...] = ()  # columns whose update can change the value; () means any update


@dataclass(frozen=True)
class DerivedColumn:
    """A column the database keeps equal to an expression over other tables, whatever wrote the row.

    A stale value the application writes back (a full-row save of an old instance) never survives
    the statement. PostgreSQL recomputes it in a BEFORE trigger. SQLite cannot change NEW, so the
    MaintainedCounts triggers that read the column write it back themselves, before they count
    (MaintainedCounts.derived); that relies on SQLite's default of no recursive triggers.
    """

    name: str
    table: str
    column: str
    expression: dict[str, str]  # vendor -> SQL on {row}: the value
    inputs: tuple[str, ...]  # columns of `table` the expression reads
    sources: tuple[DerivedSource, ...]
    pk: str = "id"

    def value(self, vendor: str, row: str) -> str:
        return f"({self.expression[vendor].format(row=row)})"

    def stale(self, vendor: str, row: str) -> str:
        return f"{row}.{self.column} {_differs(vendor)} {self.value(vendor, row)}"

    def refresh(self, vendor: str, where: str) -> str:
        """Recompute the rows of `table` matching `where` (SQL on the table) whose value is stale."""
        return (
            f"UPDATE {self.table} SET {self.column} = {self.value(vendor, self.table)} "
            f"WHERE {where} AND {self.stale(vendor, self.table)}"
        )

    def _source_where(self, source: DerivedSource, row: str) -> str:
        return source.match.format(target=self.table, row=row)

    def _update_of(self, source: DerivedSource) -> str:
        return f"UPDATE OF {', '.join(source.watched)}" if source.watched else "UPDATE"

    def create_sql(self, vendor: str) -> list[str]:
        """The triggers, then the backfill of stale rows."""
        backfill = self.refresh(vendor, "1 = 1")
        if vendor == "sqlite":
            statements = []
            for source in self.sources:
                prefix = f"{self.name}_{source.table}"
                old, new = self._source_where(source, "OLD"), self._source_where(source, "NEW")
                statements += [
                    f"CREATE TRIGGER {prefix}_insert AFTER INSERT ON {source.table} "
                    f"BEGIN {self.refresh(vendor, new)}; END",
                    f"CREATE TRIGGER {prefix}_delete AFTER DELETE ON {source.table} "
                    f"BEGIN {self.refresh(vendor, old)}; END",
                    f"CREATE TRIGGER {prefix}_update AFTER {self._update_of(source)} ON {source.table} "
                    f"FOR EACH ROW BEGIN {self.refresh(vendor, old)}; {self.refresh(vendor, new)}; END",
                ]
            return [*statements, backfill]
        if vendor == "postgresql":
            statements = [
                f"CREATE OR REPLACE FUNCTION {self.name}_fn() RETURNS trigger AS $$ BEGIN "
                f"NEW.{self.column} := {self.value(vendor, 'NEW')}; RETURN NEW; END; $$ LANGUAGE plpgsql",
                f"CREATE TRIGGER {self.name}_row BEFORE INSERT OR UPDATE OF {', '.join([*self.inputs, self.column])} "
                f"ON {self.table} FOR EACH ROW EXECUTE FUNCTION {self.name}_fn()",
            ]
            for source in self.sources:
                prefix = f"{self.name}_{source.table}"
                old, new = self._source_where(source, "OLD"), self._source_where(source, "NEW")
                statements += [
                    f"CREATE OR REPLACE FUNCTION {prefix}_fn() RETURNS trigger AS $$ BEGIN "
                    f"IF TG_OP <> 'INSERT' THEN {self.refresh(vendor, old)}; END IF; "
                    f"IF TG_OP <> 'DELETE' THEN {self.refresh(vendor, new)}; END IF; "
                    f"RETURN NULL; END; $$ LANGUAGE plpgsql",
                    f"CREATE TRIGGER {prefix}_write AFTER INSERT OR DELETE OR {self._update_of(source)} "
                    f"ON {source.table} FOR EACH ROW EXECUTE FUNCTION {prefix}_fn()",
                ]
            return [*statements, backfill]
        return []

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                f"DROP TRIGGER IF EXISTS {self.name}_{source.table}_{event}"
                for source in self.sources
                for event in ("insert", "delete", "update")
            ]
        if vendor == "postgresql":
            statements = [
                f"DROP TRIGGER IF EXISTS {self.name}_row ON {self.table}",
                f"DROP FUNCTION IF EXISTS {self.name}_fn()",
            ]
            for source in self.sources:
                statements += [
                    f"DROP TRIGGER IF EXISTS {self.name}_{source.table}_write ON {source.table}",
                    f"DROP FUNCTION IF EXISTS {self.name}_{source.table}_fn()",
                ]
            return statements
        return []


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
    # A column of `table` the contributions read and the database derives (SQLite: these triggers keep it).
    derived: DerivedColumn | None = None

    def _add(self, row: str, source: str = "", condition: str = "") -> str:
        columns = ", ".join([self.key, *self.contributions])
        values = ", ".join([f"{row}.{self.key}", *(expr.format(row=row) for expr in self.contributions.values())])
        sums = ", ".join(f"{col} = {self.summary_table}.{col} + excluded.{col}" for col in self.contributions)
        # The WHERE clause also keeps SQLite from reading ON CONFLICT as part of the SELECT.
        return (
            f"INSERT INTO {self.summary_table} ({columns}) SELECT {values} {source}"
            f"WHERE {condition}{self.counts_when.format(row=row)} "
            f"ON CONFLICT ({self.key}) DO UPDATE SET {sums}"
        )

    def _sqlite_derived(self, derived: DerivedColumn) -> list[str]:
        """SQLite's triggers when a contribution reads a derived column: write it back, then count the row as stored.

        Insert: count the row as written, then write the value back; that update fires the update
        trigger, which moves the row from what was written to what is right. Update: write the value
        back first (this trigger does not fire itself again), then count the row as it now is.
        """
        this_row = f"{self.table}.{derived.pk} = NEW.{derived.pk}"
        watched = ", ".join(self._update_of())
        return [
            f"CREATE TRIGGER {self.name}_insert AFTER INSERT ON {self.table} "
            f"BEGIN {self._add('NEW')}; {derived.refresh('sqlite', this_row)}; END",
            f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.table} BEGIN {self._subtract('OLD')}; END",
            f"CREATE TRIGGER {self.name}_update AFTER UPDATE OF {watched} ON {self.table} "
            f"FOR EACH ROW WHEN {self._changed('sqlite')} OR {derived.stale('sqlite', 'NEW')} "
            f"BEGIN {derived.refresh('sqlite', this_row)}; {self._subtract('OLD')}; "
            f"{self._add(self.table, f'FROM {self.table} ', f'{this_row} AND ')}; END",
        ]

    def _subtract(self, row: str) -> str:
        differences = ", ".join(f"{col} = {col} - ({expr.format(row=row)})" for col, expr in self.contributions.items())
        return (
            f"UPDATE {self.summary_table} SET {differences} "
            f"WHERE {self.key} = {row}.{self.key} AND {self.counts_when.format(row=row)}"
        )

    def _changed(self, vendor: str) -> str:
        differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
        return " OR ".join(f"OLD.{col} {differs} NEW.{col}" for col in self.watched)

    def _update_of(self) -> list[str]:
        """The columns whose update fires the update trigger: a derived column's inputs too, since
        PostgreSQL fires UPDATE OF only for columns the statement sets, not those a BEFORE trigger changed."""
        if self.derived is None:
            return list(self.watched)
        return list(dict.fromkeys([*self.watched, *self.derived.inputs, self.derived.column]))

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
        watched = ", ".join(self._update_of())
        if vendor == "sqlite" and self.derived is not None:
            return [*self._sqlite_derived(self.derived), *self.recount_sql()]
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
