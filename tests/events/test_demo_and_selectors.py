import io

import pytest
from django.template.loader import render_to_string

from events import demo as events_demo
from events import selectors
from events.models import Event
from members import demo as members_demo
from tests.events.factories import EventFactory, PastEventFactory

pytestmark = pytest.mark.django_db


class _Command:
    stdout = io.StringIO()


def test_seed_demo_events_is_idempotent():
    members_demo.seed(_Command())
    events_demo.seed(_Command())
    events_demo.seed(_Command())

    launch = Event.objects.get(slug="spring-launch-conference")
    assert launch.state == "published"
    assert launch.format == "online"
    assert launch.local_start.date().isoformat() == "2021-06-08"
    assert launch.participants_count > 100
    assert launch.recording_url
    assert "mainstream evidence into practice" in launch.key_insights
    assert launch.organiser.slug == "ismu"
    dialogues = Event.objects.get(slug="om-dialogues-communicating-immigration")
    assert dialogues.event_type == "webinar"
    assert dialogues.local_start.date().isoformat() == "2021-12-18"
    assert Event.objects.get(slug="amsterdam-conference-on-tolerance").format == "online"
    upcoming = Event.objects.published().upcoming()
    assert all(event.start.year == 2027 for event in upcoming)
    small = upcoming.get(registration_mode="portal", capacity__isnull=False)
    assert small.capacity <= 5
    assert small.registered_count == 2
    assert Event.objects.count() == len(events_demo.EVENTS)
    assert [c.to_state for c in launch.history()] == ["published", "submitted"]


def test_for_organisation_splits_upcoming_and_past_published_events():
    upcoming = EventFactory(title="Next meeting")
    organisation = upcoming.organiser
    past = PastEventFactory(title="Last meeting", organiser=organisation)
    EventFactory(title="Draft meeting", organiser=organisation, state="draft")
    EventFactory(title="Other organisation")

    result = selectors.for_organisation(organisation)
    html = render_to_string("events/_organisation_events.html", {"organisation_events": result})

    assert result.upcoming == [upcoming]
    assert result.past == [past]
    assert "Next meeting" in html
    assert "Last meeting" in html
    assert "Draft meeting" not in html
    assert {e.title for e in selectors.upcoming()} == {"Next meeting", "Other organisation"}
