"""The early cache hit path (issue 15): PageCacheMiddleware answers cached public
pages for anonymous visitors before sessions, authentication and locale, with the
same bytes and headers as the full stack, a fresh CSP nonce, and never a stale or
someone else's page."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from spring_portal.moderation import ModerationState, transition
from tests.events.factories import EventFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

NONCE = re.compile(rb'nonce="([^"]+)"')


def _without_nonce(content: bytes) -> bytes:
    return NONCE.sub(b'nonce=""', content)


def _headers(response) -> dict:
    skip = {"x-portal-cache", "content-security-policy"}
    return {name: value for name, value in response.headers.items() if name.lower() not in skip}


def test_page_cache_middleware_runs_before_sessions_auth_and_locale():
    order = settings.MIDDLEWARE
    early = order.index("spring_portal.caching.PageCacheMiddleware")
    for later in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.locale.LocaleMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    ):
        assert early < order.index(later), later


@pytest.mark.django_db
def test_cache_hit_serves_the_same_bytes_and_headers(client):
    event = EventFactory()
    first = client.get(event.get_absolute_url())
    second = client.get(event.get_absolute_url())
    assert (first["X-Portal-Cache"], second["X-Portal-Cache"]) == ("miss", "hit")
    assert _without_nonce(second.content) == _without_nonce(first.content)
    assert _headers(second) == _headers(first)
    assert second["Content-Length"] == str(len(second.content))


@pytest.mark.django_db
def test_cache_hit_has_a_fresh_nonce_in_its_policy_and_its_scripts(client):
    event = EventFactory()
    first = client.get(event.get_absolute_url())
    second = client.get(event.get_absolute_url())
    assert second["X-Portal-Cache"] == "hit"
    nonces = set(NONCE.findall(second.content))
    assert len(nonces) == 1
    nonce = nonces.pop().decode()
    assert f"'nonce-{nonce}'" in second["Content-Security-Policy"]
    assert nonce not in first.content.decode()
    assert "'unsafe-inline'" not in second["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in second["Content-Security-Policy"]


@pytest.fixture
def cache_calls(monkeypatch):
    """The cache operations a request makes, outermost only (locmem's get_many
    calls get for each key)."""
    calls, depth = [], [0]
    backend = cache._connections[cache._alias]
    for name in ("get", "get_many", "set", "add", "incr", "delete"):
        original = getattr(backend, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            if not depth[0]:
                calls.append(_name)
            depth[0] += 1
            try:
                return _original(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counted)
    return calls


@pytest.mark.django_db
def test_cache_hit_costs_one_cache_round_trip_and_no_query(
    client, cache_calls, django_assert_num_queries
):
    event = EventFactory()
    client.get(event.get_absolute_url())
    cache_calls.clear()
    with django_assert_num_queries(0):
        response = client.get(event.get_absolute_url())
    assert response["X-Portal-Cache"] == "hit"
    assert cache_calls == ["get_many"]


@pytest.mark.django_db
def test_cached_page_stays_fresh_after_a_publication(client, moderator):
    practice = PublishedPracticeFactory(title="Shown first")
    client.get("/practices/")
    assert client.get("/practices/")["X-Portal-Cache"] == "hit"
    waiting = PracticeFactory(state=ModerationState.SUBMITTED, title="Published later")
    transition(waiting, ModerationState.PUBLISHED, moderator)
    response = client.get("/practices/")
    assert response["X-Portal-Cache"] == "miss"
    assert "Published later" in response.content.decode()
    assert practice.title in response.content.decode()


@pytest.mark.django_db
def test_member_page_is_never_served_to_anonymous_visitors(client, member):
    event = EventFactory()
    member_client = Client()
    member_client.force_login(member)
    personal = member_client.get(event.get_absolute_url())
    assert "Log out" in personal.content.decode()
    anonymous = client.get(event.get_absolute_url())
    assert anonymous["X-Portal-Cache"] == "miss"
    assert "Log out" not in anonymous.content.decode()


@pytest.mark.django_db
def test_anonymous_cached_page_is_never_served_to_members(client, member):
    event = EventFactory()
    client.get(event.get_absolute_url())
    assert client.get(event.get_absolute_url())["X-Portal-Cache"] == "hit"
    member_client = Client()
    member_client.force_login(member)
    personal = member_client.get(event.get_absolute_url())
    assert "X-Portal-Cache" not in personal
    assert "Log out" in personal.content.decode()


@pytest.mark.django_db
def test_cached_english_page_is_not_served_to_a_french_browser(client):
    event = EventFactory()
    client.get(event.get_absolute_url())
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = french.get(event.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/")


@pytest.mark.django_db
def test_each_language_prefix_has_its_own_cached_page(client):
    event = EventFactory()
    english = client.get(event.get_absolute_url())
    french_url = f"/fr{event.get_absolute_url()}"
    french = client.get(french_url)
    again = client.get(french_url)
    assert french["X-Portal-Cache"] == "miss"
    assert again["X-Portal-Cache"] == "hit"
    assert again["Content-Language"] == "fr"
    assert english["Content-Language"] == "en"
    assert b'lang="fr"' in again.content


@pytest.mark.django_db
def test_submission_for_review_keeps_the_page_cache(client, member):
    from spring_portal.caching import content_version

    practice = PracticeFactory(created_by=member)
    before = content_version()
    transition(practice, ModerationState.SUBMITTED, member)
    assert content_version() == before


@pytest.mark.django_db
def test_unpublishing_empties_the_page_cache(client, moderator):
    from spring_portal.caching import content_version

    practice = PublishedPracticeFactory(title="Soon archived")
    before = content_version()
    transition(practice, ModerationState.ARCHIVED, moderator, message="Outdated.")
    assert content_version() > before


@pytest.mark.django_db(transaction=True)
def test_registration_forgets_only_its_event_page(client, member):
    from events import services
    from tests.events.factories import PortalEventFactory

    event = PortalEventFactory(capacity=5)
    for path in (event.get_absolute_url(), "/events/"):
        client.get(path)
        assert client.get(path)["X-Portal-Cache"] == "hit"
    services.register(event, member)
    page = client.get(event.get_absolute_url())
    assert page["X-Portal-Cache"] == "miss"
    assert "4 places left" in page.content.decode()
    assert client.get("/events/")["X-Portal-Cache"] == "hit"


@pytest.mark.django_db
def test_cache_hit_leaves_the_page_language_active(client):
    from django.utils import translation

    english = EventFactory().get_absolute_url()
    client.get(english)
    client.get(f"/de{english}")
    assert translation.get_language() == "de"
    assert client.get(english)["X-Portal-Cache"] == "hit"
    assert translation.get_language() == "en"
