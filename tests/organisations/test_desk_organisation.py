"""What every staff page reads first: the organisation of the address, the person's
roles in it and its current scheme, in one query."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klachtpad.domain.permissions import StaffRole
from klachtpad.organisations.models import Membership, Organisation, SchemeVersion
from klachtpad.organisations.selectors import current_scheme, desk_organisation, roles_in
from klachtpad.organisations.services import scheme_load
from tests.complaints.factories import UserFactory
from tests.organisations.test_scheme_load import NEXT_TEXT

pytestmark = pytest.mark.django_db


def test_the_organisation_comes_with_every_role_the_person_holds_in_it():
    scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    organisation = Organisation.objects.get(slug="next")
    user = UserFactory.create()
    for role in ("complaints_officer", "management"):
        Membership.objects.create(user=user, organisation=organisation, role=role)
    with CaptureQueriesContext(connection) as captured:
        found = desk_organisation(user=user, slug="next")
        assert found == organisation
        roles = roles_in(user=user, organisation=found)
    assert roles == {StaffRole.COMPLAINTS_OFFICER, StaffRole.MANAGEMENT}
    assert len(captured) == 1


def test_someone_without_a_role_gets_the_organisation_and_no_roles():
    scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    stranger = UserFactory.create()
    found = desk_organisation(user=stranger, slug="next")
    assert found is not None and roles_in(user=stranger, organisation=found) == frozenset()
    assert desk_organisation(user=stranger, slug="nowhere") is None


def _desk(user: User) -> Organisation:
    found = desk_organisation(user=user, slug="next")
    assert found is not None
    return found


def test_the_current_scheme_is_the_newest_version_and_read_once_per_process():
    scheme_load(text=NEXT_TEXT, source="schemes/next.yaml")
    user = UserFactory.create()
    first = current_scheme(_desk(user))
    changed = NEXT_TEXT.replace("within: 6w", "within: 5w")
    scheme_load(text=changed, source="schemes/next.yaml")
    newest = current_scheme(_desk(user))  # read from the database: a new version
    assert newest is not None and first is not None and newest != first
    assert newest == SchemeVersion.objects.get(number=2).scheme()
    with CaptureQueriesContext(connection) as captured:
        assert current_scheme(_desk(user)) is newest
    assert len(captured) == 1  # the organisation's own query; the scheme from memory
