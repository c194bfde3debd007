"""Open-data exports are bounded, cached and rate limited (issue 12, point 13)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from practices import views
from spring_portal import ratelimit
from spring_portal.licence import LICENCE_URL
from tests.practices.factories import PublishedPracticeFactory

CSV = "/practices/export/practices.csv"
JSON = "/practices/export/practices.json"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [CSV, JSON])
def test_second_anonymous_export_is_served_from_cache(client, path, django_assert_num_queries):
    PublishedPracticeFactory(title="Cached once")
    first = client.get(path)
    assert first["X-Portal-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second["X-Portal-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]


@pytest.mark.django_db
def test_publication_invalidates_the_cached_export(client):
    PublishedPracticeFactory(title="First practice")
    client.get(JSON)
    PublishedPracticeFactory(title="Newly published")
    response = client.get(JSON)
    assert response["X-Portal-Cache"] == "miss"
    assert "Newly published" in [p["title"] for p in response.json()["practices"]]


@pytest.mark.django_db
def test_export_is_paged_and_says_where_the_next_page_is(client, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_PAGE_SIZE", 2)
    for number in range(3):
        PublishedPracticeFactory(title=f"Practice {number}")
    first = client.get(JSON)
    data = first.json()
    assert (data["page"], data["page_size"], len(data["practices"])) == (1, 2, 2)
    assert data["next"] == "http://testserver/practices/export/practices.json?page=2"
    assert first["Link"] == f'<{LICENCE_URL}>; rel="license", <{data["next"]}>; rel="next"'
    assert data["license"]["id"] == "CC-BY-4.0"
    last = client.get(JSON, {"page": 2}).json()
    assert (len(last["practices"]), last["next"]) == (1, None)
    titles = [p["title"] for p in data["practices"] + last["practices"]]
    assert sorted(titles) == ["Practice 0", "Practice 1", "Practice 2"]


@pytest.mark.django_db
def test_csv_export_states_its_bound_in_headers(client, monkeypatch):
    monkeypatch.setattr(views, "EXPORT_PAGE_SIZE", 1)
    PublishedPracticeFactory(countries=["DK"])
    PublishedPracticeFactory(countries=["DK"])
    response = client.get(CSV, {"country": "DK"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 2  # header and one practice
    assert response["X-Export-Page-Size"] == "1"
    assert response["Link"] == (
        f'<{LICENCE_URL}>; rel="license", '
        '<http://testserver/practices/export/practices.csv?country=DK&page=2>; rel="next"'
    )


@pytest.mark.django_db
def test_absurd_export_page_is_an_empty_page_not_an_error(client):
    response = client.get(JSON, {"page": "9" * 40})
    assert response.status_code == 200
    assert response.json()["practices"] == []


@pytest.mark.django_db
def test_exports_are_rate_limited_per_client(monkeypatch, settings):
    monkeypatch.setitem(ratelimit.CLIENT_LIMITS, "exports", 2)
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = Client(), Client()
    for _ in range(2):
        assert first.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    refused = first.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert refused.status_code == 429
    assert "limit is 2" in refused.content.decode()
    assert second.get(CSV, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


@pytest.mark.django_db
def test_list_page_explains_the_export_bound(client):
    body = client.get(reverse("practices:list")).content.decode()
    assert "page=2" in body
