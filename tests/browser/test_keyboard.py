"""Keyboard-only journeys: sign-up, practice submission and event registration.

Only Tab, Shift+Tab, Enter, Space and typing into the focused field: no clicks and
no `fill`. At every Tab stop the focused element must show a focus indicator (an
outline or a box-shadow). After a failed submit the errors must be announced
(role="alert") and focused (the error summary or the first invalid field).
"""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from events.enums import RegistrationStatus
from events.models import Registration
from members.models import User
from practices.models import Practice
from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations
from tests.events.factories import PortalEventFactory
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "a-long-unusual-passphrase-17"

FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  // The last Tab stop of a date input is Chromium's own calendar button, inside the
  // input's closed shadow tree (the input no longer matches :focus); it draws the
  // browser's focus ring, which page CSS cannot reach or read.
  const pickerButton = /^(date|month|time|datetime-local)$/.test(el.type) && !el.matches(":focus");
  return {
    visible: outline || shadow || pickerButton,
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.innerText || el.value || "").trim().slice(0, 60),
  };
}"""


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MFA_REQUIRED_FOR_STAFF = False


def _focused(page):
    return page.evaluate(FOCUS_STATE)


def _assert_focus_visible(page):
    state = _focused(page)
    assert state is not None, "focus was lost (on the body)"
    assert state["visible"], f"no visible focus indicator on {state}"


def _tab_to(page, selector, *, backwards=False, limit=400):
    """Press Tab (Shift+Tab) until the focused element matches `selector`, checking
    at every stop that focus is visible."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        _assert_focus_visible(page)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never received focus with {key}")


def _type_into(page, selector, text):
    _tab_to(page, selector)
    page.keyboard.type(text)


def _assert_errors_announced_and_focused(page):
    expect(page.get_by_role("alert").first).to_be_visible()
    page.wait_for_function(
        "document.activeElement.matches('[role=alert], [aria-invalid=true]')"
        " || !!document.activeElement.closest('[role=alert]')"
    )
    _assert_focus_visible(page)


def _log_in_session(page, user, base_url):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def test_sign_up_with_the_keyboard_only(page, live_server, mailoutbox):
    page.goto("/accounts/signup/")
    _type_into(page, "#id_email", "keyboard@example.org")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    _assert_errors_announced_and_focused(page)
    _type_into(page, "#id_password1", NEW_PASSWORD)
    _type_into(page, "#id_password2", NEW_PASSWORD)
    _tab_to(page, "#id_privacy_consent")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Verify your email address")).to_be_visible()
    user = User.objects.get(email="keyboard@example.org")
    assert user.privacy_consent_at is not None
    assert len(mailoutbox) == 1
    assert_no_axe_violations(page)


def test_submit_a_practice_with_the_keyboard_only(page, live_server):
    member = UserFactory()
    _log_in_session(page, member, live_server.url)
    page.goto("/practices/submit/")

    _type_into(page, "#id_title", "Language café run with the keyboard")
    _type_into(page, "#id_summary", "Weekly conversation tables for newcomers.")
    # Past "Save draft" to "Submit for review", then back with Shift+Tab.
    _tab_to(page, "button[value=submit]")
    _tab_to(page, "button[value=draft]", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your draft was saved.")).to_be_visible()
    practice = Practice.objects.get(created_by=member)
    assert practice.state == ModerationState.DRAFT

    # Submitting an incomplete draft: errors announced and focused.
    _tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    _assert_errors_announced_and_focused(page)
    expect(page.get_by_role("alert").first).to_contain_text("needed before review")
    assert_no_axe_violations(page)

    # Complete the required fields, from the error summary downwards.
    _type_into(page, "#id_description", "Volunteers host tables in six languages.")
    _tab_to(page, "#id_language")
    page.keyboard.type("English")  # a closed select picks the option typed
    _tab_to(page, "#id_countries_filter")
    page.keyboard.type("Belg")  # the chooser's filter leaves Belgium to tick
    _tab_to(page, "input[name=countries][value=BE]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=geographic_scope]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=areas]")
    page.keyboard.press("Space")
    _tab_to(page, "input[name=target_groups]")
    page.keyboard.press("Space")
    _tab_to(page, "#id_start_date")
    page.keyboard.type("03152025")  # month, day, year segments of the date input
    _tab_to(page, "#id_is_ongoing")
    page.keyboard.press("Space")
    _type_into(page, "#id_outcomes", "Forty regular participants.")
    _tab_to(page, "input[name=evaluation_type]")
    page.keyboard.press("Space")
    _type_into(page, "#id_contact_name", "Amira Haddad")
    _type_into(page, "#id_contact_email", "amira@example.org")
    _tab_to(page, "button[value=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/practices/mine/")
    expect(page.get_by_text("Your practice was submitted")).to_be_visible()
    practice.refresh_from_db()
    assert practice.state == ModerationState.SUBMITTED
    assert practice.start_date.isoformat() == "2025-03-15"
    assert len(practice.countries) == 1
    assert practice.language == "en"


def test_register_for_an_event_with_the_keyboard_only(page, live_server):
    member = UserFactory()
    event = PortalEventFactory(capacity=10)
    page.goto(event.get_absolute_url())
    _tab_to(page, "aside a[href*='/accounts/login/?next=']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")

    # A wrong password first: the error is announced and focused.
    _type_into(page, "#id_login", member.email)
    _type_into(page, "#id_password", "not-the-password")
    _tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    _assert_errors_announced_and_focused(page)

    _tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")  # Enter in a field submits its form
    page.wait_for_url(f"**{event.get_absolute_url()}")

    _tab_to(page, f"form[action$='{event.slug}/register/'] button")
    page.keyboard.press("Space")
    expect(page.locator(".event-status--registered")).to_have_text("You are registered.")
    registration = Registration.objects.get(event=event, user=member)
    assert registration.status == RegistrationStatus.REGISTERED
    assert_no_axe_violations(page)
