import pytest

from klachtpad.organisations.models import Membership, Organisation, Procedure
from tests.complaints.factories import UserFactory
from tests.reports.build import Builder


@pytest.fixture
def iederzijnwerk(seeded):
    return Organisation.objects.get(slug="iederzijnwerk")


@pytest.fixture
def quality(iederzijnwerk):
    """A quality coordinator: sees figures, but no complaint file."""
    user = UserFactory.create(username="kwaliteit", first_name="Karin", last_name="Kwaak")
    Membership.objects.create(user=user, organisation=iederzijnwerk, role="quality_coordinator")
    return user


@pytest.fixture
def builder(iederzijnwerk, travel):
    return Builder(Procedure.objects.get(organisation=iederzijnwerk, key="ambulant"), travel)
