import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories create many users; hashing their passwords slowly tests nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
