import csv
import hashlib
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchRank
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Case, F, Func, Prefetch, TextField, Value, When
from django.db.models.functions import Concat, Left
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_safe,
)
from psycopg.errors import QueryCanceled

from hub.models import Call
from practices import selectors, services, spelling
from practices.enums import SortOrder
from practices.facet_index import bits_from_ids, facet_index, ids_from_bits, search_matches
from practices.filters import PracticeFilter, build_filterset, index_facets, selected_values
from practices.forms import PracticeForm, document_formset, image_formset
from practices.models import (
    Practice,
    PracticeDocument,
    PracticeImage,
    facets_version,
)
from spring_portal import machine_translation, ratelimit, search
from spring_portal.author_moves import author_move_view
from spring_portal.caching import QueryParams, cache_public_page, content_version
from spring_portal.content_translations import (
    ContentTranslation,
    attach_reader_translations,
    card_text,
    localize,
    reader_language,
    reader_translations,
    unknown_language_redirect,
)
from spring_portal.decorators import verified_member_required
from spring_portal.licence import licence_data, licence_link_header
from spring_portal.links import absolute_url
from spring_portal.models import StateChange
from spring_portal.moderation import (
    EDITABLE_STATES,
    WAITING_STATES,
    ModerationState,
    TransitionError,
)
from spring_portal.roles import is_moderator
from spring_portal.spreadsheets import safe_cell
from spring_portal.timeouts import statement_timeout

S = ModerationState
PER_PAGE = 20
# Beyond this many matches the list says "more than N" instead of counting them all.
COUNT_CAP = 1000
# Rows per export file; further rows are on ?page=2 and on (Link: rel="next").
EXPORT_PAGE_SIZE = 1000
EXPORT_MAX_PAGE = 10_000
# Relevance ranks at most this many results (the most recent, and exact titles); the
# results past them follow newest first.
RANK_CANDIDATES = 300
# A page is cut from the index's order array when that walk takes at most this many
# steps (stop / density); sparser results are sorted by the database.
WALK_MAX = 40_000
# Characters of summary and description a search snippet is cut from.
SNIPPET_SOURCE_LENGTH = 800
LIST_RETRY_AFTER = 30
LIST_PARAMS = QueryParams.of(PracticeFilter, "page")


# --- access helpers -----------------------------------------------------------------------


def get_practice_for_view(request, slug):
    """A practice the user may see: published, or theirs, or any for moderators; else 404."""
    practice = get_object_or_404(
        Practice.objects.select_related(
            "organisation", "organisation__org_type", "call", "project"
        ),
        slug=slug,
    )
    if not practice.can_view(request.user):
        raise Http404
    return practice


def get_practice_for_author(request, pk):
    """A practice the user authored (or administers): 404 if they may not see it,
    403 for moderators, who see it but change it in the moderation area."""
    practice = get_object_or_404(Practice, pk=pk)
    if not practice.is_author(request.user):
        if is_moderator(request.user):
            raise PermissionDenied(_("Moderators change submissions in the moderation area."))
        raise Http404
    return practice


def get_practice_for_edit(request, pk):
    """A practice the user authored: 404 if they may not see it, 403 if not editable now."""
    practice = get_practice_for_author(request, pk)
    editable_original = practice.state == S.PUBLISHED and not practice.revision_of_id
    if practice.state not in EDITABLE_STATES and not editable_original:
        raise PermissionDenied(
            _("This practice cannot be edited while it is %(state)s.")
            % {"state": practice.get_state_display().lower()}
        )
    return practice


