"""“Contact the practice owner”: through the portal, no address shown, rate-limited,
honeypot, and refused when the owners switched it off."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.enums import MembershipRole, NotificationKind
from members.models import Notification
from practices.models import ContactMessage
from spring_portal.forms import HONEYPOT_FIELD
from spring_portal.ratelimit import LIMITS
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import PublishedPracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.org")


@pytest.fixture
def practice(owner):
    org = OrganisationFactory()
    MembershipFactory(user=owner, organisation=org, role=MembershipRole.ADMIN)
    return PublishedPracticeFactory(
        organisation=org, created_by=UserFactory(), contact_email="secret-contact@example.org"
    )


def _send(client, practice, body="Could we adapt your language café in Milan?", **extra):
    return client.post(f"/practices/{practice.slug}/contact/", {"body": body, **extra})


def test_message_delivered_to_owners_without_showing_addresses(
    client, member, owner, practice, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(member)
    page = client.get(f"/practices/{practice.slug}/contact/").content.decode()
    assert "owner@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(client, practice)
    message = ContactMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/messages/{message.pk}/"
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted([owner.email, practice.created_by.email])
    assert all(m.reply_to == [] for m in mailoutbox)
    assert member.email not in mailoutbox[0].body
    assert Notification.objects.filter(kind=NotificationKind.MESSAGE, recipient=owner).exists()
    thread = client.get(message.get_absolute_url()).content.decode()
    assert "owner@example.org" not in thread


def test_sender_who_consents_gets_reply_to(
    client, member, practice, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        _send(client, practice, share_email="on")
    assert {tuple(m.reply_to) for m in mailoutbox} == {(member.email,)}


def test_owner_replies_in_the_portal_and_sender_is_told(
    client, member, owner, practice, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(member)
    _send(client, practice)
    message = ContactMessage.objects.get()
    client.force_login(owner)
    assert "Could we adapt" in client.get("/my/messages/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(message.get_absolute_url(), {"body": "Yes, gladly."})
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert owner.email not in mailoutbox[0].body
    client.force_login(member)
    assert "Yes, gladly." in client.get(message.get_absolute_url()).content.decode()


def test_stranger_cannot_read_a_conversation(client, member, other_member, practice):
    client.force_login(member)
    _send(client, practice)
    client.force_login(other_member)
    assert client.get(ContactMessage.objects.get().get_absolute_url()).status_code == 404


def test_message_is_rate_limited_and_keeps_the_text(client, member, practice):
    client.force_login(member)
    for _ in range(LIMITS["practices:contact"]):
        _send(client, practice)
    response = _send(client, practice, body="One more, kept in the form.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "limit" in html
    assert "One more, kept in the form." in html
    assert ContactMessage.objects.count() == LIMITS["practices:contact"]


def test_honeypot_refuses_the_message(client, member, practice):
    client.force_login(member)
    response = _send(client, practice, **{HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 200
    assert not ContactMessage.objects.exists()


def test_empty_message_gets_a_clear_error(client, member, practice):
    client.force_login(member)
    response = _send(client, practice, body="")
    assert response.status_code == 200
    assert "field is required" in response.content.decode()


def test_owner_switches_contact_off_and_messages_are_refused(client, member, owner, practice):
    client.force_login(owner)
    response = client.post(f"/practices/{practice.slug}/contact/switch/", {"enabled": "0"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.contact_enabled is False
    client.force_login(member)
    assert (
        "Contact the practice owner" not in client.get(practice.get_absolute_url()).content.decode()
    )
    page = client.get(f"/practices/{practice.slug}/contact/")
    assert "do not take messages" in page.content.decode()
    assert _send(client, practice).status_code == 403
    assert not ContactMessage.objects.exists()


def test_other_member_cannot_switch_contact(client, member, practice):
    client.force_login(member)
    response = client.post(f"/practices/{practice.slug}/contact/switch/", {"enabled": "0"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.contact_enabled is True


def test_contact_needs_login(client, practice):
    response = client.get(f"/practices/{practice.slug}/contact/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_message_list_queries_do_not_grow(client, member, practice):
    client.force_login(member)
    _send(client, practice)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/my/messages/").status_code == 200
        return len(queries)

    one = count()
    for _ in range(3):
        ContactMessage.objects.create(
            practice=PublishedPracticeFactory(), sender=member, body="Hello"
        )
    assert count() == one
