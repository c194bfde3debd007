"""Client address behind the documented nginx (issue 12, point 5)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from spring_portal.client_ip import client_ip

PROXY = "10.0.0.2"


def _request(remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_is_the_connecting_address_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="198.51.100.7")) == PROXY


def test_client_is_the_address_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The visitor forged the first entry; nginx appended the real one.
    assert client_ip(_request(forwarded="1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_client_is_counted_from_the_right_with_two_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded="1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_garbage_forwarded_header_falls_back_to_the_connecting_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="not-an-ip")) == PROXY
    assert client_ip(_request(forwarded=" , ")) == PROXY
    assert client_ip(_request(forwarded="[2001:db8::1]:443")) == "2001:db8::1"


def _fail_login(client, forwarded):
    return client.post(
        reverse("account_login"),
        {"login": "nobody@example.org", "password": "wrong-password-123"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def tight_login_limit(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_visitors_behind_one_proxy_have_separate_login_limits(settings, tight_login_limit):
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = Client(), Client()
    assert _fail_login(first, "198.51.100.1").status_code == 200
    assert _fail_login(first, "198.51.100.1").status_code == 200
    assert _fail_login(first, "198.51.100.1").status_code == 429
    assert _fail_login(second, "198.51.100.2").status_code == 200


@pytest.mark.django_db
def test_forged_forwarded_header_does_not_escape_the_login_limit(settings, tight_login_limit):
    settings.TRUSTED_PROXY_COUNT = 0
    visitor = Client()
    assert _fail_login(visitor, "198.51.100.1").status_code == 200
    assert _fail_login(visitor, "198.51.100.2").status_code == 200
    assert _fail_login(visitor, "198.51.100.3").status_code == 429
