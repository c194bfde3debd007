"""Search in each text's language: French and German stemming, accents folded, small
typos tolerated, translations found with their originals, each practice counted once."""

import pytest

from spring_portal.content_translations import ContentTranslation
from spring_portal.moderation import ModerationState
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState
FR_LIST = "/fr/practices/"
DE_LIST = "/de/practices/"
EN_LIST = "/practices/"


def _translate(practice, language, title, summary="", description=""):
    translation = ContentTranslation.objects.create(
        record=practice,
        language=language,
        title=title,
        summary=summary,
        sections={"description": description} if description else {},
        state=S.PUBLISHED,
        source_digest=practice.translation_digest(),
    )
    practice.translations_changed()
    return translation


@pytest.fixture
def corpus(db):
    french = PublishedPracticeFactory(
        language="fr",
        countries=["FR"],
        title="France : Intégration des réfugiés par le travail – Ville de Lyon",
        summary="Les réfugiés trouvent un emploi avec un tuteur.",
        description="Un accompagnement personnalisé vers l'emploi.",
    )
    english_translated = PublishedPracticeFactory(
        language="en",
        countries=["DE"],
        title="Germany: Welcome and integration of refugees in Berlin – City of Berlin",
        summary="Refugees are welcomed by neighbours.",
        description="Neighbours meet newcomers every month.",
    )
    _translate(
        english_translated,
        "fr",
        "Allemagne : Accueil et intégration des réfugiés à Berlin – Ville de Berlin",
        "Les réfugiés sont accueillis par leurs voisins.",
    )
    english_only = PublishedPracticeFactory(
        language="en",
        countries=["BE"],
        title="Belgium: Housing for families – Example NGO",
        summary="Families find a flat.",
        description="Landlords and families meet.",
    )
    german = PublishedPracticeFactory(
        language="de",
        countries=["AT"],
        title="Österreich: Integrationskurse für Geflüchtete – Stadt Wien",
        summary="Geflüchtete Frauen lernen Deutsch in kleinen Gruppen.",
        description="Die Kurse finden in Stadtteilzentren statt.",
    )
    return {
        "french": french,
        "english_translated": english_translated,
        "english_only": english_only,
        "german": german,
    }


def _found(client, url, query, **params):
    response = client.get(url, {"q": query, **params})
    assert response.status_code == 200
    return response


def _pks(response):
    return [practice.pk for practice in response.context["practices"]]


# --- French --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_french_query_finds_french_originals_and_french_translations(client, corpus):
    response = _found(client, FR_LIST, "intégration des réfugiés")

    assert set(_pks(response)) == {corpus["french"].pk, corpus["english_translated"].pk}


@pytest.mark.django_db
def test_french_query_without_accents_finds_the_same(client, corpus):
    response = _found(client, FR_LIST, "integration des refugies")

    assert set(_pks(response)) == {corpus["french"].pk, corpus["english_translated"].pk}


@pytest.mark.django_db
def test_french_stemming_singular_finds_plural(client, corpus):
    response = _found(client, FR_LIST, "réfugié")

    assert set(_pks(response)) == {corpus["french"].pk, corpus["english_translated"].pk}


@pytest.mark.django_db
def test_french_stemming_verb_form(client, corpus):
    # "accueillis" (translation) and "accueillir" share the French stem.
    response = _found(client, FR_LIST, "accueillir")

    assert _pks(response) == [corpus["english_translated"].pk]


@pytest.mark.django_db
def test_translated_card_shows_the_french_title_to_a_french_reader(client, corpus):
    response = _found(client, FR_LIST, "Berlin")

    page = response.content.decode()
    assert "Allemagne : Accueil et intégration des réfugiés à Berlin" in page
    assert 'lang="fr"' in page


@pytest.mark.django_db
def test_english_reader_finds_the_english_original_in_english(client, corpus):
    response = _found(client, EN_LIST, "refugee welcome")

    assert _pks(response) == [corpus["english_translated"].pk]
    assert "Germany: Welcome and integration" in response.content.decode()


