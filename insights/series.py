"""What the map and the statistics pages show: one registry of map layers, one of charts.

A content type joins the pages with one decorated function each; the pages, their
tables and CSV downloads, and the tests that check every registered chart pick it up.
Transfers (issue 18) plug in this way (see "transfers" below):

    from practices.models import Transfer

    def _transfer_count_text(number):
        return ngettext("%(count)s transfer", "%(count)s transfers", number) % {
            "count": number_format(number, force_grouping=True)}

    @layer("transfers", _("Transfers"), _transfer_count_text, order=20)
    def transfers_layer(request):
        return grouped_places(Transfer.objects.published(), "country", "region")

    @chart("transfers-by-year", _("Transfers by year of start"),
           _("How many published transfers started each year."), _("Year"), _("Transfers"),
           order=25)
    def transfers_by_year(figures):
        return year_rows(Transfer.objects.published(), "start_date")

A chart function receives the page's `Figures`: what several charts share (the facet
index's counts, the events per year) is computed once per page.

Practices are counted from the list's bitset facet index (practices/facet_index.py),
so the map with any of the list's filters costs what the list's facets cost; the
other content types are small and counted by one GROUP BY query each.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import Event
from members.models import Organisation, User
from practices.enums import EvidenceLevel
from practices.facet_index import facet_index, search_matches
from practices.filters import build_filterset, index_facets, selected_values
from practices.models import Practice, Transfer
from spring_portal import search
from spring_portal.timeouts import statement_timeout


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    description: str
    category: str
    measure: str
    rows: Callable[["Figures"], list[Row]]
    order: int


@dataclass
class Places:
    """A layer's counts: per country (ISO code) and per NUTS 2 region."""

    countries: dict[str, int]
    regions: dict[str, int]
    # The list a country's shape links to, or None (no link).
    country_url: Callable[[str], str | None] = lambda code: None
    # Context for the layer's filter form (templates/insights/_<layer>_filters.html).
    filters: dict | None = None
    total: int | None = None


@dataclass(frozen=True)
class Layer:
    slug: str
    label: str
    count_text: Callable[[int], str]
    places: Callable[..., Places]
    order: int
    # Extra query parameters the layer reads (the map caches per canonical query).
    params: tuple[str, ...] = field(default=())
    multiple_params: tuple[str, ...] = field(default=())


CHARTS: dict[str, Chart] = {}
LAYERS: dict[str, Layer] = {}


def chart(slug, title, description, category, measure, order=100):
    """Register a chart for /statistics/: the function returns its rows, in order."""

    def register(func):
        CHARTS[slug] = Chart(slug, title, description, category, measure, func, order)
        return func

    return register


def layer(slug, label, count_text, order=100, params=(), multiple_params=()):
    """Register a map layer: the function takes the request and returns Places."""

    def register(func):
        LAYERS[slug] = Layer(slug, label, count_text, func, order, params, multiple_params)
        return func

    return register


class Figures:
    """What several charts of one page share, computed once when first asked for."""

    @cached_property
    def practice_counts(self):
        """(the facet index, {facet: {value: count}} of every published practice)."""
        index = facet_index()
        return index, index.count(index.published)

    @cached_property
    def event_years(self):
        """[(year, events, participants)] of the published events, oldest first."""
        rows = (
            Event.objects.published()
            .annotate(year=ExtractYear("start"))
            .order_by()
            .values_list("year")
            .annotate(events=Count("pk"), participants=Sum("participants_count"))
            .order_by("year")
        )
        return list(rows)


def charts() -> list[Chart]:
    return sorted(CHARTS.values(), key=lambda c: (c.order, c.slug))


def layers() -> list[Layer]:
    return sorted(LAYERS.values(), key=lambda item: (item.order, item.slug))


# --- helpers for small tables: one GROUP BY each ---------------------------------------


def grouped_places(queryset, country_field="country", region_field="region") -> Places:
    """Places of a small table from one GROUP BY (country, region) query."""
    by_country: dict[str, int] = {}
    by_region: dict[str, int] = {}
    rows = (
        queryset.exclude(**{country_field: ""})
        .order_by()
        .values_list(country_field, region_field)
        .annotate(number=Count("pk"))
    )
    for country, region, number in rows:
        by_country[country] = by_country.get(country, 0) + number
        if region:
            by_region[region] = by_region.get(region, 0) + number
    return Places(by_country, by_region)


def year_rows(queryset, date_field, measure=None) -> list[Row]:
    """Rows per year of `date_field`, oldest first: counts, or the sum of `measure`."""
    value = Sum(measure) if measure else Count("pk")
    rows = (
        queryset.exclude(**{f"{date_field}__isnull": True})
        .annotate(year=ExtractYear(date_field))
        .order_by()
        .values_list("year")
        .annotate(value=value)
        .order_by("year")
    )
    return [Row(str(year), str(year), number or 0) for year, number in rows]


def country_rows(counts: dict[str, int]) -> list[Row]:
    """Rows per country, most first (then by name)."""
    rows = [Row(code, countries.name(code) or code, n) for code, n in counts.items() if n]
    return sorted(rows, key=lambda row: (-row.value, row.label))


def _country_counts(queryset, country_field="country") -> dict[str, int]:
    rows = (
        queryset.exclude(**{country_field: ""})
        .order_by()
        .values_list(country_field)
        .annotate(number=Count("pk"))
    )
    return dict(rows)


# --- practices: the list's facet index --------------------------------------------------


def _practice_count_text(number):
    return ngettext("%(count)s practice", "%(count)s practices", number) % {
        "count": number_format(number, force_grouping=True)
    }


