"""The whole practice journey in a browser, with axe on every practices page."""

import re

import pytest
from playwright.sync_api import expect

from practices.models import Practice
from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import PASSWORD, ModeratorFactory, UserFactory

S = ModerationState
TITLE = "Denmark: Integration houses for women in Copenhagen – Zebrafish House"


def _new_page(page, live_server):
    context = page.context.browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    return context.new_page()


def _admin_action(page, practice, action, message=""):
    page.goto("/admin/practices/practice/")
    page.check(f"input[name=_selected_action][value='{practice.pk}']")
    page.select_option("select[name=action]", action)
    page.locator("#changelist-form button[name=index]").click()
    if message:
        page.fill("textarea[name=message]", message)
    page.locator("#content form button[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to")


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def test_practice_journey_from_draft_to_publication(page, live_server, transactional_db, _no_mfa):
    member = UserFactory()
    moderator = ModeratorFactory()

    # A member drafts, saves, and submits.
    login(page, member.email, PASSWORD)
    page.goto("/practices/submit/")
    assert_no_axe_violations(page, "practice form")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("Your draft was saved")
    practice = Practice.objects.get()
    assert practice.state == S.DRAFT

    page.get_by_label("Summary", exact=True).fill(
        "A community house where women meet, learn and heal."
    )
    page.get_by_label("Full description", exact=True).fill(
        "Counselling, *Danish classes* and outings."
    )
    page.locator("#id_countries").get_by_label("Denmark", exact=True).check()
    page.get_by_label("City or locality", exact=True).fill("Copenhagen")
    page.get_by_label("Local", exact=True).check()
    page.locator("#id_areas").get_by_label("Health and wellbeing", exact=True).check()
    page.locator("#id_target_groups").get_by_label("Women", exact=True).check()
    page.get_by_label("Start date", exact=True).fill("2019-03-01")
    page.get_by_label("Ongoing", exact=True).check()
    page.get_by_label("Internal evaluation", exact=True).check()
    page.get_by_label("Contact person", exact=True).fill("Mette Jensen")
    page.get_by_label("Contact email", exact=True).fill("mette@example.org")
    page.get_by_role("button", name="Submit for review").click()
    # Outcomes were left out: the form says so and keeps everything.
    expect(page.locator("#id_outcomes_error")).to_be_visible()
    expect(page.get_by_label("City or locality", exact=True)).to_have_value("Copenhagen")
    assert_no_axe_violations(page, "practice form with errors")
    page.get_by_label("Results and outcomes", exact=True).fill("Participants feel less isolated.")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/practices/mine/")
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED

    # The moderator asks for changes in the admin.
    mod_page = _new_page(page, live_server)
    login(mod_page, moderator.email, PASSWORD)
    _admin_action(
        mod_page, practice, "move_to_changes_requested", "Please describe the outcomes in numbers."
    )
    practice.refresh_from_db()
    assert practice.state == S.CHANGES_REQUESTED

    # The member reads the message, edits and resubmits.
    page.goto("/practices/mine/")
    expect(page.get_by_text("Please describe the outcomes in numbers.")).to_be_visible()
    assert_no_axe_violations(page, "my submissions")
    page.get_by_role("link", name=re.compile("^Edit")).click()
    page.get_by_label("Results and outcomes", exact=True).fill("120 women a year; 40 found work.")
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/practices/mine/")
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED

    # The moderator assesses and publishes.
    mod_page.goto(f"/admin/practices/practice/{practice.pk}/change/")
    for name, score in [
        ("relevance", "3"),
        ("effectiveness", "3"),
        ("evidence", "2"),
        ("sustainability", "2"),
        ("transferability", "2"),
        ("innovation", "2"),
        ("participation", "3"),
    ]:
        mod_page.select_option(f"select[name='assessment-0-{name}']", score)
    mod_page.locator("input[name=_save]").click()
    expect(mod_page.locator(".messagelist")).to_be_visible()
    _admin_action(mod_page, practice, "move_to_published")
    practice.refresh_from_db()
    assert practice.state == S.PUBLISHED
    assert practice.evidence_level == "best"

    # A visitor finds it by a facet and by a search word.
    visitor = _new_page(page, live_server)
    visitor.goto("/practices/")
    assert_no_axe_violations(visitor, "practice list")
    visitor.locator("form.filters").get_by_label(re.compile("^Women")).check()
    visitor.get_by_role("button", name="Apply filters").click()
    expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
    visitor.get_by_label("Search practices", exact=True).fill("counselling")
    visitor.get_by_role("button", name="Search", exact=True).click()
    expect(visitor.locator(".practice-results mark").first).to_have_text(
        re.compile("Counselling", re.I)
    )
    assert_no_axe_violations(visitor, "practice list with search")
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_text("Best practice").first).to_be_visible()
    assert_no_axe_violations(visitor, "practice detail")
