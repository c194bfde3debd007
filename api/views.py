"""The open data API, version 1 (/api/v1/): read-only JSON over the published records.

Built with django-ninja: the OpenAPI document (/api/v1/openapi.json) is generated
from these operations and the pydantic schemas in api.schemas. Each operation
returns its bytes through api.http.cached_answer (cache, ETag, Last-Modified,
CORS, the client budget); errors are RFC 9457 problem details.
"""

import re

from django.conf import settings
from django.db import OperationalError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError as NinjaValidationError
from psycopg.errors import QueryCanceled

from api import schemas, serializers
from api.http import ApiError, cached_answer, problem, problem_from
from api.paging import keyset_page
from api.practices import practice_page
from events.filters import EventFilter
from events.models import Event
from hub.filters import document_listing
from hub.models import Call, Document, NewsPost
from members.filters import OrganisationFilter
from members.models import Organisation
from practices.enums import TransferStatus
from practices.models import Practice, Project, Transfer
from practices.project_filters import project_listing
from spring_portal.facets import Facet, count_facets
from spring_portal.licence import LICENCE_NAME, LICENCE_URL, licence_data
from spring_portal.links import absolute_url
from spring_portal.timeouts import statement_timeout

DESCRIPTION = f"""Read-only open data of the SPRING community portal: published practices,
events, documents, organisations, news, calls for submissions, funded projects and
transfers of practices (a practice adapted in another place).

* **Licence**: the content is licensed under [{LICENCE_NAME}]({LICENCE_URL}); every answer
  says so in its `license` field and in a `Link: <...>; rel="license"` header. Credit
  "SPRING community portal" and the record's authors. Attached files keep their own terms.
* **Paging**: lists are paged with opaque cursors: follow `next` (or pass `next_cursor` as
  `cursor`). A cursor holds the sort key of the last item, so pages stay stable while content
  changes. With a search (`q`) the practices are ranked; their cursor holds the rank key.
* **Caching**: answers carry `ETag` and `Last-Modified`; send `If-None-Match` or
  `If-Modified-Since` to get `304 Not Modified`. Answers change when any public content does.
* **Limits**: each client address may ask for a number of uncached answers a minute
  (cached answers and 304s are free); past it the answer is `429` with `Retry-After`.
* **Errors** are RFC 9457 problem details (`application/problem+json`).
* **CORS**: any web page may read the answers (GET).
* **Privacy**: only published records; no contact persons, e-mail addresses or member profiles.
* **Bulk downloads and catalogue**: nightly CSV and JSON files with their schema are listed in
  the DCAT-AP catalogue at `/api/v1/catalogue.jsonld`.
"""

ERRORS = {400: schemas.Problem, 404: schemas.Problem, 429: schemas.Problem, 503: schemas.Problem}
LIST_ERRORS = {304: None, **ERRORS}


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Errors are documented as application/problem+json, as they are served."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if str(status).startswith(("4", "5")) and content:
                        response["content"] = {"application/problem+json": content.popitem()[1]}
                    if str(status) == "429":
                        response["headers"] = {
                            "Retry-After": {
                                "description": "Seconds to wait before asking again.",
                                "schema": {"type": "integer"},
                            }
                        }
        schema["info"]["license"] = {"name": LICENCE_NAME, "url": LICENCE_URL}
        schema["servers"] = [{"url": absolute_url("/")}]
        return schema


api = PortalApi(
    title="SPRING open data API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url=None,
)


@api.exception_handler(ApiError)
def _api_error(request, exc):
    return problem_from(exc, request)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc):
    parts = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", [])[1:]) or "request"
        parts.append(f"{where}: {error.get('msg')}")
    details = "; ".join(parts)
    return problem(400, "Invalid request", details, instance=request.get_full_path())


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, "Not found", "No published record has this identifier.", request.path)


# --- shared parameters ----------------------------------------------------------------------

SLUG = Path(..., max_length=255, description="The record's identifier (its `slug`).")
LIMIT = Query(20, ge=1, le=100, description="Items per page (1 to 100).")
CURSOR = Query(
    None, max_length=500, description="Where the page starts: a `next_cursor` from a previous page."
)


