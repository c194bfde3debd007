"""Schema-driven tests: Schemathesis reads the API's own OpenAPI document, generates
requests for every operation (hostile strings, lists, numbers at the bounds) and
checks each answer: never a 5xx, a documented status, media type and headers, and
a body that the documented schema accepts."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from spring_portal.wsgi import application
from tests.practices.factories import PublishedProjectFactory, PublishedTransferFactory
from tests.security.world import build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

BOUNDED = hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(db, settings):
    # Every generated request is answered, not refused by the per-client budget.
    settings.API_CLIENT_BUDGET = 0
    # As Django's test client does: requests run inside the test's transaction, so the
    # handler must not close the connection at their start and end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield build_world()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# No 5xx, and every answer as documented: status, media type, headers and body. (Not
# Schemathesis's negative-data check: on the wire every query value is a string, so
# "false" for a list of strings is valid input, not the boolean it generated.)
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@BOUNDED
def test_api_answers_conform_to_the_schema(case, world):
    checks = list(CONFORMANCE)
    # A cursor is opaque: any string fits its schema, but only the API's own cursors
    # are accepted (others are a 400 problem), so generated ones are not "valid data".
    if not (case.query or {}).get("cursor"):
        checks.append(positive_data_acceptance)
    case.call_and_validate(checks=checks)


DETAILS = {
    "/api/v1/practices/{slug}": "practice",
    "/api/v1/events/{slug}": "event",
    "/api/v1/documents/{slug}": "document",
    "/api/v1/organisations/{slug}": "org",
    "/api/v1/news/{slug}": "news",
    "/api/v1/calls/{slug}": "call",
    "/api/v1/projects/{slug}": "project",
}


@pytest.mark.parametrize("path", list(DETAILS))
def test_real_records_conform_to_the_schema(world, path):
    record = getattr(world, DETAILS[path])
    case = schema[path]["GET"].Case(path_parameters={"slug": record.slug})
    response = case.call_and_validate()
    assert response.status_code == 200


def test_a_real_transfer_conforms_to_the_schema(world):
    case = schema["/api/v1/transfers/{transfer_id}"]["GET"].Case(
        path_parameters={"transfer_id": world.transfer.pk}
    )
    assert case.call_and_validate().status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices",
        "/api/v1/documents",
        "/api/v1/events",
        "/api/v1/projects",
        "/api/v1/transfers",
    ],
)
def test_second_pages_conform_to_the_schema(world, path):
    # A second project and transfer, so that their lists have a second page.
    PublishedProjectFactory()
    PublishedTransferFactory(practice=world.practice)
    first = schema[path]["GET"].Case(query={"limit": 1}).call_and_validate()
    cursor = first.json()["next_cursor"]
    if cursor:
        query = {"limit": 1, "cursor": cursor}
        assert schema[path]["GET"].Case(query=query).call_and_validate().status_code == 200
