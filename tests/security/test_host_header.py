"""A forged Host header never reaches a link (issue 12, point 10).

`Host: localhost:6666` passes ALLOWED_HOSTS on a misconfigured or development
server; the links it would produce land in cached pages and in emails.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.hub.factories import NewsPostFactory
from tests.practices.factories import PublishedPracticeFactory

SITE = "https://portal.example.eu"
FORGED = "localhost:6666"


@pytest.fixture
def forged_host(settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SITE_URL = SITE
    return Client(HTTP_HOST=FORGED)


@pytest.mark.django_db
def test_practice_json_ld_uses_site_url_not_the_host_header(forged_host):
    practice = PublishedPracticeFactory()
    body = forged_host.get(practice.get_absolute_url()).content.decode()
    json_ld = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', body, re.S)
    assert f'"url": "{SITE}{practice.get_absolute_url()}"' in json_ld.group(1)
    assert FORGED not in body


@pytest.mark.django_db
def test_cached_practice_page_served_to_others_has_no_forged_host(forged_host):
    practice = PublishedPracticeFactory()
    forged_host.get(practice.get_absolute_url())
    response = Client().get(practice.get_absolute_url())
    assert response["X-Portal-Cache"] == "hit"
    assert FORGED not in response.content.decode()


@pytest.mark.django_db
def test_password_reset_email_links_to_site_url(forged_host, mailoutbox):
    user = UserFactory()
    forged_host.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert f"{SITE}/accounts/password/reset/key/" in body
    assert FORGED not in body


@pytest.mark.django_db
def test_reset_request_for_unknown_address_links_to_site_url(forged_host, mailoutbox, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    forged_host.post(reverse("account_reset_password"), {"email": "stranger@example.org"})
    assert len(mailoutbox) == 1
    assert SITE in mailoutbox[0].body
    assert FORGED not in mailoutbox[0].body


@pytest.mark.django_db
def test_signup_confirmation_email_links_to_site_url(forged_host, mailoutbox, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    forged_host.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a-long-enough-passphrase-77",
            "password2": "a-long-enough-passphrase-77",
            "privacy_consent": "on",
        },
    )
    assert len(mailoutbox) == 1
    assert f"{SITE}/accounts/confirm-email/" in mailoutbox[0].body
    assert FORGED not in mailoutbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/sitemap.xml", "/robots.txt", "/news/feed/", "/documents/feed/", "/practices/feed/"]
)
def test_sitemap_feeds_and_robots_use_site_url(forged_host, path):
    NewsPostFactory()
    PublishedPracticeFactory()
    response = forged_host.get(path)
    body = response.content.decode()
    assert response.status_code == 200
    assert SITE in body
    assert FORGED not in body
    assert "spring-portal.eu" not in body


@pytest.mark.django_db
def test_news_json_ld_and_open_graph_use_site_url(forged_host):
    post = NewsPostFactory()
    body = forged_host.get(post.get_absolute_url()).content.decode()
    assert f"{SITE}{post.get_absolute_url()}" in body
    assert FORGED not in body
