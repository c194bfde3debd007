"""Translated content end to end: an Italian practice, a French translation offered,
moderated and shown to a French reader; the English reader sees the original with the
note; the translation marked outdated when the original changes in substance."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from spring_portal.content_translations import ContentTranslation, TranslatorRole, localize
from spring_portal.languages import fold, search_config
from spring_portal.moderation import ModerationState, transition
from tests.factories import MembershipFactory, ModeratorFactory, OrganisationFactory, UserFactory
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState

ITALIAN = {
    "title": "Italia: Corsi di lingua per rifugiati – Comune di Torino",
    "summary": "I rifugiati imparano l'italiano con volontari ogni settimana.",
    "description": "Incontri settimanali nella biblioteca pubblica.",
    "outcomes": "I partecipanti parlano con più sicurezza.",
    "language": "it",
}
FRENCH = {
    "language": "fr",
    "title": "Italie : cours de langue pour les réfugiés – Ville de Turin",
    "summary": "Les réfugiés apprennent l'italien avec des bénévoles chaque semaine.",
    "description": "Rencontres hebdomadaires à la bibliothèque publique.",
    "outcomes": "",
}


@pytest.fixture
def italian_practice(db):
    return PublishedPracticeFactory(**ITALIAN)


def offer_url(practice, language=""):
    url = reverse(
        "translation_offer",
        kwargs={"app_label": "practices", "model": "practice", "pk": practice.pk},
    )
    return f"{url}?language={language}" if language else url


def _offer(client, practice, data=FRENCH):
    return client.post(offer_url(practice), data)


# --- the whole flow ----------------------------------------------------------------------


@pytest.mark.django_db
def test_italian_practice_french_translation_offered_moderated_and_shown(client, italian_practice):
    practice = italian_practice
    url = practice.get_absolute_url()  # in English: each request leaves its language active
    translator = UserFactory()
    client.force_login(translator)

    response = _offer(client, practice)

    assert response.status_code == 302
    translation = ContentTranslation.objects.for_record(practice).get()
    assert translation.state == S.SUBMITTED
    assert translation.language == "fr"
    assert translation.created_by == translator
    assert translation.translator_role == TranslatorRole.MEMBER
    assert translation.sections == {"description": FRENCH["description"]}

    # Waiting for review: the French reader still sees the Italian original.
    client.logout()
    page = client.get(f"/fr{url}").content.decode()
    assert FRENCH["title"] not in page
    assert ITALIAN["title"] in page

    transition(translation, S.PUBLISHED, ModeratorFactory())

    page = client.get(f"/fr{url}").content.decode()
    assert '<h1 lang="fr">Italie : cours de langue pour les réfugiés – Ville de Turin</h1>' in page
    assert 'lang="fr">Les réfugiés apprennent' in page
    # A section the translator left empty stays in Italian, marked as such.
    assert '<div lang="it"><p>I partecipanti parlano' in page
    # The switch offers the Italian original.
    assert f'href="/fr{url}?lang=it"' in page


@pytest.mark.django_db
def test_english_reader_sees_the_original_with_the_note(client, italian_practice):
    page = client.get(italian_practice.get_absolute_url()).content.decode()

    assert f'<h1 lang="it">{ITALIAN["title"]}</h1>' in page
    assert "Written in Italian; no English translation yet;" in page
    assert f'href="{offer_url(italian_practice, "en")}"' in page


@pytest.mark.django_db
def test_french_reader_without_translation_gets_the_note_in_french(client, italian_practice):
    page = client.get(f"/fr{italian_practice.get_absolute_url()}").content.decode()

    assert f'<h1 lang="it">{ITALIAN["title"]}</h1>' in page
    assert 'class="content-language__note"' in page


@pytest.mark.django_db
def test_requested_language_shows_the_original_to_a_french_reader(client, italian_practice):
    _published_french(italian_practice)

    page = client.get(f"/fr{italian_practice.get_absolute_url()}?lang=it").content.decode()

    assert f'<h1 lang="it">{ITALIAN["title"]}</h1>' in page
    assert "no French translation yet" not in page


@pytest.mark.django_db
def test_page_in_the_original_language_has_no_note(client):
    practice = PublishedPracticeFactory(language="en")

    page = client.get(practice.get_absolute_url()).content.decode()

    assert "translation yet" not in page


@pytest.mark.django_db
def test_each_translation_has_its_own_hreflang_alternate(client, italian_practice):
    _published_french(italian_practice)
    ContentTranslation.objects.create(
        record=italian_practice,
        language="pl",
        title="Włochy: kursy językowe",
        state=S.PUBLISHED,
    )

    url = italian_practice.get_absolute_url()
    page = client.get(url).content.decode()

    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="it" href="{site}{url}?lang=it">' in page
    assert f'<link rel="alternate" hreflang="pl" href="{site}{url}?lang=pl">' in page
    # French is an interface language: its alternate is the /fr/ page, which shows it.
    assert f'hreflang="fr" href="{site}/fr{url}"' in page


# --- outdated ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_translation_marked_outdated_when_the_original_changes(client, italian_practice):
    translation = _published_french(italian_practice)
    url = italian_practice.get_absolute_url()

    italian_practice.description = "Incontri settimanali e gite in città."
    italian_practice.save()

    translation.refresh_from_db()
    assert translation.is_outdated
    page = client.get(f"/fr{url}").content.decode()
    assert "Cette traduction n’est peut-être plus à jour" in page


@pytest.mark.django_db
def test_spacing_change_does_not_make_a_translation_outdated(italian_practice):
    translation = _published_french(italian_practice)

    italian_practice.description = ITALIAN["description"] + "\n\n"
    italian_practice.city = "Torino"
    italian_practice.save()

    translation.refresh_from_db()
    assert not translation.is_outdated


@pytest.mark.django_db
def test_published_revision_makes_translation_outdated(italian_practice):
    translation = _published_french(italian_practice)
    revision = italian_practice.create_revision(italian_practice.created_by)
    revision.summary = "Un nuovo riassunto."
    revision.save()
    moderator = ModeratorFactory()
    transition(revision, S.SUBMITTED, italian_practice.created_by)
    transition(revision, S.PUBLISHED, moderator)

    translation.refresh_from_db()
    assert translation.is_outdated


# --- offering: rules ---------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_requires_login(client, italian_practice):
    response = client.get(offer_url(italian_practice))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_offer_form_shows_the_original_beside_each_field(client, italian_practice):
    client.force_login(UserFactory())

    page = client.get(offer_url(italian_practice, "fr")).content.decode()

    assert '<option value="fr" selected>' in page
    assert '<option value="it"' not in page  # not into the original's language
    assert 'lang="it"' in page
    assert "Incontri settimanali" in page


@pytest.mark.django_db
def test_offer_of_unpublished_record_is_404(client):
    draft = PublishedPracticeFactory(state=S.DRAFT, language="it")
    client.force_login(UserFactory())

    assert client.get(offer_url(draft)).status_code == 404


@pytest.mark.django_db
def test_offer_of_a_non_translatable_model_is_404(client):
    client.force_login(UserFactory())
    url = reverse("translation_offer", kwargs={"app_label": "members", "model": "user", "pk": 1})

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_second_offer_in_the_same_language_is_refused_in_place(client, italian_practice):
    client.force_login(UserFactory())
    _offer(client, italian_practice)

    response = _offer(client, italian_practice, {**FRENCH, "title": "Autre titre"})

    assert response.status_code == 200
    assert "already exists or waits for review" in response.content.decode()
    assert 'value="Autre titre"' in response.content.decode()
    assert ContentTranslation.objects.for_record(italian_practice).count() == 1


@pytest.mark.django_db
def test_offer_without_title_is_refused_in_place(client, italian_practice):
    client.force_login(UserFactory())

    response = _offer(client, italian_practice, {**FRENCH, "title": ""})

    assert response.status_code == 200
    assert "Les réfugiés apprennent" in response.content.decode()
    assert not ContentTranslation.objects.exists()


@pytest.mark.django_db
def test_moderator_translation_is_published_at_once(client, italian_practice):
    client.force_login(ModeratorFactory())

    _offer(client, italian_practice)

    translation = ContentTranslation.objects.get()
    assert translation.state == S.PUBLISHED
    assert translation.translator_role == TranslatorRole.MODERATOR


@pytest.mark.django_db
def test_organisation_admin_is_recorded_as_such_and_still_moderated(client):
    organisation = OrganisationFactory()
    admin = MembershipFactory(organisation=organisation, role="admin").user
    practice = PublishedPracticeFactory(organisation=organisation, **ITALIAN)
    client.force_login(admin)

    _offer(client, practice)

    translation = ContentTranslation.objects.get()
    assert translation.translator_role == TranslatorRole.ORGANISATION_ADMIN
    assert translation.state == S.SUBMITTED


@pytest.mark.django_db
def test_translator_cannot_publish_their_own_translation(italian_practice):
    translator = UserFactory()
    translation = ContentTranslation.objects.create(
        record=italian_practice, language="fr", title="Titre", created_by=translator
    )
    transition(translation, S.SUBMITTED, translator)

    with pytest.raises(PermissionDenied):
        transition(translation, S.PUBLISHED, translator)


@pytest.mark.django_db
def test_rejected_translation_frees_the_language(client, italian_practice):
    translator = UserFactory()
    client.force_login(translator)
    _offer(client, italian_practice)
    transition(
        ContentTranslation.objects.get(), S.REJECTED, ModeratorFactory(), message="Incomplete."
    )

    _offer(client, italian_practice)

    assert ContentTranslation.objects.filter(state=S.SUBMITTED).count() == 1


@pytest.mark.django_db
def test_admin_publishes_a_submitted_translation(client, italian_practice):
    translation = ContentTranslation.objects.create(
        record=italian_practice, language="fr", title="Titre", created_by=UserFactory()
    )
    transition(translation, S.SUBMITTED, translation.created_by)
    client.force_login(ModeratorFactory())
    url = reverse("admin:spring_portal_contenttranslation_move", args=[translation.pk, "published"])

    client.post(url, {"apply": "1"})

    translation.refresh_from_db()
    assert translation.state == S.PUBLISHED


@pytest.mark.django_db
def test_admin_change_page_shows_the_original(client, italian_practice):
    translation = _published_french(italian_practice)
    client.force_login(ModeratorFactory())

    page = client.get(
        reverse("admin:spring_portal_contenttranslation_change", args=[translation.pk])
    ).content.decode()

    assert "Incontri settimanali" in page


# --- helpers ---------------------------------------------------------------------------------


def test_fold_matches_the_sql_twin_on_common_letters():
    assert fold("Intégration des réfugiés") == "Integration des refugies"
    assert fold("Ärzte für Flüchtlinge, Straße") == "Arzte fur Fluchtlinge, Strasse"
    assert fold("Łódź, Œuvre, Ørsted") == "Lodz, OEuvre, Orsted"


@pytest.mark.django_db
def test_sql_fold_equals_python_fold():
    from django.db import connection

    samples = ["Intégration des réfugiés", "Ärzte für Flüchtlinge, Straße", "Łódź, Œuvre, Ørsted"]
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT spring_fold(%s)", [sample])
            assert cursor.fetchone()[0] == fold(sample)


def test_search_config_per_language():
    assert search_config("fr") == "french"
    assert search_config("de") == "german"
    assert search_config("pl") == "simple"
    assert search_config("mt") == "simple"


@pytest.mark.django_db
def test_sql_config_equals_python_config():
    from django.db import connection

    from spring_portal.languages import EU_LANGUAGE_CODES

    with connection.cursor() as cursor:
        for code in EU_LANGUAGE_CODES:
            cursor.execute("SELECT spring_ts_config(%s)::text", [code])
            assert cursor.fetchone()[0] == search_config(code)


@pytest.mark.django_db
def test_localize_falls_back_to_the_original_for_an_unknown_requested_language(italian_practice):
    shown = localize(italian_practice, requested="xx")

    assert shown.language == "it"
    assert shown.title == ITALIAN["title"]


def _published_french(practice):
    translation = ContentTranslation.objects.create(
        record=practice,
        language="fr",
        title=FRENCH["title"],
        summary=FRENCH["summary"],
        sections={"description": FRENCH["description"]},
        created_by=UserFactory(),
        source_digest=practice.translation_digest(),
    )
    transition(translation, S.SUBMITTED, translation.created_by)
    transition(translation, S.PUBLISHED, ModeratorFactory())
    return translation


# --- corrections after "changes requested" ----------------------------------------------


def _sent_back(practice):
    translator = UserFactory()
    translation = ContentTranslation.objects.create(
        record=practice, language="fr", title="Titre à revoir", created_by=translator
    )
    transition(translation, S.SUBMITTED, translator)
    transition(translation, S.CHANGES_REQUESTED, ModeratorFactory(), message="Traduisez le résumé.")
    return translation


@pytest.mark.django_db
def test_translator_corrects_a_translation_sent_back_and_resubmits(client, italian_practice):
    translation = _sent_back(italian_practice)
    client.force_login(translation.created_by)
    url = reverse("translation_edit", kwargs={"pk": translation.pk})

    page = client.get(url).content.decode()
    assert "Traduisez le résumé." in page
    assert 'value="Titre à revoir"' in page
    response = client.post(url, {**FRENCH, "language": "de"})

    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.state == S.SUBMITTED
    assert translation.title == FRENCH["title"]
    assert translation.language == "fr"  # the language is kept


@pytest.mark.django_db
def test_decision_notification_links_to_the_correction_page(
    italian_practice, django_capture_on_commit_callbacks
):
    from members.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        translation = _sent_back(italian_practice)

    notification = Notification.objects.filter(recipient=translation.created_by).latest("pk")
    assert notification.url.endswith(reverse("translation_edit", kwargs={"pk": translation.pk}))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "other", "moderator"])
def test_only_the_translator_may_correct(client, italian_practice, who):
    translation = _sent_back(italian_practice)
    if who == "other":
        client.force_login(UserFactory())
    elif who == "moderator":
        client.force_login(ModeratorFactory())

    response = client.get(reverse("translation_edit", kwargs={"pk": translation.pk}))

    assert response.status_code == (302 if who == "anonymous" else 404)


@pytest.mark.django_db
def test_published_translation_cannot_be_corrected_by_the_translator(client, italian_practice):
    translation = _published_french(italian_practice)
    client.force_login(translation.created_by)

    response = client.get(reverse("translation_edit", kwargs={"pk": translation.pk}))

    assert response.status_code == 403


@pytest.mark.django_db
def test_submitted_translation_waits_in_the_review_queue(client, italian_practice):
    translator = UserFactory()
    translation = ContentTranslation.objects.create(
        record=italian_practice, language="fr", title="Titre en attente", created_by=translator
    )
    transition(translation, S.SUBMITTED, translator)
    client.force_login(ModeratorFactory())

    page = client.get(reverse("admin_review_queue")).content.decode()

    assert "Titre en attente" in page


@pytest.mark.django_db
def test_made_up_language_parameter_is_dropped_by_a_redirect(client, italian_practice):
    url = italian_practice.get_absolute_url()

    response = client.get(url, {"lang": "zz"})

    assert response.status_code == 302
    assert response["Location"] == url
    assert client.get(url, {"lang": "pl"}).status_code == 200  # an EU language, shown as original
