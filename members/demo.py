"""Demo members, organisations and the SPRING consortium (from shared/seeds)."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

from members.enums import MembershipRole, MembershipState, OrganisationState, PartnerRole
from members.models import Membership, Organisation, Partner, User
from spring_portal.models import IntegrationArea, OrganisationType
from spring_portal.moderation import transition
from spring_portal.roles import MODERATORS_GROUP

DEMO_DOMAIN = "demo.spring-portal.eu"

# name, acronym, country, role, department, type slug, website, city, COP?
CONSORTIUM = [
    ("Fondazione Iniziative e Studi sulla Multietnicità", "ISMU", "IT", PartnerRole.COORDINATOR,
     "", "think-tank", "https://www.ismu.org", "Milan", False),
    ("Erasmus University Rotterdam", "EUR", "NL", PartnerRole.PARTNER,
     "Department of Sociology and Public Administration", "university-or-research-institute",
     "https://www.eur.nl", "Rotterdam", False),
    ("Danube University Krems", "DUK", "AT", PartnerRole.PARTNER,
     "Department for Migration and Globalization", "university-or-research-institute",
     "https://www.donau-uni.ac.at", "Krems", False),
    ("International Centre for Migration Policy Development", "ICMPD", "AT", PartnerRole.PARTNER,
     "", "international-organisation", "https://www.icmpd.org", "Vienna", False),
    ("SOLIDAR", "SOLIDAR", "BE", PartnerRole.PARTNER, "", "umbrella-network-community-of-practice",
     "https://www.solidar.org", "Brussels", True),
    ("Migration Policy Institute Europe", "MPI Europe", "BE", PartnerRole.PARTNER, "",
     "think-tank", "https://www.migrationpolicy.org/about/mpi-europe", "Brussels", False),
    ("Youngminds", "", "RO", PartnerRole.PARTNER, "", "ngo-non-profit", "", "Bucharest", False),
    ("International Catholic Migration Commission Europe", "ICMC Europe", "BE",
     PartnerRole.PARTNER, "", "ngo-non-profit", "https://www.icmc.net", "Brussels", False),
    ("Migration Policy Group", "MPG", "BE", PartnerRole.PARTNER, "", "think-tank",
     "https://www.migpolgroup.com", "Brussels", False),
    ("Ottawa Refugee Hub, University of Ottawa", "", "CA", PartnerRole.NON_EU_PARTNER,
     "", "university-or-research-institute", "https://refugeehub.ca", "Ottawa", False),
    ("EUROCITIES", "", "BE", PartnerRole.ASSOCIATE, "", "umbrella-network-community-of-practice",
     "https://eurocities.eu", "Brussels", True),
]  # fmt: skip

# Practitioners who appear in the directory: name, job, country, city, areas, public?
MEMBERS = [
    ("Giulia Ferrari", "Researcher, integration policies", "IT", "Milan",
     ["labour-market-and-employment", "education-and-training"], True, "ISMU"),
    ("Pieter de Vries", "Assistant professor of sociology", "NL", "Rotterdam",
     ["social-inclusion-and-community-building"], True, "EUR"),
    ("Anna Huber", "Project officer", "AT", "Vienna",
     ["recognition-of-qualifications-and-skills"], True, "ICMPD"),
    ("Sophie Laurent", "Policy coordinator", "BE", "Brussels",
     ["active-citizenship-and-political-participation"], True, "SOLIDAR"),
    ("Ioana Popescu", "Youth worker", "RO", "Bucharest", ["family-and-children", "culture-and-sport"],  # noqa: E501
     True, "Youngminds"),
    ("Mette Jensen", "Community centre coordinator", "DK", "Copenhagen",
     ["health-and-wellbeing", "social-inclusion-and-community-building"], True, ""),
    ("Karim Haddad", "Volunteer language teacher", "DE", "Leipzig", ["language-learning"],
     False, ""),
    ("Ana Silva", "Mentoring programme coordinator", "PT", "Lisbon",
     ["labour-market-and-employment", "social-inclusion-and-community-building"], True, ""),
    ("Jan Novák", "Integration officer, city social services", "CZ", "Brno",
     ["access-to-services-and-information", "housing-and-settlement"], True, ""),
    ("Lena Schmidt", "Trauma-informed care trainer", "DE", "Hamburg",
     ["health-and-wellbeing"], True, ""),
    ("Elif Demir", "Researcher, anti-discrimination", "NL", "Utrecht",
     ["anti-discrimination", "active-citizenship-and-political-participation"], True, "EUR"),
]  # fmt: skip

# Organisations beyond the consortium: one approved community of practice and one
# registration waiting for the moderators. slug, name, type, country, city, COP,
# areas, description, requester name.
COMMUNITY = [
    ("welcome-network-ghent", "Welcome Network Ghent", "umbrella-network-community-of-practice",
     "BE", "Ghent", True, ["language-learning", "social-inclusion-and-community-building"],
     "A community of practice of volunteers, social workers and teachers who welcome "
     "newly arrived migrants in Flanders. Members meet every month to exchange methods "
     "for language cafés, buddy programmes and peer mentoring.", "Mette Jensen",
     OrganisationState.APPROVED),
    ("newcomers-mentoring-circle-lisbon", "Newcomers Mentoring Circle Lisbon",
     "voluntary-or-grassroots-group", "PT", "Lisbon", False,
     ["labour-market-and-employment"],
     "Volunteers pairing newly arrived refugees with professionals in their field, to open "
     "doors to the Portuguese labour market.", "Ana Silva", OrganisationState.PENDING),
]  # fmt: skip


def seed(command):
    moderators, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    from spring_portal.management.commands.seed_demo import MODERATOR_EMAIL, MODERATOR_PASSWORD

    moderator, created = User.objects.get_or_create(
        email=MODERATOR_EMAIL,
        defaults={"full_name": "SPRING moderation team", "is_staff": True},
    )
    if created:
        moderator.set_password(MODERATOR_PASSWORD)
        moderator.save()
    moderator.groups.add(moderators)
    _verified(moderator)

    types = {t.slug: t for t in OrganisationType.objects.all()}
    orgs = {}
    for position, row in enumerate(CONSORTIUM, start=1):
        name, acronym, country, role, department, type_slug, website, city, cop = row
        org, _ = Organisation.objects.get_or_create(
            slug=slugify(acronym or name),
            defaults={
                "name": name,
                "acronym": acronym,
                "country": country,
                "city": city,
                "website": website,
                "org_type": types.get(type_slug),
                "is_community_of_practice": cop,
                "description": f"{name} is a member of the SPRING consortium.",
                "state": OrganisationState.APPROVED,
                "state_changed_at": timezone.now(),
            },
        )
        orgs[acronym or name] = org
        Partner.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "country": country,
                "role": role,
                "department": department,
                "website": website,
                "organisation": org,
                "position": position,
            },
        )

    areas = {a.slug: a for a in IntegrationArea.objects.all()}
    users = {}
    for name, job, country, city, area_slugs, public, org_key in MEMBERS:
        email = f"{slugify(name).replace('-', '.')}@{DEMO_DOMAIN}"
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "job_title": job,
                "country": country,
                "city": city,
                "is_public": public,
                "bio": f"{job} working on migrant integration in {city}.",
                "privacy_consent_at": timezone.now(),
                "privacy_consent_version": "2026-11",
                "profile_completed_at": timezone.now(),
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.areas.set([areas[s] for s in area_slugs if s in areas])
        _verified(user)
        users[name] = user
        if org_key and org_key in orgs:
            Membership.objects.get_or_create(
                user=user,
                organisation=orgs[org_key],
                defaults={"role": MembershipRole.ADMIN, "state": MembershipState.ACTIVE},
            )
    _seed_community(types, areas, users, moderator)
    command.stdout.write(
        f"Members: {User.objects.count()} accounts, {Organisation.objects.count()} organisations."
    )


def _seed_community(types, areas, users, moderator):
    """Organisations registered by members, through the same workflow as on the site."""
    for row in COMMUNITY:
        slug, name, type_slug, country, city, cop, area_slugs, description, requester, state = row
        organisation, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "org_type": types.get(type_slug),
                "country": country,
                "city": city,
                "is_community_of_practice": cop,
                "description": description,
                "contact_email": f"contact@{slug}.{DEMO_DOMAIN}",
                "created_by": users[requester],
            },
        )
        if not created:
            continue
        organisation.areas.set([areas[s] for s in area_slugs if s in areas])
        transition(organisation, OrganisationState.PENDING, users[requester])
        if state == OrganisationState.APPROVED:
            transition(organisation, OrganisationState.APPROVED, moderator)
    ghent = Organisation.objects.get(slug="welcome-network-ghent")
    # Ana and Lena are members; Karim asked to join and waits for an answer.
    for name, role, membership_state in [
        ("Ana Silva", MembershipRole.MEMBER, MembershipState.ACTIVE),
        ("Lena Schmidt", MembershipRole.MEMBER, MembershipState.ACTIVE),
        ("Karim Haddad", MembershipRole.MEMBER, MembershipState.REQUESTED),
    ]:
        Membership.objects.get_or_create(
            user=users[name],
            organisation=ghent,
            defaults={"role": role, "state": membership_state},
        )


def _verified(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def reset(command):
    Partner.objects.all().delete()
    Organisation.objects.filter(slug__in=[slugify(r[1] or r[0]) for r in CONSORTIUM]).delete()
    Organisation.objects.filter(slug__in=[row[0] for row in COMMUNITY]).delete()
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()
