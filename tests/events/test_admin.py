import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = (
    "speakers",
    "materials",
    "registrations",
    "spring_portal-statechange-content_type-object_id",
)
CHANGELIST = reverse("admin:events_event_changelist")


def test_admin_queue_filters_by_state(moderator_client):
    EventFactory(title="Waiting proposal", state="submitted")
    EventFactory(title="Published one")
    response = moderator_client.get(CHANGELIST, {"state__exact": "submitted"})
    content = response.content.decode()
    assert "Waiting proposal" in content
    assert "Published one" not in content


def test_admin_action_asks_for_message_then_transitions(
    moderator_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(state="submitted", created_by=member)
    data = {"action": "move_to_changes_requested", ACTION_CHECKBOX_NAME: [event.pk]}
    step = moderator_client.post(CHANGELIST, data)
    assert step.status_code == 200
    assert "Message to the author" in step.content.decode()

    missing = moderator_client.post(CHANGELIST, {**data, "apply": "1"}, follow=True)
    assert "Please write a message" in missing.content.decode()
    event.refresh_from_db()
    assert event.state == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            CHANGELIST,
            {**data, "apply": "1", "message": "Please add the agenda.", "internal_note": "x"},
        )
    event.refresh_from_db()
    assert event.state == "changes_requested"
    [change] = event.history()
    assert change.message == "Please add the agenda."
    assert mailoutbox[-1].to == [member.email]
    assert "Please add the agenda." in mailoutbox[-1].body


def test_admin_change_page_shows_history(moderator_client, member):
    event = EventFactory(state="submitted", created_by=member)
    moderator_client.post(
        CHANGELIST,
        {"action": "move_to_published", ACTION_CHECKBOX_NAME: [event.pk], "apply": "1"},
    )
    page = moderator_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert page.status_code == 200
    assert "History" in page.content.decode()
    event.refresh_from_db()
    assert event.state == "published"


def test_moderator_creates_and_publishes_event_in_admin(moderator_client, moderator):
    organisation = OrganisationFactory(created_by=None)
    response = moderator_client.post(
        reverse("admin:events_event_add"),
        {
            "title": "Network meeting on housing",
            "slug": "",
            "event_type": "network_meeting",
            "format": "online",
            "organiser": organisation.pk,
            "language": "en",
            "time_zone": "Europe/Vienna",
            "start": "2027-05-20T10:00",
            "end": "2027-05-20T12:00",
            "online_url": "https://meet.example.org/housing",
            "description": "Housing and settlement.",
            "registration_mode": "none",
            **{
                f"{prefix}-{key}": value
                for prefix in INLINE_PREFIXES
                for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(title="Network meeting on housing")
    assert event.slug == "network-meeting-on-housing"
    assert event.created_by == moderator
    assert event.state == "draft"
    moderator_client.post(
        CHANGELIST,
        {"action": "move_to_published", ACTION_CHECKBOX_NAME: [event.pk], "apply": "1"},
    )
    event.refresh_from_db()
    assert event.state == "published"
    assert [c.to_state for c in event.history()] == ["published", "submitted"]


def test_admin_not_available_to_members(member_client):
    assert member_client.get(CHANGELIST).status_code == 302
