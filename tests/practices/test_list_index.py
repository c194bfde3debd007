"""The practices list's facet index: counts equal plain COUNTs, stay fresh after a
publication, and the list answers a friendly page on a timeout or past a budget."""

import datetime
import io
import json
import pickle
import re
import threading

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from bench.portal_bench.management.commands.bench_pages import Command as BenchPages
from practices import facet_index, views
from practices.filters import build_filterset
from practices.models import Practice
from spring_portal import search
from spring_portal.models import FundingProgramme, IntegrationArea, TargetGroup
from spring_portal.moderation import ModerationState, transition
from tests.factories import ModeratorFactory, OrganisationFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

S = ModerationState
LIST_URL = reverse("practices:list")


@pytest.fixture
def varied_practices():
    areas = list(IntegrationArea.objects.order_by("pk")[:3])
    groups = list(TargetGroup.objects.order_by("pk")[:2])
    funding = list(FundingProgramme.objects.order_by("pk")[:1])
    specs = [
        (["BE"], areas[:1], groups[:1], "2019-01-01", True, "language café"),
        (["BE", "FR"], areas[:2], groups[1:], "2019-05-01", False, "job coaching"),
        (["FR"], areas[1:3], groups, "2020-01-01", True, "language mentors"),
        (["IT"], areas[2:], [], "2021-01-01", False, "housing desk"),
        (["IT", "BE"], areas, groups[:1], "2015-03-01", True, "language and housing"),
    ]
    for countries, area, group, start, ongoing, words in specs:
        practice = PublishedPracticeFactory(
            countries=countries,
            areas=area,
            target_groups=group,
            start_date=datetime.date.fromisoformat(start),
            end_date=None if ongoing else datetime.date(2022, 1, 1),
            is_ongoing=ongoing,
            summary=f"A practice about {words}.",
            organisation=OrganisationFactory(),
        )
        practice.funding_programmes.set(funding if ongoing else [])
    PracticeFactory(countries=["BE"], areas=areas, summary="A draft about language.")
    return areas, groups, funding


def _counts(response):
    return {f.name: {v.value: v.count for v in f.values} for f in response.context["facets"]}


def _plain_count(params, name, value):
    """COUNT(*) of the published practices matching params plus facet=value (SQL filters)."""
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values)
    filterset, _ = build_filterset(data, Practice.objects.published())
    rows = Practice.objects.filter(pk__in=filterset.qs.values("pk"))
    more = QueryDict(mutable=True)
    more.setlist(name, [value])
    narrowed, _ = build_filterset(more, rows)
    return narrowed.qs.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": ["BE"]},
        {"country": ["BE", "IT"], "status": ["ongoing"]},
        {"q": ["language"]},
        {"q": ["language"], "country": ["BE"], "year": ["2019", "2015"]},
        {"area": ["@area0"], "group": ["@group0"]},
        {"funding": ["@funding0"], "country": ["FR"]},
    ],
)
def test_list_facet_counts_equal_a_plain_count(client, varied_practices, params):
    areas, groups, funding = varied_practices
    slugs = {"@area0": areas[0].slug, "@group0": groups[0].slug, "@funding0": funding[0].slug}
    params = {k: [slugs.get(v, v) for v in values] for k, values in params.items()}
    response = client.get(LIST_URL, params, follow=True)
    counted = _counts(response)
    checked = 0
    for name, values in counted.items():
        for value, count in values.items():
            if value in params.get(name, []) and len(params[name]) > 1:
                continue  # a ticked value among several: its own filter is wider
            assert count == _plain_count(params, name, value), (name, value)
            checked += 1
    assert checked > 0
    filterset, _ = build_filterset(_querydict(params), Practice.objects.published())
    assert response.context["paginator"].count == filterset.qs.count()


def _querydict(params):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values)
    return data


@pytest.mark.django_db
def test_list_counts_a_practice_at_the_next_request_after_its_publication(client):
    PublishedPracticeFactory(countries=["SE"], summary="Choir for newcomers.")
    before = client.get(LIST_URL, {"country": "SE", "q": "choir"})
    assert before.context["paginator"].count == 1
    practice = PracticeFactory(countries=["SE"], summary="Choir in the library.")
    Practice.objects.filter(pk=practice.pk).update(state=S.SUBMITTED)
    practice.refresh_from_db()
    transition(practice, S.PUBLISHED, ModeratorFactory())
    after = client.get(LIST_URL, {"country": "SE", "q": "choir", "sort": "newest"})
    assert after.context["paginator"].count == 2
    assert _counts(after)["country"]["SE"] == 2
    assert after.context["practices"][0].pk == practice.pk