# --- public database ----------------------------------------------------------------------


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows, so a huge result set costs a bounded query;
    or takes the count it is given (the list knows it from the facet index)."""

    def __init__(self, *args, count=None, **kwargs):
        super().__init__(*args, **kwargs)
        if count is not None:
            self.__dict__["count"] = min(count, COUNT_CAP + 1)

    @cached_property
    def count(self):
        return self.object_list[: COUNT_CAP + 1].count()

    @property
    def is_capped(self):
        return self.count > COUNT_CAP


def _filtered(request):
    filterset, params = build_filterset(request.GET, Practice.objects.published())
    query = search.clean_query(params.get("q"))
    sort = params.get("sort") or (SortOrder.RELEVANCE if query else SortOrder.NEWEST)
    if sort == SortOrder.RELEVANCE and not query or sort not in SortOrder.values:
        sort = SortOrder.NEWEST
    return filterset, _ordered(filterset.qs, query, sort), query, sort, params


def _ordered(queryset, query, sort):
    if sort == SortOrder.RELEVANCE:
        # A visitor who types a practice's exact title expects it first.
        exact = Case(When(title__iexact=query, then=Value(1)), default=Value(0))
        if "rank" not in queryset.query.annotations:
            search_query = search.multilingual_query(query, reader_language())
            queryset = queryset.annotate(
                rank=SearchRank(F("search_vector"), search_query, normalization=1)
            )
        return queryset.alias(exact=exact).order_by("-exact", "-rank", "-published_at", "-pk")
    if sort == SortOrder.TITLE:
        return queryset.order_by("title", "pk")
    return queryset.order_by("-published_at", "-pk")


@cache_public_page(params=LIST_PARAMS)
@require_safe
def practice_list(request):
    filterset, queryset, query, sort, params = _filtered(request)
    try:
        ratelimit.check_client_rate(request, "lists:uncached")
        with ratelimit.client_slot(request, "lists:uncached", settings.LIST_CLIENT_CONCURRENCY):
            # Loaded, or once per change built under its own longer timeout: the build
            # reads every published practice and serves all requests and app servers.
            index = facet_index()
            with transaction.atomic(), statement_timeout(settings.LIST_STATEMENT_TIMEOUT_MS):
                context = _list_context(index, filterset, queryset, query, sort, params)
    except ratelimit.RateLimited as limited:
        return _list_unavailable(request, limited.message, status=429)
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return _list_unavailable(
            request,
            _("This search took too long. Please try again in a moment, or add a filter."),
            status=503,
        )
    return render(request, "practices/practice_list.html", context)


def _list_unavailable(request, message, status):
    """The list's friendly refusal: the site layout, a clear message, Retry-After."""
    response = render(
        request, "practices/list_unavailable.html", {"message": message}, status=status
    )
    response["Retry-After"] = str(LIST_RETRY_AFTER)
    return response


def _list_context(index, filterset, queryset, query, sort, params):
    """The page: counts from the facet index, the page's rows from one bounded query."""
    selected = selected_values(filterset)
    language = reader_language()
    matches = search_matches(query, language) if query else None
    corrected_from = ""
    if query and not matches:
        # Nothing found: a small typo in a title word ("integraton")? Search the
        # closest title words instead and say so.
        suggestion = spelling.correct(query)
        if suggestion and suggestion != query:
            corrected_from, query = query, suggestion
            matches = search_matches(query, language)
    results = index.filter(selected, matches)
    total = results.bit_count()
    paginator = CappedPaginator(queryset, PER_PAGE, count=total)
    try:
        page = paginator.page(params.get("page") or 1)
    except InvalidPage:
        page = paginator.page(1)
    practices = []
    if total:
        start, stop = page.start_index() - 1, page.end_index()
        rows = _page_rows(index, queryset, results, total, query, sort, start, stop)
        # A card needs neither the long sections nor the stored vector (~10 kB a row).
        rows = (
            rows.select_related("organisation")
            .defer("search_vector", *Practice.TRANSLATED_SECTIONS)
            .prefetch_related("areas", reader_translations(language))
        )
        if query:
            # The snippet comes from the summary and the description's beginning:
            # ts_headline's cost grows with the text (20 rows: 5 ms whole, ~1.5 ms cut).
            source = Left(
                Concat("summary", Value(" "), "description", output_field=TextField()),
                SNIPPET_SOURCE_LENGTH,
            )
            rows = search.with_headline(rows, source, query, language=language)
        practices = list(rows)
    for practice in practices:
        practice.card = card_text(practice)
        # The snippet quotes the original: not shown over a translated card.
        if not practice.card.translation:
            practice.snippet = search.highlight(getattr(practice, "headline", ""))
    query_without_page = params.copy()
    query_without_page.pop("page", None)
    return {
        "filterset": filterset,
        "facets": _facets(index, results, selected),
        "page_obj": page,
        "paginator": paginator,
        "practices": practices,
        "query": query,
        "corrected_from": corrected_from,
        "sort": sort,
        "sort_choices": [
            (value, label)
            for value, label in SortOrder.choices
            if value != SortOrder.RELEVANCE or query
        ],
        "querystring": query_without_page.urlencode(),
        "export_page_size": EXPORT_PAGE_SIZE,
        "params": query_without_page,
    }


