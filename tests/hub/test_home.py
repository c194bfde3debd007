import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from hub.home import home_sections
from hub.models import Call
from tests.hub.factories import CallFactory, DocumentFactory, NewsPostFactory

pytestmark = pytest.mark.django_db


def names(sections):
    return [section["name"] for section in sections]


def fill(count):
    from tests.events.factories import EventFactory
    from tests.practices.factories import PublishedPracticeFactory

    for _ in range(count):
        NewsPostFactory(is_highlight=True)
        NewsPostFactory(is_spotlight=True)
        CallFactory()
        DocumentFactory()
        EventFactory()
        PublishedPracticeFactory()


def render_all(sections):
    return "".join(render_to_string(s["template"], {"section": s}) for s in sections)


def test_home_sections_empty_site_shows_nothing():
    assert names(home_sections()) == []


def test_home_sections_in_newsletter_order_when_all_have_content():
    fill(1)
    assert names(home_sections()) == [
        "highlights",
        "events",
        "calls",
        "practices",
        "documents",
        "spotlight",
        "figures",
    ]


def test_home_sections_leave_out_past_calls_and_plain_news():
    NewsPostFactory(is_highlight=False)
    today = timezone.localdate()
    CallFactory(
        opens_on=today - datetime.timedelta(days=40), closes_on=today - datetime.timedelta(days=1)
    )
    assert "highlights" not in names(home_sections())
    assert "calls" not in names(home_sections())
    assert Call.objects.count() == 1


def test_home_spotlight_is_the_latest_pick():
    NewsPostFactory(
        title="Older pick",
        is_spotlight=True,
        publish_at=timezone.now() - datetime.timedelta(days=2),
    )
    NewsPostFactory(title="Newest pick", is_spotlight=True)
    spotlight = next(s for s in home_sections() if s["name"] == "spotlight")
    assert spotlight["item"].title == "Newest pick"


def test_home_figures_count_the_community():
    fill(2)
    figures = next(s for s in home_sections() if s["name"] == "figures")["figures"]
    assert figures["practices"] == 2
    assert figures["organisations"] >= 2
    assert figures["countries"] == 1


@pytest.mark.parametrize("count", [1, 5])
def test_home_sections_query_count_is_constant(django_assert_num_queries, count):
    fill(count)
    # highlights, events, calls, practices, documents, spotlight, 4 figures
    with django_assert_num_queries(10):
        html = render_all(home_sections())
    assert "In case you missed it" in html


def test_home_page_renders_sections(client):
    fill(1)
    response = client.get("/")
    assert response.status_code == 200
