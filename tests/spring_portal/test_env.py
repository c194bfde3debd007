import pytest
from django.core.exceptions import ImproperlyConfigured

from spring_portal.env import env_bool, env_int, env_list, parse_database_url, parse_email_url


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False


def test_env_bool_rejects_garbage(monkeypatch):
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_env_int_rejects_non_numbers_and_small_values(monkeypatch):
    monkeypatch.setenv("N", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1)
    monkeypatch.setenv("N", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1, minimum=0)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.eu, b.eu ,,")
    assert env_list("HOSTS") == ["a.eu", "b.eu"]


def test_database_url_is_parsed():
    db = parse_database_url("postgres://user:p%40ss@db.internal:5433/spring?sslmode=require")
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "spring",
        "user",
        "p@ss",
        "db.internal",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_database_url_must_be_postgres():
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://localhost/db")


def test_email_url_smtp_with_tls():
    email = parse_email_url("smtp://mailer:secret@smtp.example.org:587?tls=1")
    assert email["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert email["OPTIONS"]["host"] == "smtp.example.org"
    assert email["OPTIONS"]["port"] == 587
    assert email["OPTIONS"]["use_tls"] is True


def test_email_url_rejects_unknown_scheme():
    with pytest.raises(ImproperlyConfigured):
        parse_email_url("carrier-pigeon://home")
