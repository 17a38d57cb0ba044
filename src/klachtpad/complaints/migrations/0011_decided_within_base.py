from django.db import migrations, models


def fill(apps, schema_editor):
    """Decided complaints: whether the decision came within the first decision term."""
    Complaint = apps.get_model("complaints", "Complaint")
    Term = apps.get_model("complaints", "Term")
    for complaint in Complaint.objects.filter(decided_on__isnull=False).iterator():
        bases = Term.objects.filter(complaint=complaint, kind="decision").values_list(
            "original_end_on", flat=True
        )
        if bases:
            Complaint.objects.filter(pk=complaint.pk).update(
                decided_within_base=complaint.decided_on <= min(bases)
            )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0010_judgement_no_measures_reason")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="decided_within_base",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="decided within the first term"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
