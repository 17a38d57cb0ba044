"""A database trigger that refuses to change rows of an append-only table.

SQLite refuses updates only: Django empties SQLite tables between transactional tests
with DELETE, which a delete trigger would block; deleting rows there is blocked by the
protected foreign keys that point at them. PostgreSQL refuses updates and deletes; it
empties tables with TRUNCATE, which row triggers do not see.
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


def append_only_after_rebuild(table: str, message: str) -> migrations.RunPython:
    """After a migration that makes SQLite rebuild ``table`` (adding a column does), its
    trigger is gone with the old table: this puts it back. PostgreSQL keeps it."""
    create = (
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
    )

    def execute(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(create)

    return migrations.RunPython(execute, migrations.RunPython.noop)
