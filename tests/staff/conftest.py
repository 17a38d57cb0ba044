import pytest

from klachtpad.organisations.models import Membership, Organisation
from tests.complaints.factories import ComplaintFactory, UserFactory


@pytest.fixture
def next_org(seeded):
    return Organisation.objects.get(slug="next")


@pytest.fixture
def officer(next_org):
    user = UserFactory.create(username="officer", first_name="Olga", last_name="Officier")
    Membership.objects.create(user=user, organisation=next_org, role="complaints_officer")
    return user


@pytest.fixture
def complaint(next_org):
    return ComplaintFactory.create(procedure=next_org.procedures.first(), acknowledged=True)


def member(organisation, role, username):
    user = UserFactory.create(username=username)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user
