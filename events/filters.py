import datetime
import re

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.enums import EventFormat, EventType
from events.models import Event
from spring_portal import widgets
from spring_portal.caching import content_version
from spring_portal.moderation import ModerationState

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(value):
    """'2027-03' -> (2027, 3); ValidationError for anything else."""
    match = MONTH.match(value or "")
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2999:
        raise ValidationError(
            _("Enter a month as YYYY-MM, for example 2027-03."), code="invalid_month"
        )
    return int(match[1]), int(match[2])


class MonthField(forms.CharField):
    widget = widgets.TextInput(attrs={"type": "month", "placeholder": _("YYYY-MM")})

    def validate(self, value):
        super().validate(value)
        if value:
            parse_month(value)


class MonthFilter(django_filters.CharFilter):
    field_class = MonthField

    def filter(self, qs, value):
        if not value:
            return qs
        year, month = parse_month(value)
        tz = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return qs.filter(start__gte=first, start__lt=following)


def country_choices():
    """Only the countries published events take place in (order_by(): the model's
    ordering would otherwise join the DISTINCT and return one row per event); the
    codes are kept in the shared cache under the content version, which a published,
    changed or archived event moves."""
    key = f"events:countries:{content_version()}"
    codes = cache.get(key)
    if codes is None:
        codes = list(
            Event.objects.filter(state=ModerationState.PUBLISHED)
            .exclude(country="")
            .order_by()
            .values_list("country", flat=True)
            .distinct()
        )
        cache.set(key, codes, COUNTRIES_CACHE_SECONDS)
    return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])


COUNTRIES_CACHE_SECONDS = 3600


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label=_("Search"), max_length=200, widget=widgets.TextInput
    )
    type = django_filters.ChoiceFilter(
        field_name="event_type",
        choices=EventType.choices,
        label=_("Type"),
        empty_label=_("All"),
        widget=widgets.Select,
    )
    format = django_filters.ChoiceFilter(
        choices=EventFormat.choices, label=_("Format"), empty_label=_("All"), widget=widgets.Select
    )
    country = django_filters.ChoiceFilter(
        choices=country_choices, label=_("Country"), empty_label=_("All"), widget=widgets.Select
    )
    # A text box, not a list: with thousands of organisers a list of every one made
    # most of the page (issue 15). An organisation's slug matches too (older links).
    organiser = django_filters.CharFilter(
        method="by_organiser",
        label=_("Organiser"),
        help_text=_("Part of the organisation's name."),
        max_length=200,
        widget=widgets.TextInput,
    )
    month = MonthFilter(label=_("Month"), help_text=_("Events starting in this month."))

    class Meta:
        model = Event
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(description__icontains=value)
            | Q(city__icontains=value)
            | Q(organiser__name__icontains=value)
        )

    def by_organiser(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(organiser__slug=value) | Q(organiser__name__icontains=value))

    def error_message(self):
        """All filter errors as one readable sentence (for the .ics feed's 400)."""
        return " ".join(
            f"{self.form.fields[name].label}: {' '.join(messages)}"
            if name in self.form.fields
            else " ".join(messages)
            for name, messages in self.errors.items()
        )
