import pytest
from django.urls import reverse

from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory


@pytest.mark.django_db
def test_organisation_page_lists_its_published_practices_and_events(client):
    organisation = OrganisationFactory()
    published = PublishedPracticeFactory(organisation=organisation)
    draft = PracticeFactory(organisation=organisation)
    event = EventFactory(organiser=organisation)
    response = client.get(reverse("members:organisation_detail", args=[organisation.slug]))
    html = response.content.decode()
    assert published.title in html
    assert draft.title not in html
    assert event.title in html


@pytest.mark.django_db
def test_organisation_page_offers_follow_to_members(member_client):
    organisation = OrganisationFactory()
    response = member_client.get(reverse("members:organisation_detail", args=[organisation.slug]))
    assert reverse("hub:follow") in response.content.decode()


@pytest.mark.django_db
def test_organisation_page_query_count_is_constant(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for items in (1, 6):
        organisation = OrganisationFactory()
        for _ in range(items):
            PublishedPracticeFactory(organisation=organisation)
            EventFactory(organiser=organisation)
        url = reverse("members:organisation_detail", args=[organisation.slug])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
