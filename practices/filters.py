"""The public database's filters and facets.

Every filter is forgiving: values that are unknown or malformed are dropped
(see `clean_params`), so a hand-edited or stale URL shows a normal page.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.enums import EvidenceLevel, RunningStatus, SortOrder
from practices.models import Practice, running_status_expression
from spring_portal import search
from spring_portal.facets import Facet, facet_labels, facet_result
from spring_portal.models import FundingProgramme, IntegrationArea, OrganisationType, TargetGroup


def _slugs(model):
    return lambda: [(slug, slug) for slug in model.objects.values_list("slug", flat=True)]


class YearField(forms.MultipleChoiceField):
    """Years as integers; anything else is ignored rather than an error."""

    def to_python(self, value):
        values = super().to_python(value)
        return [v for v in values if v.isdigit() and 1900 <= int(v) <= 2200]

    def validate(self, value):
        pass


class YearFilter(django_filters.MultipleChoiceFilter):
    field_class = YearField


def _through_filter(field_name):
    """OR within the facet, without duplicate rows: pk IN (rows linked to a chosen slug)."""

    def method(queryset, name, value):
        if not value:
            return queryset
        through = Practice._meta.get_field(field_name).remote_field.through
        target = Practice._meta.get_field(field_name).related_model._meta.model_name
        linked = through.objects.filter(**{f"{target}__slug__in": value}).values("practice_id")
        return queryset.filter(pk__in=linked)

    return method


class CountryCodesField(forms.MultipleChoiceField):
    """Checks a code against the country list by key: the stock check walks all 250
    translated names per value, a third of an uncached list page's Python time."""

    def valid_value(self, value):
        return value in countries


class CountryFilter(django_filters.MultipleChoiceFilter):
    field_class = CountryCodesField


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    # Callable choices: the 250 translated names are only listed if a form renders them.
    country = CountryFilter(
        label=_("Country"), choices=lambda: list(countries), method="filter_country"
    )
    area = django_filters.MultipleChoiceFilter(
        label=_("Integration area"),
        choices=_slugs(IntegrationArea),
        method=_through_filter("areas"),
    )
    group = django_filters.MultipleChoiceFilter(
        label=_("Target group"),
        choices=_slugs(TargetGroup),
        method=_through_filter("target_groups"),
    )
    funding = django_filters.MultipleChoiceFilter(
        label=_("Funding programme"),
        choices=_slugs(FundingProgramme),
        method=_through_filter("funding_programmes"),
    )
    org_type = django_filters.MultipleChoiceFilter(
        label=_("Organisation type"),
        choices=_slugs(OrganisationType),
        field_name="organisation__org_type__slug",
    )
    evidence = django_filters.MultipleChoiceFilter(
        label=_("Evidence level"), choices=EvidenceLevel.choices, field_name="evidence_level"
    )
    status = django_filters.ChoiceFilter(
        label=_("Running"), choices=RunningStatus.choices, method="filter_status"
    )
    year = YearFilter(label=_("Start year"), method="filter_year")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SortOrder.choices, method="filter_noop", empty_label=None
    )

    class Meta:
        model = Practice
        fields = []

    def filter_search(self, queryset, name, value):
        from spring_portal.content_translations import reader_language

        return search.search(queryset, value, language=reader_language())

    def filter_country(self, queryset, name, value):
        condition = Q()
        for code in value:
            condition |= Q(countries__regex=rf"(^|,){code}(,|$)")
        return queryset.filter(condition)

    def filter_status(self, queryset, name, value):
        return queryset.running(value) if value else queryset

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_date__year__in=[int(v) for v in value]) if value else queryset

    def filter_noop(self, queryset, name, value):
        return queryset


def build_filterset(data, queryset):
    """A valid PracticeFilter for the query parameters, with bad values dropped.

    When the visitor's parameters do not validate, the offending values are
    removed and the filter is built again, so the rest of their choices still
    apply. Returns (filterset, cleaned parameters).
    """
    data = data.copy()
    for key in list(data.keys()):
        if key not in PracticeFilter.base_filters and key != "page":
            del data[key]
    filterset = PracticeFilter(data, queryset=queryset)
    form = filterset.form
    if form.is_valid():
        return filterset, data
    for name in form.errors:
        field = form.fields.get(name)
        if isinstance(field, forms.MultipleChoiceField):
            valid = {str(choice) for choice, _label in field.choices}
            data.setlist(name, [v for v in data.getlist(name) if v in valid])
        else:
            data.pop(name, None)
    filterset = PracticeFilter(data, queryset=queryset)
    filterset.form.is_valid()
    return filterset, data


def selected_values(filterset) -> dict[str, list[str]]:
    cleaned = getattr(filterset.form, "cleaned_data", {}) or {}
    selected = {}
    for name, value in cleaned.items():
        if isinstance(value, list | tuple):
            selected[name] = [str(v) for v in value]
        elif value:
            selected[name] = [str(value)]
    return selected


FACETS = [
    Facet("country", _("Country"), "countries", separator=",", choices=lambda: dict(countries)),
    Facet("area", _("Integration area"), "areas__slug", label_field="areas__name"),
    Facet("group", _("Target group"), "target_groups__slug", label_field="target_groups__name"),
    Facet(
        "funding",
        _("Funding programme"),
        "funding_programmes__slug",
        label_field="funding_programmes__name",
    ),
    Facet(
        "org_type",
        _("Organisation type"),
        "organisation__org_type__slug",
        label_field="organisation__org_type__name",
    ),
    Facet("evidence", _("Evidence level"), "evidence_level", choices=EvidenceLevel.choices),
    Facet("status", _("Running"), None, choices=RunningStatus.choices),
    Facet("year", _("Start year"), "start_date__year", sort="-value"),
]


def facets():
    """FACETS with the time-dependent running status expression built now."""
    result = []
    for facet in FACETS:
        if facet.name == "status":
            facet = Facet(
                facet.name, facet.label, running_status_expression(), choices=facet.choices
            )
        result.append(facet)
    return result


def index_facets(index, counts, selected):
    """Every facet of the list with its counts (`index.count(results)`) and labels in
    the active language: what the list's and the map's filter forms show."""
    language = (get_language() or "en").split("-")[0]
    out = []
    for facet in facets():
        labels = facet_labels(facet)
        rows = []
        for value, number in counts.get(facet.name, {}).items():
            label = index.label(facet.name, value, language) or labels.get(value, value)
            rows.append((value, label, number))
        out.append(facet_result(facet, rows, selected))
    return out