def _page_rows(index, queryset, results, total, query, sort, start, stop):
    """The rows of results[start:stop], in order, from one query that reads only them.

    Newest first or by title, the page's ids are cut in process from the index's
    order arrays (index.page_ids) when the results are dense enough for the walk to
    be short; sparse results are sorted by the database, by id.

    Relevance ranks at most RANK_CANDIDATES results: all of them when there are
    fewer, otherwise the most recent ones plus exact titles; the results past them
    follow newest first. ts_rank reads each candidate's stored vector (~20 us a row:
    5,000 candidates cost 100 ms, 300 cost 6 ms), so a word found in most practices
    costs no more than a rare one, and pages past the ranked head cost no ranking at
    all. The ranked ids are cut to the page in a subquery, so the snippets
    (ts_headline, ~0.2 ms a row) are made for the page's rows only.
    """
    relevance = bool(query) and sort == SortOrder.RELEVANCE
    if not relevance:
        order = "title" if sort == SortOrder.TITLE else "newest"
        return _ordered_page(index, queryset, results, total, order, sort, start, stop)
    if total <= RANK_CANDIDATES:
        candidates = ids_from_bits(results)
    else:
        exact = queryset.filter(title__iexact=query).order_by().values_list("pk", flat=True)
        candidates = list(
            dict.fromkeys(
                [*exact[:PER_PAGE], *index.page_ids("newest", results, 0, RANK_CANDIDATES)]
            )
        )
    head = len(candidates)
    if stop <= head:
        return _in_order(_ranked(candidates, query)[start:stop])
    # Past the ranked head: the other results, newest first.
    head_ids = _ranked(candidates, query)[start:head] if start < head else []
    rest = results & ~bits_from_ids(candidates)
    tail_ids = index.page_ids("newest", rest, max(start - head, 0), stop - head)
    return _in_order([*head_ids, *tail_ids])


def _ranked(candidates, query):
    """The candidates' ids by relevance, kept in the shared cache for the same
    candidates, words and reader's language until practices change (facets_version):
    the next pages of a search, and the same search from other visitors, rank nothing
    (300 candidates: ~8 ms of ts_rank over their stored vectors)."""
    language = reader_language()
    text = f"{facets_version()}|{language}|{query}|{','.join(map(str, candidates))}"
    key = f"practices:ranked:{hashlib.sha256(text.encode()).hexdigest()[:32]}"
    ids = cache.get(key)
    if ids is None:
        queryset = Practice.objects.filter(pk__any_of=candidates)
        ids = list(_ordered(queryset, query, SortOrder.RELEVANCE).values_list("pk", flat=True))
        cache.set(key, ids, RANKED_SECONDS)
    return ids


RANKED_SECONDS = 600


def _in_order(ids):
    """The rows of `ids` in that order (one query, by primary key)."""
    position = Func(Value(ids), F("pk"), function="array_position")
    return Practice.objects.filter(pk__any_of=ids).order_by(position)


def _ordered_page(index, queryset, results, total, order, sort, start, stop):
    """results[start:stop] newest first or by title: cut from the index's order array
    when the walk is short (at most WALK_MAX steps: stop / density), else sorted by
    the database among the result ids."""
    published = len(index.orders.get(order, ()))
    if published and stop * published <= WALK_MAX * total:
        return queryset.filter(pk__any_of=index.page_ids(order, results, start, stop))
    ids = ids_from_bits(results)
    return _ordered(Practice.objects.filter(pk__any_of=ids), "", sort)[start:stop]


def _facets(index, results, selected):
    return index_facets(index, index.count(results), selected)


