"""The probe, generated: every role alone, every staff page, read and sent; an account
of another organisation; the organisation admin's own grants; the first sign-in of an
account without a second factor. Nothing leaks, nothing answers 500."""

from __future__ import annotations

import pytest
from django.test import Client

from klachtpad.audit.models import AccessLogEntry
from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import Membership, Organisation, RoleChange
from tests.complaints.factories import ComplaintFactory, UserFactory
from tests.staff.conftest import member
from tests.staff.test_permission_matrix import file_table
from tests.staff.test_sign_in import staff_url_names, url_for

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-1"


@pytest.fixture
def next_files(seeded):
    organisation = Organisation.objects.get(slug="next")
    complaint = ComplaintFactory.create(procedure=organisation.procedures.get(), acknowledged=True)
    return organisation, complaint


def _pages(organisation, complaint):
    return [
        (name, args, url_for(name, args, organisation, complaint))
        for name, args in staff_url_names()
    ]


SITUATION = "complaint of a colleague"  # what the factory's complaint is to every role


def _never_opens_files(role: StaffRole) -> bool:
    """docs/roles.md gives the role no action on a colleague's complaint."""
    return not any(
        cells[SITUATION] for (held, _action), cells in file_table().items() if held == role
    )


def test_the_table_names_roles_that_never_open_a_colleagues_file():
    assert {r for r in StaffRole if _never_opens_files(r)} >= {
        StaffRole.ORGANISATION_ADMIN,
        StaffRole.LOG_ADMINISTRATOR,
    }


@pytest.mark.parametrize("role", list(StaffRole))
def test_each_role_alone_on_every_staff_page(role, next_files, sign_in):
    organisation, complaint = next_files
    client = sign_in(member(organisation, role.value, f"alleen-{role.value}"))
    client.raise_request_exception = False
    opened = []
    for name, args, url in _pages(organisation, complaint):
        for method in (client.get, client.post):
            answer = method(url)
            assert answer.status_code < 500, (role, name, method.__name__, answer.status_code)
            if "reference" in args and answer.status_code == 200:
                opened.append(name)
    if _never_opens_files(role):
        assert opened == [], f"{role} opened {opened}"
    if opened:  # every file that was shown is in the file's access log
        assert AccessLogEntry.objects.filter(
            complaint_reference=complaint.reference, outcome="allowed"
        ).exists()


def test_every_role_elsewhere_opens_nothing_here(next_files, sign_in):
    organisation, complaint = next_files
    elsewhere = Organisation.objects.get(slug="permens")
    outsider = UserFactory.create(username="elders")
    for role in StaffRole:
        Membership.objects.create(user=outsider, organisation=elsewhere, role=role.value)
    client = sign_in(outsider)
    client.raise_request_exception = False
    for name, args, url in _pages(organisation, complaint):
        if "organisation" not in args:
            continue  # pages of the person, not of an organisation
        for method in (client.get, client.post):
            answer = method(url)
            assert answer.status_code in (302, 403, 404), (
                name,
                method.__name__,
                answer.status_code,
            )
    assert not AccessLogEntry.objects.filter(
        complaint_reference=complaint.reference, outcome="allowed"
    ).exists()


@pytest.mark.parametrize("role", list(StaffRole))
def test_an_organisation_admin_gives_no_role_to_themselves_or_an_account_they_invite(
    role, next_files, sign_in
):
    organisation, _complaint = next_files
    admin = member(organisation, "organisation_admin", "beheerder")
    admin.email = "beheer@example.org"
    admin.save()
    client = sign_in(admin)
    base = "/staff/next/admin/staff/"
    client.post(base, {"person": admin.pk, "role": role.value})
    client.post(
        f"{base}invite/",
        {"email": "BEHEER@example.org", "first_name": "B", "last_name": "B", "role": role.value},
    )
    client.post(
        f"{base}invite/",
        {"email": "pop@example.org", "first_name": "P", "last_name": "P", "role": role.value},
    )
    puppet = UserFactory._meta.model.objects.get(email="pop@example.org")
    # The invited account, had it accepted: its request, and the admin approving it.
    request = RoleChange.objects.create(
        organisation=organisation, user=puppet, role=role.value, change="requested", by=admin
    )
    client.post(f"{base}requests/{request.pk}/", {"decision": "approve"})
    roles = set(Membership.objects.filter(user=admin).values_list("role", flat=True))
    assert roles == {"organisation_admin"}
    assert not Membership.objects.filter(user=puppet).exists()


@pytest.mark.parametrize("role", list(StaffRole))
def test_an_account_without_a_second_factor_is_not_opened_by_its_password(role, next_files):
    organisation, complaint = next_files
    user = member(organisation, role.value, f"nieuw-{role.value}")
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    first = client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    assert first.status_code == 302
    refused = client.get(first["Location"])
    assert refused.status_code == 403 and "otp-key" not in refused.content.decode()
    for _name, _args, url in _pages(organisation, complaint):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/account/login/")
