"""The practices list of the API: the HTML list's path (practices.views), so it is as
fast at 100,000 practices: the filters and search select a bitset from the facet
index, the facet counts come from the index, and only the page's rows are read.

Cursors are keyset cursors on the list's sort key:

- newest: (published_at, id) descending; title: (title, id) ascending. Up to
  ID_LIST_MAX results the database sorts the result's ids after the key; past it,
  one indexed query finds the first published practice after the key and the page
  is walked from there in the facet index's order array (a few milliseconds).
- relevance (with `q`): (exact title match, rank, published_at, id) descending,
  over the same bounded candidate set the HTML list ranks (every result up to
  RANK_CANDIDATES, else the most recent ones and exact titles): the candidates' keys
  are read in one query and the page starts after the cursor's key. The other
  results follow newest first, as on the HTML list (cursor key (-1, 0, null, id)).
  A change in the search index can move a record's rank between two pages, never
  repeat the cursor's own items.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import Case, F, IntegerField, Value, When
from django.http import QueryDict
from django.utils.dateparse import parse_datetime

from api import schemas
from api.http import ApiError, decode_cursor, encode_cursor
from api.paging import after, key_of
from practices.enums import SortOrder
from practices.facet_index import bits_from_ids, facet_index, ids_from_bits, search_matches
from practices.filters import build_filterset, selected_values
from practices.models import Practice
from practices.views import RANK_CANDIDATES, _facets
from spring_portal import search

# Up to this many results the database sorts the result's ids after the cursor's key.
ID_LIST_MAX = 5000

ORDERS = {
    SortOrder.NEWEST: ["-published_at", "-pk"],
    SortOrder.TITLE: ["title", "pk"],
}


def _sort(params, query):
    sort = params.get("sort") or (SortOrder.RELEVANCE if query else SortOrder.NEWEST)
    if sort == SortOrder.RELEVANCE and not query or sort not in SortOrder.values:
        sort = SortOrder.NEWEST
    return sort


def practice_page(data: QueryDict, cursor: str | None, limit: int):
    """(total, facets, practices of the page, next cursor)."""
    filterset, params = build_filterset(data, Practice.objects.published())
    query = search.clean_query(params.get("q"))
    sort = _sort(params, query)
    index = facet_index()
    selected = selected_values(filterset)
    matches = search_matches(query) if query else None
    results = index.filter(selected, matches)
    total = results.bit_count()
    facets = _facets(index, results, selected)
    # A malformed cursor is refused whatever the result (ApiError 400).
    if sort == SortOrder.RELEVANCE:
        _parse_rank_key(cursor)
    else:
        after(Practice, ORDERS[sort], cursor)
    if not total:
        return total, facets, [], None
    if sort == SortOrder.RELEVANCE:
        ids, next_key = _ranked_ids(index, results, total, query, cursor, limit)
    else:
        ids, next_key = _ordered_ids(index, results, total, sort, cursor, limit)
    found = Practice.objects.filter(pk__any_of=ids).select_related("organisation").in_bulk()
    practices = [found[pk] for pk in ids if pk in found]
    terms = term_lists(ids)
    for practice in practices:
        practice.api_terms = terms[practice.pk]
    return total, facets, practices, encode_cursor(next_key) if next_key else None


TERM_FIELDS = ("areas", "target_groups", "funding_programmes")


def term_lists(ids) -> dict[int, dict[str, list]]:
    """{practice id: {"areas": [Term, ...], "target_groups": ..., "funding_programmes": ...}}
    for a page of practices: one narrow query per link table (slug and English name, in
    the terms' own order), as the three prefetches did, but without a model instance and
    a related manager per term (a third of a list request's CPU at 100 items)."""
    out = {pk: {name: [] for name in TERM_FIELDS} for pk in ids}
    for name in TERM_FIELDS:
        field = Practice._meta.get_field(name)
        target = field.m2m_reverse_field_name()
        ordering = [f"{target}__{key}" for key in field.related_model._meta.ordering]
        rows = (
            field.remote_field.through.objects.filter(practice__pk__any_of=ids)
            .order_by(*ordering, f"{target}__pk")
            .values_list("practice_id", f"{target}__slug", f"{target}__name")
        )
        for practice_id, slug, label in rows:
            out[practice_id][name].append(schemas.Term.model_construct(slug=slug, name=label))
    return out


def _ordered_ids(index, results, total, sort, cursor, limit):
    order = ORDERS[sort]
    condition = after(Practice, order, cursor)
    if total <= ID_LIST_MAX:
        rows = list(
            Practice.objects.filter(pk__any_of=ids_from_bits(results))
            .filter(condition)
            .order_by(*order)
            .only("pk", "published_at", "title")[: limit + 1]
        )
        keys = [key_of(row, order) for row in rows]
        ids = [row.pk for row in rows]
    else:
        array = index.orders["title" if sort == SortOrder.TITLE else "newest"]
        start = 0
        if cursor:
            first = (
                Practice.objects.published()
                .filter(condition)
                .order_by(*order)
                .values_list("pk", flat=True)
                .first()
            )
            try:
                start = array.index(first) if first is not None else len(array)
            except ValueError:  # published after the index was built
                start = 0
        ids = _walk(
            index.orders["title" if sort == SortOrder.TITLE else "newest"],
            results,
            start,
            limit + 1,
        )
        keys = None
    if len(ids) <= limit:
        return ids, None
    ids = ids[:limit]
    if keys is not None:
        return ids, keys[limit - 1]
    last = Practice.objects.only("pk", "published_at", "title").get(pk=ids[-1])
    return ids, key_of(last, order)


def _walk(order, results: int, start: int, count: int) -> list[int]:
    """The first `count` ids of `order[start:]` that are in the bitset `results`."""
    data = results.to_bytes((results.bit_length() + 7) // 8, "little")
    size = len(data)
    out = []
    for position in range(start, len(order)):
        pk = order[position]
        byte = pk >> 3
        if byte < size and data[byte] >> (pk & 7) & 1:
            out.append(pk)
            if len(out) >= count:
                break
    return out


RANK_ORDER = ["-exact", "-rank", "-published_at", "-pk"]


def _ranked_ids(index, results, total, query, cursor, limit):
    """The page in relevance order: the HTML list's ranked head (every result up to
    RANK_CANDIDATES, else the most recent ones and exact titles), then the other
    results newest first, so every result is reachable. A cursor in the tail has the
    key (-1, 0, null, id): it continues after that id in the index's newest-first order."""
    if total <= RANK_CANDIDATES:
        candidates = ids_from_bits(results)
    else:
        exact = (
            Practice.objects.published()
            .filter(title__iexact=query)
            .order_by()
            .values_list("pk", flat=True)
        )
        candidates = list(
            dict.fromkeys([*exact[:20], *index.page_ids("newest", results, 0, RANK_CANDIDATES)])
        )
    wanted = _parse_rank_key(cursor)
    ids = []
    tail_start = 0
    if wanted is None or wanted[0] >= 0:
        rows = list(
            Practice.objects.filter(pk__any_of=candidates)
            .annotate(
                exact=Case(
                    When(title__iexact=query, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
                rank=SearchRank(F("search_vector"), search.make_query(query), normalization=1),
            )
            .order_by(*RANK_ORDER)
            .values_list("exact", "rank", "published_at", "pk")
        )
        start = _position_after(rows, wanted) if wanted is not None else 0
        page = rows[start : start + limit + 1]
        ids = [row[3] for row in page[:limit]]
        if len(page) > limit:
            exact, rank, published_at, pk = page[limit - 1]
            return ids, [exact, rank, published_at.isoformat() if published_at else None, pk]
        if total <= len(candidates):
            return ids, None
    else:
        order = index.orders["newest"]
        try:
            tail_start = order.index(wanted[3]) + 1
        except ValueError:  # published after the index was built
            tail_start = 0
    need = limit - len(ids)
    rest = results & ~bits_from_ids(candidates)
    tail = _walk(index.orders["newest"], rest, tail_start, need + 1)
    ids += tail[:need]
    if len(tail) <= need:
        return ids, None
    return ids, [-1, 0.0, None, ids[-1]]


def _parse_rank_key(cursor):
    key = decode_cursor(cursor, len(RANK_ORDER))
    if key is None:
        return None
    try:
        exact, rank, published_at, pk = key
        when = parse_datetime(published_at) if published_at is not None else None
        if published_at is not None and (when is None or when.tzinfo is None):
            raise ValueError
        return (int(exact), float(rank), when, int(pk))
    except (TypeError, ValueError):
        raise ApiError(400, "Invalid cursor", "Use the `next` link of a previous page.") from None


def _position_after(rows, wanted):
    """Index of the first row whose key sorts after `wanted` (every part descending)."""

    def sortable(row):
        # Descending on every part; a missing date sorts first, as PostgreSQL's DESC does.
        exact, rank, when, pk = row
        return (exact, rank, (when is None, when.timestamp() if when else 0.0), pk)

    target = sortable(wanted)
    for position, row in enumerate(rows):
        if sortable(row) < target:
            return position
    return len(rows)
