"""Embedded PostgreSQL for development and tests (used when DATABASE_URL is unset).

pgserver ships PostgreSQL binaries in a wheel. The server's data lives in
`.data/postgres` in the checkout and it keeps running after the Python process
exits, so the next `make run` or `make test` reuses it. A server killed with
kill -9 leaves a stale postmaster.pid behind; we remove it when its process is
gone so that the next start is not blocked.
"""

import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data" / "postgres"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clear_stale_pidfile(data_dir: Path) -> bool:
    """Remove postmaster.pid when the process it names no longer runs."""
    pidfile = data_dir / "postmaster.pid"
    try:
        first_line = pidfile.read_text().splitlines()[0]
        pid = int(first_line.strip())
    except (FileNotFoundError, IndexError, ValueError):
        return False
    if _pid_alive(pid):
        return False
    pidfile.unlink(missing_ok=True)
    return True


def database_settings(data_dir: Path | None = None) -> dict:
    """Start (or reuse) the embedded server and return a DATABASES entry."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); harmless here.
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: a production install does not have it

        return _start(pgserver, data_dir)


def _start(pgserver, data_dir):
    data_dir = Path(os.environ.get("EMBEDDED_PG_DIR", data_dir or DEFAULT_DATA_DIR))
    data_dir.mkdir(parents=True, exist_ok=True)
    clear_stale_pidfile(data_dir)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    socket_dir = server.get_uri().split("host=", 1)[1]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "postgres",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
        "OPTIONS": {},
    }
