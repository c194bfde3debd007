"""Backup and restore: a pg_dump custom-format archive plus a tar of the media folder.

`make backup` writes backups/<timestamp>/{database.dump,media.tar.gz};
`make restore BACKUP=backups/<timestamp>` loads both back. The PostgreSQL client
tools come from the pgserver wheel when it is installed (they match or exceed
the server's version) and from PATH otherwise; PG_BIN overrides both.
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"


def pg_tool(name: str) -> str:
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    try:
        import pgserver

        candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise ImproperlyConfigured(f"{name} was not found; install the PostgreSQL client tools.")
    return found


def _connection_args(db: dict, dbname: str | None = None) -> tuple[list[str], dict]:
    args = ["--dbname", dbname or db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def backup(destination: Path, *, db: dict | None = None, media_root: Path | None = None) -> Path:
    """Write the database dump and the media archive into `destination`."""
    db = db or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    destination.mkdir(parents=True, exist_ok=True)
    args, env = _connection_args(db)
    subprocess.run(  # noqa: S603 - fixed tool path, arguments from settings
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(destination / DUMP_NAME),
            *args,
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    with tarfile.open(destination / MEDIA_NAME, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    return destination


def restore(source: Path, *, db: dict | None = None, dbname: str | None = None,
            media_root: Path | None = None) -> None:  # fmt: skip
    """Load a backup made by `backup()` into the database and the media folder."""
    db = db or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    dump = source / DUMP_NAME
    if not dump.exists():
        raise FileNotFoundError(f"No {DUMP_NAME} in {source}.")
    args, env = _connection_args(db, dbname)
    command = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error"]
    subprocess.run(  # noqa: S603 - fixed tool path, arguments from settings
        [*command, *args, str(dump)],
        env=env,
        check=True,
        capture_output=True,
    )
    media_archive = source / MEDIA_NAME
    if media_archive.exists():
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media_archive, "r:gz") as archive:
            archive.extractall(media_root, filter="data")
