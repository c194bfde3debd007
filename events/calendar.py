"""iCalendar (RFC 5545) export of events, built with the icalendar package.

Public calendar files (an event's .ics, the feed) never hold the online join link:
the event page shows it to registered people only, and they get it in the .ics
attached to their confirmation (`with_join_link=True`).

Every text value goes through `single_line` (or `plain_excerpt`), so a title saved
with a line break or a control character still gives a valid file; icalendar escapes
and folds the rest.
"""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from spring_portal.links import absolute_url
from spring_portal.text import plain_excerpt, single_line

PRODID = "-//SPRING portal//Events//EN"


def event_uid(event):
    """Stable across exports and edits: the primary key and the portal's host."""
    host = urlsplit(settings.SITE_URL).hostname or "spring-portal.eu"
    return f"event-{event.pk}@{host}"


def event_location(event, *, with_join_link=False):
    """Venue and place; the join link only in a registrant's own calendar file."""
    place = [event.venue, event.address, event.city, event.country.name if event.country else ""]
    place = ", ".join(single_line(part) for part in place if single_line(part))
    join = event.online_url if with_join_link else ""
    if join and place:
        return f"{place} / {join}"
    return place or join or "Online"


def _vevent(event, *, with_join_link=False):
    url = absolute_url(event.get_absolute_url())
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", (event.updated_at or timezone.now()).astimezone(datetime.UTC))
    component.add("dtstart", event.local_start)
    component.add("dtend", event.local_end)
    component.add("summary", single_line(event.title) or event_uid(event))
    parts = [plain_excerpt(event.summary or event.description, 1000), url]
    if with_join_link and event.online_url:
        parts.append(f"{_('Join online:')} {event.online_url}")
    component.add("description", "\n\n".join(part for part in parts if part))
    component.add("url", url)
    component.add("location", event_location(event, with_join_link=with_join_link))
    email = single_line(event.organiser.contact_email) or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    organizer = icalendar.vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = icalendar.vText(single_line(event.organiser.name))
    component.add("organizer", organizer)
    component.add("status", "CONFIRMED")
    if event.updated_at:
        component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return component


def build_calendar(events, name="SPRING events", *, with_join_link=False):
    """A VCALENDAR with one VEVENT per event and the VTIMEZONEs they use, as bytes.

    `with_join_link` only for a file sent to a registered person.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(single_line(str(name))))
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event, with_join_link=with_join_link))
    if events:
        first = min(e.start for e in events).date() - datetime.timedelta(days=366)
        last = max(e.end for e in events).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def event_calendar(event, *, with_join_link=False):
    return build_calendar([event], name=event.title, with_join_link=with_join_link)
