"""PostgreSQL goes away and comes back: the portal says so politely and recovers by itself.

Runs its own embedded PostgreSQL server and gunicorn, so stopping the database does
not disturb the rest of the suite.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pgserver
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return _get(url)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


@pytest.fixture
def own_database():
    from pgserver._commands import pg_ctl

    # Not under pytest's basetemp: parallel pytest runs prune each other's old basetemps.
    data_dir = Path(tempfile.mkdtemp(prefix="spring-outage-"))
    server = pgserver.get_server(data_dir, cleanup_mode="delete")
    socket_dir = server.get_uri().split("host=", 1)[1]

    def stop():
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=server.system_user)

    def start():
        with server._lock:
            server.ensure_postgres_running()

    yield f"postgresql://postgres@/postgres?host={socket_dir}", stop, start
    start()
    server.cleanup()


def test_outage_gives_friendly_503_and_recovers(own_database):
    database_url, stop, start = own_database
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "outage-test-secret-key-0123456789-abcdefghijklmnop",
        "DJANGO_STATIC_MANIFEST": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], env=env, cwd=ROOT, check=True
    )
    port = _free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "spring_portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{base}/healthz")[0] == 200
        assert _get(f"{base}/about/")[0] == 200

        stop()
        status, body = _get(f"{base}/about/")
        assert status == 503
        assert "Temporarily unavailable" in body
        assert 'class="skip-link"' in body
        status, body = _get(f"{base}/healthz")
        assert status == 503
        assert json.loads(body)["database"] == "unavailable"

        start()
        deadline = time.monotonic() + 30
        while _get(f"{base}/about/")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _get(f"{base}/about/")[0] == 200
        assert _get(f"{base}/healthz")[0] == 200
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)
