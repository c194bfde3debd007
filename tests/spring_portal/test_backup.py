import psycopg
import pytest
from django.conf import settings
from django.db import connection

from members.models import Organisation, User
from spring_portal.backup import backup, restore
from tests.factories import OrganisationFactory, UserFactory


def _connect(dbname):
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=dbname,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_and_file_into_empty_database(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = settings.MEDIA_ROOT / "organisations" / "logos" / "logo.png"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\x89PNG fake but preserved byte for byte")
    OrganisationFactory.create_batch(3)
    UserFactory.create_batch(2)
    expected = {
        "members_user": User.objects.count(),
        "members_organisation": Organisation.objects.count(),
    }

    backup(tmp_path / "backup")

    target_db = f"{connection.settings_dict['NAME']}_restore"
    with _connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{target_db}"')
        admin.execute(f'CREATE DATABASE "{target_db}"')
    try:
        restored_media = tmp_path / "restored-media"
        restore(
            tmp_path / "backup",
            db=connection.settings_dict,
            dbname=target_db,
            media_root=restored_media,
        )
        with _connect(target_db) as restored:
            for table, count in expected.items():
                assert restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        restored_file = restored_media / "organisations" / "logos" / "logo.png"
        assert restored_file.read_bytes() == upload.read_bytes()
    finally:
        with _connect("postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)')


def test_restore_refuses_a_folder_without_dump(tmp_path):
    with pytest.raises(FileNotFoundError):
        restore(tmp_path, media_root=tmp_path / "m")
