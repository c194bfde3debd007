"""Tolerance of small typos in a search: the closest words of the practices' titles.

The trigram extension (pg_trgm) is missing from the embedded server, so the portal
keeps its own vocabulary: the distinct words (accents folded, lower case) of every
published practice's title and of its published translations' titles, built by one
query when a search first finds nothing and cached under the practices'
facets_version. A word of the query that is not in the vocabulary is replaced by its
closest vocabulary word (difflib's ratio, at least CUTOFF), if any.
"""

import difflib
import re

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection

from practices.models import Practice, facets_version
from spring_portal.content_translations import ContentTranslation
from spring_portal.languages import fold
from spring_portal.moderation import ModerationState

CUTOFF = 0.8
MIN_LENGTH = 4
VOCABULARY_SECONDS = 24 * 60 * 60
_WORD = re.compile(r"\w+")
_memo: dict[str, frozenset[str]] = {}


def _build() -> frozenset[str]:
    practices = Practice._meta.db_table
    translations = ContentTranslation._meta.db_table
    sql = (
        "SELECT DISTINCT w FROM ("  # noqa: S608 - names from _meta
        f"SELECT title FROM {practices} WHERE state = %(published)s AND revision_of_id IS NULL "
        f"UNION ALL SELECT title FROM {translations} "
        "WHERE state = %(published)s AND content_type_id = %(type)s"
        ") titles, regexp_split_to_table(lower(spring_fold(title)), '[^[:alnum:]]+') w "
        "WHERE length(w) >= %(min)s"
    )
    params = {
        "published": ModerationState.PUBLISHED,
        "type": ContentType.objects.get_for_model(Practice).pk,
        "min": MIN_LENGTH,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return frozenset(row[0] for row in cursor.fetchall())


def vocabulary() -> frozenset[str]:
    key = f"practices:title-words:{facets_version()}"
    words = _memo.get(key)
    if words is None:
        words = cache.get(key)
        if words is None:
            words = _build()
            cache.set(key, words, VOCABULARY_SECONDS)
        _memo.clear()
        _memo[key] = words
    return words


def correct(query: str) -> str:
    """The query with each unknown word replaced by the closest title word ('' if none
    was replaced). Quoted phrases and operators are kept as typed."""
    words = vocabulary()
    changed = False

    def replace(match):
        nonlocal changed
        word = match.group(0)
        key = fold(word).lower()
        if len(key) < MIN_LENGTH or key in words:
            return word
        candidates = [w for w in words if abs(len(w) - len(key)) <= 2]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=CUTOFF)
        if not close:
            return word
        changed = True
        return close[0]

    corrected = _WORD.sub(replace, query)
    return corrected if changed else ""
