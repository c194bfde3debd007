"""Demo news, documents and calls from the EWSI newsletter of December 2021 (shared/seeds)."""

from datetime import date, datetime, timedelta

from django.utils import timezone

from hub.enums import DocumentType, Language, NewsStatus
from hub.models import Call, Document, NewsPost
from spring_portal.models import IntegrationArea, TargetGroup
from spring_portal.moderation import ModerationState, transition

EWSI = "https://ec.europa.eu/migrant-integration"


def _when(day, month=12, year=2021):
    return timezone.make_aware(datetime(year, month, day, 9, 0))


# slug, title, summary, body, language, tags, published, highlight, spotlight
NEWS = [
    (
        "amif-work-programme-2021-2022",
        "EC adopts the AMIF work programme for 2021-2022",
        "The European Commission (EC) adopted a work programme for the 2021-2022 "
        "implementation of the Asylum, Migration and Integration Fund (AMIF) budget.",
        "Future integration-related calls for proposals under the programme will support the "
        "implementation of the EU action plan on integration and inclusion 2021-2027, focusing "
        "on:\n\n- integration and inclusion at regional and local level;\n- access to "
        "healthcare;\n- improving digital skills among migrants;\n- promoting community "
        "sponsorship schemes and complementary pathways.",
        Language.EN,
        ["health-and-wellbeing", "access-to-services-and-information"],
        _when(3),
        True,
        False,
    ),
    (
        "ec-toolkit-eu-funds-integration",
        "New EC toolkit on the use of EU funds for the integration of people with a migrant "
        "background",
        "The EC has published a new toolkit in response to the pressing socioeconomic gap "
        "between people with a migrant background and mainstream society.",
        "The toolkit supports all relevant stakeholders at European, national, regional and "
        "local levels in the design and implementation of integration policies targeted at "
        "people with a migrant background, through the coordinated use of EU funds in the "
        "2021–2027 programming period.",
        Language.EN,
        ["labour-market-and-employment", "social-inclusion-and-community-building"],
        _when(6),
        True,
        False,
    ),
    (
        "european-community-of-practice-on-partnership-call",
        "The European Commission launches call for the European Community of Practice on "
        "Partnership 2021-2027",
        "The European Commission (EC) launched a call for applications for members of the "
        "European Community of Practice on Partnership 2021-2027.",
        "The community brings together partners involved in the programming and "
        "implementation of EU funds. Read the call for the conditions and the deadline.",
        Language.EN,
        ["active-citizenship-and-political-participation"],
        _when(8),
        False,
        False,
    ),
    (
        "bulgaria-refugee-integration-manifesto",
        "Bulgaria begins development of its first Refugee Integration Manifesto",
        "Three Bulgarian organisations began the co-creation of the country’s first Refugee "
        "Integration Manifesto on 30 November 2021 at the National Refugee Integration Forum "
        "held in Sofia.",
        "The manifesto is written together with refugees, civil society and public "
        "authorities, and sets out what integration in Bulgaria should look like.",
        Language.EN,
        [
            "active-citizenship-and-political-participation",
            "social-inclusion-and-community-building",
        ],
        _when(9),
        False,
        False,
    ),
    (
        "administration-numerique-pour-les-etrangers-en-france",
        "Qu’est-ce que l’Administration Numérique pour les Etrangers en France ?",
        "L’administration numérique pour les étrangers en France (ANEF) a pour objectif de "
        "dématérialiser les démarches concernant le séjour des étrangers en France.",
        "Il s’agit d’une transformation numérique qui concernera à terme 10 millions d’usagers.",
        Language.FR,
        ["access-to-services-and-information"],
        _when(10),
        False,
        False,
    ),
    (
        "eu-action-plan-integration-inclusion-one-year",
        "One year of the EU Action Plan on Integration and Inclusion 2021-2027",
        "Last month marked one year since the European Commission announced its new EU Action "
        "Plan on Integration and Inclusion 2021-2027, which outlines concrete steps, provides "
        "guidance and delineates funding for initiatives that promote inclusion for everyone.",
        "Read more about key achievements in this first year of implementation.",
        Language.EN,
        ["social-inclusion-and-community-building", "education-and-training"],
        _when(13),
        False,
        True,
    ),
]

