"""History entries are never changed or removed: the database itself refuses it.

SQLite refuses updates only: Django empties SQLite tables between transactional tests
with DELETE, which a delete trigger would block. Deleting a complaint's history is
blocked there by the protected foreign key; PostgreSQL empties tables with TRUNCATE,
which row triggers do not see.
"""

from django.db import migrations

MESSAGE = "complaint history is append-only"

SQLITE = [
    f"""CREATE TRIGGER complaints_history_no_update BEFORE UPDATE ON complaints_historyentry
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER complaints_history_no_update;",
]
POSTGRES = [
    f"""CREATE FUNCTION complaints_history_refuse() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
    END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER complaints_history_append_only
    BEFORE UPDATE OR DELETE ON complaints_historyentry
    FOR EACH ROW EXECUTE FUNCTION complaints_history_refuse();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER complaints_history_append_only ON complaints_historyentry;",
    "DROP FUNCTION complaints_history_refuse();",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
