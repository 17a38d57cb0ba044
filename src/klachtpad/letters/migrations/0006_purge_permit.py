"""Letters stay as written, except for the retention purge (``klachtpad.append_only``)."""

from django.db import migrations

from klachtpad.append_only import append_only_permitted


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_ruling_answers"), ("organisations", "0010_purgepermit")]

    operations = [
        append_only_permitted("letters_letter", "letters are kept as written"),
        append_only_permitted("letters_letterpdf", "letter PDFs are kept as rendered"),
        append_only_permitted("letters_letterdispatch", "a sending is recorded once"),
    ]