@cache_public_page(params=QueryParams(single={"lang"}))
@require_safe
def practice_detail(request, slug):
    if redirect_to := unknown_language_redirect(request):
        return redirect_to
    practice = get_practice_for_view(request, slug)
    shown = localize(practice, requested=request.GET.get("lang"))
    is_author = practice.is_author(request.user)
    moderator = is_moderator(request.user)
    context = {
        "practice": practice,
        "is_author": is_author,
        "shown": shown,
        "machine_translation": machine_translation.available() and moderator,
    }
    if practice.is_public and not is_author and not moderator:
        # Every other reader, member or visitor, sees the same body: rendered once per
        # change (content version), language and version shown, then read from the
        # shared cache in one round trip instead of eight queries and the render.
        key = _body_key(practice, shown)
        public = cache.get(key)
        if public is None:
            public = _public_body(request, practice, shown, context)
            cache.set(key, public, BODY_CACHE_SECONDS)
    else:
        public = _public_body(request, practice, shown, context)
    context.update(public)
    return render(request, "practices/practice_detail.html", context)


# The cached body lives as long as the content version it was rendered under.
BODY_CACHE_SECONDS = 3600


def _body_key(practice, shown):
    translation = shown.translation.pk if shown.translation is not None else 0
    return (
        f"practices:body:{practice.pk}:{practice.updated_at.timestamp()}:{get_language()}:"
        f"{shown.language}:{translation}:{content_version()}"
    )


def _public_body(request, practice, shown, context):
    """The page's body (sections, documents, transfers, assessment, key facts, related)
    as HTML, and what the header and the head need from it."""
    areas = list(practice.areas.all())
    assessment = getattr(practice, "assessment", None) if practice.evidence_level else None
    body = {
        **context,
        "areas": areas,
        "target_groups": list(practice.target_groups.all()),
        "funding": list(practice.funding_programmes.all()),
        "images": list(practice.images.all()),
        "documents": list(practice.documents.all()),
        "assessment": assessment,
        # Their cards in the reader's language: one query (issue 17).
        "related": attach_reader_translations(selectors.related(practice)),
        "transfers": selectors.transfers_of(practice) if practice.is_public else [],
    }
    return {
        "body": render_to_string("practices/_practice_body.html", body, request),
        "has_assessment": assessment is not None,
        "schema": _schema(practice, areas, shown),
    }


