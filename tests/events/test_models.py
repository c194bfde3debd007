import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from events.models import Event, embed_url, validate_time_zone
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")


def test_local_times_follow_daylight_saving_change():
    # Portugal leaves summer time on 31 October 2027 at 02:00 local time.
    event = EventFactory(
        time_zone="Europe/Lisbon",
        start=datetime.datetime(2027, 10, 30, 23, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 10, 31, 9, 0, tzinfo=datetime.UTC),
    )
    assert event.local_start.isoformat() == "2027-10-31T00:00:00+01:00"
    assert event.local_end.isoformat() == "2027-10-31T09:00:00+00:00"
    assert event.local_start.tzname() == "WEST"
    assert event.local_end.tzname() == "WET"


def test_detail_page_shows_times_in_event_zone_across_daylight_saving(client):
    winter = EventFactory(
        time_zone="America/New_York",
        start=datetime.datetime(2027, 3, 13, 15, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 3, 13, 17, 0, tzinfo=datetime.UTC),
    )
    summer = EventFactory(
        time_zone="America/New_York",
        start=datetime.datetime(2027, 3, 15, 15, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2027, 3, 15, 17, 0, tzinfo=datetime.UTC),
    )
    winter_page = client.get(winter.get_absolute_url()).content.decode()
    summer_page = client.get(summer.get_absolute_url()).content.decode()
    assert "13 March 2027, 10:00" in winter_page
    assert "(America/New_York, EST)" in winter_page
    assert "15 March 2027, 11:00" in summer_page
    assert "(America/New_York, EDT)" in summer_page


def test_validate_time_zone_rejects_unknown_names():
    validate_time_zone("Europe/Lisbon")
    for bad in ("Europe/Atlantis", "", "../etc/passwd", "UTC+2"):
        with pytest.raises(ValidationError):
            validate_time_zone(bad)


def test_clean_rejects_end_before_start_and_late_deadline():
    start = datetime.datetime(2027, 5, 1, 10, tzinfo=LISBON)
    event = Event(
        start=start,
        end=start - datetime.timedelta(hours=1),
        registration_deadline=start + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as exc:
        event.clean()
    assert set(exc.value.message_dict) == {"end", "registration_deadline"}


def test_clean_rejects_capacity_below_registrations():
    event = EventFactory.build(capacity=2, registered_count=3)
    with pytest.raises(ValidationError) as exc:
        event.clean()
    assert list(exc.value.message_dict) == ["capacity"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://example.org/recording.mp4", ""),
        ("https://www.youtube.com/watch?v=<script>", ""),
        ("", ""),
    ],
)  # fmt: skip
def test_embed_url_only_for_youtube_and_vimeo(url, expected):
    assert embed_url(url) == expected


def test_published_upcoming_and_past_querysets():
    past = EventFactory(
        start=datetime.datetime(2021, 6, 8, 8, tzinfo=datetime.UTC),
        end=datetime.datetime(2021, 6, 8, 11, tzinfo=datetime.UTC),
    )
    later = EventFactory(start=datetime.datetime(2099, 2, 1, tzinfo=datetime.UTC))
    sooner = EventFactory(start=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC))
    EventFactory(state="draft")
    assert list(Event.objects.published().upcoming()) == [sooner, later]
    assert list(Event.objects.published().past()) == [past]
