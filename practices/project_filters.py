"""Filters, facets and search of the projects list (the documents library's pattern)."""

from dataclasses import dataclass

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.models import Project
from spring_portal import search
from spring_portal.facets import Facet, count_facets
from spring_portal.models import FundingProgramme, IntegrationArea

FACETS = [
    Facet(
        "programme",
        _("Funding programme"),
        "programme__slug",
        label_field="programme__name",
        sort="label",
    ),
    Facet("country", _("Country"), "countries", separator=",", choices=lambda: dict(countries)),
    Facet("area", _("Integration area"), "areas__slug", label_field="areas__name"),
    Facet("year", _("Start year"), "start_year", sort="-value"),
]


class ProjectFilter(django_filters.FilterSet):
    """Within one facet the ticked values widen the results (or); facets narrow them (and)."""

    programme = django_filters.ModelMultipleChoiceFilter(
        field_name="programme__slug", to_field_name="slug", queryset=FundingProgramme.objects.all()
    )
    country = django_filters.MultipleChoiceFilter(choices=list(countries), method="filter_country")
    area = django_filters.ModelMultipleChoiceFilter(
        field_name="areas__slug", to_field_name="slug", queryset=IntegrationArea.objects.all()
    )
    year = django_filters.TypedMultipleChoiceFilter(
        field_name="start_year", coerce=int, method="filter_year"
    )

    class Meta:
        model = Project
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any year typed in the address is accepted; non-numbers are dropped by the form.
        self.filters["year"].extra["choices"] = (
            [(value, value) for value in self.data.getlist("year") if str(value).isdigit()]
            if hasattr(self.data, "getlist")
            else []
        )

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        q = Q()
        for code in value:
            q |= Q(countries__contains=code)
        return queryset.filter(q)

    def filter_year(self, queryset, name, value):
        years = [int(v) for v in value]
        return queryset.filter(start_year__in=years) if years else queryset


@dataclass
class ProjectListing:
    projects: object
    facets: list
    query: str
    is_filtered: bool


def project_listing(params) -> ProjectListing:
    """Published projects matching the search text and ticked facets, with facet counts."""
    query = search.clean_query(params.get("q"))
    filterset = ProjectFilter(params, queryset=Project.objects.published())
    projects = filterset.qs.distinct()
    projects = search.search(projects, query)
    facets = count_facets(projects, FACETS, params)
    if query:
        projects = search.with_headline(projects, "summary", query)
        projects = projects.order_by("-rank", "-published_at", "pk")
    else:
        projects = projects.order_by("-start_year", "title", "pk")
    projects = projects.for_cards()
    is_filtered = bool(query) or any(params.getlist(f.name) for f in FACETS)
    return ProjectListing(projects, facets, query, is_filtered)