def _schema(practice, areas, shown):
    """schema.org data for the practice page (rendered by {% structured_data %})."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": shown.title,
        "description": shown.summary,
        "url": absolute_url(practice.get_absolute_url()),
        "dateModified": practice.updated_at,
        "inLanguage": shown.language,
        "keywords": ", ".join(area.name for area in areas),
        "spatialCoverage": [
            {"@type": "Country", "name": country.name} for country in practice.countries
        ],
    }
    if shown.translation is not None:
        data["translationOfWork"] = {"@type": "CreativeWork", "inLanguage": practice.language}
    if practice.published_at:
        data["datePublished"] = practice.published_at
    if practice.organisation_id:
        data["author"] = {"@type": "Organization", "name": practice.organisation.name}
    return data


def practice_document(request, pk):
    document = get_object_or_404(PracticeDocument.objects.select_related("practice"), pk=pk)
    if not document.practice.can_view(request.user):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def practice_image(request, pk):
    image = get_object_or_404(PracticeImage.objects.select_related("practice"), pk=pk)
    if not image.practice.can_view(request.user):
        raise Http404
    content_type = "image/png" if image.image.name.endswith(".png") else "image/jpeg"
    response = FileResponse(image.image.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400" if image.practice.is_public else "private"
    return response


# --- open data ------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "title",
    "url",
    "summary",
    "countries",
    "region",
    "city",
    "geographic_scope",
    "areas",
    "target_groups",
    "funding_programmes",
    "organisation",
    "start_date",
    "end_date",
    "ongoing",
    "evidence_level",
    "website",
    "language",
    "translations",
    "published_at",
    "updated_at",
)


def _export_page(request):
    """One page of EXPORT_PAGE_SIZE practices as export rows, and the next page's number
    (None on the last page)."""
    _filterset, queryset, _query, _sort, params = _filtered(request)
    try:
        number = min(max(int(params.get("page") or 1), 1), EXPORT_MAX_PAGE)
    except ValueError:
        number = 1
    start = (number - 1) * EXPORT_PAGE_SIZE
    practices = list(
        queryset.select_related("organisation").prefetch_related(
            "areas",
            "target_groups",
            "funding_programmes",
            Prefetch(
                "translations",
                queryset=ContentTranslation.objects.published(),
                to_attr="published_translations",
            ),
        )[start : start + EXPORT_PAGE_SIZE + 1]
    )
    next_number = number + 1 if len(practices) > EXPORT_PAGE_SIZE else None
    return [_export_row(p) for p in practices[:EXPORT_PAGE_SIZE]], number, next_number


def _export_row(practice):
    return {
        "title": practice.title,
        "url": absolute_url(practice.get_absolute_url()),
        "summary": practice.summary,
        "countries": [c.code for c in practice.countries],
        "region": practice.region,
        "city": practice.city,
        "geographic_scope": practice.geographic_scope,
        "areas": [t.name for t in practice.areas.all()],
        "target_groups": [t.name for t in practice.target_groups.all()],
        "funding_programmes": [t.name for t in practice.funding_programmes.all()],
        "organisation": practice.organisation.name if practice.organisation_id else "",
        "start_date": practice.start_date.isoformat() if practice.start_date else "",
        "end_date": practice.end_date.isoformat() if practice.end_date else "",
        "ongoing": practice.is_ongoing,
        "evidence_level": practice.evidence_level,
        "website": practice.website,
        "language": practice.language,
        # Each published translation with its own language (issue 17).
        "translations": [
            {
                "language": translation.language,
                "title": translation.title,
                "summary": translation.summary,
                "url": absolute_url(translation.get_absolute_url()),
                "machine_translated": translation.is_machine,
                "outdated": translation.is_outdated,
            }
            for translation in practice.published_translations
        ],
        "published_at": practice.published_at.isoformat() if practice.published_at else "",
        "updated_at": practice.updated_at.isoformat(),
    }


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = number
    return absolute_url(f"{request.path}?{query.urlencode()}")


def _paging_headers(response, request, number, next_number):
    """The bound and the way to the next page, for CSV readers as much as JSON ones."""
    response["X-Export-Page-Size"] = str(EXPORT_PAGE_SIZE)
    response["X-Export-Page"] = str(number)
    links = [licence_link_header()]
    if next_number:
        links.append(f'<{_page_url(request, next_number)}>; rel="next"')
    response["Link"] = ", ".join(links)
    return response


def rate_limited_export(view):
    """At most ratelimit.CLIENT_LIMITS["exports"] downloads an hour per client address,
    cached or not: a 429 with the reason past it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            ratelimit.check_client_rate(request, "exports")
        except ratelimit.RateLimited as exc:
            response = HttpResponse(
                str(exc.message), status=429, content_type="text/plain; charset=utf-8"
            )
            response["Retry-After"] = str(ratelimit.WINDOW)
            return response
        return view(request, *args, **kwargs)

    return wrapper


# Exports are bounded pages, cached like the list until any content changes.


