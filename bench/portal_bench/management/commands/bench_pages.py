"""The pages `make bench` measures, as JSON [[name, path], ...], picked from the data."""

import json

from django.core.management.base import BaseCommand

from events.models import Event
from practices.models import Practice
from spring_portal.models import IntegrationArea


class Command(BaseCommand):
    help = "Print the benchmark's page list as JSON."

    def handle(self, *args, **options):
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
            ("practice detail", f"/practices/{practice.slug}/"),
            ("events", "/events/"),
            ("event detail", f"/events/{event.slug}/"),
            ("documents, search", "/documents/?q=report"),
        ]
        self.stdout.write(json.dumps(pages))
