import io
from types import SimpleNamespace

from members import demo
from members.enums import MembershipRole, OrganisationState
from members.models import Membership, Organisation, User


def _command():
    return SimpleNamespace(stdout=io.StringIO())


def test_demo_seed_is_idempotent_and_builds_a_living_community(db):
    demo.seed(_command())
    demo.seed(_command())
    ghent = Organisation.objects.get(slug="welcome-network-ghent")
    assert ghent.state == OrganisationState.APPROVED
    assert ghent.is_community_of_practice
    assert Membership.objects.get(organisation=ghent, user=ghent.created_by).role == (
        MembershipRole.ADMIN
    )
    assert Organisation.objects.get(slug="newcomers-mentoring-circle-lisbon").state == (
        OrganisationState.PENDING
    )
    assert Organisation.objects.approved().filter(slug="ismu").exists()
    assert User.objects.public().count() >= 9
    assert ghent.history().count() == 2


def test_demo_reset_removes_demo_content(db):
    demo.seed(_command())
    demo.reset(_command())
    assert not User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}").exists()
    assert not Organisation.objects.filter(slug="welcome-network-ghent").exists()
