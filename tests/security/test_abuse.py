"""Honeypot on public forms, per-member rate limits on submission forms, and no
account enumeration on sign-up, log-in and password reset."""

import re

import pytest
from django.core import mail
from django.test import Client

from events.models import Event
from hub.models import Document
from members.models import Membership, Organisation, User
from practices.models import Practice
from spring_portal import ratelimit
from spring_portal.forms import HONEYPOT_FIELD
from tests.factories import PASSWORD, UserFactory
from tests.members.factories import InvitationFactory
from tests.security.world import build_world


@pytest.fixture
def world(db, media):
    return build_world()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _event_data(world, **extra):
    return {
        "title": "Typed event",
        "organiser": world.org.pk,
        "event_type": Event._meta.get_field("event_type").choices[0][0],
        "format": "online",
        "time_zone": "Europe/Brussels",
        "start": "2031-05-01T10:00",
        "end": "2031-05-01T12:00",
        "online_url": "https://example.org/meet",
        "summary": "Typed summary.",
        "description": "Typed description.",
        "registration_mode": "none",
        "language": "en",
        **extra,
    }


def _document_data(world, **extra):
    return {
        "title": "Typed document",
        "summary": "Typed summary.",
        "doc_type": Document._meta.get_field("doc_type").choices[0][0],
        "languages": ["en"],
        "organisation": world.org.pk,
        "year": "2024",
        "url": "https://example.org/report",
        "save_draft": "1",
        **extra,
    }


def _org_data(world, **extra):
    return {
        "name": "Typed Organisation",
        "org_type": world.org.org_type_id,
        "country": "BE",
        "city": "Gent",
        "contact_email": "typed@example.org",
        "description": "Typed.",
        **extra,
    }


# --- honeypot ----------------------------------------------------------------------------


def test_honeypot_is_rendered_hidden_with_a_label(world):
    html = _client(world.users["author"]).get("/practices/submit/").content.decode()
    assert f'name="{HONEYPOT_FIELD}"' in html
    assert re.search(r'<div class="honeypot">\s*<label for="id_' + HONEYPOT_FIELD, html)
    assert 'tabindex="-1"' in html


def test_filled_honeypot_refuses_signup(db):
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "robot@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_consent": "on",
            HONEYPOT_FIELD: "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert "anti-spam" in response.content.decode()
    assert not User.objects.filter(email="robot@example.org").exists()


@pytest.mark.parametrize(
    ("url", "data", "model"),
    [
        ("/practices/submit/", lambda w: {"title": "Typed", "action": "draft"}, Practice),
        ("/events/propose/", _event_data, Event),
        ("/documents/submit/", _document_data, Document),
        ("/organisations/register/", _org_data, Organisation),
    ],
)
def test_filled_honeypot_refuses_submission_and_keeps_input(world, url, data, model):
    payload = data(world) | {HONEYPOT_FIELD: "spam"}
    if url.startswith("/practices/"):
        payload |= {
            f"{p}-{n}": "0"
            for p in ("images", "documents")
            for n in ("TOTAL_FORMS", "INITIAL_FORMS")
        }
    before = model.objects.count()
    response = _client(world.users["author"]).post(url, payload)
    assert response.status_code == 200
    html = response.content.decode()
    assert "anti-spam" in html
    assert "Typed" in html
    assert model.objects.count() == before


def test_filled_honeypot_refuses_join_request(world):
    other = world.users["other"]
    response = _client(other).post(
        f"/organisations/{world.org.slug}/join/", {"message": "Hi", HONEYPOT_FIELD: "x"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(user=other, organisation=world.org).exists()


def test_filled_honeypot_refuses_invitation_accept(world):
    from members.services import invitation_token

    other = world.users["other"]
    token = invitation_token(InvitationFactory(organisation=world.org, email=other.email))
    client = _client(other)
    assert HONEYPOT_FIELD in client.get(f"/invitations/{token}/").content.decode()
    response = client.post(f"/invitations/{token}/", {HONEYPOT_FIELD: "x"})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=other, organisation=world.org).exists()
    assert client.post(f"/invitations/{token}/", {}).status_code == 302
    assert Membership.objects.filter(user=other, organisation=world.org).exists()


# --- rate limits -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scope", "url", "data", "model"),
    [
        ("events:propose", "/events/propose/", _event_data, Event),
        ("documents:submit", "/documents/submit/", _document_data, Document),
        ("organisations:register", "/organisations/register/", _org_data, Organisation),
    ],
)
def test_submission_forms_are_rate_limited(world, monkeypatch, scope, url, data, model):
    monkeypatch.setitem(ratelimit.LIMITS, scope, 1)
    client = _client(world.users["author"])
    assert client.post(url, data(world, title="First", name="First Org")).status_code == 302
    before = model.objects.count()
    response = client.post(url, data(world, title="Second typed", name="Second typed org"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "limit of 1 in an hour" in html
    assert "Second typed" in html
    assert model.objects.count() == before


def test_join_requests_are_rate_limited(world, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "memberships:request", 0)
    other = world.users["other"]
    response = _client(other).post(f"/organisations/{world.org.slug}/join/", {"message": "Hi"})
    assert response.status_code == 302
    assert not Membership.objects.filter(user=other, organisation=world.org).exists()


def test_invitations_are_rate_limited(world, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "invitations:send", 1)
    client = _client(world.users["org_admin"])
    url = f"/organisations/{world.org.slug}/manage/"
    assert client.post(url, {"email": "one@example.org"}).status_code == 302
    response = client.post(url, {"email": "two@example.org"})
    assert response.status_code == 200
    assert "two@example.org" in response.content.decode()
    assert not world.org.invitations.filter(email="two@example.org").exists()


def test_limits_are_per_member(world, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "documents:submit", 1)
    author, admin = world.users["author"], world.users["org_admin"]
    ratelimit.check_rate(author, "documents:submit")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.check_rate(author, "documents:submit")
    ratelimit.check_rate(admin, "documents:submit")


# --- account enumeration -----------------------------------------------------------------


def _normalise(response):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r"[\w.+-]+@example\.org", "EMAIL", html)


def test_password_reset_does_not_reveal_accounts(db):
    UserFactory(email="known@example.org")
    known = Client().post("/accounts/password/reset/", {"email": "known@example.org"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both addresses get an email: a reset link or "there is no account here".
    assert sorted(m.to[0] for m in mail.outbox) == ["known@example.org", "nobody@example.org"]


def test_signup_does_not_reveal_accounts(db):
    UserFactory(email="known@example.org")

    def signup(email):
        return Client().post(
            "/accounts/signup/",
            {"email": email, "password1": PASSWORD, "password2": PASSWORD, "privacy_consent": "on"},
        )

    known, unknown = signup("known@example.org"), signup("fresh@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert User.objects.filter(email="known@example.org").count() == 1


def test_login_does_not_reveal_accounts(db):
    UserFactory(email="known@example.org")
    known = Client().post("/accounts/login/", {"login": "known@example.org", "password": "wrong-1"})
    unknown = Client().post(
        "/accounts/login/", {"login": "nobody@example.org", "password": "wrong-1"}
    )
    assert known.status_code == unknown.status_code == 200
    assert _normalise(known) == _normalise(unknown)