@pytest.mark.django_db
def test_list_past_the_client_budget_answers_429_and_cached_pages_still_serve(client, settings):
    settings.LIST_CLIENT_BUDGET = 2
    PublishedPracticeFactory(countries=["BE"])
    first = client.get(LIST_URL, {"country": "BE"})
    assert first.status_code == 200
    assert client.get(LIST_URL, {"q": "language"}).status_code == 200
    refused = client.get(LIST_URL, {"q": "library"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert "Too many new searches from your address" in refused.content.decode()
    assert "<main" in refused.content.decode()  # the portal's layout
    again = client.get(LIST_URL, {"country": "BE"})
    assert again.status_code == 200


@pytest.mark.django_db
def test_list_refuses_a_client_with_its_costly_requests_already_running(client, settings):
    # One client's parallel flood holds at most LIST_CLIENT_CONCURRENCY workers: past
    # it, a 429 at once (no index, no query), while another address is served and
    # the slots are given back after each answer.
    settings.LIST_CLIENT_BUDGET = 0
    settings.LIST_CLIENT_CONCURRENCY = 2
    PublishedPracticeFactory(countries=["BE"])
    key = "slots:lists:uncached:ip:127.0.0.1"
    assert client.get(LIST_URL, {"country": "BE"}).status_code == 200
    assert cache.get(key) == 0
    cache.set(key, 2, 30)  # two of this client's searches still running
    refused = client.get(LIST_URL, {"q": "library"})
    assert refused.status_code == 429
    assert "Your previous searches are still being worked on" in refused.content.decode()
    assert cache.get(key) == 2
    other = client.get(LIST_URL, {"q": "library"}, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    cache.set(key, 1, 30)
    assert client.get(LIST_URL, {"q": "museum"}).status_code == 200
    assert cache.get(key) == 1


@pytest.mark.django_db(transaction=True)
def test_list_statement_timeout_answers_a_friendly_503(client, settings):
    settings.LIST_STATEMENT_TIMEOUT_MS = 300
    settings.LIST_CLIENT_BUDGET = 0
    PublishedPracticeFactory(summary="Cooking together.")
    # The facet index is built once for all requests under its own longer timeout;
    # the request's timeout bounds its own statements (the search lookup, the rows).
    assert client.get(LIST_URL).status_code == 200
    params = connection.get_connection_params()
    locked = threading.Event()
    release = threading.Event()

    def hold_lock():
        with psycopg.connect(**params) as other:
            other.execute(f"LOCK TABLE {Practice._meta.db_table} IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(10)

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = client.get(LIST_URL, {"q": "cooking"})
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "This search took too long" in response.content.decode()
    assert client.get(LIST_URL, {"q": "cooking"}).status_code == 200


@pytest.mark.django_db
def test_list_with_no_published_practice_shows_an_empty_page(client):
    PracticeFactory(summary="A draft.")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


@pytest.mark.django_db
def test_bench_area_slugs_are_json_without_a_banner():
    # `manage.py shell -c` printed "N objects imported automatically" before the slugs,
    # which glued itself to the first slug: one uncached bench request in 14 was a 400.
    out = io.StringIO()
    BenchPages(stdout=out).handle(areas=True)
    slugs = json.loads(out.getvalue())
    assert slugs == list(
        IntegrationArea.objects.order_by("position").values_list("slug", flat=True)
    )
    assert slugs and all(re.fullmatch(r"[a-z0-9-]+", slug) for slug in slugs)


@pytest.mark.django_db
@pytest.mark.parametrize("walk_max", [0, 10**9], ids=["database-sorts", "index-walk"])
@pytest.mark.parametrize(
    "params",
    [
        {"sort": ["newest"]},
        {"sort": ["title"]},
        {"sort": ["newest"], "country": ["BE"]},
        {"q": ["language"]},
        {"q": ["language"], "sort": ["title"]},
    ],
)
def test_list_pages_cut_from_the_index_equal_a_plain_order_by(
    client, varied_practices, monkeypatch, params, walk_max
):
    # A page's ids come from the index's order arrays (a short walk) or from the
    # database sorting the result ids; relevance ranks every result while there are
    # no more than RANK_CANDIDATES: every page equals the plain SQL order's slice.
    monkeypatch.setattr(views, "WALK_MAX", walk_max)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    query = params.get("q", [""])[0]
    sort = params.get("sort", ["relevance" if query else "newest"])[0]
    filterset, _ = build_filterset(_querydict(params), Practice.objects.published())
    expected = [p.pk for p in views._ordered(filterset.qs, query, sort)]
    assert len(expected) >= 3
    assert _all_pages(client, params, len(expected)) == expected


def _all_pages(client, params, total):
    shown = []
    for number in range(1, total // 2 + 2):
        response = client.get(LIST_URL, {**params, "page": [str(number)]}, follow=True)
        shown += [p.pk for p in response.context["practices"]]
    return shown


@pytest.mark.django_db
def test_relevance_ranks_the_most_recent_results_and_lists_the_rest_newest_first(
    client, varied_practices, monkeypatch
):
    # Past RANK_CANDIDATES results, the ranked head is the most recent results (and
    # an exact title), ordered by rank; every other result follows, newest first,
    # each exactly once, across page boundaries inside and after the head.
    for words in ("language exchange", "language tandem", "a language", "sign language"):
        PublishedPracticeFactory(summary=f"Practice of {words}.", title=f"Tandem: {words}")
    monkeypatch.setattr(views, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(views, "PER_PAGE", 2)
    matching = Practice.objects.published().filter(search_vector=search.make_query("language"))
    newest = [p.pk for p in matching.order_by("-published_at", "-pk")]
    assert len(newest) > 4
    head = [
        p.pk for p in views._ordered(matching.filter(pk__in=newest[:3]), "language", "relevance")
    ]
    expected = head + [pk for pk in newest if pk not in head]
    assert _all_pages(client, {"q": ["language"]}, len(newest)) == expected


@pytest.mark.django_db
def test_list_index_built_once_is_loaded_by_another_app_server(client, django_assert_num_queries):
    PublishedPracticeFactory(countries=["PT"])
    built = facet_index.facet_index()
    facet_index._memo.clear()  # another process: nothing memoised, the shared cache warm
    with django_assert_num_queries(0):
        loaded = facet_index.facet_index()
    assert loaded.published == built.published
    assert list(loaded.orders["newest"]) == list(built.orders["newest"])


@pytest.mark.django_db
def test_list_index_waits_for_the_builder_holding_the_lock(django_assert_num_queries):
    PublishedPracticeFactory(countries=["PT"])
    built = facet_index.facet_index()
    key = next(iter(facet_index._memo))
    facet_index._memo.clear()
    blob = cache.get(key)
    cache.delete(key)
    cache.add(f"{key}:lock", 1, 30)  # another app server is building
    timer = threading.Timer(0.3, cache.set, [key, blob])
    timer.start()
    try:
        with django_assert_num_queries(0):
            waited = facet_index.facet_index()
    finally:
        timer.join()
        cache.delete(f"{key}:lock")
    assert waited.published == built.published


@pytest.mark.django_db
def test_list_index_is_built_here_when_the_builder_gives_up(settings):
    # The builder's lock lasts as long as a build may; when it goes away with no index
    # written (the build failed, its worker died), a waiting worker builds at once
    # instead of waiting out the lock's full time.
    settings.LIST_INDEX_TIMEOUT_MS = 600_000
    PublishedPracticeFactory(countries=["PT"])
    facet_index.facet_index()
    key = next(iter(facet_index._memo))
    facet_index._memo.clear()
    cache.delete(key)
    cache.add(f"{key}:lock", 1, 600)  # another app server is building...
    gives_up = threading.Timer(0.3, cache.delete, [f"{key}:lock"])  # ...and fails
    # Had the waiter not noticed, it would take this stand-in written much later.
    stand_in = facet_index.FacetIndex(published=0, values={}, labels={})
    late = threading.Timer(20, cache.set, [key, pickle.dumps(stand_in)])
    gives_up.start()
    late.start()
    try:
        index = facet_index.facet_index()
    finally:
        late.cancel()
        gives_up.join()
    assert index.published != 0
    assert cache.get(key) is not None  # and shared for the others


@pytest.mark.django_db
def test_a_new_search_word_is_looked_up_once_while_others_wait(django_assert_num_queries):
    # Several visitors searching the same new word at once: one app server runs the
    # GIN lookup, the others wait for its bitset in the shared cache (no query).
    practice = PublishedPracticeFactory(summary="A choir for newcomers.")
    expected = facet_index.search_matches("choir")
    key = facet_index.match_key("choir")
    stored = cache.get(key)
    cache.delete(key)
    cache.add(f"{key}:lock", 1, 30)  # another app server is looking it up
    timer = threading.Timer(0.3, cache.set, [key, stored])
    timer.start()
    try:
        with django_assert_num_queries(0):
            waited = facet_index.search_matches("choir")
    finally:
        timer.join()
        cache.delete(f"{key}:lock")
    assert waited == expected
    assert waited >> practice.pk & 1
