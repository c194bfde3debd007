import datetime

import pytest
from django.urls import reverse

from events import services
from events.models import Event
from spring_portal.models import StateChange
from tests.events.factories import EventFactory, PortalEventFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PROPOSE_URL = reverse("events:propose")


@pytest.fixture
def organisation(member):
    organisation = OrganisationFactory(name="Lisbon Integration Network", created_by=None)
    MembershipFactory(user=member, organisation=organisation)
    return organisation


def _data(organisation, **overrides):
    data = {
        "title": "Communicating immigration",
        "organiser": organisation.pk,
        "event_type": "webinar",
        "format": "online",
        "time_zone": "Europe/Lisbon",
        "start": "2027-12-18T10:00",
        "end": "2027-12-18T12:30",
        "online_url": "https://meet.example.org/om",
        "description": "A webinar for International Migrants Day.",
        "registration_mode": "portal",
        "capacity": "30",
        "registration_deadline": "2027-12-17T18:00",
        "language": "en",
        "speakers_text": "Maria Silva – Researcher, OM\nJoão Costa",
        "submit": "1",
    }
    data.update(overrides)
    return data


def test_propose_requires_login(client):
    response = client.get(PROPOSE_URL)
    assert response.status_code == 302


def test_propose_submits_for_moderation_in_event_time_zone(
    member_client, member, organisation, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(PROPOSE_URL, _data(organisation))
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.state == "submitted"
    assert event.created_by == member
    assert event.slug == "communicating-immigration"
    assert event.start == datetime.datetime(2027, 12, 18, 10, tzinfo=datetime.UTC)
    assert event.local_start.tzname() == "WET"
    assert [(s.name, s.affiliation) for s in event.speakers.all()] == [
        ("Maria Silva", "Researcher, OM"),
        ("João Costa", ""),
    ]
    assert [(c.from_state, c.to_state) for c in event.history()] == [("draft", "submitted")]
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    mine = member_client.get(reverse("events:mine"))
    assert "Communicating immigration" in mine.content.decode()


def test_propose_as_draft_then_submit_from_my_events(member_client, organisation):
    data = _data(organisation)
    del data["submit"]
    member_client.post(PROPOSE_URL, {**data, "save": "1"})
    event = Event.objects.get()
    assert event.state == "draft"
    member_client.post(reverse("events:transition", args=[event.slug]), {"move": "submit"})
    event.refresh_from_db()
    assert event.state == "submitted"


def test_propose_only_for_own_organisations(member_client, organisation):
    foreign = OrganisationFactory(created_by=None)
    response = member_client.post(PROPOSE_URL, _data(organisation, organiser=foreign.pk))
    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end": "2027-12-18T09:00"}, "end", "The end must be after the start."),
        (
            {"registration_deadline": "2027-12-19T09:00"},
            "registration_deadline",
            "The registration deadline must be before the event starts.",
        ),
        ({"time_zone": "Europe/Atlantis"}, "time_zone", "is not a known time zone"),
        ({"start": "next tuesday"}, "start", "Enter a valid date/time."),
        (
            {"description": "[a" * 20_000},
            "description",
            "Ensure this value has at most 20000 characters (it has 40000).",
        ),
        (
            {"speakers_text": "Maria Silva\n" * 1_000},
            "speakers_text",
            "Ensure this value has at most 5000 characters",
        ),
        (
            {"registration_mode": "external", "registration_url": ""},
            "registration_url",
            "Give the address of the registration website.",
        ),
    ],
)
def test_propose_bad_input_shows_field_error_and_keeps_input(
    member_client, organisation, overrides, field, message
):
    response = member_client.post(PROPOSE_URL, _data(organisation, **overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    content = response.content.decode()
    assert 'value="Communicating immigration"' in content
    assert f'id="id_{field}_error"' in content
    assert not Event.objects.exists()


def test_edit_rejects_capacity_below_registrations(member_client, member, organisation):
    event = PortalEventFactory(created_by=member, organiser=organisation, capacity=5)
    for user in UserFactory.create_batch(3):
        services.register(event, user)
    Event.objects.filter(pk=event.pk).update(state="changes_requested")
    data = _data(organisation, capacity="2", title=event.title)
    response = member_client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 200
    assert "already registered" in " ".join(response.context["form"].errors["capacity"])


def test_edit_shows_times_in_event_time_zone(member_client, member, organisation):
    event = EventFactory(
        state="draft",
        created_by=member,
        organiser=organisation,
        time_zone="Asia/Tokyo",
        start=datetime.datetime(2027, 6, 1, 1, tzinfo=datetime.UTC),
    )
    content = member_client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert 'value="2027-06-01T10:00"' in content


def test_edit_access_by_role(client, member, other_member, moderator, organisation):
    event = EventFactory(state="draft", created_by=member, organiser=organisation)
    url = reverse("events:edit", args=[event.slug])
    assert client.get(url).status_code == 302
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.force_login(moderator)
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 200
    Event.objects.filter(pk=event.pk).update(state="submitted")
    assert client.get(url).status_code == 403


def test_author_transition_by_other_member_is_404_and_bad_move_refused(
    client, member, other_member, organisation
):
    event = EventFactory(state="submitted", created_by=member, organiser=organisation)
    url = reverse("events:transition", args=[event.slug])
    client.force_login(other_member)
    assert client.post(url, {"move": "withdraw"}).status_code == 404
    client.force_login(member)
    client.post(url, {"move": "publish"})
    event.refresh_from_db()
    assert event.state == "submitted"
    client.post(url, {"move": "withdraw"})
    event.refresh_from_db()
    assert event.state == "withdrawn"
    assert StateChange.objects.filter(to_state="withdrawn").count() == 1


def test_my_events_lists_only_own(member_client, member, organisation):
    EventFactory(title="Mine", state="draft", created_by=member, organiser=organisation)
    EventFactory(title="Someone else's", state="draft")
    content = member_client.get(reverse("events:mine")).content.decode()
    assert "Mine" in content
    assert "Someone else" not in content


def test_propose_without_membership_explains(client):
    client.force_login(UserFactory())
    content = client.get(PROPOSE_URL).content.decode()
    assert "active member of" in content


SINGLE_LINE_MESSAGE = (
    "Write this on a single line, without line breaks, tabs or control characters."
)


@pytest.mark.parametrize("title", ["Line one\nLine two", "Line one\r\nLine two", "Tab\tbed"])
def test_propose_refuses_title_with_line_break(member_client, organisation, title):
    response = member_client.post(PROPOSE_URL, _data(organisation, title=title))
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == [SINGLE_LINE_MESSAGE]
    assert SINGLE_LINE_MESSAGE in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize("field", ["venue", "address", "city", "summary"])
def test_propose_refuses_line_break_in_one_line_fields(member_client, organisation, field):
    response = member_client.post(PROPOSE_URL, _data(organisation, **{field: "One\nTwo"}))
    assert response.context["form"].errors[field] == [SINGLE_LINE_MESSAGE]
    assert not Event.objects.exists()


def test_propose_keeps_title_with_trailing_newline_trimmed(member_client, organisation):
    response = member_client.post(PROPOSE_URL, _data(organisation, title="Well formed\n"))
    assert response.status_code == 302
    assert Event.objects.get().title == "Well formed"
