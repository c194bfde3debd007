"""Every list page and export answers generated querystrings (long, unicode, control
characters, NUL, huge numbers, repeated keys) with a page or a 4xx, never a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.strategies import form_data, worst_cases
from tests.security.world import build_world

BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# path: the querystring keys the page reads
LISTS = {
    "/practices/": [
        "q",
        "country",
        "area",
        "group",
        "funding",
        "org_type",
        "evidence",
        "status",
        "sort",
        "page",
    ],
    "/practices/export/practices.csv": ["q", "country", "area", "sort", "evidence"],
    "/practices/export/practices.json": ["q", "country", "area", "sort", "status"],
    "/events/": ["q", "type", "format", "country", "organiser", "month", "page"],
    "/events/past/": ["q", "type", "format", "country", "organiser", "month", "page"],
    "/events/feed.ics": ["q", "type", "format", "country", "organiser", "month"],
    "/documents/": ["q", "type", "language", "area", "group", "year", "organisation", "page"],
    "/news/": ["tag", "page"],
    "/calls/": ["page", "status"],
    "/organisations/": ["q", "type", "country", "area", "cop", "page"],
    "/members/": ["q", "country", "area", "organisation", "page"],
    "/following/": ["page"],
}


@pytest.fixture
def world(db):
    return build_world()


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("role", ["anonymous", "other"])
@pytest.mark.parametrize("path", list(LISTS))
def test_list_querystrings_never_fail(world, path, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])

    def check(query, language):
        response = client.get(f"{language}{path}", query)
        _body(response)
        assert response.status_code < 500, (path, query)

    for query in worst_cases(LISTS[path]):
        check(query, "")
    BOUNDED(given(form_data(LISTS[path]), st.sampled_from(["", "/fr", "/de"]))(check))()


@pytest.mark.django_db
def test_nul_in_querystring_is_dropped_not_an_error(client):
    """It used to reach PostgreSQL (a 500 on documents, news and the member directory)."""
    for path in ("/news/?tag=a%00b", "/documents/?q=%00", "/members/?q=x%00&page=%00"):
        # An emptied parameter is dropped by one redirect to the canonical URL.
        assert client.get(path, follow=True).status_code == 200, path
