import datetime

from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from members.enums import MembershipRole
from tests.browser.conftest import assert_no_axe_violations, login
from tests.events.factories import PastEventFactory, PortalEventFactory
from tests.factories import PASSWORD, MembershipFactory, ModeratorFactory, UserFactory


def logout(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/")


def test_event_pages_are_accessible(page, db):
    organiser = UserFactory()
    event = PortalEventFactory(
        title="Evidence in everyday practice",
        agenda="1. Welcome\n2. Working groups",
        created_by=organiser,
        registration_deadline=timezone.now() + datetime.timedelta(days=5),
    )
    MembershipFactory(user=organiser, organisation=event.organiser, role=MembershipRole.ADMIN)
    event.speakers.create(name="Sophie Laurent", affiliation="SOLIDAR")
    past = PastEventFactory(
        title="SPRING Launch Conference",
        recording_url="https://example.org/launch-recording",
        key_insights="- Connecting knowledge and practice",
        participants_count=104,
    )
    past.materials.create(title="Slides", url="https://example.org/slides.pdf")

    for path in (
        "/events/",
        "/events/past/",
        "/events/?month=bad",
        event.get_absolute_url(),
        past.get_absolute_url(),
    ):  # noqa: E501
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)
    expect(page.get_by_role("heading", name="Key insights")).to_be_visible()

    login(page, organiser.email, PASSWORD)
    for path in (
        "/events/propose/",
        "/events/mine/",
        event.get_absolute_url(),
        f"{event.get_absolute_url()}registrants/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)


def test_register_cancel_and_waiting_list_promotion(page, db, mailoutbox):
    event = PortalEventFactory(title="Small workshop", capacity=1)
    first, second = UserFactory(), UserFactory()

    login(page, first.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.").first).to_be_visible()
    logout(page)

    login(page, second.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("You are number 1 on the waiting list.")).to_be_visible()
    assert_no_axe_violations(page)
    logout(page)

    login(page, first.email, PASSWORD)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()
    expect(page.get_by_role("button", name="Join the waiting list")).to_be_visible()
    logout(page)

    login(page, second.email, PASSWORD)
    page.goto(event.get_absolute_url())
    expect(page.get_by_text("You are registered.")).to_be_visible()
    promoted = [m for m in mailoutbox if m.to == [second.email] and "A place is yours" in m.subject]
    assert len(promoted) == 1
    assert promoted[0].attachments[0][2] == "text/calendar"


def test_propose_event_and_moderator_publishes_it(page, db):
    member = UserFactory()
    membership = MembershipFactory(user=member)
    moderator = ModeratorFactory()

    login(page, member.email, PASSWORD)
    page.goto("/events/propose/")
    page.get_by_label("Title", exact=True).fill("OM Dialogues: communicating immigration")
    page.get_by_label("Organiser", exact=True).select_option(str(membership.organisation.pk))
    page.get_by_label("Type", exact=True).select_option("webinar")
    page.get_by_label("Time zone", exact=True).fill("Europe/Atlantis")
    page.get_by_label("Starts", exact=True).fill("2027-12-18T10:00")
    page.get_by_label("Ends", exact=True).fill("2027-12-18T12:30")
    page.get_by_label("Online link", exact=True).fill("https://meet.example.org/om")
    page.get_by_label("Description", exact=True).fill("A webinar for International Migrants Day.")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("is not a known time zone")).to_be_visible()
    assert page.get_by_label("Title", exact=True).input_value().startswith("OM Dialogues")
    assert_no_axe_violations(page)
    page.get_by_label("Time zone", exact=True).fill("Europe/Lisbon")
    page.get_by_role("button", name="Send to the moderators").click()
    expect(page.get_by_text("Your event was sent to the moderators")).to_be_visible()
    expect(page.get_by_text("Submitted")).to_be_visible()
    event = Event.objects.get()
    logout(page)

    assert page.goto(event.get_absolute_url()).status == 404

    login(page, moderator.email, PASSWORD)
    page.goto("/admin/events/event/?state__exact=submitted")
    page.locator(f'input[name="_selected_action"][value="{event.pk}"]').check()
    page.locator('select[name="action"]').select_option("move_to_published")
    page.get_by_role("button", name="Run").click()
    page.get_by_label("Message to the author").fill("Thank you, it is online.")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("moved to “Published”")).to_be_visible()
    logout(page)

    page.goto(event.get_absolute_url())
    expect(
        page.get_by_role("heading", name="OM Dialogues: communicating immigration")
    ).to_be_visible()
    expect(page.get_by_text("(Europe/Lisbon, WET)").first).to_be_visible()


def test_local_time_line_uses_european_format_and_names_the_day_once(browser, live_server, db):
    """Regression: "In your time zone" read "March 25, 2027 at 08:30 AM" and repeated the day."""
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2027, 3, 25, 9, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    event = PortalEventFactory(start=start, end=start + datetime.timedelta(hours=2))
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, timezone_id="America/New_York"
    )
    page = context.new_page()
    try:
        page.goto(event.get_absolute_url())
        line = page.locator("[data-event-local]")
        expect(line).to_be_visible()
        text = line.inner_text()
        assert text.startswith("In your time zone: 25 March 2027"), text
        assert "04:30" in text and "– 06:30" in text, text
        assert "AM" not in text and "PM" not in text
        assert text.count("March") == 1
    finally:
        context.close()
