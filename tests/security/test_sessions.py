"""Sessions: a new key on log-in (no fixation); password change, log-out and account
deletion end the member's sessions."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "another-long-passphrase-77"
PRIVATE = "/accounts/profile/"


@pytest.fixture
def user(db):
    return UserFactory(email="session@example.org")


def _login(user):
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(PRIVATE).status_code == 200
    return client


def _logged_out(client):
    response = client.get(PRIVATE)
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_login_starts_a_new_session(user):
    client = Client()
    session = client.session
    session["planted"] = "by an attacker"
    session.save()
    client.cookies["sessionid"] = session.session_key
    before = session.session_key

    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert client.cookies["sessionid"].value != before
    assert client.session.session_key != before


def test_password_change_ends_other_sessions(user):
    first, second = _login(user), _login(user)

    response = first.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _logged_out(second)
    # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE: the one that changed it signs in again too.
    assert _logged_out(first)


def test_logout_ends_the_session(user):
    client = _login(user)
    key = client.session.session_key

    client.post("/accounts/logout/")

    assert _logged_out(client)
    assert not SessionStore().exists(key)


def test_account_deletion_ends_every_session(user):
    first, second = _login(user), _login(user)

    response = first.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert _logged_out(first)
    assert _logged_out(second)
