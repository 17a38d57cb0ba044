"""Judgements recorded before rulings were kept apart: one given at a step an outside
body handles becomes that body's ruling, and a complaint whose only judgements are
rulings no longer carries them as the organisation's own verdict."""

from django.db import migrations


def rulings_apart(apps, schema_editor):  # type: ignore[no-untyped-def]
    from klachtpad.domain.schemes import Scheme

    judgement_model = apps.get_model("complaints", "Judgement")
    complaint_model = apps.get_model("complaints", "Complaint")
    schemes = {}
    for judgement in judgement_model.objects.select_related(
        "complaint__procedure__scheme_version"
    ):
        procedure = judgement.complaint.procedure
        version = procedure.scheme_version
        if version.pk not in schemes:
            schemes[version.pk] = Scheme.model_validate(version.data)
        scheme = schemes[version.pk]
        spec = scheme.procedure(procedure.key)
        try:
            body_id = spec.step(judgement.step).handler.body
        except KeyError:
            continue
        if not body_id:
            continue
        body = scheme.body(body_id)
        judgement.body, judgement.body_name = body.id, body.name.nl
        judgement.binding = body.rules_binding
        judgement.save(update_fields=["body", "body_name", "binding"])
    ruled_only = complaint_model.objects.exclude(verdict="").exclude(
        pk__in=judgement_model.objects.filter(body="").values("complaint_id")
    )
    ruled_only.update(verdict="")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0014_rulings_of_bodies")]

    operations = [migrations.RunPython(rulings_apart, migrations.RunPython.noop)]
