"""Access log entries are never changed or removed through the application.

What a database owner does around the trigger is caught by the hash chain
(``audit.services.access_log_verify``).
"""

from django.db import migrations

from klachtpad.append_only import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [append_only("audit_accesslogentry", "the access log is append-only")]
