"""Production shares one cache between workers (issue 12, point 4)."""

import threading

import pytest
from django.core.cache.backends.db import DatabaseCache

from spring_portal.checks import check_shared_cache
from spring_portal.env import CACHE_TABLE, parse_cache_url

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_deploy_check_refuses_a_per_process_cache_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = LOCMEM
    assert [error.id for error in check_shared_cache()] == ["spring_portal.E001"]


def test_deploy_check_refuses_the_dummy_cache_in_production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": parse_cache_url("dummy://")}
    assert [error.id for error in check_shared_cache()] == ["spring_portal.E001"]


@pytest.mark.parametrize("url", ["db://", "redis://redis:6379/0"])
def test_deploy_check_accepts_a_shared_cache(settings, url):
    settings.DEBUG = False
    settings.CACHES = {"default": parse_cache_url(url)}
    assert check_shared_cache() == []


def test_deploy_check_allows_a_local_cache_in_development(settings):
    settings.DEBUG = True
    settings.CACHES = LOCMEM
    assert check_shared_cache() == []


def test_production_settings_default_to_the_database_cache(monkeypatch):
    import importlib

    from spring_portal import settings as portal_settings

    monkeypatch.setenv("DJANGO_DEBUG", "0")
    monkeypatch.delenv("CACHE_URL", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    try:
        fresh = importlib.reload(portal_settings)
        assert fresh.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert fresh.CACHES["default"]["LOCATION"] == CACHE_TABLE
    finally:
        monkeypatch.undo()
        importlib.reload(portal_settings)


def test_unknown_cache_url_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_cache_url("memcache://localhost")


@pytest.mark.django_db(transaction=True)
def test_database_cache_is_shared_between_workers():
    """A value one worker stores is read by another with its own cache object and its
    own database connection (Django opens one connection per thread)."""
    first_worker = DatabaseCache(CACHE_TABLE, {})
    first_worker.set("portal:shared-probe", "archived", 60)
    seen = {}

    def other_worker():
        from django.db import connection

        seen["value"] = DatabaseCache(CACHE_TABLE, {}).get("portal:shared-probe")
        seen["backend"] = _backend_pid(connection)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()
    from django.db import connection

    assert seen["value"] == "archived"
    assert seen["backend"] != _backend_pid(connection)


def _backend_pid(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]
