"""Grow the bench's practices to N by copying the generated ones in SQL:
`BENCH=1 manage.py multiply_practices 1000000`.

`generate_practices` writes through the ORM and computes every stored vector:
~15,000-45,000 practices a minute here, an hour or more for a million. Copying rows,
their taxonomy links and their stored vectors with INSERT ... SELECT takes minutes.
A copy keeps its original's text, vector, countries, dates and links (so every facet
value and every word keeps its share of the practices) with a new id and slug and a
publication date moved back by up to a year (the newest-first order interleaves).
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from practices.models import Practice, bump_facets_version

NEW_COLUMNS = {"id", "slug", "published_at", "submission_token"}


class Command(BaseCommand):
    help = "Copy the existing practices (SQL) until there are N."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)

    def handle(self, count, **options):
        table = Practice._meta.db_table
        columns = [f.column for f in Practice._meta.concrete_fields if f.column not in NEW_COLUMNS]
        kept = ", ".join(f'"{c}"' for c in columns)
        links = []
        for name in ("areas", "target_groups", "funding_programmes"):
            m2m = Practice._meta.get_field(name)
            links.append((m2m.remote_field.through._meta.db_table, m2m.m2m_reverse_name()))
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {table}")  # noqa: S608
            existing, top = cursor.fetchone()
            copy = 0
            while existing < count and top:
                copy += 1
                size = min(count - existing, top)
                shift = copy * top
                # Table and column names come from the models' _meta, never from input.
                with transaction.atomic():
                    cursor.execute(
                        f"INSERT INTO {table} (id, slug, published_at, submission_token, {kept}) "  # noqa: S608
                        f"SELECT id + %(shift)s, slug || '-copy-' || %(copy)s, "
                        f"published_at - random() * interval '365 days', NULL, {kept} "
                        f"FROM {table} WHERE id <= %(top)s ORDER BY id LIMIT %(size)s",
                        {"shift": shift, "copy": copy, "top": top, "size": size},
                    )
                    added = cursor.rowcount
                    for through, term in links:
                        cursor.execute(
                            f"INSERT INTO {through} (practice_id, {term}) "  # noqa: S608
                            f"SELECT l.practice_id + %(shift)s, l.{term} FROM {through} l "
                            f"JOIN {table} p ON p.id = l.practice_id + %(shift)s",
                            {"shift": shift},
                        )
                existing += added
                self.stdout.write(
                    f"{existing}/{count} practices ({time.monotonic() - started:.0f}s)"
                )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"  # noqa: S608
            )
            cursor.execute(f"ANALYZE {table}")
        bump_facets_version()
        self.stdout.write(self.style.SUCCESS(f"{existing} practices."))
