"""The organisation admin's scheme versions: download the file of any version, and see
what changed between two of them, line by line."""

from __future__ import annotations

import difflib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from klachtpad.organisations.models import SchemeVersion
from klachtpad.staff.access import Desk, desk_view
from klachtpad.staff.administration import ADMIN


def _version(desk: Desk, number: int) -> SchemeVersion:
    found = desk.organisation.scheme_versions.filter(number=number).first()
    if found is None:
        raise Http404
    return found


@desk_view(ADMIN)
def scheme_download(request: HttpRequest, desk: Desk, version: int) -> HttpResponse:
    found = _version(desk, version)
    response = HttpResponse(found.source_text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{desk.organisation.slug}-v{found.number}.yaml"'
    )
    return response


@desk_view(ADMIN)
def scheme_compare(request: HttpRequest, desk: Desk) -> HttpResponse:
    """The lines that differ between two versions (the latest two unless chosen)."""
    versions = list(desk.organisation.scheme_versions.order_by("-number"))
    numbers = [version.number for version in versions]

    def chosen(name: str, default: int) -> int:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() and int(value) in numbers else default

    newest = numbers[0] if numbers else 0
    older = chosen("from", numbers[1] if len(numbers) > 1 else newest)
    newer = chosen("to", newest)
    lines: list[tuple[str, str]] = []
    if numbers:
        before, after = _version(desk, older), _version(desk, newer)
        for line in difflib.unified_diff(
            before.source_text.splitlines(),
            after.source_text.splitlines(),
            fromfile=f"v{older}",
            tofile=f"v{newer}",
            lineterm="",
            n=2,
        ):
            kind = {"+": "added", "-": "removed", "@": "where"}.get(line[:1], "same")
            if line.startswith(("+++", "---")):
                continue
            lines.append((kind, line))
    return render(
        request,
        "staff/admin_scheme_compare.html",
        {
            "desk": desk,
            "versions": versions,
            "older": older,
            "newer": newer,
            "lines": lines,
        },
    )