# slug, title, summary, type, publisher, year, url, areas, target groups
DOCUMENTS = [
    (
        "place-based-approach-to-migrant-integration",
        "A place-based approach to migrant integration",
        "This report from the European Commission (EC)'s Joint Research Centre (JRC) examines "
        "urban and territorial strategies promoted by the EU Cohesion Policy during the "
        "2014-2020 programming period, determining whether and how these strategies contribute "
        "to the integration and inclusion of international migrants in the local context. It "
        "features case studies from Athens, Liège, Malmö, Paris and Venice.",
        DocumentType.REPORT,
        "European Commission, Joint Research Centre (JRC)",
        2021,
        f"{EWSI}/library-document/place-based-approach-migrant-integration_en",
        ["housing-and-settlement", "social-inclusion-and-community-building"],
        ["newly-arrived-migrants"],
    ),
    (
        "trips-toolbox-and-report-trafficked-refugees",
        "TRIPS toolbox and report on the integration of trafficked refugees",
        "The AMIF-funded Identification of Trafficked International Protection Beneficiaries’ "
        "Special Needs (TRIPS) project published a toolbox for integration practitioners and a "
        "European report on its main comparative findings.",
        DocumentType.TOOLKIT,
        "TRIPS project",
        2021,
        f"{EWSI}/library-document/trips-toolbox-and-report_en",
        ["health-and-wellbeing", "access-to-services-and-information"],
        ["victims-of-trafficking", "refugees-and-beneficiaries-of-international-protection"],
    ),
    (
        "key-challenges-children-in-migration-2021",
        "Key challenges faced by children in migration: Outcomes of the Lost in Migration "
        "conference local hubs 2021",
        "Within local hubs organised by Missing Children Europe, young migrants share the main "
        "challenges they face.",
        DocumentType.REPORT,
        "Missing Children Europe",
        2021,
        "https://missingchildreneurope.eu/",
        ["family-and-children", "education-and-training"],
        ["children", "unaccompanied-minors", "youth"],
    ),
    (
        "denmark-majority-overestimates-integration-problems",
        "Denmark: majority strongly overestimates integration problems",
        "Danes rank highest in the EU in terms of awareness of integration issues, but a new "
        "survey finds that three in four believe integration to be much less successful than "
        "facts show.",
        DocumentType.STUDY,
        "European Website on Integration",
        2021,
        f"{EWSI}/news/denmark-majority-strongly-overestimates-integration-problems_en",
        ["anti-discrimination", "social-inclusion-and-community-building"],
        ["receiving-communities-and-professionals"],
    ),
]

SPRING_CALL = "spring-call-best-integration-practices"
PARTNERSHIP_CALL = "european-community-of-practice-on-partnership-2021-2027"


def _calls():
    today = timezone.localdate()
    return [
        (
            SPRING_CALL,
            "SPRING project: call for submissions of best integration practices and projects",
            "The EU-funded Sustainable Practices of Integration (SPRING) project is now "
            "accepting submissions for best integration practices and projects. Individuals "
            "and organisations active in the area of migrant integration are invited to share "
            "their knowledge and submit a best practice or project.\n\n"
            "Practices are assessed on effectiveness, innovation, transferability, "
            "sustainability and evaluation, and on inclusivity and participation.",
            Call.Accepts.PRACTICES,
            min(today, date(2026, 1, 15)),
            max(date(2027, 6, 30), today + timedelta(days=30)),
        ),
        (
            PARTNERSHIP_CALL,
            "The European Commission launches call for the European Community of Practice on "
            "Partnership 2021-2027",
            "The European Commission (EC) launched a call for applications for members of the "
            "European Community of Practice on Partnership 2021-2027.",
            Call.Accepts.DOCUMENTS,
            date(2021, 11, 15),
            date(2021, 12, 17),
        ),
    ]


def seed(command):
    areas = {area.slug: area for area in IntegrationArea.objects.all()}
    groups = {group.slug: group for group in TargetGroup.objects.all()}
    for slug, title, text, accepts, opens_on, closes_on in _calls():
        Call.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "text": text,
                "accepts": accepts,
                "opens_on": opens_on,
                "closes_on": closes_on,
            },
        )
    for slug, title, summary, body, language, tags, when, highlight, spotlight in NEWS:
        post, created = NewsPost.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "language": language,
                "status": NewsStatus.PUBLISHED,
                "publish_at": when,
                "is_highlight": highlight,
                "is_spotlight": spotlight,
            },
        )
        if created:
            post.tags.set([areas[t] for t in tags if t in areas])
    for slug, title, summary, doc_type, publisher, year, url, area_slugs, group_slugs in DOCUMENTS:
        document, created = Document.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "doc_type": doc_type,
                "languages": [Language.EN],
                "publisher": publisher,
                "year": year,
                "url": url,
            },
        )
        if created:
            document.areas.set([areas[a] for a in area_slugs if a in areas])
            document.target_groups.set([groups[g] for g in group_slugs if g in groups])
            document.update_search_vector()
        if document.state == ModerationState.DRAFT:
            transition(document, ModerationState.SUBMITTED, None, system=True)
        if document.state == ModerationState.SUBMITTED:
            transition(document, ModerationState.PUBLISHED, None, system=True)
    command.stdout.write(
        f"Hub: {len(NEWS)} news posts, {len(DOCUMENTS)} documents, 2 calls for submissions."
    )


def reset(command):
    NewsPost.objects.filter(slug__in=[row[0] for row in NEWS]).delete()
    Document.objects.filter(slug__in=[row[0] for row in DOCUMENTS]).delete()
    Call.objects.filter(slug__in=[SPRING_CALL, PARTNERSHIP_CALL]).delete()
