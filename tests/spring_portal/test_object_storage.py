"""Uploads go to S3-compatible object storage when S3_BUCKET is set.

The settings are loaded in a subprocess with the S3 variables (as a deployment
would), and the storage is exercised against moto's in-memory S3.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_settings_choose_s3_storage_when_a_bucket_is_configured():
    env = {
        **os.environ,
        "S3_BUCKET": "spring-media",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "S3_ACCESS_KEY_ID": "key",
        "S3_SECRET_ACCESS_KEY": "secret",
    }
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == (
        "S3Storage spring-media http://127.0.0.1:9000 media"
    ), result.stderr


def test_files_round_trip_through_s3_storage():
    import boto3
    import moto
    from django.core.files.base import ContentFile
    from storages.backends.s3 import S3Storage

    with moto.mock_aws():
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="spring-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
        )
        storage = S3Storage(
            bucket_name="spring-media",
            region_name="eu-west-1",
            access_key="testing",
            secret_key="testing",
            location="media",
            file_overwrite=False,
        )
        first = storage.save("practices/report.pdf", ContentFile(b"%PDF-1.7 first"))
        second = storage.save("practices/report.pdf", ContentFile(b"%PDF-1.7 second"))
        assert first != second
        with storage.open(first, "rb") as handle:
            assert handle.read() == b"%PDF-1.7 first"
        assert storage.exists(second)
