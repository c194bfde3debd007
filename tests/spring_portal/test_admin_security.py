import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_FOR_STAFF = True


def test_admin_login_redirects_to_the_rate_limited_allauth_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_moderator_without_totp_is_sent_to_set_it_up(moderator_client, mfa_required):
    response = moderator_client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_moderator_with_totp_reaches_the_admin(moderator_client, moderator, mfa_required):
    TOTP.activate(moderator, generate_totp_secret())
    response = moderator_client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_member_is_refused_the_admin(member_client, mfa_required):
    response = member_client.get(reverse("admin:index"))
    assert response.status_code in (302, 403)
    assert not response.headers.get("Location", "").endswith(reverse("mfa_activate_totp"))


def test_admin_path_is_configurable():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_ADMIN_PATH": "editorial/"}
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "/editorial/", result.stderr
