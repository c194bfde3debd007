"""An organisation's administrator edits its page in a real browser, with axe."""

import pytest
from playwright.sync_api import expect

from members.enums import MembershipRole
from members.models import OrganisationEdit
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_journey_admin_edits_organisation_page(page, live_server, transactional_db):
    admin = UserFactory(email="nora@example.org")
    organisation = OrganisationFactory(
        name="Welcome Network Ghent", contact_email="hello@welcome.example.org"
    )
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)
    login(page, "nora@example.org", PASSWORD)

    page.goto(organisation.get_absolute_url())
    page.get_by_role("link", name="Edit this organisation").click()
    expect(page.get_by_role("heading", name="Edit Welcome Network Ghent")).to_be_visible()
    assert_no_axe_violations(page)

    # Bad input first: the message in place, what was typed kept.
    page.get_by_label("Description").fill("Dutch lessons and a buddy for every newcomer.")
    page.get_by_label("Website").fill("not a web address")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Enter a valid URL.")).to_be_visible()
    expect(page.get_by_label("Description")).to_have_value(
        "Dutch lessons and a buddy for every newcomer."
    )
    assert_no_axe_violations(page, "edit page with errors")

    page.get_by_label("Website").fill("https://welcome-ghent.example.org")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Your changes are published.")).to_be_visible()
    history = page.get_by_role("region", name="Edit history")
    expect(history.get_by_text("https://welcome-ghent.example.org")).to_be_visible()
    assert_no_axe_violations(page, "edit page with history")

    # The public page, as any visitor sees it.
    visitor = page.context.browser.new_page(base_url=live_server.url)
    visitor.goto(organisation.get_absolute_url())
    expect(visitor.get_by_text("Dutch lessons and a buddy for every newcomer.")).to_be_visible()
    expect(visitor.get_by_role("link", name="Website of Welcome Network Ghent")).to_have_attribute(
        "href", "https://welcome-ghent.example.org"
    )
    visitor.close()

    # A new name waits for the moderators.
    page.get_by_label("Name", exact=True).fill("Welcome Network Flanders")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("The new name is sent to the moderators")).to_be_visible()
    expect(page.get_by_text("Name change waiting for the moderators since")).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_be_disabled()
    expect(page.get_by_role("heading", name="Edit Welcome Network Ghent")).to_be_visible()
    assert_no_axe_violations(page, "edit page with a pending name change")
    assert OrganisationEdit.objects.pending_names().get().requested_name == (
        "Welcome Network Flanders"
    )
