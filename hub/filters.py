"""Filters, facets and search of the documents library."""

from dataclasses import dataclass

import django_filters
from django.db.models import CharField, F, Func
from django.utils.translation import gettext_lazy as _

from hub.enums import DocumentType, Language
from hub.models import Document
from members.models import Organisation
from spring_portal import search
from spring_portal.content_translations import reader_language, reader_translations
from spring_portal.facets import Facet, count_facets
from spring_portal.models import IntegrationArea, TargetGroup

FACETS = [
    Facet("type", _("Type"), "doc_type", choices=DocumentType.choices),
    Facet(
        "language",
        _("Language"),
        Func(F("languages"), function="unnest", output_field=CharField()),
        choices=Language.choices,
    ),
    Facet("area", _("Integration area"), "areas__slug", label_field="areas__name"),
    Facet("group", _("Target group"), "target_groups__slug", label_field="target_groups__name"),
    Facet("year", _("Year"), "year", sort="-value"),
    Facet(
        "organisation",
        _("Publishing organisation"),
        "organisation__slug",
        label_field="organisation__name",
        limit=15,
    ),
]


class DocumentFilter(django_filters.FilterSet):
    """Within one facet the ticked values widen the results (or); facets narrow them (and)."""

    type = django_filters.MultipleChoiceFilter(field_name="doc_type", choices=DocumentType.choices)
    language = django_filters.MultipleChoiceFilter(
        choices=Language.choices, method="filter_language"
    )
    area = django_filters.ModelMultipleChoiceFilter(
        field_name="areas", to_field_name="slug", queryset=IntegrationArea.objects.all()
    )
    group = django_filters.ModelMultipleChoiceFilter(
        field_name="target_groups", to_field_name="slug", queryset=TargetGroup.objects.all()
    )
    year = django_filters.TypedMultipleChoiceFilter(
        field_name="year", coerce=int, method="filter_year"
    )
    organisation = django_filters.ModelMultipleChoiceFilter(
        field_name="organisation", to_field_name="slug", queryset=Organisation.objects.all()
    )

    class Meta:
        model = Document
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any year typed in the address is accepted; non-numbers are dropped by the form.
        self.filters["year"].extra["choices"] = (
            [(value, value) for value in self.data.getlist("year") if str(value).isdigit()]
            if hasattr(self.data, "getlist")
            else []
        )

    def filter_language(self, queryset, name, value):
        return queryset.filter(languages__overlap=list(value)) if value else queryset

    def filter_year(self, queryset, name, value):
        years = [int(v) for v in value]
        return queryset.filter(year__in=years) if years else queryset


@dataclass
class DocumentListing:
    documents: object
    facets: list
    query: str
    is_filtered: bool


def document_listing(params) -> DocumentListing:
    """Published documents matching the search text and ticked facets, with facet counts."""
    query = search.clean_query(params.get("q"))
    filterset = DocumentFilter(params, queryset=Document.objects.published())
    documents = filterset.qs.distinct()
    language = reader_language()
    documents = search.search(documents, query, language=language)
    facets = count_facets(documents, FACETS, params)
    if query:
        documents = search.with_headline(documents, "summary", query, language=language)
        documents = documents.order_by("-rank", "-published_at", "pk")
    else:
        documents = documents.order_by("-published_at", "-year", "pk")
    documents = documents.select_related("organisation").prefetch_related(
        "areas", reader_translations(language)
    )
    is_filtered = bool(query) or any(params.getlist(f.name) for f in FACETS)
    return DocumentListing(documents, facets, query, is_filtered)
