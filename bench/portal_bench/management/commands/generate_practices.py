"""Generate N published practices for benchmarks: `BENCH=1 manage.py generate_practices 100000`.

Rows, taxonomy links and assessments are written with bulk_create in batches,
then the stored search vectors are computed in one UPDATE per batch. A share of the
practices (--translated, 10 % by default) gets a published French or German
translation (issue 17), which their search vectors include.
"""

import datetime
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from practices.enums import BudgetRange, EvaluationType, EvidenceLevel, GeographicScope
from practices.models import Practice, bump_facets_version
from spring_portal.content_translations import ContentTranslation, TranslatorRole
from spring_portal.models import FundingProgramme, IntegrationArea, TargetGroup
from spring_portal.places import regions_by_country

PLACES = {
    "AT": ("Austria", ["Vienna", "Graz", "Linz"]),
    "BE": ("Belgium", ["Brussels", "Antwerp", "Ghent", "Liège"]),
    "BG": ("Bulgaria", ["Sofia", "Plovdiv"]),
    "DE": ("Germany", ["Berlin", "Leipzig", "Hamburg", "Munich"]),
    "DK": ("Denmark", ["Copenhagen", "Aarhus", "Odense"]),
    "ES": ("Spain", ["Barcelona", "Madrid", "Valencia"]),
    "FI": ("Finland", ["Helsinki", "Tampere"]),
    "FR": ("France", ["Paris", "Lyon", "Marseille"]),
    "GR": ("Greece", ["Athens", "Thessaloniki"]),
    "IE": ("Ireland", ["Dublin", "Cork"]),
    "IT": ("Italy", ["Milan", "Rome", "Turin", "Palermo"]),
    "NL": ("Netherlands", ["Amsterdam", "Rotterdam", "Utrecht"]),
    "PL": ("Poland", ["Warsaw", "Kraków"]),
    "PT": ("Portugal", ["Lisbon", "Porto"]),
    "RO": ("Romania", ["Bucharest", "Cluj-Napoca"]),
    "SE": ("Sweden", ["Malmö", "Stockholm", "Gothenburg"]),
}
ACTIVITIES = [
    "Mentoring", "Language cafés", "Job coaching", "Peer support", "Buddy programme",
    "Community kitchen", "Legal clinic", "Homework club", "Sports league", "Digital skills lab",
    "Housing desk", "Women's circle", "Youth theatre", "Start-up incubator", "Health navigators",
]  # fmt: skip
TOPICS = [
    "for newly arrived refugees", "for young asylum seekers", "for migrant women",
    "for unaccompanied minors", "for Ukrainian families", "for older migrants",
    "for migrant entrepreneurs", "for international students", "with local employers",
    "with neighbourhood volunteers", "in public libraries", "in secondary schools",
]  # fmt: skip
ORGS = [
    "Caritas", "Red Cross", "City Council", "Refugee Welcome", "Migrant Voices",
    "Open Doors", "New Neighbours", "Bridges Foundation", "Civic Lab", "Together Network",
]  # fmt: skip
WORDS = [
    "integration",
    "participation",
    "employment",
    "training",
    "language",
    "community",
    "housing",
    "health",
    "education",
    "volunteers",
    "mentors",
    "employers",
    "schools",
    "municipality",
    "networks",
    "inclusion",
    "counselling",
    "orientation",
    "skills",
    "recognition",
    "wellbeing",
    "families",
    "children",
    "youth",
]

# Words of the translations (French, German), accents included.
TRANSLATED = {
    "fr": {
        "title": "{country} : accompagnement et intégration des réfugiés à {city} – {org}",
        "words": [
            "intégration", "réfugiés", "emploi", "formation", "langue", "communauté",
            "logement", "santé", "éducation", "bénévoles", "tuteurs", "employeurs", "écoles",
            "municipalité", "réseaux", "inclusion", "orientation", "compétences", "familles",
            "enfants", "jeunes", "femmes", "accueil", "participation",
        ],
    },
    "de": {
        "title": "{country}: Begleitung und Integration von Geflüchteten in {city} – {org}",
        "words": [
            "Integration", "Geflüchtete", "Beschäftigung", "Ausbildung", "Sprache",
            "Gemeinschaft", "Wohnen", "Gesundheit", "Bildung", "Ehrenamtliche", "Mentoren",
            "Arbeitgeber", "Schulen", "Gemeinde", "Netzwerke", "Inklusion", "Beratung",
            "Fähigkeiten", "Familien", "Kinder", "Jugendliche", "Frauen", "Teilhabe", "Anerkennung",
        ],
    },
}  # fmt: skip


