"""Per path: SQL queries of an uncached anonymous request, and its uncached time
(median and worst of N runs, in-process, the pages' cache emptied before each run by
a new content version, as a publication does; the practices' facet index, built once
per change of the practices, is kept: at a million practices its build takes seconds).
Prints JSON {path: {"queries": n, "uncached_ms_p50": x, "uncached_ms_max": y}}."""

import json
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from spring_portal.caching import bump_content_version


class Command(BaseCommand):
    help = "Count SQL queries and time uncached anonymous requests to each path."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, paths, runs, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        report = {}
        for path in paths:
            client.get(path)  # first request fills per-process caches (content types, sites)
            bump_content_version()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            # Read now: every request start empties the connection's query log.
            query_count = len(queries) if response.status_code == 200 else None
            timings = []
            for _ in range(runs):
                bump_content_version()
                started = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            report[path] = {
                "queries": query_count,
                "uncached_ms_p50": round(statistics.median(timings), 1),
                "uncached_ms_max": round(max(timings), 1),
            }
        self.stdout.write(json.dumps(report))
