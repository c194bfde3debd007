"""Demo projects and evidence summaries: the AMIF-funded SPRING and TRIPS projects from
the seed pages, plus plausible ESF+, Horizon Europe and Erasmus+ projects, linked to
the demo practices, documents and events; two evidence summaries citing them.

Runs after the other apps' demo content (it links to it). Records are created already
published, as the other demo fixtures are, so no emails are sent.
"""

import datetime

from django.utils import timezone

from events.models import Event
from hub.models import Document, EvidenceSummary
from members.models import Organisation, User
from practices.models import Practice, Project
from spring_portal.models import FundingProgramme, IntegrationArea
from spring_portal.moderation import ModerationState

SPRING_RESULTS = """\
SPRING gathered, summarised and shared the best available research and evidence on the
integration of recently arrived migrants, including the findings of EU projects funded
under Horizon 2020, AMIF, the European Social Fund and Erasmus+.

- A community portal where practitioners, communities of practice and networks share
  practices and projects.
- An online launch conference with more than 100 participants and a recorded webinar.
- Guidelines for the identification and assessment of migrants' soft skills.
"""

# slug, title, acronym, programme name, reference, start, end, coordinator (portal name
# or None), coordinator name, partner names on the portal, other partners, countries,
# area slugs, website, summary, results, practice titles, document slugs, event slugs
PROJECTS = [
    {
        "slug": "spring",
        "title": "SPRING – Sustainable Practices of Integration",
        "acronym": "SPRING",
        "programme": "AMIF",
        "reference": "",
        "start_year": 2020,
        "end_year": 2022,
        "coordinator": "Fondazione Iniziative e Studi sulla Multietnicità",
        "partners": [
            "Erasmus University Rotterdam",
            "Danube University Krems",
            "International Centre for Migration Policy Development",
            "SOLIDAR",
            "Migration Policy Institute Europe",
            "Youngminds",
            "International Catholic Migration Commission Europe",
            "Migration Policy Group",
        ],
        "other_partners": "Ottawa Refugee Hub, University of Ottawa (non-EU partner)\n"
        "EUROCITIES (associate partner)",
        "countries": ["IT", "NL", "AT", "BE", "RO"],
        "areas": ["social-inclusion-and-community-building", "labour-market-and-employment"],
        "website": "https://www.ismu.org",
        "summary": "A two-year project that brings together people, knowledge and practices to "
        "make evidence more relevant and accessible in the integration of recently arrived "
        "migrants.",
        "results": SPRING_RESULTS,
        "practices": [
            "Italy: Welcome corridors into work for refugees – ISMU",
            "Netherlands: Language buddies in Rotterdam neighbourhoods – Erasmus University "
            "Rotterdam",
        ],
        "documents": [],
        "events": ["spring-launch-conference", "webinar-identifying-migrants-soft-skills-2027"],
    },
    {
        "slug": "trips",
        "title": (
            "Identification of Trafficked International Protection Beneficiaries’ Special Needs"
        ),
        "acronym": "TRIPS",
        "programme": "AMIF",
        "reference": "",
        "start_year": 2019,
        "end_year": 2021,
        "coordinator": None,
        "coordinator_name": "TRIPS project consortium",
        "partners": [],
        "other_partners": "",
        "countries": ["IT", "BG", "DE", "GR", "NL"],
        "areas": ["health-and-wellbeing", "access-to-services-and-information"],
        "website": "",
        "summary": "Improved the identification and integration of victims of trafficking among "
        "beneficiaries of international protection, with a toolbox for practitioners.",
        "results": "A **toolbox** for integration practitioners and a European report on the "
        "main comparative findings.",
        "practices": ["Greece: Trauma-informed psychosocial support in Athens"],
        "documents": ["trips-toolbox-and-report-trafficked-refugees"],
        "events": [],
    },
    {
        "slug": "local-integration-lab",
        "title": "Local Integration Lab: evidence for city integration strategies",
        "acronym": "LILAB",
        "programme": "Horizon 2020 / Horizon Europe",
        "reference": "HE-DEMO-0001",
        "start_year": 2023,
        "end_year": None,
        "coordinator": "Migration Policy Group",
        "partners": ["Erasmus University Rotterdam", "Danube University Krems"],
        "other_partners": "",
        "countries": ["BE", "NL", "AT"],
        "areas": ["active-citizenship-and-political-participation"],
        "website": "",
        "summary": "Research with cities on which local integration policies work, and why "
        "(demo record).",
        "results": "An index of local integration policies tested in 12 cities.",
        "practices": ["Belgium: Local integration policy index – Migration Policy Group"],
        "documents": [],
        "events": [],
    },
    {
        "slug": "youth-bridges",
        "title": "Youth Bridges: clubs for refugee and local teenagers",
        "acronym": "",
        "programme": "Erasmus+",
        "reference": "ERASMUS-DEMO-0002",
        "start_year": 2022,
        "end_year": 2024,
        "coordinator": "Youngminds",
        "partners": [],
        "other_partners": "",
        "countries": ["RO"],
        "areas": ["education-and-training", "social-inclusion-and-community-building"],
        "website": "",
        "summary": "Youth workers run weekly clubs that bring refugee and Romanian teenagers "
        "together (demo record).",
        "results": "Clubs in three cities; a handbook for youth workers.",
        "practices": ["Romania: Youth clubs for refugee and Romanian teenagers – Youngminds"],
        "documents": [],
        "events": [],
    },
]

