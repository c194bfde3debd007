"""SQL queries per anonymous request for each path, as JSON {path: count}."""

import json

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Count SQL queries of an uncached anonymous request to each path."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")

    def handle(self, *args, paths, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        counts = {}
        for path in paths:
            client.get(path)  # first request fills per-process caches (content types, sites)
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            counts[path] = len(queries) if response.status_code == 200 else None
        self.stdout.write(json.dumps(counts))
