"""Word and reference search served by an index on both databases.

PostgreSQL: a stored ``tsvector`` the database keeps itself (a generated column, Dutch
configuration) with a GIN index, and a trigram index for parts of a reference. SQLite:
an FTS5 table with the trigram tokenizer over the same fields, kept by triggers. The
columns are the database's own: ``complaints.selectors.text_search`` is the one place that reads them.
"""

from django.db import migrations

FIELDS = ("reference", "summary", "description", "complainant_name", "desired_outcome", "location")

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE complaints_complaint ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('dutch'::regconfig, "
    + " || ' ' || ".join(f"coalesce({name}, '')" for name in FIELDS)
    + ")) STORED",
    "CREATE INDEX complaint_search ON complaints_complaint USING gin (search_document)",
    "CREATE INDEX complaint_reference_trigram ON complaints_complaint "
    "USING gin ((UPPER(reference::text)) gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS complaint_reference_trigram",
    "ALTER TABLE complaints_complaint DROP COLUMN IF EXISTS search_document",
]

_COLUMNS = ", ".join(FIELDS)
_NEW = ", ".join(f"new.{name}" for name in FIELDS)
_OLD = ", ".join(f"old.{name}" for name in FIELDS)
SQLITE = [
    f"CREATE VIRTUAL TABLE complaints_complaint_search USING fts5({_COLUMNS}, "
    "content='complaints_complaint', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER complaints_complaint_search_insert AFTER INSERT ON complaints_complaint "
    f"BEGIN INSERT INTO complaints_complaint_search(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END",
    "CREATE TRIGGER complaints_complaint_search_delete AFTER DELETE ON complaints_complaint "
    "BEGIN INSERT INTO complaints_complaint_search(complaints_complaint_search, rowid, "
    f"{_COLUMNS}) VALUES ('delete', old.id, {_OLD}); END",
    "CREATE TRIGGER complaints_complaint_search_update AFTER UPDATE OF "
    f"{_COLUMNS} ON complaints_complaint "
    "BEGIN INSERT INTO complaints_complaint_search(complaints_complaint_search, rowid, "
    f"{_COLUMNS}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO complaints_complaint_search(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END",
    "INSERT INTO complaints_complaint_search(complaints_complaint_search) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS complaints_complaint_search_insert",
    "DROP TRIGGER IF EXISTS complaints_complaint_search_delete",
    "DROP TRIGGER IF EXISTS complaints_complaint_search_update",
    "DROP TABLE IF EXISTS complaints_complaint_search",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES if postgres else SQLITE)


def reverse(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    _run(schema_editor, POSTGRES_REVERSE if postgres else SQLITE_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0024_next_term_end")]

    operations = [migrations.RunPython(forward, reverse)]
