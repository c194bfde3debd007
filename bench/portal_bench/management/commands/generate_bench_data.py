"""Bulk data at production size for `make bench`: members, organisations, events,
documents (and practices through `generate_practices`). Idempotent: only the
rows still missing are added, so a second run is quick."""

import datetime
import random
import sys
import time

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from events.enums import EventFormat, EventType
from events.models import Event
from hub.enums import DocumentType
from hub.models import Document
from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Membership, Organisation, User
from practices.models import Practice
from spring_portal.models import IntegrationArea, OrganisationType, TargetGroup
from spring_portal.moderation import ModerationState
from spring_portal.places import regions_by_country

BATCH = 2000
COPY_FROM = 100_000
COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "DE",
    "DK",
    "ES",
    "FI",
    "FR",
    "GR",
    "IE",
    "IT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
]
CITIES = [
    "Vienna",
    "Brussels",
    "Sofia",
    "Berlin",
    "Copenhagen",
    "Madrid",
    "Helsinki",
    "Paris",
    "Athens",
    "Dublin",
    "Milan",
    "Rotterdam",
    "Warsaw",
    "Lisbon",
    "Bucharest",
    "Malmö",
]
ZONES = ["Europe/Brussels", "Europe/Lisbon", "Europe/Helsinki", "Europe/Dublin", "Europe/Athens"]
SUBJECTS = [
    "labour market inclusion",
    "language learning",
    "housing first",
    "mental health",
    "youth participation",
    "recognition of skills",
    "digital access",
    "anti-discrimination",
    "family reunification",
    "community sponsorship",
]


def progress(label, done, total, started):
    width = 30
    filled = int(width * done / total) if total else width
    rate = done / max(time.monotonic() - started, 0.001)
    sys.stdout.write(
        f"\r{label:<14} [{'#' * filled}{'.' * (width - filled)}] {done:>7}/{total} ({rate:,.0f}/s)"
    )
    if done >= total:
        sys.stdout.write("\n")
    sys.stdout.flush()


