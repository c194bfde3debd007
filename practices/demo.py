"""Demo practices: the Copenhagen integration houses from the EWSI newsletter and
practices across Europe, published with assessments so that every facet has values.

Demo records are fixtures: they are created already published (with a history
row) rather than walked through the workflow, so no emails are sent.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from members.enums import OrganisationState
from members.models import Organisation, User
from practices.enums import CollectionVisibility, TransferStatus
from practices.models import (
    Assessment,
    Collection,
    CollectionItem,
    ContactMessage,
    Practice,
    Transfer,
)
from spring_portal.models import FundingProgramme, IntegrationArea, OrganisationType, StateChange
from spring_portal.moderation import ModerationState

DEMO_TAG = "demo.spring-portal.eu"

# Organisations that run the demo practices (name, type slug, country, city, website).
ORGANISATIONS = [
    ("FAKTI", "ngo-non-profit", "DK", "Copenhagen", "https://fakti.dk"),
    ("Kringlebakken", "ngo-non-profit", "DK", "Copenhagen", "https://kringlebakken.dk"),
    ("Diversity Works", "ngo-non-profit", "DK", "Copenhagen", "https://diversityworks.dk"),
]

HOUSES_DESCRIPTION = (
    "Copenhagen's integration houses are small community centres run by non-profit "
    "organisations with support from the municipality. They offer a safe place where "
    "women from ethnic minority backgrounds meet, learn Danish, get counselling and build "
    "networks.\n\n"
    "## Activities\n\n"
    "- drop-in counselling with social workers and volunteers\n"
    "- Danish conversation groups and homework help\n"
    "- health, parenting and job-search workshops\n"
    "- outings and cultural activities that connect participants with the neighbourhood"
)

# title, organisation (name or ""), countries, city or region, scope, areas, target groups,
# funding, start, end (None = ongoing), budget, evaluation, summary, scores (7 criteria)
# The NUTS 2 region of each demo place (the map and the region picker show them).
DEMO_REGIONS = {
    "Copenhagen": "DK01",
    "Lombardy": "ITC4",
    "Rotterdam": "NL36",
    "Vienna": "AT13",
    "Brussels": "BE10",
    "Bucharest": "RO32",
    "Amsterdam": "NL32",
    "Lisbon": "PT1A",
    "Sofia": "BG41",
    "Athens": "EL30",
    "Malmö": "SE22",
    "Île-de-France": "FR10",
    "Leipzig": "DED5",
    "Barcelona": "ES51",
}
PRACTICES = [
    (
        'Denmark: Integration houses for women in Copenhagen 1:3 - "FAKTI"',
        "FAKTI", ["DK"], "Copenhagen", "local",
        ["health-and-wellbeing", "social-inclusion-and-community-building", "language-learning"],
        ["women", "refugees-and-beneficiaries-of-international-protection", "older-migrants"],
        ["regional-or-local-public-funds", "private-foundation"],
        datetime.date(1996, 9, 1), None, "200k_1m", "external",
        "FAKTI supports vulnerable ethnic minority women, most of them above 40 years of age, "
        "many of whom are dealing with issues of trauma and PTSD.",
        (3, 3, 2, 3, 2, 2, 3),
    ),
    (
        'Denmark: Integration houses for women in Copenhagen 2:3 - "Kringlebakken"',
        "Kringlebakken", ["DK"], "Copenhagen", "local",
        ["family-and-children", "language-learning", "labour-market-and-employment"],
        ["women", "children", "newly-arrived-migrants"],
        ["regional-or-local-public-funds", "national-public-funds"],
        datetime.date(2003, 1, 1), None, "50k_200k", "internal",
        "Kringlebakken focuses on the early integration of mothers and their young children, "
        "including in particular younger mothers who are often socially isolated from society "
        "and unable to access Danish language courses and job training opportunities.",
        (3, 2, 2, 2, 3, 2, 2),
    ),
    (
        "Denmark: Integration houses for women in Copenhagen 3:3 - “Diversity Works”",
        "Diversity Works", ["DK"], "Copenhagen", "local",
        ["social-inclusion-and-community-building", "health-and-wellbeing"],
        ["women", "receiving-communities-and-professionals"],
        ["regional-or-local-public-funds"],
        datetime.date(2008, 3, 1), None, "50k_200k", "internal",
        "The Diversity Works community centre in Copenhagen offers counselling and activities "
        "promoting the improved quality of life and independence of women with an ethnic "
        "minority background, and is now also open to men and children.",
        (3, 2, 1, 2, 2, 2, 2),
    ),
    (
        "Italy: Welcome corridors into work for refugees – ISMU",
        "Fondazione Iniziative e Studi sulla Multietnicità", ["IT"], "Lombardy", "regional",
        ["labour-market-and-employment", "vocational-training"],
        ["refugees-and-beneficiaries-of-international-protection", "youth"],
        ["amif", "esf-esf-plus"],
        datetime.date(2019, 2, 1), datetime.date(2022, 12, 31), "200k_1m", "external",
        "Traineeships with local employers, paired with Italian classes and a job coach, "
        "for young refugees leaving reception centres in Lombardy.",
        (3, 3, 3, 2, 3, 2, 2),
    ),
    (
        "Netherlands: Language buddies in Rotterdam neighbourhoods – Erasmus University Rotterdam",
        "Erasmus University Rotterdam", ["NL"], "Rotterdam", "local",
        ["language-learning", "social-inclusion-and-community-building"],
        ["newly-arrived-migrants", "receiving-communities-and-professionals"],
        ["regional-or-local-public-funds"],
        datetime.date(2020, 9, 1), None, "10k_50k", "internal",
        "Residents volunteer as language buddies who meet a newcomer every week to practise "
        "Dutch in everyday places: the market, the library, the football club.",
        (3, 2, 2, 2, 3, 2, 3),
    ),
    (
        "Austria: Fast-track recognition of foreign qualifications – ICMPD",
        "International Centre for Migration Policy Development", ["AT", "DE"], "Vienna",
        "transnational",
        ["recognition-of-qualifications-and-skills", "labour-market-and-employment"],
        ["refugees-and-beneficiaries-of-international-protection", "newly-arrived-migrants"],
        ["amif", "national-public-funds"],
        datetime.date(2018, 5, 1), datetime.date(2021, 4, 30), "200k_1m", "external",
        "A one-stop counselling service that helps refugees prepare the documents and skills "
        "assessments needed to have their diplomas recognised in Austria and Germany.",
        (3, 3, 3, 2, 3, 3, 2),
    ),
    (
        "Belgium: Social economy workshops for asylum seekers – SOLIDAR",
        "SOLIDAR", ["BE"], "Brussels", "national",
        ["entrepreneurship", "labour-market-and-employment"],
        ["asylum-seekers"],
        ["esf-esf-plus", "own-resources"],
        datetime.date(2021, 1, 15), None, "50k_200k", "none",
        "Workshops run by social enterprises where asylum seekers gain work experience and "
        "references while their application is processed.",
        (2, 1, 1, 2, 2, 2, 2),
    ),
    (
        "Romania: Youth clubs for refugee and Romanian teenagers – Youngminds",
        "Youngminds", ["RO"], "Bucharest", "local",
        ["culture-and-sport", "education-and-training"],
        ["youth", "unaccompanied-minors", "beneficiaries-of-temporary-protection-ukraine"],
        ["erasmus-plus", "unhcr-other-international"],
        datetime.date(2022, 4, 1), None, "10k_50k", "internal",
        "Weekly clubs where Ukrainian, Afghan and Romanian teenagers plan sports, music and "
        "film projects together, mentored by trained youth workers.",
        (3, 2, 1, 2, 2, 2, 3),
    ),
    (
        "Belgium: Access to health care for undocumented migrants – ICMC Europe",
        "International Catholic Migration Commission Europe", ["BE", "FR", "NL"], "",
        "transnational",
        ["health-and-wellbeing", "access-to-services-and-information"],
        ["irregular-migrants", "victims-of-trafficking"],
        ["eu4health", "private-foundation"],
        datetime.date(2019, 10, 1), datetime.date(2023, 9, 30), "200k_1m", "external",
        "Cultural mediators accompany migrants without papers to general practitioners and "
        "train health staff on the rights of patients regardless of residence status.",
        (3, 3, 2, 2, 2, 3, 2),
    ),
    (
        "Belgium: Local integration policy index – Migration Policy Group",
        "Migration Policy Group", ["BE", "IT", "ES", "PL"], "", "transnational",
        ["active-citizenship-and-political-participation", "anti-discrimination"],
        ["receiving-communities-and-professionals"],
        ["horizon-2020-horizon-europe"],
        datetime.date(2017, 1, 1), datetime.date(2020, 12, 31), "over_1m", "external",
        "An index that lets cities compare their integration policies and track progress "
        "on participation, anti-discrimination and access to services.",
        (3, 2, 3, 2, 3, 2, 1),
    ),
    (
        "Netherlands: Amsterdam newcomers' welcome desk – City of Amsterdam",
        "City of Amsterdam", ["NL"], "Amsterdam", "local",
        ["access-to-services-and-information", "housing-and-settlement"],
        ["newly-arrived-migrants", "students"],
        ["regional-or-local-public-funds"],
        datetime.date(2016, 6, 1), None, "200k_1m", "internal",
        "A single desk where newcomers register, open a bank account, find housing "
        "information and book Dutch classes in one visit.",
        (3, 2, 2, 3, 2, 1, 2),
    ),
    (
        "Portugal: Communicating immigration with facts – Portuguese Observatory of Migration",
        "Portuguese Observatory of Migration", ["PT"], "Lisbon", "national",
        ["anti-discrimination", "active-citizenship-and-political-participation"],
        ["receiving-communities-and-professionals"],
        ["national-public-funds"],
        datetime.date(2021, 12, 18), None, "10k_50k", "none",
        "OM Dialogues: webinars and fact sheets that help journalists and officials talk "
        "about immigration with accurate statistics.",
        (2, 1, 1, 2, 2, 2, 1),
    ),
    (
        "Bulgaria: Refugee Integration Manifesto co-created with refugees",
        "", ["BG"], "Sofia", "national",
        ["active-citizenship-and-political-participation",
         "social-inclusion-and-community-building"],
        ["refugees-and-beneficiaries-of-international-protection"],
        ["unhcr-other-international"],
        datetime.date(2021, 11, 30), datetime.date(2022, 11, 30), "under_10k", "internal",
        "Three Bulgarian organisations co-created the country's first Refugee Integration "
        "Manifesto with refugees at the National Refugee Integration Forum in Sofia.",
        (3, 2, 1, 1, 3, 3, 3),
    ),
    (
        "Greece: Trauma-informed psychosocial support in Athens",
        "", ["GR"], "Athens", "local",
        ["health-and-wellbeing"],
        ["asylum-seekers", "unaccompanied-minors", "lgbtiq-migrants"],
        ["amif", "private-foundation"],
        datetime.date(2018, 3, 1), None, "200k_1m", "external",
        "Psychologists and interpreters offer individual and group therapy to asylum "
        "seekers living in Athens, with safe spaces for LGBTIQ people and minors.",
        (3, 3, 3, 1, 2, 2, 2),
    ),
    (
        "Sweden: Mentoring newly arrived women into entrepreneurship in Malmö",
        "", ["SE"], "Malmö", "local",
        ["entrepreneurship", "labour-market-and-employment"],
        ["women", "newly-arrived-migrants"],
        ["esf-esf-plus", "regional-or-local-public-funds"],
        datetime.date(2019, 1, 1), datetime.date(2024, 6, 30), "50k_200k", "internal",
        "Local business owners mentor women who want to start a company: business plans, "
        "micro-loans and a shared shop window in the city centre.",
        (3, 2, 2, 2, 2, 2, 2),
    ),
    (
        "France: Digital help for the ANEF online residence permit procedure",
        "", ["FR"], "Île-de-France", "regional",
        ["access-to-services-and-information"],
        ["newly-arrived-migrants", "older-migrants"],
        ["national-public-funds", "own-resources"],
        datetime.date(2021, 9, 1), None, "10k_50k", "none",
        "Volunteers in public libraries help foreigners complete the digital residence "
        "permit procedure of the Administration Numérique pour les Etrangers en France.",
        (2, 2, 1, 2, 3, 1, 1),
    ),
    (
        "Germany: School integration classes with language support in Leipzig",
        "", ["DE"], "Leipzig", "local",
        ["education-and-training", "language-learning"],
        ["children", "beneficiaries-of-temporary-protection-ukraine"],
        ["national-public-funds", "erasmus-plus"],
        datetime.date(2022, 3, 15), None, "50k_200k", "internal",
        "Pupils who arrive mid-year join regular classes from day one with two hours of "
        "German support a day and a bilingual assistant.",
        (3, 2, 2, 2, 3, 2, 2),
    ),
    (
        "Spain: Housing first for young people leaving care in Barcelona",
        "", ["ES"], "Barcelona", "local",
        ["housing-and-settlement", "social-inclusion-and-community-building"],
        ["unaccompanied-minors", "youth"],
        ["regional-or-local-public-funds", "private-foundation"],
        datetime.date(2020, 2, 1), None, "200k_1m", "external",
        "Former unaccompanied minors turning 18 get a shared flat and a social worker "
        "instead of a shelter bed, so they can finish training and find work.",
        (3, 3, 3, 2, 2, 3, 3),
    ),
]  # fmt: skip

# Published translations of demo practices (EWSI publishes in English, French and
# German): title prefix of the original -> [(language, title, summary, description,
# machine-translated)].
TRANSLATIONS = {
    "Denmark: Integration houses for women in Copenhagen": [
        (
            "fr",
            "Danemark : maisons d’intégration pour les femmes à Copenhague – Diversity Works",
            "Les maisons d’intégration de Copenhague sont de petits centres de quartier où "
            "des femmes issues de minorités apprennent le danois, reçoivent des conseils et "
            "tissent des liens.",
            "Des associations gèrent ces maisons avec le soutien de la municipalité : "
            "permanences de conseil, groupes de conversation en danois, ateliers santé et "
            "recherche d’emploi, sorties culturelles dans le quartier.",
            False,
        ),
        (
            "de",
            "Dänemark: Integrationshäuser für Frauen in Kopenhagen – Diversity Works",
            "Die Integrationshäuser in Kopenhagen sind kleine Stadtteilzentren, in denen Frauen "
            "aus Minderheiten Dänisch lernen, Beratung erhalten und Kontakte knüpfen.",
            "Gemeinnützige Träger führen die Häuser mit Unterstützung der Stadt: offene "
            "Beratung, dänische Gesprächsgruppen, Workshops zu Gesundheit und Arbeitssuche.",
            True,
        ),
    ],
    "France: Digital help for the ANEF": [
        (
            "fr",
            "France : aide numérique pour la procédure ANEF de titre de séjour",
            "Des bénévoles dans les bibliothèques publiques aident les personnes étrangères à "
            "effectuer la démarche de titre de séjour de l’Administration numérique pour les "
            "étrangers en France.",
            "",
            False,
        ),
    ],
    "Germany: School integration classes": [
        (
            "de",
            "Deutschland: Integrationsklassen mit Sprachförderung in Leipzig",
            "Schülerinnen und Schüler, die im Laufe des Jahres ankommen, besuchen vom ersten "
            "Tag an reguläre Klassen, mit zwei Stunden Deutschförderung am Tag und einer "
            "zweisprachigen Assistenz.",
            "",
            False,
        ),
    ],
    "Italy: Welcome corridors into work": [
        (
            "it",
            "Italia: corridoi di accoglienza verso il lavoro per rifugiati – ISMU",
            "Un percorso che accompagna i rifugiati dall’arrivo al primo contratto di lavoro, "
            "con formazione, tutoraggio e imprese partner.",
            "",
            False,
        ),
    ],
}

SCORE_FIELDS = (
    "relevance",
    "effectiveness",
    "evidence",
    "sustainability",
    "transferability",
    "innovation",
    "participation",
)


def _organisation(name, types):
    org = Organisation.objects.filter(name=name).first()
    if org:
        return org
    for row in ORGANISATIONS:
        if row[0] == name:
            _name, type_slug, country, city, website = row
            return Organisation.objects.create(
                name=name,
                slug=slugify(name),
                org_type=types.get(type_slug),
                country=country,
                city=city,
                website=website,
                description=f"{name} runs an integration house in Copenhagen.",
                state=OrganisationState.APPROVED,
            )
    return None


def seed(command):
    types = {t.slug: t for t in OrganisationType.objects.all()}
    areas = {t.slug: t for t in IntegrationArea.objects.all()}
    from spring_portal.models import TargetGroup

    groups = {t.slug: t for t in TargetGroup.objects.all()}
    funding = {t.slug: t for t in FundingProgramme.objects.all()}
    moderator = User.objects.filter(is_staff=True).order_by("pk").first()
    content_type = ContentType.objects.get_for_model(Practice)
    created = 0
    now = timezone.now()
    for index, row in enumerate(PRACTICES):
        (title, org_name, countries, place, scope, area_slugs, group_slugs, funding_slugs,
         start, end, budget, evaluation, summary, scores) = row  # fmt: skip
        if Practice.objects.filter(title=title).exists():
            continue
        organisation = _organisation(org_name, types) if org_name else None
        published_at = now - datetime.timedelta(days=3 * index + 1)
        practice = Practice.objects.create(
            title=title,
            summary=summary,
            description=HOUSES_DESCRIPTION if "Copenhagen" in title else summary,
            countries=countries,
            city=place if place not in ("Lombardy", "Île-de-France") else "",
            region=DEMO_REGIONS.get(place, ""),
            geographic_scope=scope,
            organisation=organisation,
            start_date=start,
            end_date=end,
            is_ongoing=end is None,
            budget_range=budget,
            outcomes="Participants report more confidence, new contacts and better access "
            "to services; the team follows every participant for a year.",
            evaluation_type=evaluation,
            sustainability="Funding is secured for the next three years; volunteers and "
            "former participants take on more of the work each year.",
            transferability="The method and training materials are free to reuse and have "
            "been adapted by partners in other cities.",
            innovation="Participants are involved in designing and evaluating the activities.",
            website=organisation.website if organisation else "",
            contact_name="Project team",
            contact_email=f"practices@{DEMO_TAG}",
            language="en",
            state=ModerationState.PUBLISHED,
            submitted_at=published_at - datetime.timedelta(days=5),
            published_at=published_at,
            state_changed_at=published_at,
        )
        practice.areas.set([areas[s] for s in area_slugs if s in areas])
        practice.target_groups.set([groups[s] for s in group_slugs if s in groups])
        practice.funding_programmes.set([funding[s] for s in funding_slugs if s in funding])
        Assessment.objects.create(
            practice=practice, assessed_by=moderator, **dict(zip(SCORE_FIELDS, scores, strict=True))
        )
        StateChange.objects.create(
            content_type=content_type,
            object_id=practice.pk,
            actor=moderator,
            from_state=ModerationState.IN_REVIEW,
            to_state=ModerationState.PUBLISHED,
            message="Thank you for sharing this practice.",
        )
        created += 1
    translated = _seed_translations(moderator)
    command.stdout.write(f"Practices: {created} created, {translated} translations.")
    _seed_transfers(command, moderator)
    _seed_messages_and_collections(command)


# Transfers: practice title prefix, adapting organisation slug (or ""), declarer's name,
# country, NUTS 2 region, city, status, start, what changed, results, confirmed, state.
TRANSFERS = [
    ("Denmark: Integration houses for women in Copenhagen 1:3", "welcome-network-ghent",
     "Mette Jensen", "BE", "BE23", "Ghent", TransferStatus.RUNNING, datetime.date(2024, 9, 1),
     "A weekly women's house in a community centre instead of a house of our own; Dutch "
     "conversation groups with volunteers from the neighbourhood; counselling by the city's "
     "social workers twice a month.",
     "", True, ModerationState.PUBLISHED),
    ("Denmark: Integration houses for women in Copenhagen 1:3", "",
     "Lena Schmidt", "DE", "DE60", "Hamburg", TransferStatus.PLANNED, datetime.date(2026, 3, 1),
     "Trauma-informed counselling first, language groups later; run with a women's shelter.",
     "", False, ModerationState.PUBLISHED),
    ("Denmark: Integration houses for women in Copenhagen 2:3", "",
     "Ana Silva", "PT", "PT17", "Lisbon", TransferStatus.COMPLETED, datetime.date(2022, 1, 10),
     "Mothers and toddlers together, Portuguese classes with a crèche, in a parish hall.",
     "Thirty-two mothers took part over two years; nineteen went on to a Portuguese course "
     "with a certificate.", True, ModerationState.PUBLISHED),
    ("Italy: Welcome corridors into work for refugees", "",
     "Jan Novák", "CZ", "CZ06", "Brno", TransferStatus.RUNNING, datetime.date(2025, 2, 1),
     "Traineeships with the city's own services and two hospitals; Czech classes at work.",
     "", False, ModerationState.PUBLISHED),
    ("Netherlands: Language buddies in Rotterdam neighbourhoods", "",
     "Karim Haddad", "DE", "DED5", "Leipzig", TransferStatus.PLANNED, datetime.date(2026, 4, 1),
     "Buddies from the school integration classes' parents, meeting in public libraries.",
     "", False, ModerationState.SUBMITTED),
]  # fmt: skip


def _demo_user(name):
    return User.objects.filter(full_name=name, email__endswith=f"@{DEMO_TAG}").first()


def _seed_transfers(command, moderator):
    content_type = ContentType.objects.get_for_model(Transfer)
    now = timezone.now()
    created = 0
    for index, row in enumerate(TRANSFERS):
        (prefix, org_slug, declarer_name, country, region, city, status, start, adaptations,
         results, confirmed, state) = row  # fmt: skip
        practice = Practice.objects.filter(title__startswith=prefix).first()
        declarer = _demo_user(declarer_name)
        if practice is None or declarer is None:
            continue
        if Transfer.objects.filter(practice=practice, city=city).exists():
            continue
        published = state == ModerationState.PUBLISHED
        published_at = now - datetime.timedelta(days=2 * index + 1) if published else None
        owner = practice.owners().first()
        transfer = Transfer.objects.create(
            practice=practice,
            organisation=Organisation.objects.filter(slug=org_slug).first() if org_slug else None,
            created_by=declarer,
            country=country,
            region=region,
            city=city,
            status=status,
            start_date=start,
            adaptations=adaptations,
            results=results,
            state=state,
            submitted_at=(published_at or now) - datetime.timedelta(days=3),
            published_at=published_at,
            state_changed_at=published_at or now,
            owner_confirmed_at=published_at if confirmed and owner else None,
            owner_confirmed_by=owner if confirmed else None,
        )
        if published:
            StateChange.objects.create(
                content_type=content_type,
                object_id=transfer.pk,
                actor=moderator,
                from_state=ModerationState.SUBMITTED,
                to_state=ModerationState.PUBLISHED,
            )
        created += 1
    command.stdout.write(f"Transfers: {created} created.")


def _seed_messages_and_collections(command):
    giulia, anna = _demo_user("Giulia Ferrari"), _demo_user("Anna Huber")
    houses = Practice.objects.filter(
        title__startswith="Denmark: Integration houses for women in Copenhagen"
    ).order_by("title")
    first = houses.first()
    if giulia and first and not ContactMessage.objects.filter(sender=giulia).exists():
        thread = ContactMessage.objects.create(
            practice=first,
            sender=giulia,
            body="We are preparing an AMIF application for a women's house in Milan. Could "
            "we talk about how you train your volunteers?",
            share_email=True,
        )
        owner = first.owners().exclude(pk=giulia.pk).first()
        if owner:
            ContactMessage.objects.create(
                practice=first,
                thread=thread,
                sender=owner,
                body="Gladly. Our training plan is in the inspiring tools; shall we call next "
                "week?",
            )
    if giulia and not Collection.objects.filter(owner=giulia).exists():
        collection = Collection.objects.create(
            owner=giulia,
            name="Practices for our 2027 AMIF application",
            description="Women's houses and job corridors we want to learn from.",
            visibility=CollectionVisibility.SHARED,
        )
        wanted = [*houses, *Practice.objects.filter(title__startswith="Italy: Welcome corridors")]
        for position, practice in enumerate(wanted):
            CollectionItem.objects.create(
                collection=collection, practice=practice, position=position
            )
    if anna and houses.exists() and not Collection.objects.filter(owner=anna).exists():
        collection = Collection.objects.create(owner=anna, name="Ideas for Vienna")
        CollectionItem.objects.create(collection=collection, practice=houses.last())
    command.stdout.write("Messages and collections: done.")


def _seed_translations(moderator):
    from spring_portal.content_translations import ContentTranslation, TranslatorRole

    done = 0
    for prefix, versions in TRANSLATIONS.items():
        practice = Practice.objects.filter(title__startswith=prefix).first()
        if practice is None:
            continue
        for language, title, summary, description, machine in versions:
            if ContentTranslation.objects.for_record(practice).filter(language=language).exists():
                continue
            now = timezone.now()
            ContentTranslation.objects.create(
                record=practice,
                language=language,
                title=title,
                summary=summary,
                sections={"description": description} if description else {},
                created_by=moderator,
                translator_role=TranslatorRole.MODERATOR,
                is_machine=machine,
                machine_provider="DeepL" if machine else "",
                source_digest=practice.translation_digest(),
                state=ModerationState.PUBLISHED,
                submitted_at=now,
                published_at=now,
                state_changed_at=now,
            )
            done += 1
        practice.translations_changed()
    return done


def reset(command):
    # Transfers and messages go with their practices; collections with their owners,
    # and here too in case the members were kept.
    Collection.objects.filter(owner__email__endswith=f"@{DEMO_TAG}").delete()
    titles = [row[0] for row in PRACTICES]
    deleted, _details = Practice.objects.filter(title__in=titles).delete()
    Organisation.objects.filter(name__in=[row[0] for row in ORGANISATIONS]).delete()
    command.stdout.write(f"Practices: {deleted} rows removed.")