EVIDENCE = [
    {
        "slug": "what-the-evidence-says-about-language-buddies",
        "title": "What the evidence says about language buddies and language cafés",
        "summary": "Informal language practice with volunteers builds newcomers' confidence and "
        "social contacts; effects on language tests and jobs are rarely measured.",
        "body": """\
Practices on the portal report that weekly meetings with volunteers help newcomers
**speak with more confidence** and make contacts outside their own community.

- Internal evaluations dominate; few compare participants with non-participants.
- Where results are measured, they concern confidence and contacts, not test scores.
- Combining informal practice with formal courses is the most common recommendation.
""",
        "areas": ["language-learning"],
        "practices": [
            "Netherlands: Language buddies in Rotterdam neighbourhoods – Erasmus University "
            "Rotterdam",
            "Germany: School integration classes with language support in Leipzig",
        ],
        "documents": [],
        "projects": ["spring"],
    },
    {
        "slug": "what-the-evidence-says-about-supporting-trafficked-refugees",
        "title": "What the evidence says about supporting trafficked refugees",
        "summary": "Early identification and trauma-informed services matter most; "
        "practitioners need shared tools to recognise the signs.",
        "body": """\
The AMIF-funded TRIPS project found that victims of trafficking among refugees are
often identified late. Trauma-informed psychosocial support, as practised in Athens,
helps people take part in integration measures.
""",
        "areas": ["health-and-wellbeing"],
        "practices": ["Greece: Trauma-informed psychosocial support in Athens"],
        "documents": ["trips-toolbox-and-report-trafficked-refugees"],
        "projects": ["trips"],
    },
]


def seed(command):
    programmes = {p.name: p for p in FundingProgramme.objects.all()}
    areas = {a.slug: a for a in IntegrationArea.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    moderator = User.objects.filter(is_staff=True).order_by("pk").first()
    now = timezone.now()
    created = 0
    for index, row in enumerate(PROJECTS):
        if Project.objects.filter(slug=row["slug"]).exists():
            continue
        published_at = now - datetime.timedelta(days=5 * index + 2)
        project = Project(
            slug=row["slug"],
            title=row["title"],
            acronym=row["acronym"],
            programme=programmes.get(row["programme"]),
            reference=row["reference"],
            start_year=row["start_year"],
            end_year=row["end_year"],
            coordinator=organisations.get(row["coordinator"] or ""),
            coordinator_name=row.get("coordinator_name", ""),
            other_partners=row["other_partners"],
            countries=row["countries"],
            website=row["website"],
            summary=row["summary"],
            results=row["results"],
            created_by=moderator,
            state=ModerationState.PUBLISHED,
            submitted_at=published_at,
            published_at=published_at,
            state_changed_at=published_at,
        )
        project.save()
        project.areas.set([areas[s] for s in row["areas"] if s in areas])
        project.partners.set([organisations[n] for n in row["partners"] if n in organisations])
        project.update_search_vector()
        Practice.objects.filter(title__in=row["practices"], project__isnull=True).update(
            project=project
        )
        Document.objects.filter(slug__in=row["documents"], project__isnull=True).update(
            project=project
        )
        Event.objects.filter(slug__in=row["events"], project__isnull=True).update(project=project)
        created += 1
    for index, row in enumerate(EVIDENCE):
        if EvidenceSummary.objects.filter(slug=row["slug"]).exists():
            continue
        published_at = now - datetime.timedelta(days=index + 1)
        summary = EvidenceSummary.objects.create(
            slug=row["slug"],
            title=row["title"],
            summary=row["summary"],
            body=row["body"],
            created_by=moderator,
            state=ModerationState.PUBLISHED,
            published_at=published_at,
            state_changed_at=published_at,
        )
        summary.areas.set([areas[s] for s in row["areas"] if s in areas])
        summary.cited_practices.set(Practice.objects.filter(title__in=row["practices"]))
        summary.cited_documents.set(Document.objects.filter(slug__in=row["documents"]))
        summary.cited_projects.set(Project.objects.filter(slug__in=row["projects"]))
    command.stdout.write(f"Projects: {created} created; {len(EVIDENCE)} evidence summaries.")


def reset(command):
    EvidenceSummary.objects.filter(slug__in=[row["slug"] for row in EVIDENCE]).delete()
    deleted, _details = Project.objects.filter(slug__in=[row["slug"] for row in PROJECTS]).delete()
    command.stdout.write(f"Projects: {deleted} rows removed.")
