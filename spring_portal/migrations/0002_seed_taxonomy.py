"""Seed the taxonomy from shared/DOMAIN.md. Moderators edit it in the admin afterwards."""

from django.db import migrations
from django.utils.text import slugify

INTEGRATION_AREAS = [
    "Labour market and employment",
    "Recognition of qualifications and skills",
    "Vocational training",
    "Entrepreneurship",
    "Education and training",
    "Language learning",
    "Housing and settlement",
    "Health and wellbeing",
    "Social inclusion and community building",
    "Active citizenship and political participation",
    "Access to services and information",
    "Anti-discrimination",
    "Family and children",
    "Culture and sport",
]
AREA_DESCRIPTIONS = {
    "Education and training": "School, lifelong learning.",
    "Health and wellbeing": "Including mental health and trauma.",
    "Access to services and information": "Including digital access.",
}
TARGET_GROUPS = [
    "Refugees and beneficiaries of international protection",
    "Asylum seekers",
    "Beneficiaries of temporary protection (Ukraine)",
    "Newly arrived migrants",
    "Women",
    "Children",
    "Unaccompanied minors",
    "Youth",
    "Students",
    "Older migrants",
    "Victims of trafficking",
    "LGBTIQ migrants",
    "Irregular migrants",
    "Receiving communities and professionals",
]
ORGANISATION_TYPES = [
    "NGO / non-profit",
    "Voluntary or grassroots group",
    "Migrant or diaspora organisation",
    "Public authority (local)",
    "Public authority (regional)",
    "Public authority (national)",
    "University or research institute",
    "Think tank",
    "International organisation",
    "Foundation",
    "Umbrella network / community of practice",
    "Social enterprise or business",
    "Independent researcher",
]
FUNDING_PROGRAMMES = [
    "AMIF",
    "ESF / ESF+",
    "ERDF",
    "Horizon 2020 / Horizon Europe",
    "Erasmus+",
    "EU4Health",
    "CERV",
    "National public funds",
    "Regional or local public funds",
    "Private foundation",
    "UNHCR / other international",
    "Own resources",
]


def seed(apps, schema_editor):
    for model_name, names in [
        ("IntegrationArea", INTEGRATION_AREAS),
        ("TargetGroup", TARGET_GROUPS),
        ("OrganisationType", ORGANISATION_TYPES),
        ("FundingProgramme", FUNDING_PROGRAMMES),
    ]:
        model = apps.get_model("spring_portal", model_name)
        for position, name in enumerate(names, start=1):
            model.objects.update_or_create(
                slug=slugify(name.replace("+", " plus")),
                defaults={
                    "name": name,
                    "position": position,
                    "description": AREA_DESCRIPTIONS.get(name, "")
                    if model_name == "IntegrationArea"
                    else "",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("spring_portal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
