from django.db import migrations

from klachtpad.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [
        append_only("letters_letter", "letters are kept as written"),
        append_only("letters_letterpdf", "letter PDFs are kept as rendered"),
        append_only("letters_letterdispatch", "a sending is recorded once"),
    ]
