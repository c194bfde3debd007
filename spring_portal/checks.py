"""System checks for settings that `check --deploy` must refuse in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

# Backends whose entries live in one process: each gunicorn worker would keep its
# own pages and its own rate-limit counters.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    backend = import_string(settings.CACHES["default"]["BACKEND"])
    per_process = tuple(import_string(path) for path in PER_PROCESS_CACHES)
    if issubclass(backend, per_process):
        return [
            Error(
                f"The default cache ({backend.__name__}) is private to each worker process: "
                "cached pages go stale and rate limits multiply with the number of workers.",
                hint="Unset CACHE_URL (the database cache is the default) or set "
                "CACHE_URL=db:// or REDIS_URL.",
                id="spring_portal.E001",
            )
        ]
    return []
