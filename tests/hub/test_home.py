import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from hub.home import home_sections
from hub.models import Call
from members.models import User
from tests.factories import OrganisationFactory, UserFactory
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
    # highlights, events, calls, practices, documents, spotlight, 3 figures; the rows are
    # English as the reader: no translation to read (a French reader's one more query:
    # tests/spring_portal/test_content_translation_cards.py)
    with django_assert_num_queries(9):
        html = render_all(home_sections())
    assert "In case you missed it" in html


def test_home_page_renders_sections(client):
    fill(1)
    response = client.get("/")
    assert response.status_code == 200


def _figures_on_home(html):
    members = re.search(r"<strong>([\d,]+)</strong>\s*members", html).group(1)
    countries = re.search(r"<strong>([\d,]+)</strong>\s*countries", html).group(1)
    return members, countries


def _figures_on_join(html):
    found = re.search(r"([\d,]+) members? from ([\d,]+) countries", re.sub(r"\s+", " ", html))
    return found.group(1), found.group(2)


def test_home_and_join_show_the_same_figures_with_staff_present(client):
    UserFactory(country="PT")
    UserFactory(country="AT")
    UserFactory(country="AT", is_active=False)
    UserFactory(country="IT", is_staff=True)
    OrganisationFactory(country="FR")
    home = _figures_on_home(client.get(reverse("hub:home")).content.decode())
    join = _figures_on_join(client.get(reverse("members:join")).content.decode())
    community = User.objects.filter(is_active=True, is_staff=False)
    countries = community.exclude(country="").values("country").distinct().count()
    assert home == join == (str(community.count()), str(countries))


def test_home_figures_are_counted_once_per_content_version(django_assert_num_queries):
    fill(1)
    home_sections()
    # The sections' rows and the figures come from the cache: no query.
    with django_assert_num_queries(0):
        home_sections()
    from practices.models import Practice
    from tests.practices.factories import PublishedPracticeFactory

    PublishedPracticeFactory()
    UserFactory()
    figures = next(s for s in home_sections() if s["name"] == "figures")["figures"]
    assert figures["practices"] == Practice.objects.published().count()
    assert figures["members"] == User.objects.filter(is_active=True, is_staff=False).count()


def test_home_sections_are_read_again_when_the_first_listed_event_ends(monkeypatch):
    from tests.events.factories import EventFactory

    now = timezone.now()
    soon = EventFactory(
        title="Ends soon",
        start=now - datetime.timedelta(hours=1),
        end=now + datetime.timedelta(minutes=30),
    )
    later = EventFactory(
        title="Next week",
        start=now + datetime.timedelta(days=7),
        end=now + datetime.timedelta(days=7, hours=2),
    )
    events = next(s for s in home_sections() if s["name"] == "events")["items"]
    assert [e.pk for e in events] == [soon.pk, later.pk]
    # An hour later, with no content change, the ended event is gone.
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=1))
    events = next(s for s in home_sections() if s["name"] == "events")["items"]
    assert [e.pk for e in events] == [later.pk]
