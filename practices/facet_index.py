"""Facet counts of the public practices list from bitsets, not GROUP BY queries.

Search engines count facets by intersecting one bitmap per facet value with the
bitmap of the current results. We do the same with Python integers as bitsets
(bit N set = the published practice with pk N carries the value): `a & b` and
`int.bit_count()` run in C over 64-bit words, so counting every facet of a
100,000-practice result set is ~100 intersections of 12.5 kB integers, well
under a millisecond, whatever the filters. No new dependency is needed.

    index = facet_index()                  # built once per facets_version and day
    matches = index.filter(selected)       # the ticked facet values (and search)
    index.count(matches)                   # {facet: {value: count}}

The index is built by one query (`_BUILD_SQL`) that groups the published
practices' ids per facet value, kept in the shared cache (Redis) under the
practices' facets_version and today's date (the running status depends on the
date), and memoised in the process under the same key. Any change that can move
a count bumps facets_version (saves, transitions, deletes, taxonomy links,
assessments, organisation types), so the next request on every app server uses
a fresh index.

Why its own stamp rather than the portal's content_version: rebuilding costs
~0.4 s at 100,000 practices and ~4 s at a million (docs/performance.md); the
content version moves with every event, document and member save, the facets
version only when practices change.
"""

import hashlib
import pickle
import time
from array import array
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from practices.enums import RunningStatus
from practices.models import Practice, facets_version
from spring_portal.models import FundingProgramme, IntegrationArea, OrganisationType, TargetGroup
from spring_portal.moderation import ModerationState
from spring_portal.timeouts import statement_timeout

# Part of the cache key: a deploy that changes what the index holds (2: regions) does
# not load an index pickled by the previous code.
INDEX_FORMAT = 2
INDEX_SECONDS = 24 * 60 * 60
# A search bitset is keyed by facets_version (any change to the practices moves it), so
# it never goes stale; the timeout only bounds the memory of words nobody asks again.
MATCH_SECONDS = 6 * 60 * 60
# Memory for the search lookup's bitmap: exact (not lossy) up to millions of rows.
MATCH_WORK_MEM = "64MB"
# Facets whose values are taxonomy slugs, with the term model giving their labels.
TERM_FACETS = {
    "area": IntegrationArea,
    "group": TargetGroup,
    "funding": FundingProgramme,
    "org_type": OrganisationType,
}


