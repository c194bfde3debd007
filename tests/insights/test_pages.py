import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights import drawing, series
from insights.series import Row
from members.enums import OrganisationState
from spring_portal.moderation import ModerationState
from tests.events.factories import EventFactory, PastEventFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.practices.factories import (
    PracticeFactory,
    PublishedPracticeFactory,
    PublishedTransferFactory,
)

MAP_URL = reverse("insights:map")
STATS_URL = reverse("insights:statistics")


def _events(**kwargs):
    return EventFactory(
        country="BE", region="BE10", city="Brussels", online_url="", format="in_person", **kwargs
    )


@pytest.mark.django_db
def test_map_counts_published_practices_by_country_and_region(client):
    PublishedPracticeFactory(countries=["BE"], region="BE10")
    PublishedPracticeFactory(countries=["BE", "FR"], region="")
    PracticeFactory(countries=["DE"])  # a draft: not on the map
    response = client.get(MAP_URL)
    assert response.status_code == 200
    places = response.context["places"]
    assert places.countries == {"BE": 2, "FR": 1}
    assert places.regions == {"BE10": 1}
    assert places.total == 2
    table = {row["code"]: row for row in response.context["table"]}
    assert table["BE"]["count"] == 2
    assert [(region.code, n) for region, n, _shown in table["BE"]["regions"]] == [("BE10", 1)]
    assert "DE" not in table


@pytest.mark.django_db
def test_map_shapes_link_to_the_filtered_list(client):
    PublishedPracticeFactory(countries=["BE"], evidence_level="promising")
    PublishedPracticeFactory(countries=["FR"], evidence_level="")
    response = client.get(MAP_URL, {"evidence": "promising"})
    html = response.content.decode()
    assert response.context["places"].countries == {"BE": 1}
    assert 'href="/practices/?evidence=promising&amp;country=BE"' in html
    assert 'aria-label="Belgium: 1 practice"' in html
    # France has no practice for this filter: a shape, but not a link.
    france = next(shape for shape in response.context["shapes"] if shape.code == "FR")
    assert france.url is None


@pytest.mark.django_db
def test_map_search_uses_the_lists_search(client):
    PublishedPracticeFactory(countries=["BE"], title="Belgium: Buddy programme – NGO")
    PublishedPracticeFactory(countries=["FR"], title="France: Language cafe – NGO")
    response = client.get(MAP_URL, {"q": "buddy"})
    assert response.context["places"].countries == {"BE": 1}


@pytest.mark.django_db
def test_map_ignores_bad_filter_values(client):
    PublishedPracticeFactory(countries=["BE"])
    response = client.get(MAP_URL, {"country": "XX", "year": "abc"})
    assert response.status_code == 200
    assert response.context["places"].countries == {"BE": 1}


@pytest.mark.django_db
def test_map_unknown_layer_shows_practices(client):
    response = client.get(MAP_URL, {"layer": "nope"})
    assert response.status_code == 200
    assert response.context["layer"].slug == "practices"


@pytest.mark.django_db
def test_map_events_layer_counts_upcoming_or_past_events(client):
    _events()
    _events()
    PastEventFactory(country="FR", online_url="", format="in_person")
    EventFactory(country="NL", state=ModerationState.DRAFT)
    upcoming = client.get(MAP_URL, {"layer": "events"})
    assert upcoming.context["places"].countries == {"BE": 2}
    assert upcoming.context["places"].regions == {"BE10": 2}
    assert 'href="/events/?country=BE"' in upcoming.content.decode()
    past = client.get(MAP_URL, {"layer": "events", "period": "past"})
    assert past.context["places"].countries == {"FR": 1}
    assert 'href="/events/past/?country=FR"' in past.content.decode()


def _queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_map_runs_a_constant_number_of_queries(client):
    PublishedPracticeFactory(countries=["BE"])
    client.get(MAP_URL)  # the facet index is built once per change
    one = _queries(client, MAP_URL, {"area": "language-learning"})
    for code in ("FR", "DE", "IT", "ES", "PL"):
        PublishedPracticeFactory(countries=[code], region="")
    client.get(MAP_URL)
    assert _queries(client, MAP_URL, {"area": "language-learning"}) == one
    assert one <= 4  # savepoints, the filter form's area slugs; no counting query


@pytest.mark.django_db
def test_statistics_runs_a_constant_number_of_queries(client):
    PublishedPracticeFactory(countries=["BE"])
    PastEventFactory(participants_count=3)
    client.get(STATS_URL)
    one = _queries(client, STATS_URL, {})
    for code in ("FR", "DE", "IT"):
        PublishedPracticeFactory(countries=[code])
        PastEventFactory(participants_count=5, country=code)
        OrganisationFactory(country=code, state=OrganisationState.APPROVED)
    client.get(STATS_URL)
    assert _queries(client, STATS_URL, {}) == one


