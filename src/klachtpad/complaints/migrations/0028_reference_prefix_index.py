"""A whole reference searched within the organisation through a btree index.

The trigram index serves parts of a reference, but over every organisation's complaints:
a reference like ``2019-00042`` shares its trigrams with the same number of each other
provider, so its cost grew with the whole platform. A reference starts with its year, so
text of that shape can only match from the start: a prefix, which this index serves
within the organisation. SQLite's FTS5 table serves both already.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX complaint_reference_prefix ON complaints_complaint "
            "(organisation_id, reference varchar_pattern_ops)"
        )


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS complaint_reference_prefix")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0027_complaint_purged_on")]

    operations = [migrations.RunPython(forward, reverse)]
