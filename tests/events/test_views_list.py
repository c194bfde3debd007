import datetime

import pytest
from django.urls import reverse

from tests.events.factories import EventFactory, PastEventFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("events:list")
PAST_URL = reverse("events:past")


def _titles(response):
    return [event.title for event in response.context["page"].object_list]


def test_list_shows_upcoming_soonest_first(client):
    later = EventFactory(start=datetime.datetime(2099, 3, 1, 9, tzinfo=datetime.UTC))
    sooner = EventFactory(start=datetime.datetime(2099, 1, 1, 9, tzinfo=datetime.UTC))
    PastEventFactory(title="Already over")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert _titles(response) == [sooner.title, later.title]


def test_past_list_shows_latest_first(client):
    older = PastEventFactory(start=datetime.datetime(2021, 6, 8, 8, tzinfo=datetime.UTC))
    newer = PastEventFactory(start=datetime.datetime(2021, 12, 18, 10, tzinfo=datetime.UTC))
    EventFactory(title="Still to come")
    response = client.get(PAST_URL)
    assert _titles(response) == [newer.title, older.title]


def test_list_hides_unpublished_events(client):
    EventFactory(title="Draft event", state="draft")
    EventFactory(title="Waiting event", state="submitted")
    assert _titles(client.get(LIST_URL)) == []


def test_list_filters_by_type_format_country_organiser_month_and_search(client):
    org = OrganisationFactory(name="Lisbon Migration Network")
    target = EventFactory(
        title="Communicating immigration",
        event_type="workshop",
        format="in_person",
        city="Lisbon",
        country="PT",
        organiser=org,
        start=datetime.datetime(2099, 12, 18, 10, tzinfo=datetime.UTC),
    )
    EventFactory(title="Other webinar", start=datetime.datetime(2099, 11, 5, tzinfo=datetime.UTC))
    for query in (
        {"type": "workshop"},
        {"format": "in_person"},
        {"country": "PT"},
        {"organiser": org.slug},
        {"month": "2099-12"},
        {"q": "immigration"},
        {"q": "lisbon migration"},
    ):
        assert _titles(client.get(LIST_URL, query)) == [target.title], query


def test_list_bad_filter_shows_error_and_keeps_list(client):
    EventFactory()
    response = client.get(LIST_URL, {"month": "2027-13", "type": "party"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a month as YYYY-MM" in content
    assert 'aria-invalid="true"' in content


def test_list_paginates(client):
    EventFactory.create_batch(13)
    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})
    assert len(first.context["page"].object_list) == 12
    assert len(second.context["page"].object_list) == 1
    assert client.get(LIST_URL, {"page": "nonsense"}).status_code == 200


@pytest.mark.parametrize("url", [LIST_URL, PAST_URL])
def test_list_query_count_is_constant(client, django_assert_num_queries, url):
    factory = PastEventFactory if url == PAST_URL else EventFactory
    factory(country="BE")
    # count, events, their reader-language translations
    with django_assert_num_queries(4) as one:
        client.get(url)
    factory.create_batch(19, country="PT")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 12


def test_detail_shows_published_event_to_anonymous(client):
    event = EventFactory(description="Talk about <script>alert(1)</script> **evidence**")
    response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>evidence</strong>" in content
    assert "<script>alert(1)" not in content
    assert event.organiser.get_absolute_url() in content


@pytest.mark.parametrize("state", ["draft", "submitted", "in_review", "rejected", "archived"])
def test_detail_unpublished_is_404_for_public(client, other_member, state):
    event = EventFactory(state=state)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:ics", args=[event.slug])).status_code == 404


def test_detail_unpublished_visible_to_author_and_moderator(client, member, moderator):
    event = EventFactory(state="submitted", created_by=member)
    client.force_login(member)
    assert client.get(event.get_absolute_url()).status_code == 200
    client.force_login(moderator)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_detail_embeds_recording_only_after_the_event(client):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    past = PastEventFactory(recording_url=url, key_insights="- evidence matters")
    upcoming = EventFactory(recording_url=url)
    past_page = client.get(past.get_absolute_url()).content.decode()
    upcoming_page = client.get(upcoming.get_absolute_url()).content.decode()
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in past_page
    assert "Key insights" in past_page
    assert "youtube-nocookie" not in upcoming_page


def test_list_page_links_keep_the_filters(client):
    for _ in range(13):
        EventFactory(country="BE")
    response = client.get(LIST_URL, {"country": "BE", "page": "1"})
    html = response.content.decode()
    assert 'href="?country=BE&amp;page=2"' in html
    response = client.get(LIST_URL, {"country": "BE", "page": "2"})
    assert 'href="?country=BE&amp;page=1"' in response.content.decode()


def test_list_stays_small_with_many_organisers(client):
    """Issue 15: a list of every organiser made 161 KB of the events page."""
    for number in range(150):
        EventFactory(organiser=OrganisationFactory(name=f"Organiser number {number}"))
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.content) <= 40_000
    assert "Organiser number 149" not in response.content.decode()
    assert 'name="organiser"' in response.content.decode()


def test_country_filter_offers_only_countries_in_use(client):
    EventFactory.create_batch(3, country="PT")
    EventFactory(country="BE")
    form = client.get(LIST_URL).context["filterset"].form
    assert [code for code, _ in form.fields["country"].choices if code] == ["BE", "PT"]


def test_organiser_filter_matches_part_of_the_name(client):
    org = OrganisationFactory(name="Lisbon Migration Network")
    target = EventFactory(organiser=org)
    EventFactory()
    assert _titles(client.get(LIST_URL, {"organiser": "migration net"})) == [target.title]
