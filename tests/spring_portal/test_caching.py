import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from members.models import Partner
from spring_portal.caching import cache_public_page, content_version

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
    first = counting_view(rf_get("/page/?q=housing"))
    second = counting_view(rf_get("/page/?q=health"))
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
