"""A database trigger that refuses to change rows of an append-only table.

SQLite refuses updates only: Django empties SQLite tables between transactional tests
with DELETE, which a delete trigger would block; deleting rows there is blocked by the
protected foreign keys that point at them. PostgreSQL refuses updates and deletes; it
empties tables with TRUNCATE, which row triggers do not see.

One path goes around the refusal: the retention purge (``retention.services``), which
removes a file's history and letters once its term has passed. It writes a row of
``organisations_purgepermit`` inside its own transaction and removes it before it
commits; the triggers made by ``append_only_permitted`` let a transaction that sees such
a row through. No other transaction sees it, so every other writer is refused as before.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def append_only(table: str, message: str) -> migrations.RunPython:
    """A migration operation that makes ``table`` append-only."""
    sqlite = [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    ]
    sqlite_reverse = [f"DROP TRIGGER {table}_no_update;"]
    postgres = [
        f"CREATE FUNCTION {table}_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
        f"'{message}' USING ERRCODE = 'integrity_constraint_violation'; END; $$ "
        "LANGUAGE plpgsql;",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse();",
    ]
    postgres_reverse = [
        f"DROP TRIGGER {table}_append_only ON {table};",
        f"DROP FUNCTION {table}_refuse();",
    ]

    def run(statements: dict[str, list[str]]) -> Any:
        def execute(apps: Any, schema_editor: Any) -> None:
            vendor = schema_editor.connection.vendor
            for statement in statements["postgresql" if vendor == "postgresql" else "sqlite"]:
                schema_editor.execute(statement)

        return execute

    return migrations.RunPython(
        run({"postgresql": postgres, "sqlite": sqlite}),
        run({"postgresql": postgres_reverse, "sqlite": sqlite_reverse}),
    )


PERMIT_TABLE = "organisations_purgepermit"


def _permitted_statements(table: str, message: str, name: str = "") -> dict[str, list[str]]:
    name = name or table
    return {
        "sqlite": [
            f"DROP TRIGGER IF EXISTS {name}_no_update;",
            f"CREATE TRIGGER {name}_no_update BEFORE UPDATE ON {table} "  # noqa: S608
            f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE}) "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END;",
        ],
        "postgresql": [
            f"CREATE OR REPLACE FUNCTION {name}_refuse() RETURNS trigger AS $$ BEGIN "  # noqa: S608
            f"IF EXISTS (SELECT 1 FROM {PERMIT_TABLE}) THEN "
            "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END IF; "
            f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'; "
            "END; $$ LANGUAGE plpgsql;",
        ],
    }


def append_only_permitted(table: str, message: str, name: str = "") -> migrations.RunPython:
    """Make the append-only ``table`` let the purge's permit through (its trigger made
    by ``append_only`` is replaced; PostgreSQL's trigger calls the new function).
    ``name``: the triggers' prefix, where it is not the table's name."""
    statements = _permitted_statements(table, message, name)

    def execute(apps: Any, schema_editor: Any) -> None:
        vendor = "postgresql" if schema_editor.connection.vendor == "postgresql" else "sqlite"
        for statement in statements[vendor]:
            schema_editor.execute(statement)

    return migrations.RunPython(execute, migrations.RunPython.noop)


def append_only_after_rebuild(table: str, message: str) -> migrations.RunPython:
    """After a migration that makes SQLite rebuild ``table`` (adding a column does), its
    trigger is gone with the old table: this puts it back. PostgreSQL keeps it. Before
    the permit table exists, the trigger is the plain one."""

    def execute(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        tables = schema_editor.connection.introspection.table_names()
        if PERMIT_TABLE in tables:
            for statement in _permitted_statements(table, message)["sqlite"]:
                schema_editor.execute(statement)
        else:
            schema_editor.execute(
                f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            )

    return migrations.RunPython(execute, migrations.RunPython.noop)
