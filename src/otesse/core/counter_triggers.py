"""Counter tables kept by triggers on the table they count: the SQL that moves them, once.

A counter row is (key…, slot, n): how many rows of the source table have that key. On
PostgreSQL each statement moves its counters once, from its transition tables, by the
statement's net count per key, and upserts them in key order: a thousand-row INSERT costs
one upsert per key, and two statements lock their counter rows in the same order, so they
cannot deadlock on them (a multi-row UPDATE moved by a row trigger would lock them in the
order of its rows). Each backend writes its own slot (its pid modulo 8), so concurrent
writers of one key rarely wait on one row; a read sums the slots. SQLite serialises writers:
its row triggers move one row by one.

A migration installs a :class:`Counter` (customer_tag_counts, 0018; booking_counts, 0022),
the seed recounts it after a load with its insert trigger disabled, and `otesse stats
verify` recounts its key from the source rows (stats/counters.py), all from the one
declaration.
"""

from dataclasses import dataclass

SLOT = "(pg_backend_pid() % 8)::smallint"
# The trigger event, the transition tables it reads and its function, per statement kind.
_PG_KINDS = {
    "insert": ("INSERT", "NEW TABLE AS added", "added"),
    "delete": ("DELETE", "OLD TABLE AS removed", "removed"),
    "update": ("UPDATE", "OLD TABLE AS removed NEW TABLE AS added", "changed"),
}


@dataclass(frozen=True, slots=True)
class Counter:
    """``table`` counts the rows of ``source`` by ``key`` (column names).

    ``pg_values`` and ``sqlite_values`` are the key's values computed from one source row,
    in the key's order, where ``{row}`` stands for the row's qualifier (``NEW.``, ``OLD.``, or
    nothing in a query over one table); ``watched`` the source columns they derive from (a
    SQLite UPDATE moves the counter only when one of them is set). Constants only, never
    input."""

    table: str
    source: str
    key: tuple[str, ...]
    pg_values: tuple[str, ...]
    sqlite_values: tuple[str, ...]
    watched: tuple[str, ...]

    @property
    def columns(self) -> str:
        return ", ".join(self.key)

    def values(self, *, postgresql: bool, row: str = "") -> str:
        chosen = self.pg_values if postgresql else self.sqlite_values
        return ", ".join(value.format(row=row) for value in chosen)

    def _named_values(self) -> str:
        """PostgreSQL's values from a transition table, each named as its key column."""
        named = []
        for column, value in zip(self.key, self.pg_values, strict=True):
            value = value.format(row="")
            named.append(value if value == column else f"{value} AS {column}")
        return ", ".join(named)

    def trigger(self, kind: str) -> str:
        """The name of the trigger that follows ``kind`` (insert, delete, update)."""
        return f"{self.table}_{kind}"

    # PostgreSQL: statement triggers over transition tables.

    def _pg_move(self, moved: str) -> str:
        key = self.columns
        return f"""
INSERT INTO {self.table} AS c ({key}, slot, n)
    SELECT {key}, {SLOT}, sum(delta) FROM ({moved}) moved
    GROUP BY {key} HAVING sum(delta) <> 0 ORDER BY {key}
    ON CONFLICT ({key}, slot) DO UPDATE SET n = c.n + EXCLUDED.n
"""  # noqa: S608

    def pg_functions(self) -> dict[str, str]:
        """The trigger functions' bodies by name: one statement each."""
        values = self._named_values()
        added = f"SELECT {values}, 1 AS delta FROM added"  # noqa: S608
        removed = f"SELECT {values}, -1 AS delta FROM removed"  # noqa: S608
        return {
            f"{self.table}_added": self._pg_move(added),
            f"{self.table}_removed": self._pg_move(removed),
            f"{self.table}_changed": self._pg_move(f"{added} UNION ALL {removed}"),
        }

    def pg_install(self) -> list[str]:
        statements = [
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {body}; RETURN NULL; END $$"
            for name, body in self.pg_functions().items()
        ]
        for kind, (event, tables, function) in _PG_KINDS.items():
            statements.append(
                f"CREATE TRIGGER {self.trigger(kind)} AFTER {event} ON {self.source} "
                f"REFERENCING {tables} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {self.table}_{function}()"
            )
        return statements

    def pg_uninstall(self) -> list[str]:
        triggers = [f"DROP TRIGGER {self.trigger(kind)} ON {self.source}" for kind in _PG_KINDS]
        return triggers + [f"DROP FUNCTION {name}()" for name in self.pg_functions()]

    # SQLite: row triggers.

    def _sqlite_move(self, row: str, sign: str) -> str:
        key = self.columns
        values = self.values(postgresql=False, row=f"{row}.")
        return (
            f"INSERT INTO {self.table} ({key}, slot, n) "  # noqa: S608 - constants only
            f"VALUES ({values}, 0, {sign}1) "
            f"ON CONFLICT ({key}, slot) DO UPDATE SET n = n {sign} 1;"
        )

    def sqlite_install(self) -> list[str]:
        old, new = self._sqlite_move("OLD", "-"), self._sqlite_move("NEW", "+")
        return [
            f"CREATE TRIGGER {self.trigger('insert')} AFTER INSERT ON {self.source} "
            f"BEGIN {new} END",
            f"CREATE TRIGGER {self.trigger('delete')} AFTER DELETE ON {self.source} "
            f"BEGIN {old} END",
            f"CREATE TRIGGER {self.trigger('update')} AFTER UPDATE OF {', '.join(self.watched)} "
            f"ON {self.source} BEGIN {old} {new} END",
        ]

    def sqlite_uninstall(self) -> list[str]:
        return [f"DROP TRIGGER {self.trigger(kind)}" for kind in _PG_KINDS]

    def install(self, *, postgresql: bool) -> list[str]:
        return self.pg_install() if postgresql else self.sqlite_install()

    def uninstall(self, *, postgresql: bool) -> list[str]:
        return self.pg_uninstall() if postgresql else self.sqlite_uninstall()

    # Counting from the source rows.

    def _groups(self) -> str:
        return ", ".join(str(position) for position in range(1, len(self.key) + 1))

    def backfill(self, *, postgresql: bool, where: str = "TRUE") -> str:
        """Slot 0 of every key, counted from the source rows matching ``where``."""
        return (
            f"INSERT INTO {self.table} ({self.columns}, slot, n) "  # noqa: S608
            f"SELECT {self.values(postgresql=postgresql)}, 0, count(*) FROM {self.source} "
            f"WHERE {where} GROUP BY {self._groups()}"
        )
