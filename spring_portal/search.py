"""Full-text search on a stored, weighted PostgreSQL search vector.

A searchable model keeps a `SearchVectorField` with a GIN index and refreshes
it after each save (and after its many-to-many fields change), so queries never
compute vectors on the fly:

    from spring_portal import search

    class Practice(models.Model):
        search_vector = SearchVectorField(null=True, editable=False)

        class Meta:
            indexes = [search.gin_index("search_vector", "practice_search_gin")]

        def update_search_vector(self):
            search.update_vector(
                type(self).objects.filter(pk=self.pk),
                A=["title"],
                B=["summary"],
                C=["description", "organisation__name",
                   search.related_text(IntegrationArea, "practices", "name")],
            )

    # in a view
    results = search.search(Practice.objects.published(), request.GET.get("q"))
    results = search.with_headline(results, "description", request.GET.get("q"))
    for practice in results:
        practice.snippet = search.highlight(practice.headline)
    # template: {{ practice.snippet }}  (or {{ document.headline|highlight }} in hub)

The `headline` annotation itself is NOT safe HTML: ts_headline returns the stored
text as written (a description may contain "<script>"), only with our plain-text
markers around the matches. highlight() escapes the whole text first and only then
turns the markers into <mark>; never mark the raw annotation safe.

Queries use PostgreSQL's websearch syntax ("quoted phrase", or, -exclude), so
any text a visitor types is valid: no input can raise a syntax error.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import F, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# One text-search configuration for vectors and queries alike; a mismatch
# between the two silently finds nothing. "english" stems (integrate ~
# integration); words in other languages are still matched as written.
CONFIG = "english"
MAX_QUERY_LENGTH = 200

# Markers ts_headline puts around matches: plain text that no one types, turned
# into <mark> only after the surrounding text has been HTML-escaped.
_START = "\u2063[[hl]]"
_STOP = "[[/hl]]\u2063"


def gin_index(field: str, name: str) -> GinIndex:
    """The GIN index a stored search vector needs (put it in Meta.indexes)."""
    return GinIndex(fields=[field], name=name)


def related_text(model, related_query_name: str, field: str = "name", outer: str = "pk"):
    """A subquery joining `field` of every `model` row linked to the outer row.

    related_query_name is the lookup from `model` back to the searchable model
    (for a ManyToManyField(IntegrationArea, related_name="practices") it is
    "practices"). Subqueries keep update_vector() a single UPDATE statement.
    """
    rows = (
        model._default_manager.filter(**{related_query_name: OuterRef(outer)})
        .order_by()
        .values(related_query_name)
        .annotate(text=StringAgg(field, Value(" ")))
        .values("text")
    )
    return Subquery(rows, output_field=TextField())


def weighted_vector(config: str = CONFIG, **weights) -> SearchVector:
    """SearchVector from weight letters to lists of field paths or expressions.

    weighted_vector(A=["title"], B=["summary"], C=["description", subquery])
    """
    vector = None
    for weight in sorted(weights):
        if weight not in {"A", "B", "C", "D"}:
            raise ValueError(f"Unknown search weight {weight!r}")
        for part in weights[weight]:
            expression = F(part) if isinstance(part, str) else part
            expression = Coalesce(expression, Value(""), output_field=TextField())
            piece = SearchVector(expression, weight=weight, config=config)
            vector = piece if vector is None else vector + piece
    if vector is None:
        raise ValueError("weighted_vector needs at least one field")
    return vector


def update_vector(queryset, field: str = "search_vector", config: str = CONFIG, **weights) -> int:
    """Recompute the stored vector of every row in `queryset` in one UPDATE."""
    return queryset.update(**{field: weighted_vector(config=config, **weights)})


def clean_query(text) -> str:
    """The visitor's search text, trimmed to a sane length ('' when absent)."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def make_query(text: str, config: str = CONFIG) -> SearchQuery:
    return SearchQuery(clean_query(text), search_type="websearch", config=config)


def search(queryset, text, field: str = "search_vector", config: str = CONFIG):
    """Rows matching the websearch query, annotated with `rank` (higher is better).

    Returns the queryset unchanged (and without `rank`) when the text is empty;
    callers order by "-rank" themselves so they can add tie-breakers.
    """
    text = clean_query(text)
    if not text:
        return queryset
    query = make_query(text, config)
    # Normalisation 1 divides by log(document length) so a short record whose
    # title is the query outranks a long one that merely repeats the words.
    return queryset.filter(**{field: query}).annotate(
        rank=SearchRank(F(field), query, normalization=1)
    )


def with_headline(
    queryset,
    source: str,
    text,
    name: str = "headline",
    config: str = CONFIG,
    max_words: int = 30,
    min_words: int = 12,
    fragments: int = 2,
):
    """Annotate `name` with a snippet of `source` around the matches (raw, see highlight()).

    source is a field path or an expression (Concat("summary", Value(" "), "description")).
    """
    text = clean_query(text)
    if not text:
        return queryset
    options = {
        "start_sel": _START,
        "stop_sel": _STOP,
        "max_words": max_words,
        "min_words": min_words,
        "max_fragments": fragments,
        "fragment_delimiter": " … ",
    }
    return queryset.annotate(
        **{
            name: SearchHeadline(
                Coalesce(
                    F(source) if isinstance(source, str) else source,
                    Value(""),
                    output_field=TextField(),
                ),
                make_query(text, config),
                config=config,
                **options,
            )
        }
    )


def highlight(headline: str | None) -> SafeString:
    """HTML for a headline annotation: text escaped, matches wrapped in <mark>."""
    if not headline:
        return mark_safe("")  # noqa: S308 - empty string
    escaped = escape(headline)
    html = escaped.replace(escape(_START), "<mark>").replace(escape(_STOP), "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own <mark> tags added
