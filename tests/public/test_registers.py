"""One register per scheme: a scheme that says "u" gets "u" on its pages, in its mails
and in its letters; one that says "je" gets "je" everywhere."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
import yaml

from klachtpad.domain.schemes import SchemeInvalid, parse_scheme
from klachtpad.domain.schemes.register import register_of
from klachtpad.domain.schemes.vocabulary import Register

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "src" / "klachtpad" / "locale"
NEXT = Path(__file__).resolve().parents[2] / "schemes" / "next.yaml"


def test_the_register_is_read_from_the_schemes_own_texts_or_set():
    data = yaml.safe_load(NEXT.read_text(encoding="utf-8"))
    assert register_of(parse_scheme(yaml.safe_dump(data), "next.yaml").scheme) is Register.JE
    data["register"] = "u"
    checked = parse_scheme(yaml.safe_dump(data, allow_unicode=True), "next.yaml")
    assert register_of(checked.scheme) is Register.U
    mixed = [str(w) for w in checked.warnings if 'addresses the reader with "je"' in str(w)]
    assert mixed and mixed[0].startswith("next.yaml: organisation.about: warning:")
    data["register"] = "jij"
    with pytest.raises(SchemeInvalid, match="register"):
        parse_scheme(yaml.safe_dump(data), "next.yaml")


def _msgids(locale: str) -> set[str]:
    """The texts a compiled catalogue translates (``make messages`` compiles them)."""
    with (LOCALE / locale / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    return {key[0] if isinstance(key, tuple) else key for key in catalog} - {""}


def test_the_catalogues_of_a_register_only_hold_texts_that_exist():
    known = _msgids("nl")
    for variant in ("nl_U", "nl_JE"):
        assert _msgids(variant) - known == set(), variant


def test_a_u_scheme_speaks_u_on_its_pages_and_a_je_scheme_je_in_its_letters(client, seeded, travel):
    from klachtpad.letters.models import Letter
    from klachtpad.organisations.models import Procedure
    from tests.reports.build import Builder

    nexxtep = client.get("/nexxtep/").content.decode()  # Nexxtep writes "u"
    assert "Een klacht indienen kost u niets." in nexxtep and "kost je" not in nexxtep
    next_page = client.get("/next/").content.decode()  # Next writes "je"
    assert "nadat je klacht" in next_page or "je klacht" in next_page
    assert '<html lang="nl">' in next_page

    from klachtpad.complaints import services

    procedure = Procedure.objects.filter(organisation__slug="next").latest("id")
    build = Builder(procedure, travel)
    complaint = build.complaint("2026-03-02")
    services.complaint_acknowledge(complaint, actor=build.actor)
    services_letter = Letter.objects.filter(complaint=complaint, kind="acknowledgement").first()
    assert services_letter is not None
    assert "Op 2 maart 2026 hebben we je klacht ontvangen." in services_letter.text
    assert " uw " not in services_letter.text
