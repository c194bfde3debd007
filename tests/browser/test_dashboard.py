"""My SPRING in a browser: land on it, see what needs me, read a notification, act."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Notification
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from tests.browser.conftest import assert_no_axe_violations, login
from tests.browser.test_practices import _admin_action, _new_page
from tests.factories import PASSWORD, ModeratorFactory, UserFactory
from tests.practices.factories import PracticeFactory

TITLE = "Belgium: Language café at the library – Example NGO"
MESSAGE = "Please describe the outcomes in numbers."


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_dashboard_journey(page, live_server, transactional_db, _no_mfa):
    member = UserFactory(full_name="Amira Haddad", profile_completed_at=timezone.now())
    moderator = ModeratorFactory()
    practice = PracticeFactory(created_by=member, title=TITLE)
    transition(practice, S.SUBMITTED, member)

    # Logging in lands on My SPRING.
    login(page, member.email, PASSWORD)
    page.wait_for_url("**/my/")
    expect(page.get_by_role("heading", name="My SPRING", level=1)).to_be_visible()
    expect(page.get_by_text("Nothing needs you right now.")).to_be_visible()
    assert_no_axe_violations(page, "dashboard, nothing to do")

    # A moderator asks for changes in the admin.
    mod_page = _new_page(page, live_server)
    login(mod_page, moderator.email, PASSWORD)
    _admin_action(mod_page, practice, "move_to_changes_requested", MESSAGE)

    # The item appears with the message, and the header counts one unread notification.
    page.reload()
    needs_me = page.locator(".dashboard__needs")
    expect(needs_me).to_contain_text(TITLE)
    expect(needs_me).to_contain_text(MESSAGE)
    header_count = page.locator(".account-nav .notification-count")
    expect(header_count).to_have_text(re.compile(r"^1\s*unread$"))
    assert_no_axe_violations(page, "dashboard with an item")

    # Opening the notification marks it read and leads to the edit page.
    page.locator(".account-nav").get_by_role("link", name=re.compile("Notifications")).click()
    page.wait_for_url("**/my/notifications/")
    assert_no_axe_violations(page, "notifications")
    page.get_by_role("button", name=re.compile("Changes requested")).click()
    page.wait_for_url(f"**/practices/edit/{practice.pk}/")
    assert Notification.objects.get(recipient=member).read_at is not None
    expect(page.locator(".account-nav .notification-count")).to_have_count(0)

    # Resubmitting clears the item.
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_url("**/practices/mine/")
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED
    page.locator(".account-nav").get_by_role("link", name="My account").click()
    page.wait_for_url("**/my/")
    expect(page.get_by_text("Nothing needs you right now.")).to_be_visible()
    expect(page.locator(".dashboard__needs")).not_to_contain_text(MESSAGE)
    assert_no_axe_violations(page, "dashboard after resubmitting")
