"""The open data API's projects and transfers: published records only, the projects
page's filters and facets, cursors, constant queries, and the shared HTTP machinery."""

import datetime
import json

import pytest
from django.utils import timezone

from members.enums import OrganisationState
from practices.enums import TransferStatus
from spring_portal.models import FundingProgramme, IntegrationArea
from spring_portal.moderation import ModerationState as S
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.hub.factories import DocumentFactory, DraftDocumentFactory
from tests.practices.factories import (
    PracticeFactory,
    ProjectFactory,
    PublishedPracticeFactory,
    PublishedProjectFactory,
    PublishedTransferFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db


def _json(response):
    return json.loads(response.content)


def _projects(n, **kwargs):
    base = timezone.now() - datetime.timedelta(days=1)
    return [
        PublishedProjectFactory(published_at=base + datetime.timedelta(minutes=i), **kwargs)
        for i in range(n)
    ]


def _transfers(n, **kwargs):
    base = timezone.now() - datetime.timedelta(days=1)
    return [
        PublishedTransferFactory(published_at=base + datetime.timedelta(minutes=i), **kwargs)
        for i in range(n)
    ]


def _ids(data):
    return [item["id"] for item in data["items"]]


# --- projects -------------------------------------------------------------------------------


def test_projects_list_shows_published_only_latest_first(client):
    published = _projects(2)
    ProjectFactory(title="Secret draft project")
    ProjectFactory(title="Waiting project", state=S.SUBMITTED)
    response = client.get("/api/v1/projects")
    assert response.status_code == 200
    data = _json(response)
    assert data["count"] == 2
    assert _ids(data) == [published[1].pk, published[0].pk]
    assert data["license"]["id"] == "CC-BY-4.0"
    body = response.content.decode()
    assert "Secret draft project" not in body
    assert "Waiting project" not in body


def test_projects_filter_by_programme_country_area_and_year(client):
    amif = FundingProgramme.objects.get(name="AMIF")
    other = FundingProgramme.objects.exclude(pk=amif.pk).first()
    health = IntegrationArea.objects.exclude(slug="language-learning").first()
    match = PublishedProjectFactory(countries=["FR"], start_year=2022, areas=[health])
    PublishedProjectFactory(countries=["FR"], start_year=2022, programme=other)
    PublishedProjectFactory(countries=["BE"], start_year=2022, areas=[health])
    PublishedProjectFactory(countries=["FR"], start_year=2019, areas=[health])
    query = f"programme={amif.slug}&country=FR&area={health.slug}&year=2022"
    data = _json(client.get(f"/api/v1/projects?{query}"))
    assert _ids(data) == [match.pk]
    assert data["count"] == 1


def test_projects_facets_count_the_result(client):
    PublishedProjectFactory(countries=["FR"], start_year=2022)
    PublishedProjectFactory(countries=["FR", "BE"], start_year=2020)
    PublishedProjectFactory(countries=["DE"], start_year=2020)
    data = _json(client.get("/api/v1/projects?country=FR"))
    facets = {f["name"]: f for f in data["facets"]}
    assert set(facets) == {"programme", "country", "area", "year"}
    assert {v["value"]: v["count"] for v in facets["year"]["values"]} == {"2022": 1, "2020": 1}
    france = next(v for v in facets["country"]["values"] if v["value"] == "FR")
    assert france["selected"] is True


def test_projects_search_finds_words(client):
    match = PublishedProjectFactory(title="Chess for newcomers", acronym="CHESS")
    PublishedProjectFactory(title="Language cafés")
    data = _json(client.get("/api/v1/projects?q=chess"))
    assert _ids(data) == [match.pk]


def test_projects_unknown_filter_values_are_ignored_as_on_the_page(client):
    projects = _projects(2)
    data = _json(client.get("/api/v1/projects?programme=no-such-programme&year=abc"))
    assert _ids(data) == [projects[1].pk, projects[0].pk]


def test_projects_cursor_pages_through_every_item_once(client):
    projects = _projects(5)
    seen = []
    url = "/api/v1/projects?limit=2"
    while url:
        data = _json(client.get(url))
        seen += _ids(data)
        url = data["next"] and data["next"].removeprefix("http://testserver")
    assert seen == [p.pk for p in reversed(projects)]


@pytest.mark.parametrize("number", [1, 30])
def test_projects_list_runs_constant_queries(client, django_assert_num_queries, number):
    _projects(number, coordinator=OrganisationFactory())
    # The count, four facets (programme, country, area, year), the page's rows, its areas.
    with django_assert_num_queries(7):
        assert client.get("/api/v1/projects?limit=25").status_code == 200


def test_project_detail_names_partners_and_lists_published_outputs_only(client):
    coordinator = OrganisationFactory(name="Public Coordinator")
    hidden_partner = OrganisationFactory(
        name="Pending Partner", state=OrganisationState.PENDING, contact_email="p@example.org"
    )
    project = PublishedProjectFactory(
        coordinator=coordinator, other_partners="City of Ghent\nUniversity of Lyon"
    )
    project.partners.set([coordinator, hidden_partner])
    practice = PublishedPracticeFactory(project=project)
    PracticeFactory(project=project, title="Draft practice of the project")
    document = DocumentFactory(project=project)
    DraftDocumentFactory(project=project, title="Draft document of the project")
    event = EventFactory(project=project)
    EventFactory(project=project, state=S.DRAFT, title="Draft event of the project")

    response = client.get(f"/api/v1/projects/{project.slug}")
    assert response.status_code == 200
    data = _json(response)
    assert data["license"]["id"] == "CC-BY-4.0"
    assert data["programme"]["name"] == "AMIF"
    assert data["reference"] == project.reference
    assert (data["start_year"], data["end_year"]) == (2021, 2023)
    assert data["coordinator"]["slug"] == coordinator.slug
    # Partners on the portal by name, as the page lists them, then the others.
    assert data["partners"] == [
        {"name": "Pending Partner", "slug": None, "url": None},
        {
            "name": "Public Coordinator",
            "slug": coordinator.slug,
            "url": f"http://testserver{coordinator.get_absolute_url()}",
        },
        {"name": "City of Ghent", "slug": None, "url": None},
        {"name": "University of Lyon", "slug": None, "url": None},
    ]
    assert [p["slug"] for p in data["practices"]] == [practice.slug]
    assert [d["slug"] for d in data["documents"]] == [document.slug]
    assert [e["slug"] for e in data["events"]] == [event.slug]
    body = response.content.decode()
    assert "Draft" not in body
    assert "p@example.org" not in body
    assert practice.contact_email not in body


def test_project_coordinator_off_the_portal_is_named_without_address(client):
    project = PublishedProjectFactory(coordinator_name="Example NGO")
    data = _json(client.get(f"/api/v1/projects/{project.slug}"))
    assert data["coordinator"] == {"name": "Example NGO", "slug": None, "url": None}


def test_draft_and_archived_project_details_are_404_problems(client):
    for state in (S.DRAFT, S.SUBMITTED, S.ARCHIVED):
        project = ProjectFactory(state=state)
        response = client.get(f"/api/v1/projects/{project.slug}")
        assert response.status_code == 404, state
        assert response["Content-Type"] == "application/problem+json"


# --- transfers ------------------------------------------------------------------------------


def test_transfers_list_shows_published_transfers_of_published_practices_only(client):
    published = _transfers(2)
    TransferFactory(adaptations="Waiting for the moderators")
    TransferFactory(state=S.DRAFT, adaptations="Still a draft")
    archived_practice = PublishedPracticeFactory()
    PublishedTransferFactory(practice=archived_practice, adaptations="Of an archived practice")
    archived_practice.state = S.ARCHIVED
    archived_practice.save()
    response = client.get("/api/v1/transfers")
    data = _json(response)
    assert data["count"] == 2
    assert _ids(data) == [published[1].pk, published[0].pk]
    body = response.content.decode()
    for hidden in ("Waiting for the moderators", "Still a draft", "Of an archived practice"):
        assert hidden not in body


def test_transfer_item_shows_what_the_practice_page_shows(client):
    org = OrganisationFactory(contact_email="office@example.org")
    transfer = PublishedTransferFactory(
        organisation=org,
        status=TransferStatus.COMPLETED,
        end_date=datetime.date(2025, 6, 30),
        results="Forty participants found work.",
    )
    data = _json(client.get(f"/api/v1/transfers/{transfer.pk}"))
    assert data["license"]["id"] == "CC-BY-4.0"
    assert data["practice"]["slug"] == transfer.practice.slug
    assert data["url"].endswith(f"{transfer.practice.get_absolute_url()}#transfer-{transfer.pk}")
    assert (data["country"], data["region"], data["city"]) == ("DK", "DK01", "Copenhagen")
    assert data["organisation"]["slug"] == org.slug
    assert data["status"] == "completed"
    assert (data["start_date"], data["end_date"]) == ("2024-09-01", "2025-06-30")
    assert data["results"] == "Forty participants found work."
    assert data["confirmed_by_owners"] is False
    assert data["title"].endswith("adapted in Copenhagen, Denmark")
    body = json.dumps(data)
    assert "office@example.org" not in body
    assert transfer.created_by.email not in body


def test_transfer_of_an_organisation_without_public_page_does_not_name_it(client):
    pending = OrganisationFactory(name="Pending Adapter", state=OrganisationState.PENDING)
    transfer = PublishedTransferFactory(organisation=pending)
    response = client.get(f"/api/v1/transfers/{transfer.pk}")
    assert _json(response)["organisation"] is None
    assert "Pending Adapter" not in response.content.decode()
    listed = client.get(f"/api/v1/transfers?organisation={pending.slug}")
    assert _json(listed)["count"] == 0


def test_transfers_filter_by_practice_country_status_and_organisation(client):
    practice = PublishedPracticeFactory()
    org = OrganisationFactory()
    match = PublishedTransferFactory(practice=practice, country="IT", organisation=org)
    PublishedTransferFactory(practice=practice, country="DK")
    PublishedTransferFactory(country="IT", organisation=org)
    PublishedTransferFactory(
        practice=practice, country="IT", organisation=org, status=TransferStatus.PLANNED
    )
    query = f"practice={practice.slug}&country=it&status=running&organisation={org.slug}"
    data = _json(client.get(f"/api/v1/transfers?{query}"))
    assert _ids(data) == [match.pk]
    facets = {f["name"]: f for f in data["facets"]}
    assert set(facets) == {"country", "status"}
    assert {v["value"]: v["count"] for v in facets["country"]["values"]} == {"IT": 1}


def test_transfers_cursor_pages_through_every_item_once(client):
    transfers = _transfers(5)
    seen = []
    url = "/api/v1/transfers?limit=2"
    while url:
        data = _json(client.get(url))
        seen += _ids(data)
        url = data["next"] and data["next"].removeprefix("http://testserver")
    assert seen == [t.pk for t in reversed(transfers)]


@pytest.mark.parametrize("number", [1, 30])
def test_transfers_list_runs_constant_queries(client, django_assert_num_queries, number):
    _transfers(number, organisation=OrganisationFactory())
    # Two facets (country, status), the count and the page's rows with their practices
    # and organisations.
    with django_assert_num_queries(4):
        assert client.get("/api/v1/transfers?limit=25").status_code == 200


def test_unpublished_or_unknown_transfer_is_a_404_problem(client):
    for transfer_id in (TransferFactory().pk, TransferFactory(state=S.DRAFT).pk, 999999):
        response = client.get(f"/api/v1/transfers/{transfer_id}")
        assert response.status_code == 404, transfer_id
        assert response["Content-Type"] == "application/problem+json"
    response = client.get("/api/v1/transfers/not-a-number")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


# --- the shared machinery -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/transfers"])
def test_new_lists_use_cache_etag_cors_and_problems(client, path):
    _projects(1)
    _transfers(1)
    first = client.get(path)
    assert first["X-Portal-Cache"] == "miss"
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["Last-Modified"]
    assert 'rel="license"' in first["Link"]
    assert client.get(path)["X-Portal-Cache"] == "hit"
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    bad = client.get(f"{path}?cursor=not-a-cursor")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"


def test_new_lists_count_against_the_client_budget(client, settings):
    settings.API_CLIENT_BUDGET = 1
    assert client.get("/api/v1/projects").status_code == 200
    response = client.get("/api/v1/transfers")
    assert response.status_code == 429
    assert response["Retry-After"]


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/transfers"])
def test_filter_values_no_record_carries_are_not_errors(client, path):
    _projects(1)
    _transfers(1)
    query = "q=%00&programme=%00&area=%00&year=%00&practice=%00&country=%00&status=%00"
    response = client.get(f"{path}?{query}&organisation=%00")
    assert response.status_code == 200


def test_index_and_documentation_list_the_new_endpoints(client):
    index = _json(client.get("/api/v1/"))
    assert index["projects"] == "http://testserver/api/v1/projects"
    assert index["transfers"] == "http://testserver/api/v1/transfers"
    body = client.get("/api/v1/docs/").content.decode()
    for path in ("/api/v1/projects/{slug}", "/api/v1/transfers/{transfer_id}"):
        assert path in body
    assert "ProjectDetail" in body
    assert "TransferDetail" in body
