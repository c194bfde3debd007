import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

from members.models import Partner
from spring_portal.models import FundingProgramme, IntegrationArea, OrganisationType, TargetGroup

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["hub:home", "about", "privacy", "accessibility"])
def test_public_pages_answer_200(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


@pytest.mark.django_db
def test_unknown_url_uses_site_404_page(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b'class="skip-link"' in response.content


@pytest.mark.django_db
def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_taxonomy_is_seeded_from_domain():
    assert IntegrationArea.objects.count() == 14
    assert TargetGroup.objects.count() == 14
    assert OrganisationType.objects.filter(name="Think tank").exists()
    assert FundingProgramme.objects.filter(name="AMIF").exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_builds_consortium():
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    first = Partner.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert first == Partner.objects.count() == 11
    coordinator = Partner.objects.get(acronym="ISMU")
    assert coordinator.get_role_display() == "Coordinator"
    assert coordinator.organisation.is_public


@pytest.mark.django_db
def test_about_page_lists_partners_from_database(client):
    Partner.objects.create(name="Migration Policy Group", acronym="MPG", country="BE")
    response = client.get(reverse("about"))
    assert b"Migration Policy Group" in response.content


@pytest.mark.django_db
def test_admin_is_titled_for_the_portal(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"SPRING portal administration" in response.content


@pytest.mark.django_db
def test_pages_have_csp_nonce_and_no_inline_style(client):
    response = client.get(reverse("hub:home"))
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert "style=" not in response.content.decode()


@pytest.mark.django_db
def test_production_headers_on_home(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("hub:home"), secure=True)
    headers = response.headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["Strict-Transport-Security"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_http_redirects_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get(reverse("hub:home"))
    assert response.status_code == 301
    assert response.url.startswith("https://")


def _prod_env(**extra):
    # Without the tests' EMAIL_URL and CACHE_URL=locmem://: production defaults.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"EMAIL_URL", "CACHE_URL"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY="a-long-production-like-secret-key-with-many-characters-0123456789",
        **extra,
    )
    return env


def test_check_deploy_prints_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_prod_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr


def test_production_requires_secret_key():
    env = _prod_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
