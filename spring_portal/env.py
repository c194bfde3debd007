"""Typed readers for settings that come from the environment.

Each helper raises ImproperlyConfigured on a value it cannot parse, so a typo in
a deployment fails at start-up instead of silently taking a default.
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false, yes/no), got {value!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}.") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}.")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_database_url(url: str) -> dict:
    """Turn postgres://user:pass@host:port/name?opt=v into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a PostgreSQL URL (postgres://...), got scheme {parsed.scheme!r}."
        )
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    host = unquote(parsed.hostname or "") or query.pop("host", "")
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database.")
    try:
        port = parsed.port
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL has an invalid port: {url!r}.") from exc
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(port or ""),
        "OPTIONS": query,
    }


def parse_email_url(url: str) -> dict:
    """Map EMAIL_URL to a Django MAILERS entry.

    console://            -> printed to the console (development)
    locmem://             -> kept in memory (tests)
    smtp://user:pass@host:587?tls=1 / smtps://... (implicit TLS)
    """
    parsed = urlparse(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parsed.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {sorted(backends)}, got {parsed.scheme!r}."
        )
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    mailer = {"BACKEND": backends[parsed.scheme], "OPTIONS": {}}
    if parsed.scheme in {"smtp", "smtps"}:
        try:
            port = parsed.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {url!r}.") from exc
        mailer["OPTIONS"] = {
            "host": parsed.hostname or "localhost",
            "port": port or (465 if parsed.scheme == "smtps" else 25),
            "username": unquote(parsed.username or ""),
            "password": unquote(parsed.password or ""),
            "use_ssl": parsed.scheme == "smtps",
            "use_tls": query.get("tls", "0").lower() in _TRUE,
            "timeout": 10,
        }
    return mailer


# The table the spring_portal migration 0006 creates for the database cache.
CACHE_TABLE = "portal_cache"


def parse_cache_url(url: str) -> dict:
    """Map CACHE_URL to a Django CACHES entry.

    db://                 -> the database cache, shared by every worker and app server
    redis://host:6379/0   -> Redis (rediss:// with TLS)
    locmem://             -> this process only (tests, development)
    dummy://              -> no caching at all
    """
    parsed = urlparse(url)
    if parsed.scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "spring",
        }
    if parsed.scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}
    if parsed.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if parsed.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        "CACHE_URL scheme must be one of ['db', 'dummy', 'locmem', 'redis', 'rediss'], "
        f"got {parsed.scheme!r}."
    )
