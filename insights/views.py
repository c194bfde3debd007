"""The map (/map/) and the statistics (/statistics/) pages, and the charts' CSV files."""

import csv

from django.db import OperationalError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_countries import countries
from psycopg.errors import QueryCanceled

from insights import drawing
from insights.series import CHARTS, LAYERS, Figures, charts, layers
from spring_portal import ratelimit
from spring_portal.caching import QueryParams, cache_public_page
from spring_portal.places import regions
from spring_portal.spreadsheets import safe_cell

MAP_PARAMS = QueryParams(
    single={"layer", *(name for item in LAYERS.values() for name in item.params)},
    multiple={name for item in LAYERS.values() for name in item.multiple_params},
)
RETRY_AFTER = 30


def _country_table(places, count_text):
    """The map's equivalent table: countries (most first), each with its regions."""
    known = regions()
    formatted = drawing.number_formatter()
    by_country = {}
    for code, number in places.regions.items():
        region = known.get(code)
        if region is not None:
            by_country.setdefault(region.country, []).append((region, number, formatted(number)))
    rows = []
    for code, number in places.countries.items():
        if not number:
            continue
        region_rows = sorted(by_country.get(code, []), key=lambda r: (-r[1], r[0].name))
        rows.append(
            {
                "code": code,
                "name": countries.name(code) or code,
                "count": number,
                "display": formatted(number),
                "url": places.country_url(code),
                "regions": region_rows,
            }
        )
    return sorted(rows, key=lambda row: (-row["count"], row["name"]))


@cache_public_page(params=MAP_PARAMS)
@require_safe
def map_view(request):
    available = layers()
    current = LAYERS.get(request.GET.get("layer")) or available[0]
    try:
        ratelimit.check_client_rate(request, "lists:uncached")
    except ratelimit.RateLimited as limited:
        return _unavailable(request, limited.message, status=429)
    try:
        with transaction.atomic():
            places = current.places(request)
    except OperationalError as error:
        if not isinstance(error.__cause__, QueryCanceled):
            raise
        return _unavailable(
            request,
            _("This search took too long. Please try again in a moment, or add a filter."),
            status=503,
        )
    shapes, legend = drawing.choropleth(places.countries, current.count_text, places.country_url)
    geometry = drawing.europe()
    located = set(geometry["countries"])
    context = {
        "layers": available,
        "layer": current,
        "places": places,
        "shapes": shapes,
        "legend": legend,
        "map_width": drawing.svg_number(geometry["width"]),
        "map_height": drawing.svg_number(geometry["height"]),
        "table": _country_table(places, current.count_text),
        "off_map": sorted(
            countries.name(code) or code for code in places.countries if code not in located
        ),
        "total_text": current.count_text(places.total or 0),
    }
    return render(request, "insights/map.html", context)


def _unavailable(request, message, status):
    response = render(
        request, "practices/list_unavailable.html", {"message": message}, status=status
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


@cache_public_page
@require_safe
def statistics_view(request):
    shared = Figures()
    figures = []
    for item in charts():
        rows = item.rows(shared)
        figures.append({"chart": item, "rows": rows, "drawing": drawing.bar_chart(rows)})
    return render(request, "insights/statistics.html", {"figures": figures})


@cache_public_page
@require_safe
def chart_csv(request, slug):
    item = CHARTS.get(slug)
    if item is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.csv"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(str(item.category)), safe_cell(str(item.measure))])
    for row in item.rows(Figures()):
        writer.writerow([safe_cell(row.label), row.value])
    return response