class Command(BaseCommand):
    help = "Add bulk benchmark data up to the given sizes."

    def add_arguments(self, parser):
        for name, default in [
            ("practices", 100000),
            ("members", 20000),
            ("organisations", 2000),
            ("events", 5000),
            ("documents", 2000),
        ]:
            parser.add_argument(f"--{name}", type=int, default=default)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        self.random = random.Random(options["seed"])
        started = time.monotonic()
        self.areas = list(IntegrationArea.objects.all())
        self.groups = list(TargetGroup.objects.all())
        self.org_types = list(OrganisationType.objects.all())
        self.organisations(options["organisations"])
        self.members(options["members"])
        self.events(options["events"])
        self.documents(options["documents"])
        # Past COPY_FROM, the ORM generates COPY_FROM practices and SQL copies the rest
        # (multiply_practices): a million in minutes instead of an hour or more.
        generated = min(options["practices"], COPY_FROM)
        missing = generated - Practice.objects.count()
        if missing > 0:
            call_command("generate_practices", missing, stdout=self.stdout)
        if options["practices"] > Practice.objects.count():
            call_command("multiply_practices", options["practices"], stdout=self.stdout)
        self.translations()
        # Planner statistics and the visibility map, as autovacuum keeps them on a
        # running server: measured right after generation (or on a server with
        # autovacuum off) the planner would guess from empty tables.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        self.stdout.write(f"Benchmark data ready in {time.monotonic() - started:.0f}s.")

    def translations(self, share=0.1):
        """Issue 17: a tenth of the practices translated, also in a database generated
        before translations existed (their vectors are refreshed with them)."""
        from bench.portal_bench.management.commands.generate_practices import add_translations
        from spring_portal.content_translations import ContentTranslation

        if ContentTranslation.objects.for_model(Practice).exists():
            return
        ids = list(Practice.objects.published().order_by("pk").values_list("pk", flat=True))
        chosen = sorted(self.random.sample(ids, int(len(ids) * share)))
        started = time.monotonic()
        for start in range(0, len(chosen), BATCH):
            batch = chosen[start : start + BATCH]
            with transaction.atomic():
                add_translations(self.random, Practice.objects.filter(pk__in=batch), 1.0)
                Practice.refresh_search_vectors(Practice.objects.filter(pk__in=batch))
            progress("translations", start + len(batch), len(chosen), started)

    def organisations(self, total):
        existing = Organisation.objects.filter(slug__startswith="bench-org-").count()
        started = time.monotonic()
        for start in range(existing, total, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, total)):
                city = self.random.choice(CITIES)
                rows.append(
                    Organisation(
                        name=f"{self.random.choice(SUBJECTS).title()} Network {city} {i}",
                        slug=f"bench-org-{i}",
                        country=self.random.choice(COUNTRIES),
                        city=city,
                        org_type=self.random.choice(self.org_types),
                        is_community_of_practice=i % 7 == 0,
                        description=f"Works on {self.random.choice(SUBJECTS)} in {city}.",
                        state=OrganisationState.APPROVED,
                        state_changed_at=timezone.now(),
                    )
                )
            with transaction.atomic():
                Organisation.objects.bulk_create(rows)
            progress("organisations", min(start + BATCH, total), total, started)

    def members(self, total):
        existing = User.objects.filter(email__startswith="bench-member-").count()
        password = make_password("bench-member-password")
        org_ids = list(
            Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)
        )
        through = User.areas.through
        started = time.monotonic()
        for start in range(existing, total, BATCH):
            users = []
            for i in range(start, min(start + BATCH, total)):
                users.append(
                    User(
                        email=f"bench-member-{i}@bench.spring-portal.eu",
                        password=password,
                        full_name=f"Member {i}",
                        job_title="Integration officer",
                        country=self.random.choice(COUNTRIES),
                        city=self.random.choice(CITIES),
                        is_public=i % 2 == 0,
                        bio="Works on migrant integration.",
                    )
                )
            with transaction.atomic():
                User.objects.bulk_create(users)
                through.objects.bulk_create(
                    [
                        through(user_id=u.pk, integrationarea_id=self.random.choice(self.areas).pk)
                        for u in users
                    ]
                )
                if org_ids:
                    Membership.objects.bulk_create(
                        [
                            Membership(
                                user_id=u.pk,
                                organisation_id=self.random.choice(org_ids),
                                role=MembershipRole.MEMBER,
                                state=MembershipState.ACTIVE,
                            )
                            for u in users
                        ]
                    )
            progress("members", min(start + BATCH, total), total, started)

    def events(self, total):
        existing = Event.objects.filter(slug__startswith="bench-event-").count()
        org_ids = list(
            Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)
        )
        now = timezone.now()
        started = time.monotonic()
        for start in range(existing, total, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, total)):
                begins = now + datetime.timedelta(
                    days=self.random.randint(-700, 365), hours=self.random.randint(0, 23)
                )
                subject = self.random.choice(SUBJECTS)
                # Where the organisers are (the map's events layer) and, once past, how
                # many took part (the statistics page).
                country = self.random.choice(COUNTRIES)
                regions = regions_by_country().get(country) or [None]
                region = self.random.choice(regions)
                rows.append(
                    Event(
                        title=f"{subject.capitalize()}: practitioners meet ({i})",
                        country=country,
                        region=region.code if region else "",
                        participants_count=self.random.randint(10, 300) if begins < now else None,
                        slug=f"bench-event-{i}",
                        event_type=self.random.choice(EventType.values),
                        format=EventFormat.ONLINE,
                        start=begins,
                        end=begins + datetime.timedelta(hours=2),
                        time_zone=self.random.choice(ZONES),
                        online_url="https://example.org/live",
                        organiser_id=self.random.choice(org_ids) if org_ids else None,
                        summary=f"A session on {subject}.",
                        description=f"Practitioners share what works in {subject}.",
                        state=ModerationState.PUBLISHED,
                        published_at=now,
                        state_changed_at=now,
                    )
                )
            with transaction.atomic():
                Event.objects.bulk_create(rows)
            progress("events", min(start + BATCH, total), total, started)

    def documents(self, total):
        existing = Document.objects.filter(slug__startswith="bench-doc-").count()
        org_ids = list(
            Organisation.objects.filter(slug__startswith="bench-org-").values_list("pk", flat=True)
        )
        now = timezone.now()
        started = time.monotonic()
        for start in range(existing, total, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, total)):
                subject = self.random.choice(SUBJECTS)
                rows.append(
                    Document(
                        title=f"Report on {subject} in {self.random.choice(CITIES)} ({i})",
                        slug=f"bench-doc-{i}",
                        summary=f"Evidence and lessons on {subject}.",
                        doc_type=self.random.choice(DocumentType.values),
                        languages=["en"],
                        organisation_id=self.random.choice(org_ids) if org_ids else None,
                        year=self.random.randint(2015, 2026),
                        url="https://example.org/report.pdf",
                        state=ModerationState.PUBLISHED,
                        published_at=now,
                        state_changed_at=now,
                    )
                )
            with transaction.atomic():
                created = Document.objects.bulk_create(rows)
                Document.areas.through.objects.bulk_create(
                    [
                        Document.areas.through(
                            document_id=d.pk, integrationarea_id=self.random.choice(self.areas).pk
                        )
                        for d in created
                    ]
                )
                for document in created:
                    document.update_search_vector()
            progress("documents", min(start + BATCH, total), total, started)
