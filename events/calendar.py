"""iCalendar (RFC 5545) export of events, built with the icalendar package."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from spring_portal.links import absolute_url
from spring_portal.text import plain_excerpt

PRODID = "-//SPRING portal//Events//EN"


def event_uid(event):
    """Stable across exports and edits: the primary key and the portal's host."""
    host = urlsplit(settings.SITE_URL).hostname or "spring-portal.eu"
    return f"event-{event.pk}@{host}"


def event_location(event):
    place = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    place = ", ".join(part for part in place if part)
    if event.online_url and place:
        return f"{place} / {event.online_url}"
    return place or event.online_url or "Online"


def _vevent(event):
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", (event.updated_at or timezone.now()).astimezone(datetime.UTC))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", event.title)
    text = plain_excerpt(event.summary or event.description, 1000)
    component.add("description", f"{text}\n\n{url}" if text else url)
    component.add("url", url)
    component.add("location", event_location(event))
    email = event.organiser.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = icalendar.vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = icalendar.vText(event.organiser.name)
    component.add("organizer", organizer)
    component.add("status", "CONFIRMED")
    if event.updated_at:
        component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return component


def build_calendar(events, name="SPRING events"):
    """A VCALENDAR with one VEVENT per event and the VTIMEZONEs they use, as bytes."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event))
    if events:
        first = min(e.start for e in events).date() - datetime.timedelta(days=366)
        last = max(e.end for e in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def event_calendar(event):
    return build_calendar([event], name=event.title)