def _country_link(params):
    """code -> the practices list with the map's filters and that one country."""
    query = params.copy()
    for name in ("page", "layer", "period", "country"):
        query.pop(name, None)
    base = f"{reverse('practices:list')}?{query.urlencode()}{'&' if query else ''}country="
    return lambda code: base + code


@layer(
    "practices",
    _("Practices"),
    _practice_count_text,
    order=10,
    params=("q", "status", "sort"),
    multiple_params=("country", "area", "group", "funding", "org_type", "evidence", "year"),
)
def practices_layer(request) -> Places:
    """The published practices matching the list's filters, counted in the facet index."""
    filterset, params = build_filterset(request.GET, Practice.objects.published())
    selected = selected_values(filterset)
    query = search.clean_query(params.get("q"))
    index = facet_index()
    matches = None
    if query:
        with statement_timeout(settings.LIST_STATEMENT_TIMEOUT_MS):
            matches = search_matches(query)
    results = index.filter(selected, matches)
    counts = index.count(results)
    params.pop("page", None)
    return Places(
        countries=counts.get("country", {}),
        regions=counts.get("region", {}),
        country_url=_country_link(params),
        filters={"facets": index_facets(index, counts, selected), "query": query},
        total=results.bit_count(),
    )


@chart(
    "practices-by-country",
    _("Practices by country"),
    _("Published practices per country; a practice in several countries counts in each."),
    _("Country"),
    _("Practices"),
    order=10,
)
def practices_by_country(figures):
    return country_rows(figures.practice_counts[1].get("country", {}))


@chart(
    "practices-by-area",
    _("Practices by integration area"),
    _("Published practices per integration area; a practice may work in several areas."),
    _("Integration area"),
    _("Practices"),
    order=11,
)
def practices_by_area(figures):
    index, counts = figures.practice_counts
    language = (get_language() or "en").split("-")[0]
    rows = [
        Row(slug, index.label("area", slug, language) or slug, n)
        for slug, n in counts.get("area", {}).items()
    ]
    return sorted(rows, key=lambda row: (-row.value, row.label))


@chart(
    "practices-by-evidence",
    _("Practices by evidence level"),
    _("Published practices per evidence level given by the moderators' assessment."),
    _("Evidence level"),
    _("Practices"),
    order=12,
)
def practices_by_evidence(figures):
    index, counts = figures.practice_counts
    by_level = counts.get("evidence", {})
    assessed = sum(by_level.values())
    rows = [
        Row(value, str(label), by_level.get(value, 0)) for value, label in EvidenceLevel.choices
    ]
    rows.append(Row("", str(_("Not assessed yet")), index.published.bit_count() - assessed))
    return rows


@chart(
    "practices-by-year",
    _("Practices by start year"),
    _("Published practices per year in which they started."),
    _("Start year"),
    _("Practices"),
    order=13,
)
def practices_by_year(figures):
    counts = figures.practice_counts[1].get("year", {})
    return [Row(year, year, counts[year]) for year in sorted(counts, key=int)]


# --- events ------------------------------------------------------------------------------


def _event_count_text(number):
    return ngettext("%(count)s event", "%(count)s events", number) % {
        "count": number_format(number, force_grouping=True)
    }


@layer("events", _("Events"), _event_count_text, order=30, params=("period",))
def events_layer(request) -> Places:
    """Published events by venue, upcoming (default) or past, linked to that list."""
    period = "past" if request.GET.get("period") == "past" else "upcoming"
    events = Event.objects.published()
    events = events.past() if period == "past" else events.upcoming()
    places = grouped_places(events)
    url = reverse("events:past" if period == "past" else "events:list")
    places.country_url = lambda code: f"{url}?country={code}"
    places.filters = {"period": period}
    places.total = sum(places.countries.values())
    return places


@chart(
    "events-by-year",
    _("Events by year"),
    _("Published events per year in which they start."),
    _("Year"),
    _("Events"),
    order=30,
)
def events_by_year(figures):
    return [
        Row(str(year), str(year), events) for year, events, _participants in figures.event_years
    ]


@chart(
    "participants-by-year",
    _("Event participants by year"),
    _("Participants reported by the organisers of the year's published events."),
    _("Year"),
    _("Participants"),
    order=31,
)
def participants_by_year(figures):
    return [
        Row(str(year), str(year), participants or 0)
        for year, _events, participants in figures.event_years
    ]


# --- transfers (issue 18) ------------------------------------------------------------------


def _transfer_count_text(number):
    return ngettext("%(count)s transfer", "%(count)s transfers", number) % {
        "count": number_format(number, force_grouping=True)
    }


@layer("transfers", _("Transfers"), _transfer_count_text, order=20)
def transfers_layer(request) -> Places:
    """Published transfers of published practices, by the place they adapt it in."""
    places = grouped_places(Transfer.objects.published(), "country", "region")
    places.total = sum(places.countries.values())
    return places


@chart(
    "transfers-by-year",
    _("Transfers by year of start"),
    _("How many published transfers of a practice to another place started each year."),
    _("Year"),
    _("Transfers"),
    order=25,
)
def transfers_by_year(figures):
    return year_rows(Transfer.objects.published(), "start_date")


# --- members and organisations ---------------------------------------------------------


@chart(
    "members-by-country",
    _("Members by country"),
    _("Active members by the country given in their profile."),
    _("Country"),
    _("Members"),
    order=40,
)
def members_by_country(figures):
    # The same members as the community figures (members/stats.py): active, not staff.
    return country_rows(_country_counts(User.objects.filter(is_active=True, is_staff=False)))


@chart(
    "organisations-by-country",
    _("Organisations by country"),
    _("Approved organisations per country."),
    _("Country"),
    _("Organisations"),
    order=41,
)
def organisations_by_country(figures):
    return country_rows(_country_counts(Organisation.objects.approved()))