def _page_json(page_class, total, facets, items, next_cursor, request):
    next_url = None
    links = []
    if next_cursor:
        query = request.GET.copy()
        query["cursor"] = next_cursor
        next_url = absolute_url(f"{request.path}?{query.urlencode()}")
        links.append(f'<{next_url}>; rel="next"')
    # Built without validation (model_construct): every value comes from our own rows and
    # facet index, and validating ~100 facet values and the items again at every level
    # was a quarter of a list request's CPU. The schema tests check the answers.
    page = page_class.model_construct(
        license=schemas.Licence(**licence_data()),
        count=total,
        next_cursor=next_cursor,
        next=next_url,
        facets=[
            schemas.Facet.model_construct(
                name=f.name,
                label=str(f.label),
                values=[
                    schemas.FacetValue.model_construct(
                        value=v.value, label=str(v.label), count=v.count, selected=v.selected
                    )
                    for v in f.values
                ],
            )
            for f in facets
        ],
        items=items,
    )
    return page.model_dump_json().encode(), links


def _answer(request, build):
    def english():
        with translation.override("en"):
            return build()

    return cached_answer(request, english)


def _detail(request, build):
    return _answer(request, lambda: build().model_dump_json().encode())


# --- practices ------------------------------------------------------------------------------


@api.get(
    "/practices",
    response={200: schemas.PracticePage, **LIST_ERRORS},
    summary="List published practices",
    tags=["practices"],
)
def list_practices(
    request,
    q: str | None = Query(None, max_length=500, description="Full-text search."),
    country: list[str] | None = Query(None, description="ISO country codes (any of)."),
    area: list[str] | None = Query(None, description="Integration area slugs (any of)."),
    group: list[str] | None = Query(None, description="Target group slugs (any of)."),
    funding: list[str] | None = Query(None, description="Funding programme slugs (any of)."),
    org_type: list[str] | None = Query(None, description="Organisation type slugs (any of)."),
    evidence: list[str] | None = Query(None, description="Evidence levels (any of)."),
    status: str | None = Query(None, description="`ongoing` or `ended`."),
    year: list[str] | None = Query(None, description="Start years (any of)."),
    sort: str | None = Query(
        None, description="`newest` (default), `title`, or `relevance` (default with `q`)."
    ),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The same filters, facets and search as the practices page. Unknown filter values
    are ignored, as on the page. Within a facet values widen the result; facets narrow it."""

    def build():
        data = request.GET.copy()
        data.pop("cursor", None)
        data.pop("limit", None)
        try:
            # The HTML list's bound: a statement past it is cancelled, the client told.
            with transaction.atomic(), statement_timeout(settings.LIST_STATEMENT_TIMEOUT_MS):
                total, facets, practices, next_cursor = practice_page(data, cursor, limit)
        except OperationalError as error:
            if not isinstance(error.__cause__, QueryCanceled):
                raise
            raise ApiError(
                503,
                "Search took too long",
                "Please try again in a moment, or add a filter.",
                {"Retry-After": "30"},
            ) from None
        items = [serializers.practice_item(p) for p in practices]
        return _page_json(schemas.PracticePage, total, facets, items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/practices/{slug}",
    response={200: schemas.PracticeDetail, **LIST_ERRORS},
    summary="One published practice",
    tags=["practices"],
)
def get_practice(request, slug: str = SLUG):
    def build():
        practice = get_object_or_404(
            Practice.objects.published()
            .select_related("organisation")
            .prefetch_related("areas", "target_groups", "funding_programmes", "documents"),
            slug=slug,
        )
        return serializers.practice_item(practice, detail=True)

    return _detail(request, build)


# --- events ---------------------------------------------------------------------------------


def _filtered(filterset_class, request, queryset, names):
    """The list's filterset over the request's parameters, forgiving as the pages are:
    a value that does not validate is dropped and the other filters still apply."""
    data = request.GET.copy()
    for key in list(data):
        if key not in names:
            del data[key]
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        for name in filterset.errors:
            data.pop(name, None)
        filterset = filterset_class(data, queryset=queryset)
        filterset.is_valid()
    return filterset.qs


EVENT_FILTERS = {"q", "type", "format", "country", "organiser", "month"}


@api.get(
    "/events",
    response={200: schemas.EventPage, **LIST_ERRORS},
    summary="List published events",
    tags=["events"],
)
def list_events(
    request,
    period: str = Query(
        "upcoming", pattern="^(upcoming|past)$", description="`upcoming` (default) or `past`."
    ),
    q: str | None = Query(None, max_length=200, description="Words in the title or text."),
    type: str | None = Query(None, description="Event type code."),
    format: str | None = Query(None, description="`online`, `in_person` or `hybrid`."),
    country: str | None = Query(None, description="ISO country code of the venue."),
    organiser: str | None = Query(None, max_length=200, description="Part of the organiser."),
    month: str | None = Query(None, description="Events starting in this month (YYYY-MM)."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Upcoming events soonest first, or past events latest first, as on the events pages.
    Unknown filter values are ignored, as on the pages."""

    def build():
        now = timezone.now()
        base = Event.objects.published().select_related("organiser")
        base = base.filter(end__lt=now) if period == "past" else base.filter(end__gte=now)
        qs = _filtered(
            EventFilter, request, base, {"q", "type", "format", "country", "organiser", "month"}
        )
        order = ["-start", "-pk"] if period == "past" else ["start", "pk"]
        total = qs.count()
        events, next_cursor = keyset_page(qs, order, cursor, limit)
        items = [serializers.event_item(e) for e in events]
        return _page_json(schemas.EventPage, total, [], items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/events/{slug}",
    response={200: schemas.EventDetail, **LIST_ERRORS},
    summary="One published event",
    tags=["events"],
)
def get_event(request, slug: str = SLUG):
    def build():
        event = get_object_or_404(Event.objects.published().select_related("organiser"), slug=slug)
        return serializers.event_item(event, detail=True)

    return _detail(request, build)


# --- documents ------------------------------------------------------------------------------


@api.get(
    "/documents",
    response={200: schemas.DocumentPage, **LIST_ERRORS},
    summary="List published documents",
    tags=["documents"],
)
def list_documents(
    request,
    q: str | None = Query(None, max_length=500, description="Full-text search."),
    type: list[str] | None = Query(None, description="Document type codes (any of)."),
    language: list[str] | None = Query(None, description="Language codes (any of)."),
    area: list[str] | None = Query(None, description="Integration area slugs (any of)."),
    group: list[str] | None = Query(None, description="Target group slugs (any of)."),
    year: list[str] | None = Query(None, description="Years of publication (any of)."),
    organisation: list[str] | None = Query(None, description="Publisher slugs (any of)."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The documents library's filters, search and facets; newest first."""

    def build():
        data = request.GET.copy()
        data.pop("cursor", None)
        data.pop("limit", None)
        listing = document_listing(data)
        qs = (
            Document.objects.filter(pk__in=listing.documents.order_by().values("pk"))
            .filter(published_at__isnull=False)
            .select_related("organisation")
            .prefetch_related("areas", "target_groups")
        )
        total = qs.count()
        documents, next_cursor = keyset_page(qs, ["-published_at", "-pk"], cursor, limit)
        items = [serializers.document_item(d) for d in documents]
        return _page_json(schemas.DocumentPage, total, listing.facets, items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/documents/{slug}",
    response={200: schemas.DocumentDetail, **LIST_ERRORS},
    summary="One published document",
    tags=["documents"],
)
def get_document(request, slug: str = SLUG):
    def build():
        document = get_object_or_404(
            Document.objects.published()
            .select_related("organisation")
            .prefetch_related("areas", "target_groups"),
            slug=slug,
        )
        return serializers.document_item(document, detail=True)

    return _detail(request, build)


# --- organisations --------------------------------------------------------------------------


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, **LIST_ERRORS},
    summary="List approved organisations",
    tags=["organisations"],
)
def list_organisations(
    request,
    q: str | None = Query(None, max_length=200, description="Part of the name or acronym."),
    type: str | None = Query(None, description="Organisation type slug."),
    country: str | None = Query(None, description="ISO country code."),
    area: str | None = Query(None, description="Integration area slug."),
    cop: str | None = Query(None, description="`yes` for communities of practice, `no` else."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The organisations directory's filters (unknown values are ignored); by name."""

    def build():
        base = Organisation.objects.approved().select_related("org_type")
        qs = _filtered(OrganisationFilter, request, base, {"q", "type", "country", "area", "cop"})
        qs = (
            Organisation.objects.filter(pk__in=qs.order_by().values("pk"))
            .select_related("org_type")
            .prefetch_related("areas")
        )
        total = qs.count()
        organisations, next_cursor = keyset_page(qs, ["name", "pk"], cursor, limit)
        items = [serializers.organisation_item(o) for o in organisations]
        return _page_json(schemas.OrganisationPage, total, [], items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/organisations/{slug}",
    response={200: schemas.OrganisationDetail, **LIST_ERRORS},
    summary="One approved organisation",
    tags=["organisations"],
)
def get_organisation(request, slug: str = SLUG):
    def build():
        organisation = get_object_or_404(
            Organisation.objects.approved().select_related("org_type").prefetch_related("areas"),
            slug=slug,
        )
        return serializers.organisation_item(organisation, detail=True)

    return _detail(request, build)


# --- news -----------------------------------------------------------------------------------


@api.get(
    "/news",
    response={200: schemas.NewsPage, **LIST_ERRORS},
    summary="List published news",
    tags=["news"],
)
def list_news(
    request,
    tag: str | None = Query(None, max_length=200, description="Integration area slug."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Published news posts, newest first."""

    def build():
        qs = NewsPost.objects.published().prefetch_related("tags")
        if tag:
            qs = qs.filter(tags__slug=tag)
        total = qs.count()
        posts, next_cursor = keyset_page(qs, ["-publish_at", "-pk"], cursor, limit)
        items = [serializers.news_item(n) for n in posts]
        return _page_json(schemas.NewsPage, total, [], items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/news/{slug}",
    response={200: schemas.NewsDetail, **LIST_ERRORS},
    summary="One published news post",
    tags=["news"],
)
def get_news(request, slug: str = SLUG):
    def build():
        post = get_object_or_404(NewsPost.objects.published().prefetch_related("tags"), slug=slug)
        return serializers.news_item(post, detail=True)

    return _detail(request, build)


# --- calls ----------------------------------------------------------------------------------


@api.get(
    "/calls",
    response={200: schemas.CallPage, **LIST_ERRORS},
    summary="List calls for submissions",
    tags=["calls"],
)
def list_calls(
    request,
    status: str | None = Query(
        None, pattern="^(open|upcoming|past)$", description="`open`, `upcoming` or `past`."
    ),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Published calls, latest opening first."""

    def build():
        qs = {
            "open": Call.objects.open(),
            "upcoming": Call.objects.upcoming(),
            "past": Call.objects.past(),
        }.get(status or "", Call.objects.visible())
        total = qs.count()
        calls, next_cursor = keyset_page(qs, ["-opens_on", "-pk"], cursor, limit)
        items = [serializers.call_item(c) for c in calls]
        return _page_json(schemas.CallPage, total, [], items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/calls/{slug}",
    response={200: schemas.CallDetail, **LIST_ERRORS},
    summary="One call for submissions",
    tags=["calls"],
)
def get_call(request, slug: str = SLUG):
    def build():
        return serializers.call_item(get_object_or_404(Call.objects.visible(), slug=slug), True)

    return _detail(request, build)


# --- projects -------------------------------------------------------------------------------


@api.get(
    "/projects",
    response={200: schemas.ProjectPage, **LIST_ERRORS},
    summary="List published projects",
    tags=["projects"],
)
def list_projects(
    request,
    q: str | None = Query(None, max_length=500, description="Full-text search."),
    programme: list[str] | None = Query(None, description="Funding programme slugs (any of)."),
    country: list[str] | None = Query(None, description="ISO country codes (any of)."),
    area: list[str] | None = Query(None, description="Integration area slugs (any of)."),
    year: list[str] | None = Query(None, description="Start years (any of)."),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """The projects page's filters, search and facets; latest published first. Unknown
    filter values are ignored, as on the page."""

    def build():
        data = request.GET.copy()
        data.pop("cursor", None)
        data.pop("limit", None)
        listing = project_listing(data)
        qs = (
            Project.objects.filter(pk__in=listing.projects.order_by().values("pk"))
            .filter(published_at__isnull=False)
            .select_related("programme", "coordinator")
            .prefetch_related("areas")
        )
        total = qs.count()
        projects, next_cursor = keyset_page(qs, ["-published_at", "-pk"], cursor, limit)
        items = [serializers.project_item(p) for p in projects]
        return _page_json(schemas.ProjectPage, total, listing.facets, items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/projects/{slug}",
    response={200: schemas.ProjectDetail, **LIST_ERRORS},
    summary="One published project",
    tags=["projects"],
)
def get_project(request, slug: str = SLUG):
    def build():
        project = get_object_or_404(Project.objects.published().with_outputs(), slug=slug)
        return serializers.project_item(project, detail=True)

    return _detail(request, build)


# --- transfers ------------------------------------------------------------------------------

TRANSFER_FACETS = [
    Facet("country", _("Country"), "country", choices=lambda: dict(countries)),
    Facet("status", _("Status"), "status", choices=TransferStatus.choices),
]


SLUG_VALUE = re.compile(r"^[-\w]{1,255}$")
COUNTRY_VALUE = re.compile(r"^[A-Za-z]{2}$")


def _matching(values, pattern):
    return [value for value in values if pattern.match(value)]


def _published_transfers():
    """Published transfers of published practices, with what an item shows."""
    return (
        Transfer.objects.published()
        .filter(published_at__isnull=False)
        .select_related("practice", "organisation")
    )


@api.get(
    "/transfers",
    response={200: schemas.TransferPage, **LIST_ERRORS},
    summary="List published transfers of practices",
    tags=["transfers"],
)
def list_transfers(
    request,
    practice: list[str] | None = Query(None, description="Slugs of the practices (any of)."),
    country: list[str] | None = Query(
        None, description="ISO country codes of the places they are adapted in (any of)."
    ),
    status: list[str] | None = Query(
        None, description="`planned`, `running` or `completed` (any of)."
    ),
    organisation: list[str] | None = Query(
        None, description="Slugs of the organisations adapting them (any of)."
    ),
    cursor: str | None = CURSOR,
    limit: int = LIMIT,
):
    """Practices adapted in other places, as their practices' pages show them; latest
    published first. Filters narrow the result; within one, values widen it."""

    def build():
        qs = _published_transfers()
        # A value no record can carry matches nothing (and never reaches the database
        # as a string it would refuse, such as one with a NUL).
        if practice:
            qs = qs.filter(practice__slug__in=_matching(practice, SLUG_VALUE))
        if country:
            qs = qs.filter(country__in=[c.upper() for c in _matching(country, COUNTRY_VALUE)])
        if status:
            qs = qs.filter(status__in=[s for s in status if s in TransferStatus.values])
        if organisation:
            # Only organisations whose page is public are named, so only they filter.
            qs = qs.filter(
                organisation__slug__in=_matching(organisation, SLUG_VALUE),
                organisation__in=Organisation.objects.approved(),
            )
        facets = count_facets(qs, TRANSFER_FACETS, request.GET)
        total = qs.count()
        transfers, next_cursor = keyset_page(qs, ["-published_at", "-pk"], cursor, limit)
        items = [serializers.transfer_item(t) for t in transfers]
        return _page_json(schemas.TransferPage, total, facets, items, next_cursor, request)

    return _answer(request, build)


@api.get(
    "/transfers/{transfer_id}",
    response={200: schemas.TransferDetail, **LIST_ERRORS},
    summary="One published transfer of a practice",
    tags=["transfers"],
)
def get_transfer(
    request,
    transfer_id: int = Path(
        ..., ge=1, le=2**63 - 1, description="The transfer's identifier (its `id`)."
    ),
):
    def build():
        transfer = get_object_or_404(_published_transfers(), pk=transfer_id)
        return serializers.transfer_item(transfer, detail=True)

    return _detail(request, build)


def not_found(request, rest=""):
    """Any other address under /api/v1/: a problem, not the site's HTML page."""
    return problem(404, "Not found", "No such API endpoint.", request.path)
