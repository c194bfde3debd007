"""Bulk downloads: every published record of each dataset as a CSV and a JSON file,
with a JSON Schema describing both, written by `manage.py export_open_data`
(nightly from cron, or on demand by a moderator from the admin) into
settings.OPEN_DATA_ROOT and served as files under /api/v1/downloads/ (never rendered
per request; nginx may serve the folder directly).

The rows are the API's detail items (api.serializers), so the files, the API and
their documentation describe the same fields.
"""

import csv
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from pydantic import BaseModel

from api import schemas, serializers
from spring_portal.licence import licence_data
from spring_portal.links import absolute_url
from spring_portal.spreadsheets import safe_cell

FORMATS = ("csv", "json")
CHUNK = 500


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    keywords: tuple
    page: str
    feed: str | None
    schema: type
    serialize: object

    def records(self):
        from events.models import Event
        from hub.models import Call, Document, NewsPost
        from members.models import Organisation
        from practices.models import Practice, Project, Transfer

        querysets = {
            "practices": lambda: (
                Practice.objects.published()
                .select_related("organisation")
                .prefetch_related("areas", "target_groups", "funding_programmes", "documents")
                .order_by("pk")
            ),
            "events": lambda: Event.objects.published().select_related("organiser").order_by("pk"),
            "documents": lambda: (
                Document.objects.published()
                .select_related("organisation")
                .prefetch_related("areas", "target_groups")
                .order_by("pk")
            ),
            "organisations": lambda: (
                Organisation.objects.approved()
                .select_related("org_type")
                .prefetch_related("areas")
                .order_by("pk")
            ),
            "news": lambda: NewsPost.objects.published().prefetch_related("tags").order_by("pk"),
            "calls": lambda: Call.objects.visible().order_by("pk"),
            "projects": lambda: Project.objects.published().with_outputs().order_by("pk"),
            "transfers": lambda: (
                Transfer.objects.published()
                .select_related("practice", "organisation")
                .order_by("pk")
            ),
        }
        return querysets[self.name]().iterator(chunk_size=CHUNK)


DATASETS = (
    Dataset(
        "practices",
        "Practices of migrant integration",
        "Published best and promising practices of migrant integration in Europe: "
        "goals, method, countries, integration areas, target groups, funding, results, "
        "evaluation and evidence level.",
        ("migrant integration", "best practices", "refugees"),
        "practices:list",
        "practices:feed",
        schemas.PracticeDetail,
        lambda r: serializers.practice_item(r, detail=True),
    ),
    Dataset(
        "events",
        "Events on migrant integration",
        "Published conferences, webinars, workshops, trainings and network meetings.",
        ("migrant integration", "events"),
        "events:list",
        None,
        schemas.EventDetail,
        lambda r: serializers.event_item(r, detail=True),
    ),
    Dataset(
        "documents",
        "Documents library",
        "Reports, toolkits, studies, policy briefs and guidelines on migrant integration.",
        ("migrant integration", "reports", "toolkits"),
        "hub:document_list",
        "hub:document_feed",
        schemas.DocumentDetail,
        lambda r: serializers.document_item(r, detail=True),
    ),
    Dataset(
        "organisations",
        "Organisations and communities of practice",
        "Approved organisations and communities of practice working on migrant integration.",
        ("migrant integration", "organisations", "communities of practice"),
        "members:organisation_list",
        None,
        schemas.OrganisationDetail,
        lambda r: serializers.organisation_item(r, detail=True),
    ),
    Dataset(
        "news",
        "News",
        "News posts of the SPRING portal about migrant integration in Europe.",
        ("migrant integration", "news"),
        "hub:news_list",
        "hub:news_feed",
        schemas.NewsDetail,
        lambda r: serializers.news_item(r, detail=True),
    ),
    Dataset(
        "calls",
        "Calls for submissions",
        "Calls for practices, events and documents published on the portal.",
        ("calls for submissions",),
        "hub:call_list",
        None,
        schemas.CallDetail,
        lambda r: serializers.call_item(r, detail=True),
    ),
    Dataset(
        "projects",
        "Funded projects on migrant integration",
        "Published AMIF, ESF+, Horizon, Erasmus+ and other funded projects: programme, "
        "reference, years, coordinator and partners, countries, integration areas, results "
        "and the practices, documents and events they produced.",
        ("migrant integration", "funded projects", "AMIF"),
        "projects:list",
        None,
        schemas.ProjectDetail,
        lambda r: serializers.project_item(r, detail=True),
    ),
    Dataset(
        "transfers",
        "Transfers of practices",
        "Published practices adapted in other places: the practice, the place (country, "
        "NUTS 2 region, city), the organisation adapting it, dates, status, what was changed "
        "and the results.",
        ("migrant integration", "best practices", "transfer"),
        "insights:map",
        None,
        schemas.TransferDetail,
        lambda r: serializers.transfer_item(r, detail=True),
    ),
)
BY_NAME = {d.name: d for d in DATASETS}


