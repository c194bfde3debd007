"""A practice's card in lists: the markup of a template, built in Python.

A practices page shows 20 cards; as an included template they cost ~12 ms of an
uncached page's ~40 ms of CPU (a template context per card, ~60 nodes each), built
with format_html they cost ~2 ms (docs/performance.md)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from spring_portal.text import plain_excerpt

register = template.Library()


@register.simple_tag
def practice_card(practice):
    """The card of `practice` (a <li>): its title and summary in the reader's language
    when `practice.card` (content_translations.card_text) has a translation, the
    search snippet when `practice.snippet` is set, its countries, organisation,
    evidence level and integration areas (prefetched)."""
    card = practice.card
    countries = ", ".join(str(country.name) for country in practice.countries)
    organisation = f" · {practice.organisation.name}" if practice.organisation_id else ""
    badge = ""
    if practice.evidence_level:
        badge = format_html(
            '<p><a class="badge badge--success" href="{}#levels">{}'
            '<span class="visually-hidden">: {}</span></a></p>',
            reverse("methodology"),
            practice.get_evidence_level_display(),
            _("how evidence levels are reached"),
        )
    snippet = getattr(practice, "snippet", "")
    if snippet:
        text = format_html(
            '<p class="practice-card__snippet" lang="{}">{}</p>', practice.language, snippet
        )
    else:
        text = format_html(
            "<p{}>{}</p>", _lang(card.summary_lang), plain_excerpt(card.summary, 220)
        )
    areas = list(practice.areas.all())
    tags = ""
    if areas:
        tags = format_html(
            '<ul class="practice-tags" aria-label="{}">{}</ul>',
            _("Integration areas"),
            format_html_join("", '<li class="badge">{}</li>', ((area.label,) for area in areas)),
        )
    return format_html(
        '<li class="card practice-card"><h3 class="practice-card__title"{}>'
        '<a href="{}">{}</a></h3><p class="meta">{}{}</p>{}{}{}</li>',
        _lang(card.title_lang),
        practice.get_absolute_url(),
        card.title,
        countries,
        organisation,
        badge,
        text,
        tags,
    )


def _lang(code):
    """The `lang` attribute of a text not in the page's language (WCAG 3.1.2)."""
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag
def practice_cards(practices):
    """The cards of `practices`, one after the other."""
    return mark_safe("".join(practice_card(practice) for practice in practices))  # noqa: S308 - each card escaped by format_html
