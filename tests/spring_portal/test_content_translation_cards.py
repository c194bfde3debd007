"""Cards in lists show the reader's language (issue 17): the published translation into
the interface language when there is one, else the original, with `lang` on the title
and summary when their language is not the page's; one query fetches the translations
of a whole page."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hub.home import home_sections
from spring_portal.caching import content_version
from spring_portal.content_translations import (
    ContentTranslation,
    attach_reader_translations,
    card_text,
)
from spring_portal.moderation import ModerationState, transition
from tests.events.factories import EventFactory
from tests.factories import ModeratorFactory, OrganisationFactory
from tests.hub.factories import CallFactory, DocumentFactory, NewsPostFactory
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState
pytestmark = pytest.mark.django_db

FRENCH_TITLE = "Titre français numéro"
FRENCH_SUMMARY = "Résumé en français pour la carte."


def _event(n):
    return EventFactory(
        language="it", title=f"Webinar sull'integrazione {n}", summary="Sommario italiano."
    )


def _news(n):
    return NewsPostFactory(language="it", title=f"Notizie dall'Europa {n}", summary="Sommario.")


def _document(n):
    return DocumentFactory(language="it", title=f"Rapporto sull'integrazione {n}")


def _call(n):
    return CallFactory(language="it", title=f"Invito a presentare pratiche {n}", text="Testo.")


def _organisation(n):
    return OrganisationFactory(
        language="it", name=f"Rete Integrazione {n}", description="Descrizione italiana."
    )


LISTS = [
    pytest.param(_event, reverse("events:list"), id="events"),
    pytest.param(_news, reverse("hub:news_list"), id="news"),
    pytest.param(_document, reverse("hub:document_list"), id="documents"),
    pytest.param(_call, reverse("hub:call_list"), id="calls"),
    pytest.param(_organisation, reverse("members:organisation_list"), id="organisations"),
]


def _publish_french(record, n=0):
    """A French translation published through the workflow, as a moderator would."""
    summary_field = record.card_summary_fields()[0]
    is_summary = summary_field == record.TRANSLATED_SUMMARY
    found = ContentTranslation.objects.create(
        record=record,
        language="fr",
        title=f"{FRENCH_TITLE} {n}",
        summary=FRENCH_SUMMARY if is_summary else "",
        sections={} if is_summary else {summary_field: FRENCH_SUMMARY},
        state=S.SUBMITTED,
        source_digest=record.translation_digest(),
    )
    transition(found, S.PUBLISHED, ModeratorFactory())
    return found


def _card_title(page, text):
    """The attributes of the card heading whose link reads `text`, or None."""
    found = re.search(
        r"<h3(?P<attrs>[^>]*)>\s*<a href=\"[^\"]+\">" + re.escape(text) + "</a>", page
    )
    return None if found is None else found.group("attrs")


def _lang(attrs):
    found = re.search(r'lang="([^"]+)"', attrs)
    return found.group(1) if found else None


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_french_reader_sees_the_french_translation_on_the_card(client, make, url):
    record = make(1)
    _publish_french(record, 1)

    page = client.get(f"/fr{url}").content.decode()

    attrs = _card_title(page, f"{FRENCH_TITLE} 1")
    assert attrs is not None
    # French on a French page: no lang of its own.
    assert _lang(attrs) is None
    assert f"<p>{FRENCH_SUMMARY}" in page
    assert getattr(record, record.TRANSLATED_TITLE).replace("'", "&#x27;") not in page


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_english_reader_sees_the_original_marked_italian(client, make, url):
    record = make(1)
    _publish_french(record, 1)

    page = client.get(url).content.decode()

    title = getattr(record, record.TRANSLATED_TITLE).replace("'", "&#x27;")
    assert _lang(_card_title(page, title)) == "it"
    assert FRENCH_TITLE not in page
    summary = card_text(record).summary
    assert re.search(r'<p lang="it">\s*' + re.escape(summary[:8]), page)


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_german_reader_without_translation_sees_the_original_marked_italian(client, make, url):
    record = make(1)
    _publish_french(record, 1)

    page = client.get(f"/de{url}").content.decode()

    title = getattr(record, record.TRANSLATED_TITLE).replace("'", "&#x27;")
    assert _lang(_card_title(page, title)) == "it"


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_unpublished_translation_is_not_shown_on_the_card(client, make, url):
    record = make(1)
    ContentTranslation.objects.create(
        record=record, language="fr", title=f"{FRENCH_TITLE} 1", state=S.SUBMITTED
    )

    page = client.get(f"/fr{url}").content.decode()

    assert FRENCH_TITLE not in page


def _translation_queries(captured):
    return [q for q in captured if "spring_portal_contenttranslation" in q["sql"]]


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_list_reads_the_translations_in_one_query_whatever_the_items(
    client, django_assert_num_queries, make, url
):
    _publish_french(make(0), 0)
    with CaptureQueriesContext(connection) as one:
        assert f"{FRENCH_TITLE} 0" in client.get(f"/fr{url}").content.decode()
    for n in range(1, 6):
        _publish_french(make(n), n)

    with django_assert_num_queries(len(one.captured_queries)) as many:
        page = client.get(f"/fr{url}").content.decode()

    assert all(f"{FRENCH_TITLE} {n}" in page for n in range(6))
    assert len(_translation_queries(many.captured_queries)) == 1


# The home page and the other card lists -----------------------------------------------


def _fill_home(count):
    records = []
    for n in range(count):
        records += [
            NewsPostFactory(language="it", title=f"Notizia {n}", is_highlight=True),
            _event(n),
            _call(n),
            _document(n),
            PublishedPracticeFactory(language="it", title=f"Pratica {n}"),
        ]
    for n, record in enumerate(records):
        _publish_french(record, n)
    return records


def _render_home():
    sections = home_sections()
    return "".join(render_to_string(s["template"], {"section": s}) for s in sections)


@pytest.mark.parametrize("count", [1, 3])
def test_home_sections_show_the_french_cards_in_one_more_query(django_assert_num_queries, count):
    records = _fill_home(count)
    # highlights, events, calls, practices, documents, spotlight, 3 figures, translations
    with translation.override("fr"), django_assert_num_queries(10):
        html = _render_home()

    assert all(f"{FRENCH_TITLE} {n}" in html for n in range(len(records)))
    assert "Notizia 0" not in html


def test_home_sections_are_kept_per_language(client):
    _fill_home(1)

    french = client.get("/fr/").content.decode()
    english = client.get("/").content.decode()

    assert f"{FRENCH_TITLE} 0" in french
    assert FRENCH_TITLE not in english
    assert _lang(_card_title(english, "Notizia 0")) == "it"


def test_topic_page_shows_french_news_and_documents(client):
    from spring_portal.models import IntegrationArea

    area = IntegrationArea.objects.get(slug="language-learning")
    post = NewsPostFactory(language="it", title="Notizia sul tema", tags=[area])
    document = DocumentFactory(language="it", title="Documento sul tema", areas=[area])
    _publish_french(post, 1)
    _publish_french(document, 2)

    page = client.get(f"/fr{reverse('hub:topic', args=[area.slug])}").content.decode()

    assert f"{FRENCH_TITLE} 1" in page
    assert f"{FRENCH_TITLE} 2" in page


def test_organisation_page_lists_its_practices_and_events_in_french(client):
    organisation = OrganisationFactory()
    practice = PublishedPracticeFactory(
        language="it", title="Pratica della rete", organisation=organisation
    )
    event = EventFactory(language="it", title="Evento della rete", organiser=organisation)
    _publish_french(practice, 1)
    _publish_french(event, 2)

    english = client.get(organisation.get_absolute_url()).content.decode()
    page = client.get(f"/fr{organisation.get_absolute_url()}").content.decode()

    assert f"{FRENCH_TITLE} 1" in page
    assert f"{FRENCH_TITLE} 2" in page
    assert 'lang="it">Evento della rete<' in english
    assert _lang(_card_title(english, "Pratica della rete")) == "it"


def test_attach_reads_nothing_for_rows_in_the_reader_language(django_assert_num_queries):
    rows = [NewsPostFactory(language="en"), DocumentFactory(language="en")]

    with django_assert_num_queries(0):
        attach_reader_translations(rows, "en")

    assert [row.card.title for row in rows] == [rows[0].title, rows[1].title]


def test_card_keeps_the_original_summary_marked_when_the_translation_has_none():
    event = _event(1)
    ContentTranslation.objects.create(
        record=event, language="fr", title="Webinaire", state=S.PUBLISHED
    )
    attach_reader_translations([event], "fr")

    with translation.override("fr"):
        card = card_text(event)

    assert (card.title, card.title_lang) == ("Webinaire", "")
    assert (card.summary, card.summary_lang) == ("Sommario italiano.", "it")


# Publishing a translation empties the page cache --------------------------------------


@pytest.mark.parametrize(("make", "url"), LISTS)
def test_publishing_a_translation_bumps_the_content_version(client, make, url):
    record = make(1)
    client.get(f"/fr{url}")  # cached
    before = content_version()

    _publish_french(record, 1)

    assert content_version() > before
    assert f"{FRENCH_TITLE} 1" in client.get(f"/fr{url}").content.decode()


def test_detail_pages_have_hreflang_alternates_of_their_translations(client):
    for n, make in enumerate([_event, _news, _document, _call, _organisation]):
        record = make(n)
        ContentTranslation.objects.create(
            record=record, language="pl", title="Tytuł po polsku", state=S.PUBLISHED
        )
        url = record.get_absolute_url()

        page = client.get(url).content.decode()

        site = settings.SITE_URL
        assert f'<link rel="alternate" hreflang="it" href="{site}{url}?lang=it">' in page
        assert f'<link rel="alternate" hreflang="pl" href="{site}{url}?lang=pl">' in page


def test_related_practices_show_their_french_translation(client):
    practice = PublishedPracticeFactory(title="Language cafés in Ghent")
    related = PublishedPracticeFactory(language="it", title="Caffè linguistici a Torino")
    _publish_french(related, 1)

    english = client.get(practice.get_absolute_url()).content.decode()
    french = client.get(f"/fr{practice.get_absolute_url()}").content.decode()

    assert _lang(_card_title(english, "Caffè linguistici a Torino")) == "it"
    assert _card_title(french, f"{FRENCH_TITLE} 1") == ""
