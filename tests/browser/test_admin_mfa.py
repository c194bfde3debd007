from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import PASSWORD, ModeratorFactory


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_moderator_signs_in_with_totp_to_reach_moderation(page, settings, transactional_db):
    settings.MFA_REQUIRED_FOR_STAFF = True
    moderator = ModeratorFactory()
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)

    page.goto("/admin/")
    assert "/accounts/login/" in page.url
    login(page, moderator.email, PASSWORD)
    assert page.get_by_role("heading", name="Two-Factor Authentication").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/")
    assert page.get_by_text("SPRING portal administration").first.is_visible()


def test_moderator_without_totp_is_led_to_set_it_up(page, settings, transactional_db):
    settings.MFA_REQUIRED_FOR_STAFF = True
    moderator = ModeratorFactory()
    login(page, moderator.email, PASSWORD)
    page.goto("/admin/")
    # allauth asks for the password again before any change to two-factor settings.
    assert "2fa%2Ftotp%2Factivate" in page.url
    assert page.get_by_text("must turn on two-factor authentication").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.get_by_label("Authenticator code").is_visible()
    assert_no_axe_violations(page)
