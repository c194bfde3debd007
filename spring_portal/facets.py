"""Facet counts for a filtered list page (practices, documents, ...).

A facet is one filterable dimension of a list ("country", "integration area").
For the rows of the current result set, `count_facets()` returns each facet's
values with how many rows carry them and whether the visitor selected them.
Each facet costs exactly one grouped query, however many values it has, so a
list page runs a constant number of queries.

    from spring_portal.facets import Facet, count_facets

    FACETS = [
        Facet("area", _("Integration area"), "areas__slug", label_field="areas__name"),
        Facet("evidence", _("Evidence level"), "evidence_level", choices=EvidenceLevel.choices),
        Facet("country", _("Country"), "countries", separator=",", choices=dict(countries)),
    ]
    facets = count_facets(filterset.qs, FACETS, request.GET)
    # in the template: {% for facet in facets %}{% for v in facet.values %}
    #   {{ v.label }} {{ v.count }} {{ v.selected }} ...

The counts describe the current result set (every active filter applied), so
they tell the visitor how many rows remain if they add that value.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, Count, F, Func, QuerySet, Value
from django.utils.translation import get_language


@dataclass(frozen=True)
class Facet:
    """How to count one facet.

    name: the query-string parameter the filter form uses for it.
    field: ORM path of the grouped value ("areas__slug", "start_date__year"),
        or an expression computed per row (Case(When(...)) for a derived status).
    label_field: ORM path of a label read in the same query ("areas__name").
    choices: value -> label (a dict, a Django `choices` list, or a callable
        returning either) for fields without a label column.
    separator: the field stores several values joined by it, as
        django-countries' CountryField(multiple=True) does with ",".
    limit: keep only the N most frequent values (selected ones always stay).
    sort: "count" (most frequent first, then label) or "label" or "-value".
    """

    name: str
    label: str
    field: object
    label_field: str | None = None
    choices: Mapping | Iterable | Callable | None = None
    separator: str | None = None
    limit: int | None = None
    sort: str = "count"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class FacetResult:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> list[FacetValue]:
        return [v for v in self.values if v.selected]

    @property
    def is_active(self) -> bool:
        return any(v.selected for v in self.values)


def _choices_map(choices) -> dict[str, str]:
    if choices is None:
        return {}
    if callable(choices):
        choices = choices()
    if isinstance(choices, Mapping):
        return {str(k): str(v) for k, v in choices.items()}
    return {str(k): str(v) for k, v in choices}


def _selected_values(selected, name) -> set[str]:
    if selected is None:
        return set()
    if hasattr(selected, "getlist"):
        raw = selected.getlist(name)
    else:
        raw = selected.get(name, [])
        if isinstance(raw, str | int):
            raw = [raw]
    return {str(v) for v in raw if str(v) != ""}


def _translated_path(model, label_field):
    """`areas__name_fr` when the active language is French and the target model
    carries translated names (the taxonomy does); None otherwise."""
    language = (get_language() or "en").split("-")[0]
    if not label_field or language == "en":
        return None
    *relations, name = label_field.split("__")
    for relation in relations:
        try:
            model = model._meta.get_field(relation).related_model
        except FieldDoesNotExist:
            return None
        if model is None:
            return None
    candidate = f"{name}_{language}"
    try:
        model._meta.get_field(candidate)
    except FieldDoesNotExist:
        return None
    return "__".join([*relations, candidate])


def facet_counts(queryset: QuerySet, facet: Facet, selected=None) -> FacetResult:
    """One grouped query: the values of `facet` among the rows of `queryset`."""
    # Count over a pk subquery so that joins the filters made (for example on
    # areas) do not restrict which values of a many-to-many facet are counted.
    rows = queryset.model._default_manager.filter(pk__in=queryset.order_by().values("pk"))
    if not isinstance(facet.field, str):
        grouped = rows.order_by().annotate(_facet_value=facet.field).values("_facet_value")
        value_key, label_key = "_facet_value", None
    elif facet.separator:
        split = Func(
            Func(F(facet.field), Value(facet.separator), function="string_to_array"),
            function="unnest",
            output_field=CharField(),
        )
        grouped = rows.order_by().annotate(_facet_value=split).values("_facet_value")
        value_key, label_key = "_facet_value", None
    else:
        paths = [facet.field] + ([facet.label_field] if facet.label_field else [])
        translated_key = _translated_path(queryset.model, facet.label_field)
        if translated_key:
            paths.append(translated_key)
        grouped = rows.order_by().values(*paths)
        value_key, label_key = facet.field, facet.label_field
    # COUNT(*) is exact here: the pk subquery makes each row unique, and a
    # many-to-many row pairs one record with one value. No DISTINCT sort needed.
    grouped = grouped.annotate(_facet_count=Count("*"))

    labels = _choices_map(facet.choices)
    rows = []
    for row in grouped:
        value = row[value_key]
        if value is None or value == "":
            continue
        value = str(value)
        if label_key:
            label = str((translated_key and row[translated_key]) or row[label_key])
        else:
            label = labels.get(value, value)
        rows.append((value, label, row["_facet_count"]))
    return facet_result(facet, rows, selected)


def facet_labels(facet: Facet) -> dict[str, str]:
    """value -> label from the facet's `choices` (empty when it has none)."""
    return _choices_map(facet.choices)


def facet_result(facet: Facet, rows, selected=None) -> FacetResult:
    """A FacetResult from (value, label, count) rows however they were counted:
    sorted, limited, with the selected values marked (and kept when their count is 0)."""
    labels = _choices_map(facet.choices)
    chosen = _selected_values(selected, facet.name)
    values = [FacetValue(value, label, count, value in chosen) for value, label, count in rows]
    if facet.sort == "label":
        values.sort(key=lambda v: v.label.casefold())
    elif facet.sort == "-value":
        values.sort(key=lambda v: v.value, reverse=True)
    else:
        values.sort(key=lambda v: (-v.count, v.label.casefold()))
    if facet.limit is not None:
        values = [v for i, v in enumerate(values) if i < facet.limit or v.selected]
    # A selected value with no rows left still shows, so it can be unticked.
    present = {v.value for v in values}
    for value in sorted(chosen - present):
        if value in labels or not labels:
            values.append(FacetValue(value, labels.get(value, value), 0, True))
    return FacetResult(facet.name, str(facet.label), values)


def count_facets(queryset: QuerySet, facets: Iterable[Facet], selected=None) -> list[FacetResult]:
    """Counts for every facet over `queryset`; `selected` is request.GET or a dict of lists."""
    return [facet_counts(queryset, facet, selected) for facet in facets]
