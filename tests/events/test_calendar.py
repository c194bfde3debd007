import datetime

import icalendar
import pytest
from django.urls import reverse

from events.calendar import event_uid
from tests.events.factories import EventFactory, PastEventFactory

pytestmark = pytest.mark.django_db

FEED_URL = reverse("events:feed_ics")


def _parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_is_valid_with_time_zone_and_stable_uid(client):
    event = EventFactory(
        title="OM Dialogues: communicating immigration",
        time_zone="Europe/Lisbon",
        start=datetime.datetime(2027, 12, 18, 10, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 12, 18, 12, 30, tzinfo=datetime.UTC),
    )
    url = reverse("events:ics", args=[event.slug])
    calendar = _parse(client.get(url))
    again = _parse(client.get(url))

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    [vevent] = calendar.walk("VEVENT")
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Lisbon"
    assert vevent["UID"] == event_uid(event) == again.walk("VEVENT")[0]["UID"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Lisbon"
    assert vevent["DTEND"].params["TZID"] == "Europe/Lisbon"
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTEND") == event.end
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(vevent["LOCATION"]) == "Online"
    assert str(vevent["ORGANIZER"]).startswith("mailto:")
    assert vevent["ORGANIZER"].params["CN"] == event.organiser.name
    assert "DTSTAMP" in vevent


def test_event_ics_location_for_venue(client):
    event = EventFactory(
        format="in_person", venue="Town hall", city="Lisbon", country="PT", online_url=""
    )
    calendar = _parse(client.get(reverse("events:ics", args=[event.slug])))
    assert str(calendar.walk("VEVENT")[0]["LOCATION"]) == "Town hall, Lisbon, Portugal"


def test_feed_lists_upcoming_published_events_filtered(client):
    webinar = EventFactory(event_type="webinar", time_zone="Europe/Lisbon")
    workshop = EventFactory(event_type="workshop", time_zone="Europe/Vienna")
    PastEventFactory(event_type="webinar")
    EventFactory(event_type="webinar", state="draft")

    everything = _parse(client.get(FEED_URL))
    webinars = _parse(client.get(FEED_URL, {"type": "webinar"}))

    assert {str(e["SUMMARY"]) for e in everything.walk("VEVENT")} == {
        webinar.title,
        workshop.title,
    }
    assert {str(t["TZID"]) for t in everything.walk("VTIMEZONE")} == {
        "Europe/Lisbon",
        "Europe/Vienna",
    }
    assert [str(e["SUMMARY"]) for e in webinars.walk("VEVENT")] == [webinar.title]


def test_feed_empty_is_still_valid(client):
    calendar = _parse(client.get(FEED_URL))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize(
    "query",
    [{"month": "June"}, {"type": "party"}, {"country": "XX"}],
)
def test_feed_malformed_query_is_400_with_message(client, query):
    response = client.get(FEED_URL, query)
    assert response.status_code == 400
    assert "Invalid calendar feed query" in response.content.decode()


def test_feed_for_an_organiser_without_events_is_empty_and_valid(client):
    # The organiser filter matches part of a name (issue 15), so no match is no event.
    EventFactory()
    response = client.get(FEED_URL, {"organiser": "nobody"})
    assert response.status_code == 200
    assert _parse(response).walk("VEVENT") == []


def test_detail_has_add_to_calendar_link(client):
    event = EventFactory()
    content = client.get(event.get_absolute_url()).content.decode()
    assert reverse("events:ics", args=[event.slug]) in content


JOIN_URL = "https://meet.example.org/private-room?pwd=secret"
JOIN_CASES = [
    pytest.param({"format": "online"}, id="online"),
    pytest.param({"format": "hybrid", "venue": "Town hall", "city": "Lisbon"}, id="hybrid"),
]


def _unfolded(response):
    """The file's text with RFC 5545 line folding undone, so a long value is whole."""
    return response.content.decode().replace("\r\n ", "")


@pytest.mark.parametrize("where", JOIN_CASES)
def test_public_event_ics_never_holds_join_link(client, where):
    event = EventFactory(online_url=JOIN_URL, registration_mode="portal", **where)
    response = client.get(reverse("events:ics", args=[event.slug]))
    calendar = _parse(response)
    [vevent] = calendar.walk("VEVENT")
    assert "meet.example.org" not in _unfolded(response)
    assert all("meet.example.org" not in str(value) for value in vevent.values())


@pytest.mark.parametrize("where", JOIN_CASES)
def test_feed_never_holds_join_link(client, where):
    EventFactory(online_url=JOIN_URL, registration_mode="portal", **where)
    EventFactory(online_url=JOIN_URL, registration_mode="none", **where)
    response = client.get(FEED_URL)
    assert len(_parse(response).walk("VEVENT")) == 2
    assert "meet.example.org" not in _unfolded(response)


BROKEN_TITLE = "Line one\nLine two\r\n\u2028three\x0bfour\tfive"


def test_event_ics_with_line_breaks_in_stored_title_is_valid(client):
    # Saved through the ORM, bypassing the form that refuses such titles.
    event = EventFactory(title=BROKEN_TITLE, summary="A\nsummary", venue="Hall\r\nB")
    calendar = _parse(client.get(reverse("events:ics", args=[event.slug])))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Line one Line two three four five"
    assert str(calendar["X-WR-CALNAME"]) == "Line one Line two three four five"
    assert str(vevent["LOCATION"]) == "Hall B"
    assert str(vevent["DESCRIPTION"]).startswith("A summary")


def test_feed_with_line_breaks_in_stored_title_is_valid(client):
    EventFactory(title=BROKEN_TITLE)
    EventFactory(title="Plain title")
    calendar = _parse(client.get(FEED_URL))
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == [
        "Line one Line two three four five",
        "Plain title",
    ]


def test_event_ics_description_is_raw_text(client):
    event = EventFactory(summary="", description='**R&D** & <tea> "time"')
    calendar = _parse(client.get(reverse("events:ics", args=[event.slug])))
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["DESCRIPTION"]).startswith('R&D & "time"\n\n')