@pytest.mark.django_db
def test_a_translation_waiting_for_review_is_not_searched(client, corpus):
    ContentTranslation.objects.create(
        record=corpus["english_only"],
        language="fr",
        title="Belgique : Logement des familles réfugiées",
        state=S.SUBMITTED,
    )
    corpus["english_only"].translations_changed()

    response = _found(client, FR_LIST, "logement")

    assert _pks(response) == []


@pytest.mark.django_db
def test_withdrawn_publication_leaves_the_search(client, corpus):
    from spring_portal.moderation import transition
    from tests.factories import ModeratorFactory

    translation = ContentTranslation.objects.get(language="fr")
    transition(translation, S.ARCHIVED, ModeratorFactory())

    response = _found(client, FR_LIST, "accueillir")

    assert _pks(response) == []


# --- German --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_german_stemming_compound_singular(client, corpus):
    response = _found(client, DE_LIST, "Integrationskurs")

    assert _pks(response) == [corpus["german"].pk]


@pytest.mark.django_db
def test_german_umlaut_folded(client, corpus):
    for query in ("Geflüchteten", "Gefluchtete", "Osterreich"):
        response = _found(client, DE_LIST, query)
        assert _pks(response) == [corpus["german"].pk], query


@pytest.mark.django_db
def test_german_words_found_from_another_interface_language(client, corpus):
    # The title is also indexed word for word ("simple"): an English reader typing the
    # German title's words finds it.
    response = _found(client, EN_LIST, "Integrationskurse Wien")

    assert _pks(response) == [corpus["german"].pk]


# --- typos ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_french_typo_is_corrected_and_said(client, corpus):
    response = _found(client, FR_LIST, "intégraton des réfugiés")

    assert set(_pks(response)) == {corpus["french"].pk, corpus["english_translated"].pk}
    assert response.context["corrected_from"] == "intégraton des réfugiés"
    page = response.content.decode()
    assert 'value="intégraton des réfugiés"' in page


@pytest.mark.django_db
def test_german_typo_is_corrected(client, corpus):
    response = _found(client, DE_LIST, "Integrationskruse")

    assert _pks(response) == [corpus["german"].pk]


@pytest.mark.django_db
def test_no_correction_when_words_match(client, corpus):
    response = _found(client, FR_LIST, "réfugiés")

    assert response.context["corrected_from"] == ""


@pytest.mark.django_db
def test_unrelated_word_finds_nothing(client, corpus):
    response = _found(client, FR_LIST, "xylophone")

    assert _pks(response) == []


# --- each practice once ----------------------------------------------------------------------


@pytest.mark.django_db
def test_practice_matching_in_original_and_translations_is_one_row(client, corpus):
    practice = corpus["english_translated"]
    _translate(practice, "de", "Deutschland: Willkommen und Integration in Berlin")
    _translate(practice, "it", "Germania: accoglienza e integrazione a Berlino")

    response = _found(client, FR_LIST, "Berlin", sort="title")

    assert _pks(response) == [practice.pk]
    assert response.context["paginator"].count == 1
    countries = next(f for f in response.context["facets"] if f.name == "country")
    assert {value.value: value.count for value in countries.values if value.count} == {"DE": 1}


@pytest.mark.django_db
def test_filter_search_used_by_exports_is_multilingual_without_duplicates(corpus):
    from django.utils import translation

    from practices.filters import PracticeFilter
    from practices.models import Practice

    _translate(corpus["french"], "de", "Frankreich: Integration von Geflüchteten durch Arbeit")
    with translation.override("fr"):
        qs = PracticeFilter({"q": "réfugiés"}, queryset=Practice.objects.published()).qs
        pks = list(qs.values_list("pk", flat=True))

    assert sorted(pks) == sorted([corpus["french"].pk, corpus["english_translated"].pk])
