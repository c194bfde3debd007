"""French and German names for the seeded taxonomy (moderators edit them in the admin)."""

from django.db import migrations

# English name -> (French, German)
TRANSLATIONS = {
    "IntegrationArea": {
        "Labour market and employment": ("Marché du travail et emploi", "Arbeitsmarkt und Beschäftigung"),
        "Recognition of qualifications and skills": ("Reconnaissance des qualifications et des compétences", "Anerkennung von Qualifikationen und Kompetenzen"),
        "Vocational training": ("Formation professionnelle", "Berufliche Bildung"),
        "Entrepreneurship": ("Entrepreneuriat", "Unternehmertum"),
        "Education and training": ("Éducation et formation", "Bildung und Ausbildung"),
        "Language learning": ("Apprentissage des langues", "Spracherwerb"),
        "Housing and settlement": ("Logement et installation", "Wohnen und Ansiedlung"),
        "Health and wellbeing": ("Santé et bien-être", "Gesundheit und Wohlbefinden"),
        "Social inclusion and community building": ("Inclusion sociale et vie collective", "Soziale Inklusion und Gemeinschaftsbildung"),
        "Active citizenship and political participation": ("Citoyenneté active et participation politique", "Aktive Bürgerschaft und politische Teilhabe"),
        "Access to services and information": ("Accès aux services et à l'information", "Zugang zu Diensten und Informationen"),
        "Anti-discrimination": ("Lutte contre les discriminations", "Antidiskriminierung"),
        "Family and children": ("Famille et enfants", "Familie und Kinder"),
        "Culture and sport": ("Culture et sport", "Kultur und Sport"),
    },
    "TargetGroup": {
        "Refugees and beneficiaries of international protection": ("Réfugiés et bénéficiaires d'une protection internationale", "Geflüchtete und Personen mit internationalem Schutz"),
        "Asylum seekers": ("Demandeurs d'asile", "Asylsuchende"),
        "Beneficiaries of temporary protection (Ukraine)": ("Bénéficiaires de la protection temporaire (Ukraine)", "Personen mit vorübergehendem Schutz (Ukraine)"),
        "Newly arrived migrants": ("Migrants nouvellement arrivés", "Neu zugewanderte Migrantinnen und Migranten"),
        "Women": ("Femmes", "Frauen"),
        "Children": ("Enfants", "Kinder"),
        "Unaccompanied minors": ("Mineurs non accompagnés", "Unbegleitete Minderjährige"),
        "Youth": ("Jeunes", "Jugendliche"),
        "Students": ("Étudiants", "Studierende"),
        "Older migrants": ("Migrants âgés", "Ältere Migrantinnen und Migranten"),
        "Victims of trafficking": ("Victimes de la traite", "Opfer von Menschenhandel"),
        "LGBTIQ migrants": ("Migrants LGBTIQ", "LGBTIQ-Migrantinnen und -Migranten"),
        "Irregular migrants": ("Migrants en situation irrégulière", "Irreguläre Migrantinnen und Migranten"),
        "Receiving communities and professionals": ("Sociétés d'accueil et professionnels", "Aufnahmegesellschaft und Fachkräfte"),
    },
    "OrganisationType": {
        "NGO / non-profit": ("ONG / association sans but lucratif", "NGO / gemeinnützige Organisation"),
        "Voluntary or grassroots group": ("Groupe bénévole ou citoyen", "Ehrenamtliche oder Basisgruppe"),
        "Migrant or diaspora organisation": ("Organisation de migrants ou de la diaspora", "Migranten- oder Diasporaorganisation"),
        "Public authority (local)": ("Autorité publique (locale)", "Öffentliche Behörde (lokal)"),
        "Public authority (regional)": ("Autorité publique (régionale)", "Öffentliche Behörde (regional)"),
        "Public authority (national)": ("Autorité publique (nationale)", "Öffentliche Behörde (national)"),
        "University or research institute": ("Université ou institut de recherche", "Universität oder Forschungsinstitut"),
        "Think tank": ("Groupe de réflexion", "Thinktank"),
        "International organisation": ("Organisation internationale", "Internationale Organisation"),
        "Foundation": ("Fondation", "Stiftung"),
        "Umbrella network / community of practice": ("Réseau faîtier / communauté de pratique", "Dachverband / Praxisgemeinschaft"),
        "Social enterprise or business": ("Entreprise sociale ou entreprise", "Sozialunternehmen oder Unternehmen"),
        "Independent researcher": ("Chercheur indépendant", "Unabhängige Forschende"),
    },
    "FundingProgramme": {
        "AMIF": ("FAMI (AMIF)", "AMIF"),
        "ESF / ESF+": ("FSE / FSE+", "ESF / ESF+"),
        "ERDF": ("FEDER", "EFRE"),
        "Horizon 2020 / Horizon Europe": ("Horizon 2020 / Horizon Europe", "Horizont 2020 / Horizont Europa"),
        "Erasmus+": ("Erasmus+", "Erasmus+"),
        "EU4Health": ("EU4Health (L'UE pour la santé)", "EU4Health"),
        "CERV": ("CERV (Citoyens, égalité, droits et valeurs)", "CERV (Bürgerinnen und Bürger, Gleichstellung, Rechte und Werte)"),
        "National public funds": ("Fonds publics nationaux", "Nationale öffentliche Mittel"),
        "Regional or local public funds": ("Fonds publics régionaux ou locaux", "Regionale oder kommunale öffentliche Mittel"),
        "Private foundation": ("Fondation privée", "Private Stiftung"),
        "UNHCR / other international": ("HCR / autre financement international", "UNHCR / andere internationale Mittel"),
        "Own resources": ("Fonds propres", "Eigenmittel"),
    },
}  # fmt: skip


def translate(apps, schema_editor):
    for model_name, names in TRANSLATIONS.items():
        model = apps.get_model("spring_portal", model_name)
        for english, (french, german) in names.items():
            model.objects.filter(name=english, name_fr="").update(name_fr=french)
            model.objects.filter(name=english, name_de="").update(name_de=german)


class Migration(migrations.Migration):
    dependencies = [("spring_portal", "0004_term_translations")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
