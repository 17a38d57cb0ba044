"""Changes to organisations and their schemes. One service per change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from klachtpad.domain.schemes import Problem, parse_scheme
from klachtpad.domain.schemes.model import Category as CategorySpec
from klachtpad.organisations.models import (
    Category,
    Organisation,
    Procedure,
    SchemeVersion,
    calendar_fields,
)
from klachtpad.organisations.scheme_edits import document_of, text_of


@dataclass(frozen=True)
class SchemeLoadResult:
    version: SchemeVersion
    created: bool
    warnings: tuple[Problem, ...]


def scheme_load(*, text: str, source: str) -> SchemeLoadResult:
    """Load a scheme file. Idempotent: an unchanged scheme makes no new version.

    Raises SchemeInvalid (nothing is written) when the file does not validate.
    """
    checked = parse_scheme(text, source)
    scheme = checked.scheme
    data = scheme.model_dump(mode="json", by_alias=True)
    content_hash = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    calendar = data["organisation"]["calendar"]

    with transaction.atomic():
        organisation, created_organisation = Organisation.objects.select_for_update().get_or_create(
            slug=scheme.organisation.slug,
            defaults={"name": scheme.organisation.name, **calendar_fields(calendar)},
        )
        current = organisation.scheme_versions.order_by("-number").first()
        if current is not None and current.content_hash == content_hash:
            return SchemeLoadResult(version=current, created=False, warnings=checked.warnings)

        organisation.name = scheme.organisation.name
        update_fields = ["name"]
        # The calendar follows the file only when the file's calendar section changed,
        # so that changes made in the application are not undone by reloading the file.
        if not created_organisation and (current is None or current.calendar != calendar):
            for field, value in calendar_fields(calendar).items():
                setattr(organisation, field, value)
                update_fields.append(field)
        organisation.save(update_fields=update_fields)

        version = SchemeVersion.objects.create(
            organisation=organisation,
            number=(current.number + 1) if current else 1,
            source_name=source,
            source_text=text,
            content_hash=content_hash,
            data=data,
            calendar=calendar,
        )
        Procedure.objects.bulk_create(
            Procedure(
                organisation=organisation,
                scheme_version=version,
                key=procedure.id,
                name_nl=procedure.name.nl,
                name_en=procedure.name.en,
                regime=procedure.regime.value,
            )
            for procedure in scheme.procedures
        )
        _sync_categories(organisation, scheme.organisation.categories)
    return SchemeLoadResult(version=version, created=True, warnings=checked.warnings)


def _sync_categories(organisation: Organisation, categories: list[CategorySpec]) -> None:
    """Add, rename and order the file's categories as the file lists them; retire (never
    delete) ones it dropped."""
    existing = {category.code: category for category in organisation.categories.all()}
    for position, spec in enumerate(categories):
        category = existing.pop(spec.code, None)
        if category is None:
            Category.objects.create(
                organisation=organisation,
                code=spec.code,
                name_nl=spec.name.nl,
                name_en=spec.name.en,
                position=position,
            )
        elif (category.name_nl, category.name_en, category.active, category.position) != (
            spec.name.nl,
            spec.name.en,
            True,
            position,
        ):
            category.name_nl, category.name_en = spec.name.nl, spec.name.en
            category.active, category.position = True, position
            category.save(update_fields=["name_nl", "name_en", "active", "position"])
    for category in existing.values():
        if category.active:
            category.active = False
            category.save(update_fields=["active"])


class SchemeChangedMeanwhile(Exception):
    """Another version was loaded since the admin opened the form."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def scheme_change(
    *, organisation: Organisation, based_on: int, change: Callable[[Any], None]
) -> SchemeLoadResult:
    """A new version of the scheme in use, with ``change`` applied to its file (see
    ``scheme_edits``). Raises SchemeChangedMeanwhile when the version in use is not
    ``based_on``, and SchemeInvalid (nothing is written) when the result does not hold."""
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        current = organisation.scheme_versions.order_by("-number").first()
        if current is None or current.number != based_on:
            raise SchemeChangedMeanwhile(current.number if current else 0)
        document = document_of(current.source_text)
        change(document)
        return scheme_load(text=text_of(document), source=current.file_name)


def organisation_deputy_set(*, organisation: Organisation, deputy: User | None) -> None:
    """Name who handles a complaint about the complaints officer who handles it."""
    if deputy is not None and not organisation.memberships.filter(user=deputy).exists():
        raise ValueError("the deputy must work for the organisation")
    organisation.deputy = deputy
    organisation.save(update_fields=["deputy"])


REDACTION_TERMS_MAX = 2000


def organisation_redaction_terms_set(*, organisation: Organisation, text: str) -> list[str]:
    """The health terms anonymised texts lose, one per line: cleaned, without repeats,
    sorted. Returns them."""
    terms = sorted({" ".join(line.split()) for line in text.splitlines() if line.strip()})
    if len(terms) > REDACTION_TERMS_MAX or any(len(term) > 100 for term in terms):
        raise ValueError("too many or too long terms")
    organisation.redaction_terms = "\n".join(terms)
    organisation.save(update_fields=["redaction_terms"])
    return terms
