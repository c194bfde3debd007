import os
from pathlib import Path

from django.http import Http404, HttpResponse

# Bodies of the measured pages, saved by bench/run_bench.py (BENCH_BODIES, one file
# per page), read once per worker.
_bodies: dict[str, bytes] = {}


def bare(request, name=None):
    """A constant page through the full middleware stack: the framework's ceiling.

    With a name, the body `make bench` saved for that page: the same bytes as the page
    it is compared with, so the ratio measures the portal's work, not the size.
    """
    if name is None:
        return HttpResponse(b"<!DOCTYPE html><title>bare</title><p>ok</p>")
    if name not in _bodies:
        folder = os.environ.get("BENCH_BODIES")
        path = Path(folder, name) if folder and name.isalnum() else None
        if not path or not path.is_file():
            raise Http404
        _bodies[name] = path.read_bytes()
    return HttpResponse(_bodies[name])
