"""Peak memory (tracemalloc and RSS growth) of validating one upload through each image field.

Run: .venv/bin/python bench/image_memory.py
A 7000 x 7000 single-colour PNG is a few KB on disk and 49 megapixels once decoded.
"""

import io
import os
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spring_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from members.images import process_image as member_image  # noqa: E402
from practices.uploads import process_image as practice_image  # noqa: E402


def encoded(width, height, kind):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, kind)
    return buffer.getvalue()


def measure(label, process, data):
    upload = SimpleUploadedFile("big.png", data, "image/png")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        process(upload)
        outcome = "accepted"
    except ValidationError as exc:
        outcome = f"refused: {exc.messages[0]}"
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"{label:28} file {len(data) / 1024:7.1f} KB  tracemalloc peak {peak / 2**20:7.1f} MB"
        f"  max RSS growth {(rss_after - rss_before) / 1024:7.1f} MB  {outcome}"
    )


if __name__ == "__main__":
    # One case per process: max RSS only grows.
    default = ("practice", "PNG", 7000, 7000)
    field, kind, width, height = sys.argv[1:5] if len(sys.argv) > 4 else default
    process = practice_image if field == "practice" else member_image
    data = encoded(int(width), int(height), kind)
    measure(f"{field} {width}x{height} {kind}", process, data)
