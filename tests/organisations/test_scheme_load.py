"""Loading schemes: validated first, idempotent, versioned; complaints keep their version."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from klachtpad.domain.schemes import SchemeInvalid
from klachtpad.domain.schemes.vocabulary import TermKind
from klachtpad.organisations.models import Category, Organisation, Procedure, SchemeVersion
from klachtpad.organisations.services import scheme_load

SCHEMES = Path(__file__).resolve().parents[2] / "schemes"
NEXT_TEXT = (SCHEMES / "next.yaml").read_text(encoding="utf-8")


def test_all_five_load_with_their_procedures(seeded):
    assert sorted(Organisation.objects.values_list("slug", flat=True)) == [
        "iederzijnwerk", "next", "nexxtep", "permens", "zorgkracht12",
    ]  # fmt: skip
    zorgkracht = Procedure.objects.filter(organisation__slug="zorgkracht12")
    assert sorted(zorgkracht.values_list("key", "regime")) == [
        ("adult", "wmo_2015"), ("youth", "jeugdwet"),
    ]  # fmt: skip


@pytest.mark.django_db
def test_loading_the_same_file_twice_makes_one_version():
    first = scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    again = scheme_load(
        text=NEXT_TEXT + "\n# a comment changes nothing\n", source="schemes/next.yaml"
    )
    assert first.created and not again.created
    assert again.version.pk == first.version.pk
    assert SchemeVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_changed_scheme_is_a_new_version_and_the_old_one_stays():
    first = scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    changed = NEXT_TEXT.replace("within: 6w", "within: 5w")
    second = scheme_load(text=changed, source="schemes/next.yaml")
    assert (first.version.number, second.version.number) == (1, 2)
    old_procedure = Procedure.objects.get(scheme_version=first.version)
    new_procedure = Procedure.objects.get(scheme_version=second.version)
    # A complaint that started under version 1 still reads six weeks there.
    old_term = old_procedure.spec().step("complaints_officer").terms[TermKind.DECISION]
    new_term = new_procedure.spec().step("complaints_officer").terms[TermKind.DECISION]
    assert (str(old_term.within), str(new_term.within)) == ("6w", "5w")


@pytest.mark.django_db
def test_an_invalid_file_writes_nothing():
    with pytest.raises(SchemeInvalid):
        scheme_load(text=NEXT_TEXT.replace("within: 6w", "within: zes weken"), source="x.yaml")
    assert Organisation.objects.count() == 0
    assert SchemeVersion.objects.count() == 0


@pytest.mark.django_db
def test_categories_are_added_renamed_and_retired_never_deleted():
    scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    changed = NEXT_TEXT.replace("Iets anders", "Overig").replace(
        "    - code: housing\n      name: {nl: De kamer die je huurt, en: The room you rent}\n", ""
    )
    scheme_load(text=changed, source="schemes/next.yaml")
    categories = {c.code: c for c in Category.objects.filter(organisation__slug="next")}
    assert categories["other"].name_nl == "Overig"
    assert categories["housing"].active is False


@pytest.mark.django_db
def test_calendar_edits_survive_a_reload_of_an_unchanged_calendar_section():
    scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    Organisation.objects.filter(slug="next").update(closed_days=["2026-12-24"])
    scheme_load(text=NEXT_TEXT.replace("within: 6w", "within: 5w"), source="schemes/next.yaml")
    assert Organisation.objects.get(slug="next").closed_days == ["2026-12-24"]
    # A changed calendar section in the file does take over.
    changed = NEXT_TEXT.replace(
        "    country: NL\n", "    country: NL\n    observe_holidays: [Liberation Day]\n"
    )
    scheme_load(text=changed, source="schemes/next.yaml")
    organisation = Organisation.objects.get(slug="next")
    assert organisation.observed_holidays == ["Liberation Day"]
    assert organisation.closed_days == []


def test_scheme_check_passes_on_the_shipped_files(db):
    out = StringIO()
    call_command("scheme_check", *sorted(str(p) for p in SCHEMES.glob("*.yaml")), stdout=out)
    assert out.getvalue().count(": valid") == 5


def test_scheme_check_fails_with_a_field_path(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(NEXT_TEXT.replace("within: 6w", 'within: "6 weken"'), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 scheme file"):
        call_command("scheme_check", str(broken), stderr=err)
    assert (
        f'{broken}: procedures[0].steps[3].terms.decision.within: "6 weken" is not a duration'
        in err.getvalue()
    )


def test_scheme_check_on_a_missing_file(tmp_path):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("scheme_check", str(tmp_path / "nope.yaml"), stderr=err)
    assert "nope.yaml: file not found" in err.getvalue()


@pytest.mark.django_db
def test_scheme_load_command_reports_versions(tmp_path):
    path = tmp_path / "next.yaml"
    path.write_text(NEXT_TEXT, encoding="utf-8")
    out = StringIO()
    call_command("scheme_load", str(path), stdout=out)
    call_command("scheme_load", str(path), stdout=out)
    assert "loaded Next as version 1" in out.getvalue()
    assert "unchanged, Next stays at version 1" in out.getvalue()
