"""Production security headers on every page of the site (the same URL list as the
access matrix), as an anonymous visitor and as a signed-in member."""

import pytest
from django.test import Client

from tests.security.world import build_world


@pytest.fixture
def production(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.MFA_REQUIRED_FOR_STAFF = True


def _check(response, path):
    headers = response.headers
    problems = []
    csp = headers.get("Content-Security-Policy", "")
    content_type = headers.get("Content-Type", "")
    if "text/html" in content_type:
        if not csp or "'unsafe-inline'" in csp or "'unsafe-eval'" in csp:
            problems.append(f"CSP {csp!r}")
        if "frame-ancestors 'none'" not in csp:
            problems.append("frame-ancestors")
        if "nonce-" not in csp and "<script" in response.content.decode(errors="ignore"):
            problems.append("script without nonce policy")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for name, value in expected.items():
        if headers.get(name) != value:
            problems.append(f"{name}={headers.get(name)!r}")
    hsts = headers.get("Strict-Transport-Security", "")
    if not (hsts.startswith("max-age=31536000") and "includeSubDomains" in hsts):
        problems.append(f"HSTS {hsts!r}")
    if "camera=()" not in headers.get("Permissions-Policy", ""):
        problems.append("Permissions-Policy")
    for cookie in response.cookies.values():
        if not cookie["secure"]:
            problems.append(f"cookie {cookie.key} not Secure")
        if not cookie["samesite"]:
            problems.append(f"cookie {cookie.key} without SameSite")
    return {path: problems} if problems else {}


@pytest.mark.django_db
def test_every_page_carries_production_security_headers(production):
    world = build_world()
    anonymous, member = Client(), Client()
    member.force_login(world.users["author"])
    failures = {}
    for _, path in world.urls():
        for client in (anonymous, member):
            failures.update(_check(client.get(path, secure=True), path))
    assert failures == {}


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/practices/")
    assert response.status_code == 301
    assert response.url == "https://testserver/practices/"


def test_production_cookies_use_host_prefix_and_are_http_only():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_HTTPS="1", DJANGO_SECRET_KEY="x" * 60)
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "__Host-sessionid __Host-csrftoken True True True Lax"
    ), result.stderr
