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
    SearchVectorCombinable,
    SearchVectorField,
)
from django.db.models import F, Func, OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
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


# --- Search in each text's own language (issue 17) ---------------------------------------
#
# A multilingual record's stored vector is the concatenation of
#   its original text under its language's configuration (spring_ts_config(language)),
#   its title once more under "simple" (exact words in any language, and the typo
#   vocabulary), and
#   each published translation under the translation's language's configuration,
# all accent-folded (spring_fold(), the SQL twin of languages.fold()). A query is the
# visitor's words under the reader's language's configuration OR'd with "simple", so the
# one GIN lookup returns each record once however many translations matched.


def folded(expression):
    """SQL: the accent-folded text of a field path or expression."""
    if isinstance(expression, str):
        expression = F(expression)
    return Func(
        Coalesce(expression, Value(""), output_field=TextField()),
        function="spring_fold",
        output_field=TextField(),
    )


def language_config(field: str = "language"):
    """SQL: the text search configuration of each row's language."""
    return Func(F(field), function="spring_ts_config", output_field=TextField())


def language_vector(language_field: str = "language", **weights) -> SearchVector:
    """weighted_vector() with each row's own language's configuration, accents folded."""
    vector = None
    config = language_config(language_field)
    for weight in sorted(weights):
        if weight not in {"A", "B", "C", "D"}:
            raise ValueError(f"Unknown search weight {weight!r}")
        for part in weights[weight]:
            if isinstance(part, tuple):  # (expression, fixed configuration)
                part, part_config = part
            else:
                part_config = config
            piece = SearchVector(folded(part), weight=weight, config=part_config)
            vector = piece if vector is None else vector + piece
    return vector


class _VectorSQL(SearchVectorCombinable, RawSQL):
    config = None

    def __init__(self, sql, params):
        super().__init__(sql, params, output_field=SearchVectorField())


def translations_vector(model) -> _VectorSQL:
    """SQL: the published translations of the outer row, each under its own language's
    configuration: title A, summary B, sections C (an empty vector when there is none)."""
    from django.contrib.contenttypes.models import ContentType

    from spring_portal.content_translations import ContentTranslation
    from spring_portal.moderation import ModerationState

    table = model._meta.db_table
    pk = model._meta.pk.column
    translations = ContentTranslation._meta.db_table
    sql = (
        "COALESCE((SELECT spring_tsvector_agg("  # noqa: S608 - names from _meta
        "setweight(to_tsvector(spring_ts_config(t.language), spring_fold(t.title)), 'A') || "
        "setweight(to_tsvector('simple', spring_fold(t.title)), 'A') || "
        "setweight(to_tsvector(spring_ts_config(t.language), spring_fold(t.summary)), 'B') || "
        "setweight(to_tsvector(spring_ts_config(t.language), spring_fold(COALESCE(("
        "SELECT string_agg(s.value, ' ') FROM jsonb_each_text(t.sections) s), ''))), 'C')"
        f") FROM {translations} t WHERE t.content_type_id = %s "
        f'AND t.object_id = "{table}"."{pk}" AND t.state = %s), \'\'::tsvector)'
    )
    content_type = ContentType.objects.get_for_model(model)
    return _VectorSQL(sql, (content_type.pk, ModerationState.PUBLISHED))


def update_language_vector(
    queryset, field: str = "search_vector", title: str = "title", **weights
) -> int:
    """Recompute stored multilingual vectors (original + its translations) in one UPDATE,
    and remember the words of their titles (the typo vocabulary)."""
    vector = language_vector(**weights) + translations_vector(queryset.model)
    updated = queryset.update(**{field: vector})
    remember_title_words(queryset, title)
    return updated


MIN_WORD_LENGTH = 4


def remember_title_words(queryset, title: str = "title") -> None:
    """Add the words of the rows' titles and of their published translations' titles to
    the typo vocabulary (SearchWord), in one INSERT."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from spring_portal.content_translations import ContentTranslation
    from spring_portal.models import SearchWord
    from spring_portal.moderation import ModerationState

    model = queryset.model
    ids_sql, ids_params = queryset.order_by().values("pk").query.sql_with_params()
    table = model._meta.db_table
    pk = model._meta.pk.column
    column = model._meta.get_field(title).column
    translations = ContentTranslation._meta.db_table
    sql = (
        f"INSERT INTO {SearchWord._meta.db_table} (word, length) "  # noqa: S608 - names from _meta
        "SELECT DISTINCT w, length(w) FROM ("
        f'SELECT "{column}" AS title FROM {table} WHERE "{pk}" IN ({ids_sql}) '
        f"UNION ALL SELECT title FROM {translations} WHERE content_type_id = %s "
        f"AND state = %s AND object_id IN ({ids_sql})"
        ") titles, regexp_split_to_table(lower(spring_fold(title)), '[^[:alnum:]]+') w "
        "WHERE length(w) BETWEEN %s AND 100 ON CONFLICT (word) DO NOTHING"
    )
    params = (
        *ids_params,
        ContentType.objects.get_for_model(model).pk,
        ModerationState.PUBLISHED,
        *ids_params,
        MIN_WORD_LENGTH,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def query_configs(language: str | None) -> list[str]:
    from spring_portal.languages import SIMPLE, search_config

    config = search_config(language)
    return [config] if config == SIMPLE else [config, SIMPLE]


def multilingual_query(text: str, language: str | None) -> SearchQuery:
    """The visitor's words, accents folded, under the reader's language's configuration
    OR'd with "simple" (words as written, for originals in any language)."""
    from spring_portal.languages import fold

    text = fold(clean_query(text))
    query = None
    for config in query_configs(language):
        part = SearchQuery(text, search_type="websearch", config=config)
        query = part if query is None else query | part
    return query


def clean_query(text) -> str:
    """The visitor's search text, trimmed to a sane length ('' when absent)."""
    if not isinstance(text, str):
        return ""
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def make_query(text: str, config: str = CONFIG) -> SearchQuery:
    return SearchQuery(clean_query(text), search_type="websearch", config=config)


def search(
    queryset, text, field: str = "search_vector", config: str = CONFIG, language: str | None = None
):
    """Rows matching the websearch query, annotated with `rank` (higher is better).

    With `language` (the reader's), the query is multilingual_query(): for vectors
    built by update_language_vector(). Returns the queryset unchanged (and without
    `rank`) when the text is empty; callers order by "-rank" themselves so they can
    add tie-breakers.
    """
    text = clean_query(text)
    if not text:
        return queryset
    query = multilingual_query(text, language) if language else make_query(text, config)
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
    language: str | None = None,
):
    """Annotate `name` with a snippet of `source` around the matches (raw, see highlight()).

    source is a field path or an expression (Concat("summary", Value(" "), "description")).
    With `language` (the reader's), the query is multilingual_query() and each row's text
    is parsed under its own language's configuration (its `language` field).
    """
    text = clean_query(text)
    if not text:
        return queryset
    if language is not None:
        query = multilingual_query(text, language)
        config = language_config("language")
    else:
        query = make_query(text, config)
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
                query,
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
