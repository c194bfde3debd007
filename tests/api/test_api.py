"""The open data API: lists, details, cursors, caching, CORS, limits and problems."""

import datetime
import json

import pytest
from django.utils import timezone

from spring_portal.moderation import ModerationState as S
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.hub.factories import CallFactory, DocumentFactory, NewsPostFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

pytestmark = pytest.mark.django_db


def _json(response):
    return json.loads(response.content)


def _published(n, **kwargs):
    base = timezone.now() - datetime.timedelta(days=1)
    return [
        PublishedPracticeFactory(published_at=base + datetime.timedelta(minutes=i), **kwargs)
        for i in range(n)
    ]


def test_practices_list_shows_published_only_with_licence(client):
    published = _published(2)
    PracticeFactory(state=S.DRAFT, title="Secret draft")
    response = client.get("/api/v1/practices")
    assert response.status_code == 200
    data = _json(response)
    assert data["count"] == 2
    assert [item["id"] for item in data["items"]] == [published[1].pk, published[0].pk]
    assert data["license"]["id"] == "CC-BY-4.0"
    assert 'rel="license"' in response["Link"]
    assert "Secret draft" not in response.content.decode()


def test_practices_never_carry_contact_details(client):
    practice = _published(1)[0]
    for path in ("/api/v1/practices", f"/api/v1/practices/{practice.slug}"):
        body = client.get(path).content.decode()
        assert practice.contact_email not in body
        assert practice.contact_name not in body


def test_practices_cursor_pages_through_every_item_once(client):
    practices = _published(5)
    seen = []
    url = "/api/v1/practices?limit=2"
    while url:
        data = _json(client.get(url))
        seen += [item["id"] for item in data["items"]]
        url = data["next"] and data["next"].removeprefix("http://testserver")
    assert seen == [p.pk for p in reversed(practices)]


def test_practices_cursor_stays_stable_when_content_changes(client):
    practices = _published(4)
    first = _json(client.get("/api/v1/practices?limit=2"))
    # A new practice is published (first in the list) and one of the next page's archived.
    PublishedPracticeFactory()
    practices[1].state = S.ARCHIVED
    practices[1].save()
    second = _json(client.get(f"/api/v1/practices?limit=2&cursor={first['next_cursor']}"))
    assert [item["id"] for item in second["items"]] == [practices[0].pk]


def test_practices_title_sort_and_filters_use_the_facets(client):
    a = PublishedPracticeFactory(title="Alpha", countries=["FR"])
    PublishedPracticeFactory(title="Beta", countries=["BE"])
    data = _json(client.get("/api/v1/practices?sort=title&country=FR"))
    assert [item["id"] for item in data["items"]] == [a.pk]
    country = next(f for f in data["facets"] if f["name"] == "country")
    assert {v["value"]: v["count"] for v in country["values"]} == {"FR": 1}


def test_practices_search_ranks_and_pages(client):
    match = PublishedPracticeFactory(title="Chess club for newcomers")
    PublishedPracticeFactory(title="Language café")
    data = _json(client.get("/api/v1/practices?q=chess"))
    assert [item["id"] for item in data["items"]] == [match.pk]


@pytest.mark.parametrize("number", [1, 30])
def test_practices_list_runs_constant_queries(client, django_assert_num_queries, number):
    from practices.facet_index import facet_index

    _published(number)
    facet_index()  # built once per change for every request, outside the list's count
    # The statement timeout (savepoint, set_config, release); the page's ids, its rows,
    # then areas, target groups and funding programmes.
    with django_assert_num_queries(8):
        assert client.get("/api/v1/practices?limit=25").status_code == 200


def test_draft_practice_detail_is_404_problem(client):
    draft = PracticeFactory(state=S.DRAFT)
    response = client.get(f"/api/v1/practices/{draft.slug}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert _json(response)["status"] == 404


def test_bad_cursor_and_limit_are_400_problems(client):
    for query in ("cursor=not-a-cursor", "limit=0", "limit=abc", "cursor=W10"):
        response = client.get(f"/api/v1/practices?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/problem+json"


def test_unknown_api_path_is_a_problem(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_etag_answers_304_and_changes_with_content(client):
    _published(1)
    first = client.get("/api/v1/practices")
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/api/v1/practices", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    _published(1)
    changed = client.get("/api/v1/practices", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_second_request_is_served_from_the_cache(client):
    _published(1)
    assert client.get("/api/v1/practices")["X-Portal-Cache"] == "miss"
    assert client.get("/api/v1/practices")["X-Portal-Cache"] == "hit"


def test_cors_for_get_and_preflight(client):
    response = client.get("/api/v1/practices")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/practices", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.API_CLIENT_BUDGET = 2
    for number in range(2):
        assert client.get(f"/api/v1/practices?limit={number + 1}").status_code == 200
    response = client.get("/api/v1/practices?limit=9")
    assert response.status_code == 429
    assert response["Retry-After"]
    assert response["Content-Type"] == "application/problem+json"
    # Cached answers are not counted.
    assert client.get("/api/v1/practices?limit=1").status_code == 200


def test_other_lists_and_details(client):
    org = OrganisationFactory()
    event = EventFactory(organiser=org)
    document = DocumentFactory(organisation=org)
    news = NewsPostFactory()
    call = CallFactory()
    for kind, record in (
        ("events", event),
        ("documents", document),
        ("organisations", org),
        ("news", news),
        ("calls", call),
    ):
        data = _json(client.get(f"/api/v1/{kind}"))
        assert [item["slug"] for item in data["items"]] == [record.slug], kind
        detail = client.get(f"/api/v1/{kind}/{record.slug}")
        assert detail.status_code == 200, kind
        assert _json(detail)["license"]["id"] == "CC-BY-4.0"


def test_organisations_hide_contact_email(client):
    org = OrganisationFactory(contact_email="office@example.org")
    assert (
        "office@example.org" not in client.get(f"/api/v1/organisations/{org.slug}").content.decode()
    )


def test_openapi_document_describes_every_field(client):
    schema = _json(client.get("/api/v1/openapi.json"))
    assert schema["info"]["license"]["url"].startswith("https://creativecommons.org/")
    for name, component in schema["components"]["schemas"].items():
        for field, prop in component.get("properties", {}).items():
            assert prop.get("description"), f"{name}.{field} has no description"
    for path, item in schema["paths"].items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{path} {parameter['name']}"


def test_documentation_page_renders_without_inline_script(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/api/v1/practices" in body
    assert "<script>" not in body
    assert "cdn" not in body.lower()