def test_classes_cover_every_count():
    ranges = drawing.classes(37)
    assert ranges[0][0] == 1
    assert ranges[-1][1] == 37
    assert len(ranges) <= drawing.CLASSES
    assert drawing.class_of(0, ranges) == 0
    assert drawing.class_of(37, ranges) == len(ranges)
    assert drawing.classes(0) == []
    assert drawing.classes(1) == [(1, 1)]


def test_map_outlines_cover_europe():
    shapes = drawing.europe()["countries"]
    for code in ("PT", "IS", "FI", "CY", "MT", "GR", "IE", "LU"):
        assert shapes[code].startswith("M")


@pytest.mark.django_db
def test_statistics_page_shows_every_registered_chart(client):
    practice = PublishedPracticeFactory(countries=["BE"], evidence_level="promising")
    PastEventFactory(participants_count=40)
    UserFactory(country="PT")
    OrganisationFactory(country="NL", state=OrganisationState.APPROVED)
    PublishedTransferFactory(practice=practice, start_date=datetime.date(2024, 5, 1))
    response = client.get(STATS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for chart in series.charts():
        assert f'id="chart-{chart.slug}-heading"' in html
        assert reverse("insights:chart_csv", args=[chart.slug]) in html
    figures = {f["chart"].slug: f["rows"] for f in response.context["figures"]}
    assert Row("BE", "Belgium", 1) in figures["practices-by-country"]
    assert Row("PT", "Portugal", 1) in figures["members-by-country"]
    assert Row("NL", "Netherlands", 1) in figures["organisations-by-country"]
    assert sum(row.value for row in figures["participants-by-year"]) == 40
    assert Row("2024", "2024", 1) in figures["transfers-by-year"]
    assert 'role="img"' in html


@pytest.mark.django_db
def test_statistics_charts_only_count_public_records(client):
    PracticeFactory(countries=["BE"])
    EventFactory(state=ModerationState.DRAFT, country="BE")
    OrganisationFactory(country="NL", state=OrganisationState.PENDING)
    figures = {f["chart"].slug: f["rows"] for f in client.get(STATS_URL).context["figures"]}
    assert figures["practices-by-country"] == []
    assert figures["events-by-year"] == []
    assert "NL" not in [row.key for row in figures["organisations-by-country"]]


@pytest.mark.django_db
def test_chart_csv_has_the_chart_rows_made_safe(client):
    OrganisationFactory(country="BE", state=OrganisationState.APPROVED)
    PublishedPracticeFactory(countries=["BE"])
    response = client.get(reverse("insights:chart_csv", args=["practices-by-country"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["Country", "Practices"], ["Belgium", "1"]]


def test_chart_csv_cells_cannot_start_a_formula(monkeypatch, client, db):
    monkeypatch.setitem(
        series.CHARTS,
        "evil",
        series.Chart(
            "evil", "Evil", "", "Name", "Count", lambda figures: [Row("x", "=cmd()", 1)], 1
        ),
    )
    rows = list(csv.reader(io.StringIO(client.get("/statistics/evil.csv").content.decode())))
    assert rows[1][0] != "=cmd()"


@pytest.mark.django_db
def test_chart_csv_unknown_chart_is_404(client):
    assert client.get("/statistics/nothing.csv").status_code == 404


def test_bar_chart_scales_to_the_largest_value():
    picture = drawing.bar_chart([Row("a", "A", 10), Row("b", "B" * 80, 5), Row("c", "C", 0)])
    widths = [float(bar.width) for bar in picture["bars"]]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0
    assert picture["bars"][1].short_label.endswith("…")
    assert len(picture["bars"][1].short_label) == drawing.LABEL_CHARS


@pytest.mark.django_db
def test_svg_coordinates_are_not_localised_in_german(client):
    for year in (2019, 2020, 2021):
        PublishedPracticeFactory(countries=["DE"], start_date=f"{year}-03-01")
    PublishedPracticeFactory(countries=["AT"], start_date="2021-05-01")
    html = client.get("/de/statistics/").content.decode()
    assert 'y="8"' in html
    assert re.search(r'width="\d+\.\d"', html)  # a fraction, with a point
    assert not re.search(r'(width|x|y)="\d+,\d', html)
    map_html = client.get("/de/map/").content.decode()
    assert 'viewBox="0 0 1020 1048"' in map_html
