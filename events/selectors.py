"""Read-only queries other pages use (home page, organisation pages)."""

from dataclasses import dataclass

from events.models import Event


@dataclass(frozen=True)
class OrganisationEvents:
    upcoming: list
    past: list


def published_events():
    return Event.objects.published().select_related("organiser")


def upcoming(limit=3):
    """The next published events, soonest first (for the home page)."""
    return list(published_events().upcoming()[:limit])


def for_organisation(organisation, limit=5):
    """Published events of one organisation, for `events/_organisation_events.html`.

    Usage: `{% include "events/_organisation_events.html" with organisation_events=... %}`.
    """
    events = published_events().for_organisation(organisation)
    return OrganisationEvents(
        upcoming=list(events.upcoming()[:limit]), past=list(events.past()[:limit])
    )
