import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Registration tests create many members; the real hasher would dominate their run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
