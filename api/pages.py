"""The API's documents and pages outside the operations: the OpenAPI document, the
DCAT-AP catalogue, the documentation page, the bulk download files, and the
moderators' "regenerate the downloads" button."""

import json
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from api import downloads, http
from api.catalogue import catalogue
from api.views import api
from spring_portal.caching import cache_public_page
from spring_portal.licence import LICENCE_NAME, LICENCE_URL, licence_data, licence_link_header
from spring_portal.links import absolute_url
from spring_portal.roles import is_moderator


@require_safe
def index(request):
    """/api/v1/: where everything is (the API's entry point for a client or a person)."""

    def build():
        links = {
            "documentation": absolute_url(reverse("api-docs")),
            "openapi": absolute_url(reverse("api-openapi")),
            "catalogue": absolute_url(reverse("api-catalogue")),
            **{d.name: absolute_url(f"/api/v1/{d.name}") for d in downloads.DATASETS},
        }
        body = {"title": api.title, "version": api.version, "license": licence_data(), **links}
        return json.dumps(body).encode()

    return http.cached_answer(request, build)


@require_safe
def openapi_document(request):
    return http.cached_answer(
        request,
        lambda: json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder).encode(),
    )


@require_safe
def catalogue_document(request):
    return http.cached_answer(
        request,
        lambda: json.dumps(catalogue(), indent=1).encode(),
        content_type="application/ld+json",
    )


DOWNLOAD_NAME = re.compile(r"^(?P<name>[a-z]+)\.(?P<kind>csv|json|schema\.json)$")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "schema.json": "application/schema+json",
}


@require_safe
def download(request, filename):
    """A bulk download file as written by export_open_data (a file, not a rendering)."""
    match = DOWNLOAD_NAME.match(filename)
    if not match or match["name"] not in downloads.BY_NAME:
        return http.problem(404, "Not found", "No such download.", request.path)
    path = downloads.root() / filename
    if not path.is_file():
        return http.problem(
            404, "Not found", "This download has not been generated yet.", request.path
        )
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[match["kind"]])
    for name, value in http.CORS_HEADERS.items():
        response[name] = value
    response["Link"] = licence_link_header()
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _schema_rows(schema, definitions, depth=0):
    """(name, type, description, required, nested rows) for an object schema."""
    rows = []
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        resolved, kind = _resolve(prop, definitions)
        nested = []
        if depth < 3:
            target = resolved
            if resolved.get("type") == "array":
                target, _kind = _resolve(resolved.get("items", {}), definitions)
            if target.get("properties"):
                nested = _schema_rows(target, definitions, depth + 1)
        rows.append(
            {
                "name": name,
                "type": kind,
                "description": prop.get("description") or resolved.get("description", ""),
                "required": name in required,
                "fields": nested,
            }
        )
    return rows


def _resolve(prop, definitions):
    """The schema a property stands for (following $ref and nullable anyOf) and a type label."""
    nullable = False
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = len(options) < len(prop["anyOf"])
        prop = {**prop, **(options[0] if options else {})}
        prop.pop("anyOf", None)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        resolved = definitions.get(name, {})
        kind = name
    else:
        resolved = prop
        kind = prop.get("type", "any")
        if kind == "array":
            item, item_kind = _resolve(prop.get("items", {}), definitions)
            kind = f"array of {item_kind}"
        elif prop.get("format"):
            kind = f"{kind} ({prop['format']})"
    return resolved, f"{kind} or null" if nullable else kind


def _operations(schema):
    definitions = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            parameters = []
            for parameter in operation.get("parameters", []):
                _resolved, kind = _resolve(parameter.get("schema", {}), definitions)
                parameters.append(
                    {
                        "name": parameter["name"],
                        "in": parameter["in"],
                        "type": kind,
                        "required": parameter.get("required", False),
                        "description": parameter.get("description")
                        or parameter.get("schema", {}).get("description", ""),
                    }
                )
            responses = []
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                media, body = next(iter(content.items()), (None, {}))
                ref = body.get("schema", {}).get("$ref", "") if body else ""
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "media": media,
                        "schema": ref.rsplit("/", 1)[-1] if ref else "",
                    }
                )
            operations.append(
                {
                    "id": operation.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": "/api/v1" + path if not path.startswith("/api/") else path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return operations


@cache_public_page
@require_safe
def documentation(request):
    """The API reference, rendered on the server from the OpenAPI document (no
    third-party script; the strict CSP stays as it is)."""
    schema = api.get_openapi_schema()
    definitions = schema.get("components", {}).get("schemas", {})
    context = {
        "info": schema["info"],
        "operations": _operations(schema),
        "schemas": [
            {
                "name": name,
                "description": s.get("description", ""),
                "fields": _schema_rows(s, definitions),
            }
            for name, s in sorted(definitions.items())
        ],
        "datasets": downloads.DATASETS,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
    }
    return render(request, "api/documentation.html", context)


@require_POST
def regenerate_downloads(request):
    """Moderators: write the bulk downloads again now (in the task worker)."""
    if not is_moderator(request.user):
        raise PermissionDenied
    from api.tasks import export_open_data

    export_open_data.enqueue()
    messages.success(
        request,
        _("The open data downloads are being regenerated; they are ready in a few minutes."),
    )
    return HttpResponseRedirect(reverse("admin:index"))
