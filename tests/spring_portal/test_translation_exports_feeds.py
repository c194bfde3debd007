"""The language of each text and its translations in exports, feeds and the sitemap."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from spring_portal.content_translations import ContentTranslation
from spring_portal.moderation import ModerationState
from tests.hub.factories import NewsPostFactory
from tests.practices.factories import PublishedPracticeFactory

S = ModerationState


@pytest.fixture
def translated(db):
    practice = PublishedPracticeFactory(language="it", title="Italia: Corsi di lingua")
    ContentTranslation.objects.create(
        record=practice,
        language="fr",
        title="Italie : cours de langue",
        summary="Des cours chaque semaine.",
        state=S.PUBLISHED,
        is_machine=True,
        machine_provider="DeepL",
    )
    ContentTranslation.objects.create(
        record=practice, language="de", title="Italien: Sprachkurse", state=S.SUBMITTED
    )
    return practice


def test_json_export_carries_each_language(client, translated):
    response = client.get(reverse("practices:export_json"))

    [row] = json.loads(response.content)["practices"]
    assert row["language"] == "it"
    assert row["translations"] == [
        {
            "language": "fr",
            "title": "Italie : cours de langue",
            "summary": "Des cours chaque semaine.",
            "url": f"{settings.SITE_URL}{translated.get_absolute_url()}?lang=fr",
            "machine_translated": True,
            "outdated": False,
        }
    ]


def test_csv_export_lists_the_translations_languages(client, translated):
    response = client.get(reverse("practices:export_csv"))

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["language"] == "it"
    assert rows[0]["translations"] == "fr"


def test_practice_feed_entry_has_its_language_and_translation_links(client, translated):
    body = client.get(reverse("practices:feed")).content.decode()

    assert '<entry xml:lang="it">' in body
    url = f"{settings.SITE_URL}{translated.get_absolute_url()}?lang=fr"
    assert f'<link href="{url}" hreflang="fr" rel="alternate"/>' in body
    assert "lang=de" not in body  # waiting for review


@pytest.mark.django_db
def test_news_feed_entry_has_its_language(client):
    NewsPostFactory(language="de")

    body = client.get(reverse("hub:news_feed")).content.decode()

    assert '<entry xml:lang="de">' in body


def test_sitemap_lists_the_published_language_versions(client, translated):
    body = client.get(reverse("hub:sitemap")).content.decode()

    assert f"{translated.get_absolute_url()}?lang=fr" in body
    assert "lang=de" not in body


@pytest.mark.django_db
def test_sitemap_leaves_out_translations_of_unpublished_records(client):
    practice = PublishedPracticeFactory(language="it", state=S.DRAFT)
    ContentTranslation.objects.create(record=practice, language="fr", title="T", state=S.PUBLISHED)

    body = client.get(reverse("hub:sitemap")).content.decode()

    assert "lang=fr" not in body
