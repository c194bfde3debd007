"""Every translatable kind of record: its French translation shown to a French reader,
the original with the note to an English reader, outdated marking, the offer page."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from spring_portal.content_translations import ContentTranslation, localize
from spring_portal.moderation import ModerationState
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.hub.factories import CallFactory, DocumentFactory, NewsPostFactory

S = ModerationState


def _event():
    return EventFactory(language="it", title="Webinar sull'integrazione", description="Testo.")


def _news():
    return NewsPostFactory(language="it", title="Notizie dall'Europa", body="Testo.")


def _document():
    return DocumentFactory(language="it", title="Rapporto sull'integrazione")


def _call():
    return CallFactory(language="it", title="Invito a presentare pratiche", text="Testo.")


def _organisation():
    return OrganisationFactory(language="it", name="Rete Integrazione", description="Testo.")


MAKERS = [_event, _news, _document, _call, _organisation]


def _publish_french(record):
    translation = ContentTranslation.objects.create(
        record=record,
        language="fr",
        title="Titre français de l'enregistrement",
        summary="Résumé en français." if record.TRANSLATED_SUMMARY else "",
        sections={record.TRANSLATED_SECTIONS[0]: "Texte français."}
        if record.TRANSLATED_SECTIONS
        else {},
        state=S.PUBLISHED,
        source_digest=record.translation_digest(),
    )
    record.translations_changed() if hasattr(record, "translations_changed") else None
    return translation


@pytest.mark.django_db
@pytest.mark.parametrize("make", MAKERS)
def test_french_reader_sees_the_published_french_translation(client, make):
    record = make()
    url = record.get_absolute_url()
    _publish_french(record)

    page = client.get(f"/fr{url}").content.decode()

    assert '<h1 lang="fr">Titre français de l&#x27;enregistrement</h1>' in page
    if record.TRANSLATED_SECTIONS:
        assert '<div lang="fr"><p>Texte français.</p>' in page


@pytest.mark.django_db
@pytest.mark.parametrize("make", MAKERS)
def test_english_reader_sees_the_original_with_the_note(client, make):
    record = make()

    page = client.get(record.get_absolute_url()).content.decode()

    assert '<h1 lang="it">' in page
    assert "Written in Italian; no English translation yet;" in page
    assert localize(record).offer_url.replace("&", "&amp;") in page


@pytest.mark.django_db
@pytest.mark.parametrize("make", MAKERS)
def test_offer_page_of_each_kind(client, make):
    record = make()
    client.force_login(UserFactory())

    response = client.get(localize(record).offer_url)

    assert response.status_code == 200
    assert 'lang="it"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("make", MAKERS)
def test_translation_outdated_when_the_original_changes(make):
    record = make()
    translation = _publish_french(record)

    setattr(record, record.TRANSLATED_TITLE, "Un titolo nuovo")
    record.save()

    translation.refresh_from_db()
    assert translation.is_outdated


@pytest.mark.django_db
def test_unpublished_call_cannot_be_translated(client):
    call = CallFactory(is_published=False)
    content_type = ContentType.objects.get_for_model(call)
    client.force_login(UserFactory())
    url = reverse(
        "translation_offer",
        kwargs={"app_label": content_type.app_label, "model": content_type.model, "pk": call.pk},
    )

    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_french_document_translation_is_searched_in_french(client):
    document = DocumentFactory(title="Report on the reception of refugees")
    ContentTranslation.objects.create(
        record=document,
        language="fr",
        title="Rapport sur l'accueil des réfugiés",
        state=S.PUBLISHED,
    )
    document.update_search_vector()

    response = client.get("/fr/documents/", {"q": "réfugié accueilli"})

    assert [d.pk for d in response.context["page"]] == [document.pk]
