"""The practice form with the keyboard only, with and without JavaScript.

Only Tab, Shift+Tab, Enter, Space and typing (helpers from test_keyboard.py): the
country chooser's filter box and chips included. Without JavaScript the same form
saves a draft with a country ticked in the plain checkbox list.
"""

import pytest
from playwright.sync_api import expect

from practices.models import Practice
from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_keyboard import _fast_settings, _log_in_session, _tab_to, _type_into
from tests.factories import UserFactory

__all__ = ["_fast_settings"]  # the autouse fixture, shared with test_keyboard.py

WIDE = {"width": 1280, "height": 900}


def _choose_country(page, typed, code, *, back=False):
    # The filter box is above the list: back up to it (Shift+Tab) after a first choice.
    _tab_to(page, "#id_countries_filter", backwards=back)
    page.keyboard.press("Control+A")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")  # filters; must not send the form
    _tab_to(page, f"input[name=countries][value={code}]")
    page.keyboard.press("Space")


def test_practice_form_filled_in_and_submitted_with_the_keyboard(page, live_server):
    member = UserFactory()
    _log_in_session(page, member, live_server.url)
    page.set_viewport_size(WIDE)
    page.goto("/practices/submit/")
    assert_no_axe_violations(page, "practice form")
    print(
        "practice form height at 1280 px:", page.evaluate("document.documentElement.scrollHeight")
    )

    _type_into(page, "#id_title", "Language café run with the keyboard")
    _type_into(page, "#id_summary", "Weekly conversation tables for newcomers.")
    _type_into(page, "#id_description", "Volunteers host tables in six languages.")
    _choose_country(page, "belg", "BE")
    # Only the matching countries stay in the Tab order.
    expect(page.locator("input[name=countries][value=FR]")).to_be_hidden()
    _choose_country(page, "türk", "TR", back=True)
    chips = page.get_by_role("list", name="Chosen countries")
    expect(chips.locator("li > span")).to_have_text(["Belgium", "Türkiye"])
    # A wrong choice, removed from its chip with the keyboard.
    _choose_country(page, "norw", "NO", back=True)
    _tab_to(page, "button[aria-label='Remove Norway']", backwards=True)
    page.keyboard.press("Enter")
    expect(chips.locator("li > span")).to_have_text(["Belgium", "Türkiye"])
    assert page.evaluate("document.querySelector('input[value=NO]').checked") is False
    assert page.url.endswith("/practices/submit/")  # Enter in the filter sent nothing

    _tab_to(page, "input[name=geographic_scope]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=areas]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=target_groups]")
    page.keyboard.press("Space")
    _tab_to(page, "#id_start_date")
    page.keyboard.type("03152025")
    _tab_to(page, "#id_is_ongoing")
    page.keyboard.press("Space")
    _type_into(page, "#id_outcomes", "Forty regular participants.")
    _tab_to(page, "input[name=evaluation_type]")
    page.keyboard.press("Space")
    _type_into(page, "#id_contact_name", "Amira Haddad")
    _type_into(page, "#id_contact_email", "amira@example.org")
    assert_no_axe_violations(page, "practice form filled in")
    _tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/practices/mine/")
    expect(page.get_by_text("Your practice was submitted")).to_be_visible()
    practice = Practice.objects.get(created_by=member)
    assert practice.state == ModerationState.SUBMITTED
    assert sorted(c.code for c in practice.countries) == ["BE", "TR"]


@pytest.fixture
def page_without_js(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_practice_draft_with_a_country_saved_without_javascript(page_without_js, live_server):
    page = page_without_js
    member = UserFactory()
    _log_in_session(page, member, live_server.url)
    page.set_viewport_size(WIDE)
    page.goto("/practices/submit/")
    expect(page.locator("#id_countries_filter")).to_have_count(0)  # no script ran
    _type_into(page, "#id_title", "Mentoring without scripts")
    _tab_to(page, "input[name=countries][value=AT]")
    page.keyboard.press("Space")
    # Every section ends in reach of the save bar; the first "Save draft" is in it.
    _tab_to(page, "button[value=draft]")
    page.keyboard.press("Enter")

    expect(page.get_by_text("Your draft was saved.")).to_be_visible()
    practice = Practice.objects.get(created_by=member)
    assert practice.state == ModerationState.DRAFT
    assert [c.code for c in practice.countries] == ["AT"]
    expect(page.locator("input[name=countries][value=AT]")).to_be_checked()


def test_practice_form_without_the_chooser_script_has_no_axe_violations(page, live_server):
    # axe needs JavaScript itself: block only the enhancement to check the plain form.
    page.route("**/country-chooser*.js", lambda route: route.abort())
    _log_in_session(page, UserFactory(), live_server.url)
    page.goto("/practices/submit/")
    expect(page.locator("#id_countries_filter")).to_have_count(0)
    assert_no_axe_violations(page, "practice form without the chooser script")
