import csv
import io

import pytest
from django.urls import reverse

from events import services
from members.enums import MembershipRole
from tests.events.factories import PortalEventFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    event = PortalEventFactory(capacity=1)
    services.register(event, UserFactory(full_name="Ana Registered", email="ana@example.org"))
    services.register(event, UserFactory(full_name="=HYPERLINK(1)", email="bo@example.org"))
    return event


def _urls(event):
    return [
        reverse("events:registrants", args=[event.slug]),
        reverse("events:registrants_csv", args=[event.slug]),
    ]


def test_registrants_anonymous_redirected_to_login(client, event):
    for url in _urls(event):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_registrants_forbidden_for_member_and_org_member(client, event, member):
    MembershipFactory(user=member, organisation=event.organiser, role=MembershipRole.MEMBER)
    client.force_login(member)
    for url in _urls(event):
        assert client.get(url).status_code == 403


def test_registrants_forbidden_for_admin_of_another_organisation(client, event, other_member):
    MembershipFactory(user=other_member, role=MembershipRole.ADMIN)
    client.force_login(other_member)
    for url in _urls(event):
        assert client.get(url).status_code == 403


def test_registrants_forbidden_for_requested_admin_membership(client, event, member):
    MembershipFactory(
        user=member, organisation=event.organiser, role=MembershipRole.ADMIN, state="requested"
    )
    client.force_login(member)
    assert client.get(_urls(event)[0]).status_code == 403


def test_registrants_visible_to_organiser_admin(client, event, member):
    MembershipFactory(user=member, organisation=event.organiser, role=MembershipRole.ADMIN)
    client.force_login(member)
    response = client.get(_urls(event)[0])
    content = response.content.decode()
    assert response.status_code == 200
    assert "ana@example.org" in content
    assert "bo@example.org" in content
    assert response.context["waiting"][0].user.email == "bo@example.org"
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "See the registrants" in detail


def test_registrants_csv_for_moderator_escapes_formulas(moderator_client, event):
    response = moderator_client.get(_urls(event)[1])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Name", "Email"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["ana@example.org"][4] == "Registered"
    assert by_email["bo@example.org"][0] == "'=HYPERLINK(1)"
    assert by_email["bo@example.org"][4] == "On the waiting list"


def test_registrants_of_unpublished_event_404_for_others(client, member):
    event = PortalEventFactory(state="draft")
    client.force_login(member)
    assert client.get(_urls(event)[0]).status_code == 404
