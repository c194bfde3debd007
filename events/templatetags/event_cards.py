"""An event's card in lists (events list, home page): the markup of a template, built in
Python. Twelve cards as included templates (each with its time zone block and five
date formats) were about half of an uncached events page's CPU (issue 15)."""

import zoneinfo

from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from spring_portal.text import plain_excerpt

register = template.Library()


def _lang(code):
    return format_html(' lang="{}"', code) if code else ""


def event_when(event):
    """events/_event_when.html: start and end in the event's own time zone, the zone named."""
    zone = zoneinfo.ZoneInfo(str(event.time_zone))
    start = timezone.localtime(event.start, zone)
    end = timezone.localtime(event.end, zone)
    if event.same_day:
        end_text = time_format(end, "TIME_FORMAT")
    else:
        end_text = date_format(end, "DATETIME_FORMAT")
    return format_html(
        '<time datetime="{}" data-event-time>{}</time> – '
        '<time datetime="{}" data-event-time>{}</time> '
        '<span class="event-zone">({}, {})</span>',
        date_format(start, "c"),
        date_format(start, "DATETIME_FORMAT"),
        date_format(end, "c"),
        end_text,
        event.time_zone,
        date_format(start, "T"),
    )


@register.simple_tag
def event_card(event):
    """events/_event_card.html's <article> for `event` (organiser selected, the reader's
    translation prefetched: `event.card`)."""
    card = event.card
    if event.is_online:
        place = _("Online")
    else:
        separator = "," if event.city and event.country else ""
        place = f"{event.city}{separator} {event.country.name if event.country else ''}"
    return format_html(
        '<article class="card event-card"><p class="event-card__badges">'
        '<span class="badge">{}</span> <span class="badge badge--format">{}</span></p>'
        '<h3 class="event-card__title"{}><a href="{}">{}</a></h3>'
        '<p class="meta">{}</p><p class="meta">{} · {}</p><p{}>{}</p></article>',
        event.get_event_type_display(),
        event.get_format_display(),
        _lang(card.title_lang),
        event.get_absolute_url(),
        card.title,
        event_when(event),
        place,
        event.organiser.name if event.organiser_id else "",
        _lang(card.summary_lang),
        plain_excerpt(card.summary, 180),
    )
