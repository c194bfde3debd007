"""Journeys of the members issue in a real browser, with axe on every page."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.sites.models import Site
from playwright.sync_api import expect

from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Membership, Organisation, User
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    ModeratorFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.members.factories import InvitationFactory

NEW_PASSWORD = "a-long-unusual-passphrase-17"


@pytest.fixture(autouse=True)
def _seeded_tables(transactional_db):
    """The live server needs committed data, and each transactional test ends with a
    flush that empties the tables the migrations seeded: put them back."""
    from spring_portal.models import OrganisationType

    if not OrganisationType.objects.exists():
        import_module("spring_portal.migrations.0002_seed_taxonomy").seed(apps, None)
        import_module("spring_portal.migrations.0003_site_name").name_site(apps, None)
        Site.objects.clear_cache()


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MFA_REQUIRED_FOR_STAFF = False


def _link(mail, pattern):
    return re.search(pattern, mail.body).group(0)


def _logout(page):
    page.get_by_role("button", name="Log out").click()


def _sign_up(page, email):
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_label("I have read and accept the privacy notice.").check()
    page.get_by_role("button", name="Create my account").click()


def test_journey_practitioner_joins(page, live_server, mailoutbox):
    OrganisationFactory(name="Welcome Network Ghent")
    page.goto("/join/")
    expect(page.get_by_role("heading", name="Who should join?")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Create your account").click()
    assert_no_axe_violations(page)
    # Bad input first: errors next to the fields, nothing lost.
    page.get_by_label("Email").fill("amira@example.org")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("amira@example.org")
    assert_no_axe_violations(page)
    _sign_up(page, "amira@example.org")
    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()
    assert_no_axe_violations(page)

    link = _link(mailoutbox[-1], r"http\S+/accounts/confirm-email/\S+/")
    page.goto(link)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Full name").fill("Amira Haddad")
    page.get_by_label("Role or job title").fill("Social worker")
    page.get_by_label("Organisation", exact=True).select_option(label="Welcome Network Ghent")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("City").fill("Lyon")
    page.get_by_label("Language learning").check()
    page.get_by_label("Show my profile in the member directory").check()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    user = User.objects.get(email="amira@example.org")
    assert user.full_name == "Amira Haddad"
    assert user.is_public is True
    assert user.privacy_consent_version == "2026-11"
    assert Membership.objects.get(user=user).state == MembershipState.REQUESTED
    page.goto("/members/")
    expect(page.get_by_role("heading", name="Amira Haddad")).to_be_visible()
    assert_no_axe_violations(page)


def test_journey_organisation_registers_and_is_approved(page, live_server, mailoutbox):
    requester = UserFactory(profile_completed_at="2026-01-01T00:00:00Z")
    moderator = ModeratorFactory(profile_completed_at="2026-01-01T00:00:00Z")
    login(page, requester.email, PASSWORD)
    page.goto("/organisations/register/")
    assert_no_axe_violations(page)
    page.get_by_label("Name", exact=True).fill("Welcome Network Ghent")
    page.get_by_label("Type").select_option(index=1)
    page.get_by_label("Community of practice or professional network").check()
    page.get_by_label("Country").select_option("BE")
    page.get_by_label("City").fill("Ghent")
    page.get_by_label("Contact email").fill("hello@welcome.example.org")
    page.get_by_label("Description").fill("Volunteers welcoming newcomers in Ghent.")
    page.get_by_label("Language learning").check()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_role("heading", name="My organisations")).to_be_visible()
    expect(page.get_by_text("Pending approval")).to_be_visible()
    assert_no_axe_violations(page)
    organisation = Organisation.objects.get(name="Welcome Network Ghent")
    assert organisation.state == OrganisationState.PENDING

    _logout(page)
    login(page, moderator.email, PASSWORD)
    page.goto("/admin/members/organisation/?state__exact=pending")
    page.get_by_role("row", name=re.compile("Welcome Network Ghent")).get_by_role(
        "checkbox"
    ).check()
    page.locator("select[name=action]").select_option("move_to_approved")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_text("1 organisation moved to “Approved”.")).to_be_visible()

    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.APPROVED
    membership = Membership.objects.get(organisation=organisation, user=requester)
    assert membership.role == MembershipRole.ADMIN
    assert any("Approved" in m.body and m.to == [requester.email] for m in mailoutbox)

    _logout(page)
    login(page, requester.email, PASSWORD)
    page.goto(organisation.get_absolute_url())
    expect(page.get_by_text("You are an administrator of this organisation.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Manage the organisation").click()
    assert_no_axe_violations(page)


def test_journey_members_gather_around_organisation(page, live_server, mailoutbox):
    organisation = OrganisationFactory(name="Welcome Network Ghent")
    admin = UserFactory(full_name="Ada Admin", profile_completed_at="2026-01-01T00:00:00Z")
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    joiner = UserFactory(full_name="Jo Joiner", profile_completed_at="2026-01-01T00:00:00Z")

    # A member asks to join.
    login(page, joiner.email, PASSWORD)
    page.goto("/organisations/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Welcome Network Ghent").click()
    assert_no_axe_violations(page)
    page.get_by_label("Message to the administrators (optional)").fill("I run language cafés.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_text("Your request is sent.")).to_be_visible()
    assert mailoutbox[-1].to == [admin.email]
    _logout(page)

    # The administrator approves and invites someone without an account.
    login(page, admin.email, PASSWORD)
    page.goto(f"/organisations/{organisation.slug}/manage/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Approve Jo Joiner").click()
    expect(page.get_by_text("Jo Joiner is now a member.")).to_be_visible()
    assert mailoutbox[-1].to == [joiner.email]
    page.get_by_label("Email address of the person to invite").fill("newcomer@example.org")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to newcomer@example.org.")).to_be_visible()
    assert_no_axe_violations(page)
    invitation_link = _link(mailoutbox[-1], r"http\S+/invitations/\S+/")
    _logout(page)

    # The invited person signs up from the link and lands in the organisation.
    page.goto(invitation_link)
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Create your account").click()
    _sign_up(page, "newcomer@example.org")
    page.goto(_link(mailoutbox[-1], r"http\S+/accounts/confirm-email/\S+/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Welcome Network Ghent")).to_be_visible()
    expect(page.get_by_text("You are a member of this organisation.")).to_be_visible()
    newcomer = User.objects.get(email="newcomer@example.org")
    assert Membership.objects.get(user=newcomer, organisation=organisation).state == "active"

    # Leaving is possible for a member.
    page.get_by_role("link", name="Leave the organisation").click()
    assert_no_axe_violations(page)


def test_invalid_invitation_page_is_accessible(page, live_server):
    invitation = InvitationFactory()
    invitation.organisation.delete()
    page.goto("/invitations/1:nope:nope/")
    expect(page.get_by_role("heading", name="This invitation is not valid")).to_be_visible()
    assert_no_axe_violations(page)


def test_account_pages_are_accessible(page, live_server):
    user = UserFactory(profile_completed_at="2026-01-01T00:00:00Z")
    page.goto("/accounts/login/")
    assert_no_axe_violations(page)
    page.goto("/accounts/password/reset/")
    assert_no_axe_violations(page)
    login(page, user.email, PASSWORD)
    for path in (
        "/accounts/profile/",
        "/accounts/organisations/",
        "/accounts/preferences/",
        "/accounts/data/",
        "/accounts/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)


def test_member_deletes_account(page, live_server):
    user = UserFactory(profile_completed_at="2026-01-01T00:00:00Z")
    login(page, user.email, PASSWORD)
    page.goto("/accounts/delete/")
    page.get_by_label("Your password").fill("wrong password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("This is not your password.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(
        page.get_by_text("Your account and your personal data have been deleted.")
    ).to_be_visible()
    assert not User.objects.filter(pk=user.pk).exists()
