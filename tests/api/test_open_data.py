"""The DCAT-AP catalogue and the bulk downloads."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from api.downloads import DATASETS
from spring_portal.moderation import ModerationState as S
from tests.events.factories import EventFactory
from tests.hub.factories import DocumentFactory
from tests.practices.factories import (
    PracticeFactory,
    ProjectFactory,
    PublishedPracticeFactory,
    PublishedProjectFactory,
    PublishedTransferFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db

DCAT = "dcat:"


@pytest.fixture
def open_data(settings, tmp_path):
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    return settings.OPEN_DATA_ROOT


def _graph(client):
    response = client.get("/api/v1/catalogue.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


def test_catalogue_is_dcat_ap_shaped(client):
    data = _graph(client)
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    nodes = {node["@id"]: node for node in data["@graph"]}
    catalogue = next(n for n in data["@graph"] if n["@type"] == "dcat:Catalog")
    # DCAT-AP mandatory for a catalogue: title, description, publisher, dataset.
    for key in ("dct:title", "dct:description", "dct:publisher", "dcat:dataset"):
        assert catalogue[key], key
    assert catalogue["dct:publisher"]["@id"] in nodes
    datasets = [nodes[ref["@id"]] for ref in catalogue["dcat:dataset"]]
    assert {d["@id"].rsplit("/", 1)[-1] for d in datasets} == {d.name for d in DATASETS}
    for dataset in datasets:
        # Mandatory for a dataset: title, description; recommended: publisher, theme,
        # contact point, distributions.
        for key in ("dct:title", "dct:description", "dct:publisher", "dcat:theme"):
            assert dataset[key], (dataset["@id"], key)
        formats = set()
        for distribution in dataset["dcat:distribution"]:
            # Mandatory for a distribution: access URL; licence recommended.
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dcat:accessURL"]["@id"].startswith("http")
            assert distribution["dct:license"]["@id"].startswith("https://creativecommons.org/")
            formats.add(distribution["dct:format"]["@id"].rsplit("/", 1)[-1])
        assert {"JSON", "CSV"} <= formats
    practices = next(d for d in datasets if d["@id"].endswith("/practices"))
    formats = {d["dct:format"]["@id"].rsplit("/", 1)[-1] for d in practices["dcat:distribution"]}
    assert formats == {"JSON", "CSV", "ATOM"}


def test_export_writes_csv_json_and_schema_of_published_records(open_data, client):
    published = PublishedPracticeFactory(title="=HYPERLINK(1)")
    PracticeFactory(state=S.DRAFT, title="Draft never exported")
    EventFactory()
    DocumentFactory()
    call_command("export_open_data", stdout=io.StringIO())

    data = json.loads((open_data / "practices.json").read_text())
    assert data["license"]["id"] == "CC-BY-4.0"
    assert [item["id"] for item in data["items"]] == [published.pk]
    assert "contact_email" not in data["items"][0]
    rows = list(csv.DictReader(io.StringIO((open_data / "practices.csv").read_text())))
    assert [row["id"] for row in rows] == [str(published.pk)]
    assert rows[0]["title"].startswith("'")  # never a formula in a spreadsheet
    schema = json.loads((open_data / "practices.schema.json").read_text())
    assert set(schema["x-csv"]["columns"]) == set(rows[0])
    assert all(schema["x-csv"]["columns"].values()), "every CSV column is described"
    assert "Draft never exported" not in (open_data / "practices.csv").read_text()

    response = client.get("/api/v1/downloads/practices.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"]
    body = b"".join(response.streaming_content).decode()
    assert str(published.pk) in body


def test_catalogue_lists_projects_and_transfers_with_their_api_and_downloads(client):
    nodes = {node["@id"]: node for node in _graph(client)["@graph"]}
    for name in ("projects", "transfers"):
        dataset = nodes[f"http://testserver/api/v1/datasets/{name}"]
        urls = {d["dcat:accessURL"]["@id"] for d in dataset["dcat:distribution"]}
        assert urls == {
            f"http://testserver/api/v1/{name}",
            f"http://testserver/api/v1/downloads/{name}.csv",
            f"http://testserver/api/v1/downloads/{name}.json",
        }
        assert dataset["dcat:landingPage"]["@id"].startswith("http://testserver/")


def test_export_writes_published_projects_and_transfers_only(open_data):
    project = PublishedProjectFactory(other_partners="City of Ghent")
    ProjectFactory(title="Draft project never exported")
    transfer = PublishedTransferFactory()
    TransferFactory(adaptations="Submitted transfer never exported")
    call_command("export_open_data", stdout=io.StringIO())

    projects = json.loads((open_data / "projects.json").read_text())
    assert [item["slug"] for item in projects["items"]] == [project.slug]
    assert projects["items"][0]["partners"] == [
        {"name": "City of Ghent", "slug": None, "url": None}
    ]
    rows = list(csv.DictReader(io.StringIO((open_data / "projects.csv").read_text())))
    assert [row["slug"] for row in rows] == [project.slug]
    assert rows[0]["programme"] == "amif"
    assert rows[0]["partners"] == "City of Ghent"
    transfers = json.loads((open_data / "transfers.json").read_text())
    assert [item["id"] for item in transfers["items"]] == [transfer.pk]
    rows = list(csv.DictReader(io.StringIO((open_data / "transfers.csv").read_text())))
    assert rows[0]["practice"] == f"http://testserver{transfer.practice.get_absolute_url()}"
    for name in ("projects", "transfers"):
        schema = json.loads((open_data / f"{name}.schema.json").read_text())
        assert all(schema["x-csv"]["columns"].values()), name
        text = (open_data / f"{name}.csv").read_text() + (open_data / f"{name}.json").read_text()
        assert "never exported" not in text


def test_missing_or_unknown_download_is_a_404_problem(open_data, client):
    for name in ("practices.csv", "secrets.csv", "..%2Fsettings.py"):
        response = client.get(f"/api/v1/downloads/{name}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_moderators_regenerate_the_downloads_from_the_admin(open_data, moderator_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    PublishedPracticeFactory()
    home = moderator_client.get("/admin/")
    assert "/admin/open-data/regenerate/" in home.content.decode()
    response = moderator_client.post("/admin/open-data/regenerate/")
    assert response.status_code == 302
    assert (open_data / "practices.json").exists()


def test_members_cannot_regenerate_the_downloads(open_data, member_client):
    response = member_client.post("/admin/open-data/regenerate/")
    assert response.status_code == 302  # to the admin's log-in
    assert not (open_data / "practices.json").exists()