@dataclass
class FacetIndex:
    published: int
    # facet name -> value -> bitset of published practice ids
    values: dict[str, dict[str, int]]
    # facet name -> slug -> {language: label}, for taxonomy facets
    labels: dict[str, dict[str, dict[str, str]]]
    # sort order -> published ids in that order ("newest", "title"), so a page of a
    # large result is cut in process instead of by a scan in the database
    orders: dict[str, array] = dataclass_field(default_factory=dict)

    def filter(self, selected: dict[str, list[str]], matches: int | None = None) -> int:
        """Bitset of the practices with every facet's ticked values (or within a facet,
        and across facets), within `matches` (a search's result bitset) when given."""
        result = self.published if matches is None else self.published & matches
        for name, chosen in selected.items():
            by_value = self.values.get(name)
            if by_value is None or not chosen:
                continue
            either = 0
            for value in chosen:
                either |= by_value.get(value, 0)
            result &= either
        return result

    def count(self, results: int) -> dict[str, dict[str, int]]:
        """{facet: {value: rows of `results` carrying it}}, zero counts left out."""
        counts = {}
        for name, by_value in self.values.items():
            found = {}
            for value, bits in by_value.items():
                number = (bits & results).bit_count()
                if number:
                    found[value] = number
            counts[name] = found
        return counts

    def page_ids(self, order: str, results: int, start: int, stop: int) -> list[int]:
        """The ids of results[start:stop] in the named order.

        Walks the order until `stop` results are seen: at most stop / density
        steps (a result of 5,000 in 100,000 pages 1,000 deep in 20,000 steps, ~3 ms),
        whatever the filters and however common the search word."""
        if start >= stop:
            return []
        data = results.to_bytes((results.bit_length() + 7) // 8, "little")
        size = len(data)
        out = []
        seen = 0
        for pk in self.orders[order]:
            byte = pk >> 3
            if byte < size and data[byte] >> (pk & 7) & 1:
                if seen >= start:
                    out.append(pk)
                    if seen + 1 >= stop:
                        break
                seen += 1
        return out

    def label(self, name: str, value: str, language: str) -> str | None:
        labels = self.labels.get(name, {}).get(value)
        if not labels:
            return None
        return labels.get(language) or labels["en"]


def bits_from_ids(ids) -> int:
    """A bitset with the bits of `ids` set (one pass over a bytearray, then one int)."""
    ids = list(ids or ())  # array_agg over no rows is NULL
    if not ids:
        return 0
    buffer = bytearray((max(ids) >> 3) + 1)
    for pk in ids:
        buffer[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(buffer, "little")


def ids_from_bits(bits: int) -> list[int]:
    """The set bits of `bits`, ascending."""
    ids = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for position, byte in enumerate(data):
        while byte:
            low = byte & -byte
            ids.append(position * 8 + low.bit_length() - 1)
            byte ^= low
    return ids


def _build_sql():
    practice = Practice._meta.db_table
    organisation = Practice._meta.get_field("organisation").related_model
    org_type = organisation._meta.get_field("org_type").related_model._meta.db_table
    parts = [
        "SELECT 'published', '', array_agg(id) FROM pub",
        # The list's orders, as Practice.objects.published().order_by(...) sorts them.
        "SELECT 'order', 'newest', array_agg(id ORDER BY published_at DESC, id DESC) FROM pub",
        "SELECT 'order', 'title', array_agg(id ORDER BY title, id) FROM pub",
        "SELECT 'country', c, array_agg(id) FROM pub, "
        "unnest(string_to_array(countries, ',')) c WHERE c <> '' GROUP BY c",
        "SELECT 'region', region, array_agg(id) FROM pub WHERE region <> '' GROUP BY region",
        "SELECT 'evidence', evidence_level, array_agg(id) FROM pub "
        "WHERE evidence_level <> '' GROUP BY evidence_level",
        # Table and column names below come from the models' _meta, never from input.
        "SELECT 'year', extract(year FROM start_date)::int::text, array_agg(id) FROM pub "
        "WHERE start_date IS NOT NULL GROUP BY 2",
        "SELECT 'status', CASE WHEN is_ongoing OR end_date IS NULL OR end_date >= %(today)s "  # noqa: S608
        f"THEN '{RunningStatus.ONGOING}' ELSE '{RunningStatus.ENDED}' END, array_agg(id) "
        "FROM pub GROUP BY 2",
        f"SELECT 'org_type', t.slug, array_agg(pub.id) FROM pub "  # noqa: S608
        f"JOIN {organisation._meta.db_table} o ON o.id = pub.organisation_id "
        f"JOIN {org_type} t ON t.id = o.org_type_id GROUP BY t.slug",
    ]
    for name, field in (
        ("area", "areas"),
        ("group", "target_groups"),
        ("funding", "funding_programmes"),
    ):
        m2m = Practice._meta.get_field(field)
        through = m2m.remote_field.through._meta.db_table
        term = m2m.related_model._meta.db_table
        term_column = m2m.m2m_reverse_name()
        parts.append(
            f"SELECT '{name}', t.slug, array_agg(pub.id) FROM pub "  # noqa: S608
            f"JOIN {through} l ON l.practice_id = pub.id "
            f"JOIN {term} t ON t.id = l.{term_column} GROUP BY t.slug"
        )
    # The same rows as Practice.objects.published(): published originals.
    columns = (
        "id, countries, region, evidence_level, start_date, end_date, is_ongoing, organisation_id, "
        "published_at, title"
    )
    sql = f"SELECT {columns} FROM {practice} WHERE state = %(published)s AND revision_of_id IS NULL"  # noqa: S608
    body = " UNION ALL ".join(parts)
    return f"WITH pub AS MATERIALIZED ({sql}) {body}"


def build_index(today) -> FacetIndex:
    named = {"published": ModerationState.PUBLISHED, "today": today}
    values: dict[str, dict[str, int]] = {}
    published = 0
    orders = {}
    with connection.cursor() as cursor:
        cursor.execute(_build_sql(), named)
        for name, value, ids in cursor.fetchall():
            if name == "order":
                orders[value] = array("I", ids or ())
                continue
            bits = bits_from_ids(ids)
            if name == "published":
                published = bits
            else:
                values.setdefault(name, {})[str(value)] = bits
    labels = {}
    for name, model in TERM_FACETS.items():
        labels[name] = {
            slug: {"en": en, "fr": fr, "de": de}
            for slug, en, fr, de in model.objects.values_list("slug", "name", "name_fr", "name_de")
        }
        values.setdefault(name, {})
    return FacetIndex(published, values, labels, orders)


_memo: dict[str, FacetIndex] = {}


def facet_index() -> FacetIndex:
    """The index for the current facets_version and day: process memo, shared cache, or built.

    After a change only one app server (worker) builds the new index, under a lock
    in the shared cache; the others wait for its pickle instead of all building at
    once on the same two cores. The build runs under LIST_INDEX_TIMEOUT_MS, not
    the request's statement timeout: at a million practices it takes seconds."""
    today = timezone.localdate()
    key = f"practices:facet-index:{INDEX_FORMAT}:{facets_version()}:{today.isoformat()}"
    index = _memo.get(key)
    if index is not None:
        return index
    blob = cache.get(key)
    lock = f"{key}:lock"
    # The lock lasts as long as a build may (its statement timeout): at a million
    # practices on a busy machine a build takes longer than a fixed wait, and every
    # waiting worker would start its own.
    lock_seconds = settings.LIST_INDEX_TIMEOUT_MS // 1000 + 5
    if blob is None and not cache.add(lock, 1, lock_seconds):
        deadline = time.monotonic() + lock_seconds
        while blob is None and time.monotonic() < deadline:
            time.sleep(0.05)
            blob = cache.get(key)
            if blob is None and cache.get(lock) is None:
                break  # the builder failed or died: build here
    if blob is not None:
        index = pickle.loads(blob)  # noqa: S301 - written by build_index into our own cache
    else:
        try:
            with transaction.atomic(), statement_timeout(settings.LIST_INDEX_TIMEOUT_MS):
                index = build_index(today)
            cache.set(key, pickle.dumps(index, pickle.HIGHEST_PROTOCOL), INDEX_SECONDS)
        finally:
            cache.delete(lock)
    _memo.clear()
    _memo[key] = index
    return index


def match_key(query: str, language: str = "en") -> str:
    """The shared cache's key of a search's bitset, under the current facets_version."""
    from spring_portal import search

    configs = ",".join(search.query_configs(language))
    digest = hashlib.sha256(f"{configs}|{query}".encode()).hexdigest()[:32]
    return f"practices:match:{facets_version()}:{digest}"


def search_matches(query: str, language: str = "en") -> int:
    """Bitset of the practices matching the search text (any state: FacetIndex.filter
    keeps the published ones), cached per facets_version: one GIN lookup, ids only.

    The text is searched under the reader's language's configuration and "simple"
    (spring_portal.search.multilingual_query); a practice matching in its original and
    in several translations is one bit, so facets count it once."""

    key = match_key(query, language)
    blob = cache.get(key)
    if blob is not None:
        return int.from_bytes(blob, "little")
    # One app server looks a new word up; the others wait for its bitset (a word in
    # most of a million practices is a second's work, and the same first search often
    # comes from several visitors at once after a change).
    lock = f"{key}:lock"
    lock_seconds = settings.LIST_STATEMENT_TIMEOUT_MS // 1000 + 2
    if not cache.add(lock, 1, lock_seconds):
        deadline = time.monotonic() + lock_seconds
        while time.monotonic() < deadline:
            time.sleep(0.02)
            blob = cache.get(key)
            if blob is not None:
                return int.from_bytes(blob, "little")
            if cache.get(lock) is None:
                break  # the other lookup failed: do it here
    try:
        bits = _lookup(query, language)
    finally:
        cache.delete(lock)
    cache.set(key, bits.to_bytes((bits.bit_length() + 7) // 8, "little"), MATCH_SECONDS)
    return bits


def _lookup(query, language) -> int:
    from spring_portal import search

    # Every practice with the words, whatever its state: the index intersects the
    # bitset with the published ones. A state filter would let the planner walk the
    # state index and test each row's vector; without it only the GIN index can
    # answer. For a word in most practices the planner still prefers a sequential
    # scan that decompresses and tests all 100,000 stored vectors (~380 ms), where the
    # GIN bitmap already knows the rows and only their ids are read (~100 ms): so the
    # scan is off, with memory for an exact bitmap at a million rows, for this one
    # statement (set_config(..., true) lasts to the end of the request's transaction,
    # so the previous values are put back).
    matching = Practice.objects.filter(
        search_vector=search.multilingual_query(query, language)
    ).order_by()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('enable_seqscan', 'off', true), "
            "set_config('work_mem', %s, true)",
            [MATCH_WORK_MEM],
        )
        work_mem = cursor.fetchone()[0]
        # No try/finally: a failed lookup aborts the transaction, settings included.
        ids = matching.aggregate(ids=ArrayAgg("pk"))["ids"]
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'on', true), set_config('work_mem', %s, true)",
            [work_mem],
        )
    return bits_from_ids(ids)