def add_translations(rng, practices, share):
    """A published French or German translation for `share` of `practices` (bulk)."""
    content_type = ContentType.objects.get_for_model(Practice)
    rows = []
    for practice in practices:
        if rng.random() >= share:
            continue
        language = rng.choice(list(TRANSLATED))
        words = TRANSLATED[language]["words"]
        country = practice.title.split(":", 1)[0]
        title = TRANSLATED[language]["title"].format(
            country=country, city=practice.region, org=practice.title.rsplit("– ", 1)[-1]
        )
        rows.append(
            ContentTranslation(
                content_type=content_type,
                object_id=practice.pk,
                language=language,
                title=title,
                summary=" ".join(rng.choices(words, k=30)).capitalize() + ".",
                sections={"description": " ".join(rng.choices(words, k=120)).capitalize() + "."},
                translator_role=TranslatorRole.MEMBER,
                state="published",
                submitted_at=practice.published_at,
                published_at=practice.published_at,
                state_changed_at=practice.published_at,
                source_digest=practice.translation_digest(),
            )
        )
    ContentTranslation.objects.bulk_create(rows, batch_size=5000)


def _region(rng, code):
    """A NUTS 2 region of the country (blank for a fifth, as real records often are)."""
    regions = regions_by_country().get(code)
    if not regions or rng.random() < 0.2:
        return ""
    return rng.choice(regions).code


class Command(BaseCommand):
    help = "Create N published practices (bulk, for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=None, help="Random seed (repeatable).")
        parser.add_argument(
            "--translated",
            type=float,
            default=0.1,
            help="Share of practices with a published French or German translation.",
        )

    def handle(self, count, batch, seed, translated, **options):
        rng = random.Random(seed)
        areas = list(IntegrationArea.objects.values_list("pk", flat=True))
        groups = list(TargetGroup.objects.values_list("pk", flat=True))
        funding = list(FundingProgramme.objects.values_list("pk", flat=True))
        started = time.monotonic()
        done = 0
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                created = Practice.objects.bulk_create(
                    [self._practice(rng) for _ in range(size)], batch_size=size
                )
                self._links(rng, created, areas, groups, funding)
                add_translations(rng, created, translated)
                Practice.refresh_search_vectors(
                    Practice.objects.filter(pk__in=[p.pk for p in created])
                )
            done += size
            self.stdout.write(f"{done}/{count} practices ({time.monotonic() - started:.1f}s)")
        bump_facets_version()
        self.stdout.write(self.style.SUCCESS(f"Created {count} practices."))

    def _practice(self, rng):
        code = rng.choice(list(PLACES))
        country, cities = PLACES[code]
        city = rng.choice(cities)
        title = (
            f"{country}: {rng.choice(ACTIVITIES)} {rng.choice(TOPICS)} in {city} – "
            f"{rng.choice(ORGS)} {city}"
        )
        summary = " ".join(rng.choices(WORDS, k=30)).capitalize() + "."
        start = datetime.date(rng.randint(2005, 2025), rng.randint(1, 12), 1)
        ongoing = rng.random() < 0.5
        published = timezone.now() - datetime.timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60))
        return Practice(
            title=title,
            slug=f"{slugify(title)[:200]}-{uuid.uuid4().hex[:10]}",
            summary=summary,
            description="\n\n".join(
                " ".join(rng.choices(WORDS, k=60)).capitalize() + "." for _ in range(3)
            ),
            countries=[code] + ([rng.choice(list(PLACES))] if rng.random() < 0.2 else []),
            city=city,
            region=_region(rng, code),
            geographic_scope=rng.choice(GeographicScope.values),
            start_date=start,
            end_date=None if ongoing else start + datetime.timedelta(days=rng.randint(180, 2000)),
            is_ongoing=ongoing,
            budget_range=rng.choice(BudgetRange.values),
            outcomes=" ".join(rng.choices(WORDS, k=25)),
            evaluation_type=rng.choice(EvaluationType.values),
            evidence_level=rng.choice(["", *EvidenceLevel.values]),
            contact_name="Project team",
            contact_email="team@example.org",
            language="en",
            state="published",
            submitted_at=published - datetime.timedelta(days=7),
            published_at=published,
            state_changed_at=published,
        )

    def _links(self, rng, practices, areas, groups, funding):
        for field, pool, most in (
            (Practice.areas, areas, 3),
            (Practice.target_groups, groups, 2),
            (Practice.funding_programmes, funding, 2),
        ):
            through = field.through
            target = field.field.m2m_reverse_field_name()
            rows = []
            for practice in practices:
                for pk in rng.sample(pool, rng.randint(1, most)):
                    rows.append(through(practice_id=practice.pk, **{f"{target}_id": pk}))
            through.objects.bulk_create(rows, batch_size=5000)
