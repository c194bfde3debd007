import importlib
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set passwords for many users; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """A request leaves its page's language active in the thread (LocaleMiddleware
    does not deactivate it): each test starts in English, whatever the last one read."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate limits and cached pages must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


def restore_reference_data():
    """Put back what migrations seed (taxonomy, site, Moderators group).

    A transactional test (live_server, threads) ends by flushing every table, so
    the next one would find the taxonomy empty.
    """
    from django.apps import apps
    from django.contrib.sites.models import Site

    from spring_portal.roles import sync_moderators_group

    importlib.import_module("spring_portal.migrations.0002_seed_taxonomy").seed(apps, None)
    importlib.import_module("spring_portal.migrations.0005_term_translations_seed").translate(
        apps, None
    )
    Site.objects.update_or_create(pk=1, defaults={"domain": "testserver", "name": "SPRING portal"})
    sync_moderators_group()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])
    )
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


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