def download_url(name, fmt):
    return absolute_url(f"/api/v1/downloads/{name}.{fmt}")


def schema_url(name):
    return absolute_url(f"/api/v1/downloads/{name}.schema.json")


def root() -> Path:
    return Path(settings.OPEN_DATA_ROOT)


# --- CSV cells ------------------------------------------------------------------------------


def csv_columns(schema) -> list[str]:
    return [name for name in schema.model_fields if name != "license"]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, schemas.Term):
        return value.slug
    if isinstance(value, schemas.OrganisationRef | schemas.PartyRef):
        return value.name
    if isinstance(value, schemas.LinkedRecord):
        return value.url
    if isinstance(value, schemas.FileLink):
        return value.url
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def file_schema(dataset: Dataset) -> dict:
    """The stated schema of both files: the JSON file's JSON Schema, and the CSV columns."""
    item = dataset.schema.model_json_schema()
    columns = {}
    for name in csv_columns(dataset.schema):
        field = dataset.schema.model_fields[name]
        columns[name] = field.description or ""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url(dataset.name),
        "title": f"{dataset.title} (bulk download)",
        "description": dataset.description,
        "license": licence_data(),
        "type": "object",
        "required": ["license", "generated_at", "dataset", "items"],
        "properties": {
            "license": {"type": "object", "description": "Licence of the content."},
            "generated_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the file was written.",
            },
            "dataset": {"type": "string", "description": "Name of the dataset."},
            "items": {"type": "array", "items": item, "description": "Every published record."},
        },
        "x-csv": {
            "description": (
                "The CSV file has one row per record and these columns, in this order. "
                "Lists are joined with '; ' (taxonomy terms by slug), an organisation is "
                "given by its name, documents and linked records by their addresses. Cells "
                "that a spreadsheet would run as a formula start with an apostrophe."
            ),
            "columns": columns,
        },
    }


class _AtomicFile:
    """A file written under a temporary name and renamed into place when complete, so
    readers never see half a download."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, self.temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        self.file = os.fdopen(handle, "w", encoding="utf-8", newline="")

    def commit(self):
        self.file.close()
        os.chmod(self.temporary, 0o644)
        os.replace(self.temporary, self.path)

    def discard(self):
        self.file.close()
        Path(self.temporary).unlink(missing_ok=True)


def export_dataset(dataset: Dataset, directory: Path | None = None) -> int:
    """Write the dataset's CSV, JSON and schema files in one pass over the records
    (streamed: a million practices never sit in memory); returns the record count."""
    directory = directory or root()
    generated_at = timezone.now().isoformat()
    columns = csv_columns(dataset.schema)
    files = [
        _AtomicFile(directory / f"{dataset.name}.csv"),
        _AtomicFile(directory / f"{dataset.name}.json"),
        _AtomicFile(directory / f"{dataset.name}.schema.json"),
    ]
    csv_file, json_file, schema_file = (f.file for f in files)
    count = 0
    try:
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        json_file.write('{"license": ' + json.dumps(licence_data()))
        json_file.write(f', "generated_at": {json.dumps(generated_at)}')
        json_file.write(f', "dataset": {json.dumps(dataset.name)}, "items": [')
        with translation.override("en"):
            for record in dataset.records():
                item = dataset.serialize(record)
                writer.writerow([safe_cell(_cell(getattr(item, name))) for name in columns])
                json_file.write((", " if count else "") + item.model_dump_json())
                count += 1
        json_file.write("]}\n")
        json.dump(file_schema(dataset), schema_file, indent=2, cls=DjangoJSONEncoder)
    except BaseException:
        for f in files:
            f.discard()
        raise
    for f in files:
        f.commit()
    return count


def export_all(directory: Path | None = None) -> dict[str, int]:
    return {dataset.name: export_dataset(dataset, directory) for dataset in DATASETS}
