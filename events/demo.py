"""Demo events from the seed pages (shared/seeds) plus a few upcoming ones in 2027."""

import datetime
import zoneinfo

from events import services
from events.enums import EventFormat, EventType, RegistrationMode
from events.models import Event, Speaker
from members.demo import DEMO_DOMAIN
from members.enums import OrganisationState
from members.models import Organisation, User
from spring_portal.models import OrganisationType
from spring_portal.moderation import ModerationState, transition

# Organisers the consortium list in members/demo.py does not have.
ORGANISATIONS = [
    {
        "slug": "portuguese-observatory-of-migration",
        "name": "Portuguese Observatory of Migration",
        "acronym": "OM",
        "country": "PT",
        "city": "Lisbon",
        "type": "public-authority",
        "description": "The Observatório das Migrações (OM) studies and publishes data on "
        "immigration and the integration of migrants in Portugal.",
    },
    {
        "slug": "city-of-amsterdam",
        "name": "City of Amsterdam",
        "acronym": "",
        "country": "NL",
        "city": "Amsterdam",
        "type": "public-authority",
        "description": "The municipality of Amsterdam.",
    },
]

LAUNCH_INSIGHTS = """\
- The keynote speakers set and engaged in a dialogue **connecting knowledge and practice**.
- They showcased experience from different European platforms on **how to mainstream \
evidence into practice**.
- The conference marked only the beginning of a two-year process where SPRING will actively \
work to make evidence more relevant and accessible in the area of migrant integration.
"""


