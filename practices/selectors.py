"""Read-only queries for pages that show practices (organisation pages, related practices)."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import Count, F, Q

from practices.models import Practice, Transfer
from spring_portal import search
from spring_portal.caching import content_version


def for_organisation(org, limit=None):
    """An organisation's published practices, newest first.

    Render with {% include "practices/_organisation_practices.html" with practices=... %}.
    """
    qs = (
        Practice.objects.published()
        .filter(organisation=org)
        .for_cards()
        .order_by("-published_at", "-pk")
    )
    return list(qs[:limit] if limit else qs)


def related(practice, limit=4):
    """Published practices sharing areas or target groups.

    Ranked by the number of shared terms, then by text similarity of their
    stored vectors to this practice's title. The ranking reads every practice
    sharing a term (thousands at production size), so the result is cached
    until any content changes (the content version is part of the key).
    """
    key = f"practices:related:{practice.pk}:{limit}:{content_version()}"
    ids = cache.get(key)
    if ids is None:
        practices = _related(practice, limit)
        cache.set(key, [p.pk for p in practices], RELATED_CACHE_SECONDS)
        return practices
    if not ids:
        return []
    found = Practice.objects.select_related("organisation").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


RELATED_CACHE_SECONDS = 3600


def _related(practice, limit):
    area_ids = list(practice.areas.values_list("pk", flat=True))
    group_ids = list(practice.target_groups.values_list("pk", flat=True))
    if not area_ids and not group_ids:
        return []
    words = [w for w in search.clean_query(practice.title).replace(":", " ").split() if w.isalnum()]
    qs = (
        Practice.objects.published()
        .exclude(pk=practice.pk)
        .exclude(pk=practice.revision_of_id or 0)
        .filter(Q(areas__in=area_ids) | Q(target_groups__in=group_ids))
        .annotate(
            shared=Count("areas", filter=Q(areas__in=area_ids), distinct=True)
            + Count("target_groups", filter=Q(target_groups__in=group_ids), distinct=True)
        )
    )
    order = ["-shared"]
    if words:
        query = SearchQuery(" or ".join(words), search_type="websearch", config=search.CONFIG)
        qs = qs.annotate(similarity=SearchRank(F("search_vector"), query))
        order.append("-similarity")
    return list(qs.select_related("organisation").order_by(*order, "-published_at")[:limit])


def transfers_of(practice):
    """The practice's published transfers (“Adapted in N places”), newest first."""
    return list(
        Transfer.objects.published()
        .filter(practice=practice)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )


def transfers_by(org):
    """The practices an organisation adapts (its published transfers), newest first."""
    return list(
        Transfer.objects.published()
        .filter(organisation=org)
        .select_related("practice")
        .order_by("-published_at", "-pk")
    )
