"""The map and statistics pages in a browser: axe, keyboard, without JavaScript, and
the region picker that follows the country."""

import pytest
from playwright.sync_api import expect

from members.enums import OrganisationState
from practices.facet_index import facet_index
from tests.browser.conftest import assert_no_axe_violations, login
from tests.events.factories import EventFactory, PastEventFactory
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import PublishedPracticeFactory


@pytest.fixture
def records(transactional_db):
    PublishedPracticeFactory(countries=["BE"], region="BE10", evidence_level="promising")
    PublishedPracticeFactory(countries=["BE", "FR"], region="")
    PublishedPracticeFactory(countries=["PT"], region="PT1A")
    EventFactory(country="BE", region="BE10", format="in_person", online_url="")
    PastEventFactory(country="FR", region="FR10", participants_count=25)
    UserFactory(country="PT")
    OrganisationFactory(country="NL", state=OrganisationState.APPROVED)
    # Built here, as a running portal has it, not in the first page's request (the
    # live server shares this process's memo and cache).
    facet_index()


def _strict_context(page, live_server, **options):
    """A context that enforces the CSP (the shared fixture bypasses it)."""
    context = page.context.browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    violations = []
    new = context.new_page()
    new.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    return new, violations


def test_map_passes_axe_and_links_countries_by_keyboard(page, live_server, records):
    page.goto("/map/")
    assert_no_axe_violations(page, "map")
    expect(page.get_by_role("link", name="Belgium: 2 practices")).to_have_count(1)
    expect(page.get_by_role("link", name="Belgium", exact=True)).to_have_count(1)  # the table
    shape = page.locator("svg.map__svg a.map__link").first
    shape.focus()
    expect(shape).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/?country=*")
    assert "country=" in page.url


def test_map_filters_work_without_javascript(page, live_server, records):
    strict, violations = _strict_context(page, live_server, java_script_enabled=False)
    strict.goto("/map/")
    strict.get_by_label("Promising practice").check()
    strict.get_by_role("button", name="Apply filters").click()
    expect(strict.get_by_role("heading", name="Practices by country: 1 practice")).to_be_visible()
    table = strict.locator("table.map-table")
    expect(table).to_contain_text("Belgium")
    expect(table).not_to_contain_text("Portugal")
    strict.get_by_role("navigation", name="What the map shows").get_by_role(
        "link", name="Events"
    ).click()
    expect(strict.locator("table.map-table")).to_contain_text("Belgium")
    assert violations == []
    strict.context.close()


def test_statistics_pass_axe_and_work_without_javascript(page, live_server, records):
    page.goto("/statistics/")
    assert_no_axe_violations(page, "statistics")
    strict, violations = _strict_context(page, live_server, java_script_enabled=False)
    strict.goto("/statistics/")
    expect(strict.get_by_role("img", name="Practices by country")).to_be_visible()
    strict.get_by_text("Data table: Practices by country").click()  # <details>, no script
    expect(strict.get_by_role("table", name="Practices by country")).to_contain_text("Belgium")
    with strict.expect_download() as download:
        strict.get_by_role("link", name="Download “Practices by country” as CSV").click()
    assert download.value.suggested_filename == "practices-by-country.csv"
    assert violations == []
    strict.context.close()


def test_map_and_statistics_break_no_content_security_rule(page, live_server, records):
    strict, violations = _strict_context(page, live_server)
    for path in ("/map/", "/map/?layer=events", "/statistics/"):
        strict.goto(path)
        expect(strict.locator("svg").first).to_be_visible()
    assert violations == []
    strict.context.close()


def test_filtered_map_passes_axe(page, live_server, records):
    page.goto("/map/?evidence=promising")
    assert_no_axe_violations(page, "filtered map")
    page.goto("/map/?layer=events&period=past")
    assert_no_axe_violations(page, "past events map")


def test_region_picker_follows_the_country(page, live_server, transactional_db, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    member = UserFactory()
    MembershipFactory(user=member, organisation=OrganisationFactory(created_by=None))
    login(page, member.email, PASSWORD)
    page.goto("/events/propose/")
    region = page.get_by_label("Region")
    # Before a country is chosen every country's regions are offered.
    assert region.locator("optgroup").count() > 25
    page.get_by_label("Country").select_option("PT")
    expect(region.locator("optgroup")).to_have_count(1)
    expect(region.locator("optgroup")).to_have_attribute("label", "Portugal")
    region.select_option("PT1A")
    assert_no_axe_violations(page, "event form with region")


def test_practice_region_picker_follows_the_ticked_countries(
    page, live_server, transactional_db, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = False
    member = UserFactory()
    login(page, member.email, PASSWORD)
    page.goto("/practices/submit/")
    region = page.locator("select[name=region]")
    page.get_by_role("checkbox", name="Belgium").check()
    page.get_by_role("checkbox", name="France").check()
    expect(region.locator("optgroup")).to_have_count(2)
    region.select_option("FR10")
    page.get_by_role("checkbox", name="France").uncheck()
    # The chosen region stays offered (nothing is lost); the server says it does not fit.
    expect(region.locator("optgroup")).to_have_count(2)
    expect(region).to_have_value("FR10")
