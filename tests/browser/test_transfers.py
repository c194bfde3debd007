"""Issue 18 in a browser: a transfer declared, moderated, confirmed by the owner and
shown on both pages; a message to a practice's owner (delivered, rate-limited,
refused once contact is off); a shared collection opened by an anonymous visitor.

The forms are filled in a context with JavaScript off (every page must work
without it); axe runs in a context with JavaScript on, on the same pages.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from members.enums import MembershipRole
from practices.models import Collection, ContactMessage, Transfer
from spring_portal import ratelimit
from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    ModeratorFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState
TITLE = "Denmark: Integration houses for women in Copenhagen – FAKTI"


def _context_page(page, live_server, javascript=True, user=None):
    """A new browser context (JavaScript on or off), logged in as `user` if given (the
    log-in form has its own tests)."""
    context = page.context.browser.new_context(
        base_url=live_server.url, bypass_csp=True, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def owned_practice(transactional_db):
    owner = UserFactory(full_name="Mette Jensen", email="mette@fakti.example")
    fakti = OrganisationFactory(name="FAKTI")
    MembershipFactory(user=owner, organisation=fakti, role=MembershipRole.ADMIN)
    practice = PublishedPracticeFactory(title=TITLE, organisation=fakti, created_by=owner)
    return owner, practice


def test_transfer_declared_moderated_confirmed_and_shown_on_both_pages(
    page, live_server, owned_practice, mailoutbox, _no_mfa
):
    owner, practice = owned_practice
    declarer = UserFactory(full_name="Giulia Rossi")
    milan = OrganisationFactory(name="Milano Accoglie")
    MembershipFactory(user=declarer, organisation=milan, role=MembershipRole.ADMIN)
    moderator = ModeratorFactory()

    # The declarer, without JavaScript, says "we are adapting this practice".
    nojs = _context_page(page, live_server, javascript=False, user=declarer)
    nojs.goto(practice.get_absolute_url())
    nojs.get_by_role("link", name="We are adapting this practice").click()
    nojs.get_by_label("Organisation adapting it").select_option(label="Milano Accoglie")
    nojs.get_by_label("Country", exact=True).select_option("IT")
    nojs.get_by_label("Region (NUTS 2 code)").fill("DK01")
    nojs.get_by_label("City or town").fill("Milan")
    nojs.get_by_label("Running", exact=True).check()
    nojs.get_by_label("Start date").fill("2025-03-01")
    nojs.get_by_label("What you changed for your context").fill(
        "A house for women arriving from Tunisia, run with the city's social services."
    )
    nojs.get_by_role("button", name="Send for review").click()
    # A code of another country: the error says so and keeps what was typed.
    expect(nojs.locator("#id_region_error")).to_contain_text("starts with “IT”")
    expect(nojs.get_by_label("City or town")).to_have_value("Milan")
    nojs.get_by_label("Region (NUTS 2 code)").fill("ITC4")
    nojs.get_by_role("button", name="Send for review").click()
    nojs.wait_for_url("**/my/transfers/")
    expect(nojs.get_by_text("Submitted", exact=True)).to_be_visible()
    transfer = Transfer.objects.get()
    assert (transfer.state, transfer.region, transfer.organisation) == (S.SUBMITTED, "ITC4", milan)

    # Axe on the form and on "My transfers", as the declarer with JavaScript on.
    declarer_page = _context_page(page, live_server, user=declarer)
    declarer_page.goto(f"/practices/{practice.slug}/transfer/")
    assert_no_axe_violations(declarer_page, "transfer form")
    declarer_page.goto("/my/transfers/")
    assert_no_axe_violations(declarer_page, "my transfers")

    # Not public before moderation.
    visitor = _context_page(page, live_server)
    visitor.goto(practice.get_absolute_url())
    expect(visitor.get_by_text("Milan, Italy")).to_have_count(0)

    # The moderator sees it in the practice's assessment area, then publishes it.
    login(page, moderator.email, PASSWORD)
    page.goto(f"/admin/practices/practice/{practice.pk}/change/")
    expect(page.get_by_text("Transfers: evidence of transferability")).to_be_visible()
    expect(page.get_by_role("link", name="Milan, Italy (ITC4)")).to_be_visible()
    page.goto("/admin/practices/transfer/")
    page.check(f"input[name=_selected_action][value='{transfer.pk}']")
    page.select_option("select[name=action]", "move_to_published")
    page.locator("#changelist-form button[name=index]").click()
    page.locator("#content form button[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("moved to")
    transfer.refresh_from_db()
    assert transfer.state == S.PUBLISHED
    assert any(m.to == [owner.email] and "adapted in Milan" in m.subject for m in mailoutbox)

    # The owner confirms it on the practice page, without JavaScript.
    owner_nojs = _context_page(page, live_server, javascript=False, user=owner)
    owner_nojs.goto(practice.get_absolute_url())
    expect(owner_nojs.get_by_role("heading", name="Adapted in 1 place")).to_be_visible()
    owner_nojs.get_by_role("button", name="Confirm this transfer").click()
    expect(owner_nojs.locator(".messages")).to_contain_text("You confirmed this transfer")
    transfer.refresh_from_db()
    assert transfer.owner_confirmed_by == owner

    # Everyone sees it on the practice page and on the adapting organisation's page.
    visitor.goto(practice.get_absolute_url())
    transfers = visitor.locator(".practice__transfers")
    expect(transfers.get_by_role("heading", name="Adapted in 1 place")).to_be_visible()
    expect(transfers).to_contain_text("Milan, Italy")
    expect(transfers).to_contain_text("Running")
    expect(transfers).to_contain_text("Confirmed by the practice's owners")
    assert_no_axe_violations(visitor, "practice page with a transfer")
    visitor.goto(milan.get_absolute_url())
    org_transfers = visitor.locator(".organisation-transfers")
    expect(org_transfers.get_by_role("link", name=TITLE)).to_be_visible()
    expect(org_transfers).to_contain_text("Confirmed by the practice's owners")
    assert_no_axe_violations(visitor, "organisation page with a transfer")
    # ...and on the map's transfers layer: Italy and its region in the map's table.
    visitor.goto("/map/?layer=transfers")
    italy = visitor.locator(".map-table tbody tr", has_text="Italy")
    expect(italy).to_have_count(1)
    expect(italy).to_contain_text("Lombardia")
    assert_no_axe_violations(visitor, "map of transfers")


def test_message_to_practice_owner_delivered_rate_limited_and_refused_when_off(
    page, live_server, owned_practice, mailoutbox, monkeypatch
):
    owner, practice = owned_practice
    monkeypatch.setitem(ratelimit.LIMITS, "practices:contact", 2)
    sender = UserFactory(full_name="Anna Nowak", email="anna@krakow.example")

    # The sender writes, without JavaScript; no address is shown.
    nojs = _context_page(page, live_server, javascript=False, user=sender)
    nojs.goto(practice.get_absolute_url())
    expect(nojs.get_by_text(owner.email)).to_have_count(0)
    nojs.get_by_role("link", name="Contact the practice owner").click()
    nojs.get_by_label("Your message").fill("Could we visit the house with our team in May?")
    nojs.get_by_role("button", name="Send the message").click()
    expect(nojs.locator(".messages")).to_contain_text("Your message was sent")
    thread = ContactMessage.objects.get()
    delivered = [m for m in mailoutbox if m.to == [owner.email]]
    assert len(delivered) == 1
    assert "Could we visit the house" in delivered[0].body
    assert sender.email not in delivered[0].body
    assert delivered[0].reply_to == []

    # The owner answers in the portal; the sender reads it, and never sees the address.
    owner_page = _context_page(page, live_server, user=owner)
    owner_page.goto("/my/messages/")
    assert_no_axe_violations(owner_page, "messages")
    owner_page.get_by_role("link", name=TITLE).click()
    assert_no_axe_violations(owner_page, "conversation")
    owner_page.get_by_label("Your answer").fill("Yes, Tuesdays suit us best.")
    owner_page.get_by_role("button", name="Send the answer").click()
    expect(owner_page.locator(".messages")).to_contain_text("Your answer was sent")
    assert any(m.to == [sender.email] for m in mailoutbox)
    nojs.goto(thread.get_absolute_url())
    expect(nojs.get_by_text("Yes, Tuesdays suit us best.")).to_be_visible()
    expect(nojs.get_by_text(owner.email)).to_have_count(0)

    # Past the limit (2 an hour here) the form refuses and keeps the text.
    sender_page = _context_page(page, live_server, user=sender)
    sender_page.goto(f"/practices/{practice.slug}/contact/")
    assert_no_axe_violations(sender_page, "contact form")
    sender_page.get_by_label("Your message").fill("And could we bring two volunteers?")
    sender_page.get_by_role("button", name="Send the message").click()
    expect(sender_page.locator(".messages")).to_contain_text("Your message was sent")
    sender_page.goto(f"/practices/{practice.slug}/contact/")
    sender_page.get_by_label("Your message").fill("A third message, kept.")
    sender_page.get_by_role("button", name="Send the message").click()
    expect(sender_page.locator(".form-errors")).to_contain_text("limit of 2")
    expect(sender_page.get_by_label("Your message")).to_have_value("A third message, kept.")
    assert_no_axe_violations(sender_page, "contact form, rate-limited")
    assert ContactMessage.objects.filter(sender=sender).count() == 2

    # The owner switches contact off; the link goes and the form refuses.
    owner_page.goto(practice.get_absolute_url())
    owner_page.get_by_role("button", name="Switch messages off").click()
    expect(owner_page.locator(".messages")).to_contain_text("switched off")
    nojs.goto(practice.get_absolute_url())
    expect(nojs.get_by_role("link", name="Contact the practice owner")).to_have_count(0)
    nojs.goto(f"/practices/{practice.slug}/contact/")
    expect(nojs.get_by_text("do not take messages on the portal")).to_be_visible()
    expect(nojs.get_by_role("button", name="Send the message")).to_have_count(0)


def test_shared_collection_opened_by_an_anonymous_visitor(page, live_server, owned_practice):
    _owner, practice = owned_practice
    member = UserFactory()

    # The member bookmarks the practice into a new collection, without JavaScript.
    nojs = _context_page(page, live_server, javascript=False, user=member)
    nojs.goto(practice.get_absolute_url())
    nojs.get_by_role("link", name="Save to a collection").click()
    nojs.get_by_label("Or a new collection named").fill("Practices for our 2027 AMIF application")
    nojs.get_by_role("button", name="Save", exact=True).click()
    expect(nojs.locator(".messages")).to_contain_text("Saved to")
    nojs.goto("/my/collections/")
    nojs.get_by_role("link", name="Practices for our 2027 AMIF application").click()
    nojs.get_by_label("Shared: anyone with the link can read it").check()
    nojs.get_by_role("button", name="Save", exact=True).click()
    expect(nojs.locator(".messages")).to_contain_text("Your collection was saved")
    collection = Collection.objects.get(owner=member)
    assert collection.is_shared
    link = nojs.get_by_role("link", name=collection.shared_url(), exact=False)
    expect(link).to_be_visible()

    member_page = _context_page(page, live_server, user=member)
    for path in (
        f"/practices/{practice.slug}/save/",
        "/my/collections/",
        collection.get_absolute_url(),
    ):
        member_page.goto(path)
        assert_no_axe_violations(member_page, path)

    # An anonymous visitor opens the link, with and without JavaScript.
    for javascript in (False, True):
        visitor = _context_page(page, live_server, javascript=javascript)
        response = visitor.goto(collection.shared_url())
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        expect(visitor.get_by_role("heading", level=1)).to_have_text(
            "Practices for our 2027 AMIF application"
        )
        expect(visitor.get_by_role("link", name=TITLE)).to_be_visible()
        if javascript:
            assert_no_axe_violations(visitor, "shared collection")
