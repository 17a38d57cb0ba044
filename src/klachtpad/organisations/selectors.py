"""Reading organisations and their schemes."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from klachtpad.organisations.models import Organisation, Procedure, SchemeVersion


def organisation_list_public() -> QuerySet[Organisation]:
    """Organisations that have a scheme, for the public index."""
    return Organisation.objects.filter(scheme_versions__isnull=False).distinct().order_by("name")


def scheme_version_current_for_slug(*, slug: str) -> SchemeVersion:
    """The newest scheme version of an organisation; 404 when there is none."""
    version = (
        SchemeVersion.objects.select_related("organisation")
        .filter(organisation__slug=slug)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("No organisation with a complaint scheme at this address.")
    return version


def procedure_list_current() -> QuerySet[Procedure]:
    """The procedures of every organisation's current scheme version."""
    newest = (
        SchemeVersion.objects.filter(organisation=OuterRef("organisation"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        Procedure.objects.filter(scheme_version=Subquery(newest))
        .select_related("organisation", "scheme_version")
        .order_by("organisation__name", "id")
    )
