import os

import pytest
from django.core.cache import cache

from tests.factories import ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def other_member(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return ModeratorFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (REQUIRE_BROWSER=1) a skipped browser test is a failure, not a pass."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("REQUIRE_BROWSER") == "1"
        and report.skipped
        and item.get_closest_marker("browser")
    ):
        report.outcome = "failed"
        report.longrepr = f"Browser test skipped in CI: {report.longrepr}"
