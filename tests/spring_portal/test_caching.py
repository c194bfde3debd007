import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from members.models import Partner
from spring_portal.caching import QueryParams, cache_public_page, content_version

calls = {"n": 0}


@cache_public_page
def counting_view(request):
    calls["n"] += 1
    return HttpResponse(f"render {calls['n']}")


@pytest.fixture
def rf_get():
    factory = RequestFactory()

    def get(path="/page/", **cookies):
        request = factory.get(path)
        request.COOKIES.update(cookies)
        return request

    return get


def test_anonymous_page_is_served_from_cache(rf_get):
    first = counting_view(rf_get())
    second = counting_view(rf_get())
    assert first.content == second.content
    assert second["X-Portal-Cache"] == "hit"


def test_query_string_is_part_of_the_key(rf_get):
    first = counting_list(rf_get("/page/?q=housing"))
    second = counting_list(rf_get("/page/?q=health"))
    assert first.content != second.content


def test_visitors_with_a_session_are_never_served_cached_pages(rf_get, settings):
    counting_view(rf_get())
    personal = counting_view(rf_get(**{settings.SESSION_COOKIE_NAME: "abc"}))
    assert "X-Portal-Cache" not in personal


@pytest.mark.django_db
def test_content_change_invalidates_cached_pages(rf_get):
    before = content_version()
    first = counting_view(rf_get())
    Partner.objects.create(name="EUROCITIES", country="BE")
    assert content_version() > before
    second = counting_view(rf_get())
    assert first.content != second.content
    assert second["X-Portal-Cache"] == "miss"


@pytest.mark.django_db
def test_public_pages_are_cached_for_anonymous_visitors_and_never_stale(client, moderator):
    from spring_portal.moderation import ModerationState, transition
    from tests.events.factories import EventFactory
    from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

    PublishedPracticeFactory()
    event = EventFactory()
    pages = ["/practices/", f"/events/{event.slug}/", "/events/", "/documents/", "/news/",
             "/organisations/", "/members/", "/join/", "/"]  # fmt: skip
    for path in pages:
        first = client.get(path)
        assert first.status_code == 200, path
        assert "csrftoken" not in first.cookies, path
        assert client.get(path)["X-Portal-Cache"] == "hit", path

    waiting = PracticeFactory(state=ModerationState.SUBMITTED)
    transition(waiting, ModerationState.PUBLISHED, moderator)
    response = client.get("/practices/")
    assert response["X-Portal-Cache"] == "miss"
    assert waiting.title in response.content.decode()


@pytest.mark.django_db
def test_drafts_and_private_rows_do_not_empty_the_page_cache(member):
    from tests.practices.factories import PracticeFactory

    practice = PracticeFactory(created_by=member)
    before = content_version()
    practice.summary = "Edited while still a draft."
    practice.save()
    assert content_version() == before


@pytest.mark.django_db
def test_accepting_the_open_licence_does_not_empty_the_page_cache(member):
    """A member's first submission records their licence acceptance on their account:
    no public page shows it (make load: every first submission emptied the cache)."""
    before = content_version()
    member.content_licence_accepted_at = timezone.now()
    member.content_licence_version = "CC-BY-4.0"
    member.save(update_fields=["content_licence_accepted_at", "content_licence_version"])
    assert content_version() == before


# --- canonical query strings (issue 12, point 13) ---------------------------------------

KNOWN = QueryParams(single=("q", "page", "a", "b"), multiple=("country",))


@cache_public_page(params=KNOWN)
def counting_list(request):
    calls["n"] += 1
    return HttpResponse(f"render {calls['n']}")


def _page_keys():
    from django.core.cache import cache

    return {key for key in cache._cache if ":portal:page:" in key}


def test_unknown_parameter_redirects_to_the_canonical_url(rf_get):
    response = counting_list(rf_get("/page/?zzz=1&q=x"))
    assert response.status_code == 302
    assert response["Location"] == "/page/?q=x"


def test_empty_and_repeated_values_redirect_to_the_canonical_url(rf_get):
    assert counting_list(rf_get("/page/?q=&page=2"))["Location"] == "/page/?page=2"
    assert counting_list(rf_get("/page/?q=a&q=b"))["Location"] == "/page/?q=b"
    response = counting_list(rf_get("/page/?country=IT&country=DK&country=IT"))
    assert response["Location"] == "/page/?country=DK&country=IT"


def test_junk_only_redirects_to_the_bare_path(rf_get):
    assert counting_view(rf_get("/page/?utm_source=x"))["Location"] == "/page/"


def test_parameter_order_gives_the_same_cache_key(rf_get):
    first = counting_list(rf_get("/page/?b=2&a=1"))
    second = counting_list(rf_get("/page/?a=1&b=2"))
    assert first.status_code == 200
    assert second["X-Portal-Cache"] == "hit"
    assert first.content == second.content
    assert len(_page_keys()) == 1


def test_multi_valued_parameter_order_gives_the_same_cache_key(rf_get):
    counting_list(rf_get("/page/?country=IT&country=DK"))
    second = counting_list(rf_get("/page/?country=DK&country=IT"))
    assert second["X-Portal-Cache"] == "hit"


@pytest.mark.django_db
def test_random_parameters_fill_the_cache_with_one_entry(client):
    import secrets

    for _ in range(50):
        junk = {secrets.token_hex(4): secrets.token_hex(8)}
        response = client.get("/practices/", junk, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [("/practices/", 302)]
    assert len(_page_keys()) == 1


@pytest.mark.django_db
def test_list_filters_survive_canonicalisation(client):
    response = client.get("/practices/", {"q": "housing", "country": ["IT", "DK"], "page": "1"})
    assert response.status_code == 200
