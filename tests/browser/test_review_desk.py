"""A moderator in a hurry: the review queue, then publish and request changes from the
change page of each record, with the message form; axe on the new admin pages."""

import pytest
from playwright.sync_api import expect

from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import PASSWORD, ModeratorFactory
from tests.hub.factories import DraftDocumentFactory
from tests.practices.factories import PracticeFactory

S = ModerationState


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def test_moderator_publishes_and_requests_changes_from_the_change_page(
    page, live_server, transactional_db, _no_mfa
):
    moderator = ModeratorFactory()
    practice = PracticeFactory(state=S.SUBMITTED, title="Language cafés in Ghent")
    document = DraftDocumentFactory(state=S.SUBMITTED, title="Evaluation of mentoring")
    login(page, moderator.email, PASSWORD)

    # The queue lists both; the moderator takes the practice.
    page.goto("/admin/")
    page.get_by_role("link", name="Everything waiting for a decision, oldest first").click()
    queue = page.locator("#review-queue")
    expect(queue).to_contain_text("Language cafés in Ghent")
    expect(queue).to_contain_text("Evaluation of mentoring")
    assert_no_axe_violations(page, "review queue")
    queue.get_by_role("row", name="Language cafés in Ghent").get_by_role(
        "button", name="Assign to me"
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("is assigned to you")

    # Publish the practice from its change page.
    page.get_by_role("link", name="Language cafés in Ghent").click()
    desk = page.locator(".moderation-desk")
    expect(desk).to_contain_text("Submitted")
    expect(desk).to_contain_text("assigned to")
    desk.get_by_role("link", name="Publish").click()
    assert_no_axe_violations(page, "publish confirmation")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to “Published”")
    expect(page.locator(".moderation-desk")).to_contain_text("Published")
    practice.refresh_from_db()
    assert practice.state == S.PUBLISHED

    # Request changes on the document: the message is required, then sent.
    page.goto(f"/admin/hub/document/{document.pk}/change/")
    page.locator(".moderation-desk").get_by_role("link", name="Request changes").click()
    # The browser itself asks for the required message before anything is sent.
    expect(page.get_by_label("Message to the author")).to_have_attribute("required", "")
    page.get_by_label("Message to the author").fill("Please add the year of publication.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator(".moderation-desk")).to_contain_text("Please add the year of publication.")
    document.refresh_from_db()
    assert document.state == S.CHANGES_REQUESTED
