"""403 pages: the CSRF failure page in the portal's layout, and each refusal
written to the log once, without a traceback for an ordinary PermissionDenied."""

import logging

import pytest
from django.test import Client

from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def csrf_client(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    return client


def handlers_writing(record):
    """The handlers outside pytest that write `record` (logging's own walk up the tree)."""
    logger, writing = logging.getLogger(record.name), []
    while logger:
        writing += [
            handler
            for handler in logger.handlers
            if not type(handler).__module__.startswith("_pytest")
            and record.levelno >= handler.level
            and handler.filter(record)
        ]
        logger = logger.parent if logger.propagate else None
    return writing


def test_post_without_csrf_token_renders_the_portal_layout(csrf_client):
    response = csrf_client.post(
        "/accounts/preferences/", {}, HTTP_REFERER="http://testserver/accounts/preferences/"
    )

    assert response.status_code == 403
    content = response.content.decode()
    assert 'class="skip-link"' in content
    assert "This form has expired" in content
    assert '<a class="button" href="http://testserver/accounts/preferences/">' in content
    assert response.templates[0].name == "403_csrf.html"


def test_csrf_page_links_home_for_a_foreign_referer(csrf_client):
    response = csrf_client.post("/accounts/preferences/", {}, HTTP_REFERER="https://evil.example/")

    assert response.status_code == 403
    assert b"evil.example" not in response.content
    assert b'<a class="button" href="/">' in response.content


def test_csrf_page_follows_the_url_language(csrf_client):
    response = csrf_client.post("/fr/accounts/preferences/", {})

    assert response.status_code == 403
    assert response.headers["Content-Language"] == "fr"
    assert b'lang="fr"' in response.content


def test_permission_denied_is_logged_once_without_traceback(client, member, caplog, settings):
    organisation = OrganisationFactory()
    client.force_login(member)

    with caplog.at_level(logging.INFO):
        response = client.get(f"/organisations/{organisation.slug}/manage/")

    assert response.status_code == 403
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage() for r in records] == [
        f"Forbidden (Permission denied): /organisations/{organisation.slug}/manage/"
    ]
    assert records[0].exc_info is None
    settings.DEBUG = True  # development, where the record was written twice
    assert len(handlers_writing(records[0])) == 1


def test_csrf_failure_is_logged_once(csrf_client, caplog, settings):
    with caplog.at_level(logging.INFO):
        response = csrf_client.post("/accounts/preferences/", {})

    assert response.status_code == 403
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.name for r in records] == ["django.security.csrf"]
    settings.DEBUG = True
    assert len(handlers_writing(records[0])) == 1


def test_server_errors_keep_their_traceback(caplog):
    try:
        raise ValueError("boom")
    except ValueError as exc:
        with caplog.at_level(logging.INFO):
            logging.getLogger("django.request").error("Internal Server Error: /", exc_info=exc)

    assert caplog.records[-1].exc_info is not None
