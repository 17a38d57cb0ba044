from django.db import migrations, models


def order_as_the_scheme_lists(apps, schema_editor):
    """Categories already loaded take the order of the scheme version in use."""
    Category = apps.get_model("organisations", "Category")
    SchemeVersion = apps.get_model("organisations", "SchemeVersion")
    for category in Category.objects.all():
        version = (
            SchemeVersion.objects.filter(organisation_id=category.organisation_id)
            .order_by("-number")
            .first()
        )
        codes = [c.get("code") for c in (version.data if version else {}).get(
            "organisation", {}
        ).get("categories", [])]
        if category.code in codes:
            category.position = codes.index(category.code)
            category.save(update_fields=["position"])


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0007_redaction_terms"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="category",
            options={
                "ordering": ["organisation", "position", "name_nl"],
                "verbose_name": "category",
                "verbose_name_plural": "categories",
            },
        ),
        migrations.AddField(
            model_name="category",
            name="position",
            field=models.PositiveIntegerField(default=0, verbose_name="position"),
        ),
        migrations.RunPython(order_as_the_scheme_lists, migrations.RunPython.noop),
    ]
