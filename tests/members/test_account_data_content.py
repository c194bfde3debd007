import json

import pytest
from django.urls import reverse

from spring_portal.models import IntegrationArea
from tests.events.factories import EventFactory, RegistrationFactory
from tests.hub.factories import DraftDocumentFactory, FollowFactory
from tests.practices.factories import PracticeFactory


@pytest.mark.django_db
def test_data_download_includes_submissions_registrations_and_follows(member_client, member):
    PracticeFactory(created_by=member, title="Belgium: Language café – Example NGO")
    EventFactory(created_by=member, title="Buddy programme meet-up")
    DraftDocumentFactory(created_by=member, title="Toolkit for mentors")
    RegistrationFactory(user=member, event=EventFactory(title="SPRING Launch Conference"))
    FollowFactory(user=member, area=IntegrationArea.objects.get(slug="language-learning"))

    response = member_client.post(reverse("members:account_data"))
    data = json.loads(response.content)

    assert [p["title"] for p in data["practices_submitted"]] == [
        "Belgium: Language café – Example NGO"
    ]
    assert [e["title"] for e in data["events_proposed"]] == ["Buddy programme meet-up"]
    assert [d["title"] for d in data["documents_submitted"]] == ["Toolkit for mentors"]
    assert data["event_registrations"][0]["event"] == "SPRING Launch Conference"
    assert data["follows"] == [{"kind": "area", "topic": "Language learning"}]


@pytest.mark.django_db
def test_data_download_includes_transfers_messages_and_collections(member_client, member):
    from practices.models import CollectionItem, ContactMessage
    from tests.practices.factories import (
        CollectionFactory,
        PublishedPracticeFactory,
        TransferFactory,
    )

    practice = PublishedPracticeFactory(title="Denmark: Integration houses – FAKTI")
    TransferFactory(practice=practice, created_by=member, city="Ghent", country="BE")
    ContactMessage.objects.create(practice=practice, sender=member, body="May we visit?")
    collection = CollectionFactory(owner=member, name="AMIF 2027")
    CollectionItem.objects.create(collection=collection, practice=practice)

    data = json.loads(member_client.post(reverse("members:account_data")).content)

    assert [(t["practice"], t["place"]) for t in data["transfers_declared"]] == [
        ("Denmark: Integration houses – FAKTI", "Ghent, Belgium")
    ]
    assert [m["message"] for m in data["messages_sent"]] == ["May we visit?"]
    assert data["collections"][0]["name"] == "AMIF 2027"
    assert data["collections"][0]["practices"] == ["Denmark: Integration houses – FAKTI"]