def _at(zone, year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


EVENTS = [
    {
        "slug": "spring-launch-conference",
        "title": "SPRING Launch Conference",
        "organiser": "ismu",
        "event_type": EventType.CONFERENCE,
        "format": EventFormat.ONLINE,
        "time_zone": "Europe/Rome",
        "start": _at("Europe/Rome", 2021, 6, 8, 10),
        "end": _at("Europe/Rome", 2021, 6, 8, 13),
        "summary": "“Promoting evidence-based communities of practices on migrant integration”: "
        "the launch of the SPRING project.",
        "description": "The SPRING Launch Conference took place on 8th June. The online event was "
        "attended by more than 100 participants.\n\n"
        "SPRING brings together people, knowledge and practices to empower practitioners’ "
        "evidence. If you missed the Launch Conference you can watch the webinar recording and "
        "get the key insights from the speakers!",
        "agenda": "1. Welcome and introduction to SPRING\n"
        "2. Keynotes: connecting knowledge and practice\n"
        "3. European platforms mainstreaming evidence into practice\n"
        "4. Next steps: the SPRING communities of practice",
        "online_url": "https://www.ismu.org/en/",
        "recording_url": "https://www.ismu.org/en/",
        "key_insights": LAUNCH_INSIGHTS,
        "participants_count": 104,
        "registration_mode": RegistrationMode.NONE,
        "speakers": [
            ("Fondazione ISMU", "SPRING coordinator"),
            ("Migration Policy Group", "SPRING partner"),
        ],
    },
    {
        "slug": "amsterdam-conference-on-tolerance",
        "title": "The Amsterdam Conference on Tolerance",
        "organiser": "city-of-amsterdam",
        "event_type": EventType.CONFERENCE,
        "format": EventFormat.ONLINE,
        "time_zone": "Europe/Amsterdam",
        "start": _at("Europe/Amsterdam", 2021, 12, 9, 14),
        "end": _at("Europe/Amsterdam", 2021, 12, 9, 17, 30),
        "summary": "What does the social contract of a tolerant city look like?",
        "description": "This online event will bring together international researchers, local "
        "politicians and other stakeholders to discuss the meaning of tolerance, respect, "
        "acceptance and appreciation, in order to define what the social contract of a "
        "tolerant city looks like.",
        "online_url": "https://www.amsterdam.nl/en/",
        "registration_mode": RegistrationMode.NONE,
        "speakers": [],
    },
    {
        "slug": "om-dialogues-communicating-immigration",
        "title": "OM Dialogues: communicating immigration",
        "organiser": "portuguese-observatory-of-migration",
        "event_type": EventType.WEBINAR,
        "format": EventFormat.ONLINE,
        "time_zone": "Europe/Lisbon",
        "start": _at("Europe/Lisbon", 2021, 12, 18, 10),
        "end": _at("Europe/Lisbon", 2021, 12, 18, 12, 30),
        "summary": "A webinar for International Migrants Day on the communication of immigration.",
        "description": "In celebration of International Migrants Day on 18 December the "
        "Portuguese Observatory of Migration (OM) and Statistics Portugal are organising a "
        "webinar to promote dialogue around challenges and strategies in the communication "
        "of immigration.",
        "online_url": "https://www.om.acm.gov.pt/",
        "registration_mode": RegistrationMode.NONE,
        "language": "pt",
        "speakers": [
            ("Portuguese Observatory of Migration (OM)", "co-organiser"),
            ("Statistics Portugal", "co-organiser"),
        ],
    },
    {
        "slug": "spring-community-of-practice-meeting-brussels-2027",
        "title": "SPRING community of practice meeting: evidence in everyday practice",
        "organiser": "solidar",
        "event_type": EventType.NETWORK_MEETING,
        "format": EventFormat.IN_PERSON,
        "time_zone": "Europe/Brussels",
        "start": _at("Europe/Brussels", 2027, 3, 25, 9, 30),
        "end": _at("Europe/Brussels", 2027, 3, 25, 16),
        "venue": "SOLIDAR meeting room",
        "address": "Avenue des Arts 50",
        "city": "Brussels",
        "country": "BE",
        "region": "BE10",
        "summary": "A small working meeting of practitioners who submitted practices to SPRING.",
        "description": "Members of the SPRING communities of practice meet to compare how they "
        "collect evidence on their integration practices and how the SPRING assessment "
        "criteria (effectiveness, innovation, transferability, sustainability, evaluation, "
        "inclusivity and participation) can help them.\n\nPlaces are limited.",
        "agenda": "- 09:30 Welcome\n- 10:00 Practices in the spotlight\n"
        "- 13:00 Lunch\n- 14:00 Working groups on evaluation\n- 16:00 Close",
        "registration_mode": RegistrationMode.PORTAL,
        "capacity": 3,
        "registration_deadline": _at("Europe/Brussels", 2027, 3, 18, 17),
        "speakers": [("Sophie Laurent", "Policy coordinator, SOLIDAR")],
        "registrants": ["giulia.ferrari", "pieter.de.vries"],
    },
    {
        "slug": "webinar-identifying-migrants-soft-skills-2027",
        "title": "Webinar: identifying and assessing migrants’ soft skills",
        "organiser": "ismu",
        "event_type": EventType.WEBINAR,
        "format": EventFormat.ONLINE,
        "time_zone": "Europe/Rome",
        "start": _at("Europe/Rome", 2027, 4, 14, 15),
        "end": _at("Europe/Rome", 2027, 4, 14, 16, 30),
        "summary": "How the guidelines for the identification and assessment of migrants’ soft "
        "skills are used by employment services.",
        "description": "A webinar presenting the *Guidelines for the identification and "
        "assessment of migrants’ soft skills* and how practitioners in employment services "
        "and vocational training use them.",
        "online_url": "https://www.ismu.org/en/",
        "registration_mode": RegistrationMode.PORTAL,
        "speakers": [("Giulia Ferrari", "Researcher, integration policies, ISMU")],
    },
    {
        "slug": "workshop-funding-sustainable-integration-practices-2027",
        "title": "Workshop: funding sustainable integration practices 2021–2027",
        "organiser": "icmpd",
        "event_type": EventType.WORKSHOP,
        "format": EventFormat.HYBRID,
        "time_zone": "Europe/Vienna",
        "start": _at("Europe/Vienna", 2027, 5, 20, 10),
        "end": _at("Europe/Vienna", 2027, 5, 21, 13),
        "venue": "ICMPD",
        "address": "Gonzagagasse 1",
        "city": "Vienna",
        "country": "AT",
        "region": "AT13",
        "online_url": "https://www.icmpd.org/",
        "summary": "Using AMIF, ESF+ and ERDF together for integration in the 2021–2027 period.",
        "description": "The European Commission’s toolkit on the use of EU funds for the "
        "integration of people with a migrant background supports stakeholders at European, "
        "national, regional and local levels. This two-day workshop works through it with "
        "practitioners who plan projects.",
        "registration_mode": RegistrationMode.EXTERNAL,
        "registration_url": "https://www.icmpd.org/",
        "speakers": [("Anna Huber", "Project officer, ICMPD")],
    },
]


def _organisations(command):
    types = {t.slug: t for t in OrganisationType.objects.all()}
    for row in ORGANISATIONS:
        Organisation.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "acronym": row["acronym"],
                "country": row["country"],
                "city": row["city"],
                "org_type": types.get(row["type"]),
                "description": row["description"],
                "state": OrganisationState.APPROVED,
            },
        )


def seed(command):
    _organisations(command)
    organisations = {o.slug: o for o in Organisation.objects.all()}
    moderator = User.objects.filter(is_staff=True).order_by("pk").first()
    created = 0
    for row in EVENTS:
        row = dict(row)
        organiser = organisations.get(row.pop("organiser"))
        if organiser is None:
            continue
        speakers = row.pop("speakers")
        registrants = row.pop("registrants", [])
        event, was_created = Event.objects.get_or_create(
            slug=row.pop("slug"), defaults={**row, "organiser": organiser}
        )
        if was_created:
            created += 1
            Speaker.objects.bulk_create(
                Speaker(event=event, name=name, affiliation=affiliation, position=position)
                for position, (name, affiliation) in enumerate(speakers)
            )
        if event.state == ModerationState.DRAFT:
            transition(event, ModerationState.SUBMITTED, moderator, system=True)
            transition(event, ModerationState.PUBLISHED, moderator, system=True)
        for local_part in registrants:
            user = User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()
            if user and event.registration_open:
                services.register(event, user)
    command.stdout.write(f"Events: {created} created, {Event.objects.count()} in total.")


def reset(command):
    Event.objects.filter(slug__in=[row["slug"] for row in EVENTS]).delete()
    Organisation.objects.filter(
        slug__in=[row["slug"] for row in ORGANISATIONS], events__isnull=True
    ).delete()
