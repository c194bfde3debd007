import pytest

from members.enums import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded photos and logos go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def org_admin(organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return user


@pytest.fixture
def org_member(organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation)
    return user
