"""Time the map and statistics pages uncached, in process (bench/insights_timing.py).

Every request carries a new unknown session cookie, as bench/uncached_cookie.lua does,
so the page cache never answers and the page is rendered; the facet index is built
once per change, as in production, and loaded from the shared cache after that.
Prints one JSON object: {name: {"p50_ms", "p95_ms", "max_ms", "cpu_p50_ms", "bytes",
"queries"}}.
"""

import json
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from practices.models import bump_facets_version
from spring_portal.models import IntegrationArea


class Command(BaseCommand):
    help = "Time /map/ and /statistics/ uncached, in process."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=60)

    def handle(self, *args, **options):
        rng = random.Random(7)
        areas = list(IntegrationArea.objects.values_list("slug", flat=True))
        client = Client(HTTP_HOST="localhost")
        # A new facets version: this database's index, not one another run left in Redis.
        bump_facets_version()
        client.get("/map/")  # the facet index, built once per change
        pages = {
            "map, practices": lambda: "/map/",
            "map, practices, new facet combinations": lambda: (
                f"/map/?area={rng.choice(areas)}&evidence={rng.choice(['promising', 'good'])}"
                f"&year={rng.randint(2005, 2025)}"
            ),
            "map, practices, common word": lambda: "/map/?q=integration",
            "map, events": lambda: "/map/?layer=events",
            "statistics": lambda: "/statistics/",
            # For scale on a shared machine: the list, timed the same way in the same run.
            "reference: practices list, new facet combinations": lambda: (
                f"/practices/?area={rng.choice(areas)}&evidence={rng.choice(['promising', 'good'])}"
                f"&year={rng.randint(2005, 2025)}"
            ),
            "reference: events list": lambda: "/events/",
        }
        results = {}
        for name, url in pages.items():
            times = []
            cpu = []
            size = queries = 0
            for number in range(options["requests"]):
                client.cookies["sessionid"] = f"bench{number}x{rng.random()}"
                with CaptureQueriesContext(connection) as captured:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url())
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                size, queries = len(response.content), len(captured.captured_queries)
            times.sort()
            results[name] = {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                "max_ms": round(times[-1], 1),
                # This process's CPU: what the page costs, less the waits of a busy machine.
                "cpu_p50_ms": round(statistics.median(cpu), 1),
                "bytes": size,
                "queries": queries,
            }
        self.stdout.write(json.dumps(results, indent=1))