@require_GET
@rate_limited_export
# Not early: every download, cached or not, counts against the client's limit.
@cache_public_page(params=LIST_PARAMS, early=False)
def export_csv(request):
    rows, number, next_number = _export_page(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    writer = csv.writer(response)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        # CSV: the languages of the translations (their texts are in the JSON export).
        row = {**row, "translations": [t["language"] for t in row["translations"]]}
        writer.writerow([safe_cell(row[name]) for name in EXPORT_FIELDS])
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    return _paging_headers(response, request, number, next_number)


@require_GET
@rate_limited_export
# Not early: every download, cached or not, counts against the client's limit.
@cache_public_page(params=LIST_PARAMS, early=False)
def export_json(request):
    rows, number, next_number = _export_page(request)
    response = JsonResponse(
        {
            "license": licence_data(),
            "page": number,
            "page_size": EXPORT_PAGE_SIZE,
            "next": _page_url(request, next_number) if next_number else None,
            "practices": rows,
        }
    )
    response["Content-Disposition"] = 'attachment; filename="practices.json"'
    return _paging_headers(response, request, number, next_number)


# --- submission -------------------------------------------------------------------------------


@verified_member_required
@require_http_methods(["GET", "POST"])
def practice_submit(request):
    practice = Practice(created_by=request.user)
    call_slug = request.GET.get("call")
    if call_slug and request.method == "GET":
        practice.call = (
            Call.objects.open().filter(accepts=Call.Accepts.PRACTICES, slug=call_slug).first()
        )
    return _practice_form(request, practice)


@verified_member_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    practice = get_practice_for_edit(request, pk)
    editable = services.revision_for_edit(practice, request.user)
    if editable.pk != practice.pk:
        messages.info(
            request,
            _(
                "You are editing a new version. The published practice stays visible "
                "until moderators publish your changes."
            ),
        )
        return redirect("practices:edit", pk=editable.pk)
    return _practice_form(request, practice)


def _submission_token(request):
    """The one-time token of a new-practice form: posted back, or fresh for a new form."""
    try:
        return uuid.UUID(request.POST.get("submission_token", ""))
    except ValueError:
        return uuid.uuid4() if request.method == "GET" else None


def _already_saved(request, token):
    """The response to a repeated POST of a form whose practice exists, or None."""
    practice = Practice.objects.filter(created_by=request.user, submission_token=token).first()
    if practice is None:
        return None
    messages.info(request, _("This form was already sent; here is the practice it saved."))
    if practice.state == S.DRAFT:
        return redirect("practices:edit", pk=practice.pk)
    return redirect("practices:mine")


def _practice_form(request, practice):
    token = None if practice.pk else _submission_token(request)
    if token and request.method == "POST":
        if response := _already_saved(request, token):
            return response
        practice.submission_token = token
    if request.method == "POST":
        form = PracticeForm(request.POST, instance=practice, user=request.user)
        images = image_formset(practice, request.POST, request.FILES, uploader=request.user)
        documents = document_formset(practice, request.POST, request.FILES)
        if form.is_valid() and images.is_valid() and documents.is_valid():
            try:
                if not practice.pk:
                    services.check_rate(request.user, "create")
                try:
                    practice = services.save_draft(form, images, documents, request.user)
                except IntegrityError:
                    # A parallel POST of the same form saved it first.
                    if response := token and _already_saved(request, token):
                        return response
                    raise
                if request.POST.get("action") != "submit":
                    messages.success(request, _("Your draft was saved."))
                    return redirect("practices:edit", pk=practice.pk)
                services.submit_for_review(practice, request.user)
            except services.RateLimited as exc:
                form.add_error(None, exc.message)
            except TransitionError as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                for field, errors in services.errors_by_field(exc).items():
                    form.add_error(field if field in form.fields else None, errors)
                form.add_error(
                    None, _("Your draft was saved, but some fields are needed before review.")
                )
            else:
                messages.success(
                    request,
                    _("Thank you. Your practice was submitted; moderators will review it."),
                )
                return redirect("practices:mine")
            # The draft may have been created just now: keep editing that record.
            images = image_formset(practice)
            documents = document_formset(practice)
    else:
        form = PracticeForm(instance=practice, user=request.user)
        images = image_formset(practice)
        documents = document_formset(practice)
    return render(
        request,
        "practices/practice_form.html",
        {
            "form": form,
            "images": images,
            "documents": documents,
            "practice": practice,
            "submission_token": None if practice.pk else token,
            "last_message": practice.history().exclude(message="").first() if practice.pk else None,
        },
    )


@login_required
@require_GET
def my_practices(request):
    practices = list(
        Practice.objects.filter(created_by=request.user)
        # A published revision has been merged into its original: nothing left to follow.
        .exclude(state=S.PUBLISHED, revision_of__isnull=False)
        .select_related("organisation", "revision_of")
        .order_by("-updated_at")
    )
    content_type = ContentType.objects.get_for_model(Practice)
    changes = StateChange.objects.filter(
        content_type=content_type, object_id__in=[p.pk for p in practices]
    ).exclude(message="")
    messages_by_practice = {}
    for change in changes.only("object_id", "created_at", "to_state", "message"):
        messages_by_practice.setdefault(change.object_id, []).append(change)
    for practice in practices:
        practice.public_messages = messages_by_practice.get(practice.pk, [])
        practice.can_edit = practice.state in EDITABLE_STATES or (
            practice.state == S.PUBLISHED and not practice.revision_of_id
        )
        practice.can_withdraw = practice.state in EDITABLE_STATES | WAITING_STATES
    return render(request, "practices/my_practices.html", {"practices": practices})


def _after_author_move(practice, move, done):
    if move == "reopen" and done:
        return reverse("practices:edit", args=[practice.pk])
    return reverse("practices:mine")


practice_withdraw = author_move_view(get_practice_for_author, _after_author_move, move="withdraw")
# A withdrawn practice back to draft, to edit and submit again.
practice_reopen = author_move_view(get_practice_for_author, _after_author_move, move="reopen")
