"""The pages `make bench` measures, as JSON [[name, path], ...], picked from the data;
with --areas, the integration area slugs bench/uncached.lua picks from, as a JSON list.

JSON on stdout and nothing else: `manage.py shell -c` prints a banner ("41 objects
imported automatically") first, which once glued itself to the first slug and made
one uncached request in 14 a 400 (the "22 errors" of the first uncached bench)."""

import json

from django.core.management.base import BaseCommand

from events.models import Event
from practices.models import Practice
from spring_portal.models import IntegrationArea


class Command(BaseCommand):
    help = "Print the benchmark's page list as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--areas", action="store_true", help="Print area slugs instead.")

    def handle(self, *args, **options):
        if options.get("areas"):
            areas = IntegrationArea.objects.order_by("position").values_list("slug", flat=True)
            self.stdout.write(json.dumps(list(areas)))
            return
        practice = Practice.objects.published().order_by("-published_at", "-pk").first()
        event = Event.objects.published().upcoming().first() or Event.objects.published().first()
        area = IntegrationArea.objects.order_by("position").first()
        country = practice.countries[0].code if practice and practice.countries else "IT"
        pages = [
            ("home", "/"),
            ("practices, unfiltered", "/practices/"),
            ("practices, two facets", f"/practices/?country={country}&area={area.slug}"),
            ("practices, common word", "/practices/?q=integration"),
            ("practices, rare word", "/practices/?q=kringlebakken"),
            # Issue 17: French words, French configuration, the translated tenth included.
            ("practices, French words", "/fr/practices/?q=int%C3%A9gration+r%C3%A9fugi%C3%A9s"),
            ("practice detail", f"/practices/{practice.slug}/"),
            ("events", "/events/"),
            ("event detail", f"/events/{event.slug}/"),
            ("documents, search", "/documents/?q=report"),
            # The open data API's list (issue 19): served from its own cache, whatever the
            # cookies, so its uncached figures come from bench/uncached.lua ("api" kinds).
            ("API practices list (JSON)", "/api/v1/practices"),
            ("API practices, two facets", f"/api/v1/practices?country={country}&area={area.slug}"),
            ("map, practices", "/map/"),
            ("map, practices, two facets", f"/map/?area={area.slug}&country={country}"),
            ("map, events", "/map/?layer=events"),
            ("statistics", "/statistics/"),
        ]
        self.stdout.write(json.dumps(pages))
