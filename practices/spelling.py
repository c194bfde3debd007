"""Tolerance of small typos in a search: the closest words of the titles.

The trigram extension (pg_trgm) is missing from the embedded server, so the portal
keeps its own vocabulary: SearchWord, the distinct words (accents folded, lower case)
of the titles of practices and of their published translations, filled when their
search vectors are stored. When a search finds nothing, each word of the query that is
not in the vocabulary is replaced by its closest vocabulary word of a similar length
(difflib's ratio, at least CUTOFF), if any; the correction is cached per
facets_version like the search matches.
"""

import difflib
import hashlib
import re

from django.core.cache import cache

from practices.models import facets_version
from spring_portal.languages import fold
from spring_portal.models import SearchWord
from spring_portal.search import MIN_WORD_LENGTH

CUTOFF = 0.8
CORRECTION_SECONDS = 600
_WORD = re.compile(r"\w+")


def correct(query: str) -> str:
    """The query with each unknown word replaced by the closest title word ('' if none
    was replaced). Operators and quotes are kept as typed."""
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"practices:correction:{facets_version()}:{digest}"
    corrected = cache.get(key)
    if corrected is None:
        corrected = _correct(query)
        cache.set(key, corrected, CORRECTION_SECONDS)
    return corrected


def _correct(query: str) -> str:
    keys = {fold(word).lower() for word in _WORD.findall(query)}
    keys = {key for key in keys if len(key) >= MIN_WORD_LENGTH}
    if not keys:
        return ""
    known = set(SearchWord.objects.filter(word__in=keys).values_list("word", flat=True))
    unknown = keys - known
    if not unknown:
        return ""
    lengths = {n for key in unknown for n in range(len(key) - 2, len(key) + 3)}
    candidates = list(SearchWord.objects.filter(length__in=lengths).values_list("word", "length"))
    replacements = {}
    for key in unknown:
        near = [word for word, length in candidates if abs(length - len(key)) <= 2]
        close = difflib.get_close_matches(key, near, n=1, cutoff=CUTOFF)
        if close:
            replacements[key] = close[0]
    if not replacements:
        return ""

    def replace(match):
        return replacements.get(fold(match.group(0)).lower(), match.group(0))

    return _WORD.sub(replace, query)
