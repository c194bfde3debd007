"""The home page, composed like the EWSI newsletter from live data.

`home_sections()` returns the sections that have content, each a dict with the
template that renders it and its data. Every section costs a fixed number of
queries, so the page's query count does not grow with the content.
"""

import datetime

from django.core.cache import cache
from django.utils import timezone

from events.selectors import upcoming
from hub.models import Call, Document, NewsPost
from members import stats as members_stats
from practices.models import Practice
from spring_portal.caching import content_version
from spring_portal.content_translations import attach_reader_translations, reader_language

HIGHLIGHTS = 3
EVENTS = 3
CALLS = 3
PRACTICES = 3
DOCUMENTS = 4


def highlights():
    return list(NewsPost.objects.highlights()[:HIGHLIGHTS])


def upcoming_events():
    return upcoming(EVENTS)


def open_calls():
    return list(Call.objects.open().order_by("closes_on")[:CALLS])


def recent_practices():
    return list(Practice.objects.recent(PRACTICES).select_related("organisation"))


def latest_documents():
    return list(
        Document.objects.published()
        .select_related("organisation")
        .order_by("-published_at", "-pk")[:DOCUMENTS]
    )


def spotlight():
    """The moderators' latest "In case you missed it" pick."""
    return NewsPost.objects.published().filter(is_spotlight=True).first()


def community_figures():
    """The community figures of the Join page, plus the published practices.

    Counting 100,000 practices and 20,000 members costs more than the rest of the
    page (issue 15), so the figures are kept in the shared cache under the content
    version: any change to public content, a new member included, counts afresh.
    """
    return cache.get_or_set(
        f"portal:home-figures:{content_version()}", _count_figures, FIGURES_TIMEOUT
    )


FIGURES_TIMEOUT = 3600


def _count_figures():
    return {**members_stats.community_figures(), "practices": Practice.objects.published().count()}


def home_sections():
    """The home page's sections in newsletter order, leaving out the empty ones.

    Their rows are kept in the shared cache under the content version and the date
    (calls open and close by date) until the first listed event ends, so an
    uncached home page (a member's, or the first after a change) reads no table:
    six queries cost more than the rest of the page (issue 15). The cards show the
    reader's language (issue 17), so the rows are kept per interface language."""
    day = timezone.localdate().isoformat()
    key = f"portal:home-sections:{content_version()}:{reader_language()}:{day}"
    found = cache.get(key)
    if found is None or found["expires"] <= timezone.now():
        found = _section_rows()
        timeout = (found["expires"] - timezone.now()).total_seconds()
        cache.set(key, found, max(1, min(SECTIONS_TIMEOUT, int(timeout))))
    return _sections(found)


SECTIONS_TIMEOUT = 3600


def _section_rows():
    rows = {
        "highlights": highlights(),
        "events": upcoming_events(),
        "calls": open_calls(),
        "practices": recent_practices(),
        "documents": latest_documents(),
        "spotlight": spotlight(),
        "figures": community_figures(),
    }
    # The cards in the reader's language: one query for every section (issue 17).
    names = ("highlights", "events", "calls", "practices", "documents")
    attach_reader_translations(
        [*(item for name in names for item in rows[name]), *filter(None, [rows["spotlight"]])]
    )
    ends = [event.end for event in rows["events"] if event.end]
    rows["expires"] = min([*ends, timezone.now() + datetime.timedelta(seconds=SECTIONS_TIMEOUT)])
    return rows


def _sections(rows):
    sections = []

    def add(name, **data):
        sections.append({"template": f"hub/home/_{name}.html", "name": name, **data})

    for name in ("highlights", "events", "calls", "practices", "documents"):
        if items := rows[name]:
            add(name, items=items)
    if item := rows["spotlight"]:
        add("spotlight", item=item)
    figures = rows["figures"]
    if any(figures.values()):
        add("figures", figures=figures)
    return sections
