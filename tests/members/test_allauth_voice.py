"""allauth's pages speak like the rest of the portal: "Log in", sentence case."""

import pytest


@pytest.mark.django_db
def test_login_page_says_log_in_in_sentence_case(client):
    page = client.get("/accounts/login/").content.decode()
    assert "Log in" in page
    assert "Remember me" in page
    assert "Sign In" not in page
    assert "Remember Me" not in page


@pytest.mark.django_db
def test_password_reset_page_uses_sentence_case(client):
    page = client.get("/accounts/password/reset/").content.decode()
    assert "Password reset" in page
    assert "Password Reset" not in page


@pytest.mark.django_db
def test_french_login_page_keeps_allauth_french(client):
    page = client.get("/fr/accounts/login/").content.decode()
    assert "Sign In" not in page
    assert "Log in" not in page
