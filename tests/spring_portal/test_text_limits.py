"""Free text has a length limit, and pages whose stored text is pathological still render."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.db.models.functions import Length

from spring_portal.moderation import ModerationState
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.hub.factories import CallFactory, NewsPostFactory
from tests.practices.factories import PracticeFactory

pytestmark = pytest.mark.django_db

# Stored as it is, bypassing the forms: rows saved before the limits existed, or by a script.
PATHOLOGICAL = [
    "[a" * 20_000,
    "> " * 600 + "x",
    ">" * 600 + " x",
    "- " * 600 + "x",
    "*" * 10_000,
    "`" * 10_000,
]
PRACTICE_MARKDOWN_FIELDS = [
    "description",
    "partners",
    "outcomes",
    "evaluation_method",
    "evidence_of_effect",
    "sustainability",
    "transferability",
    "innovation",
    "inspiring_tools",
]
APPS_WITH_FREE_TEXT = ["members", "practices", "events", "hub", "spring_portal"]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda text: repr(text[:4]))
def test_draft_practice_with_pathological_text_renders_for_its_author(client, text):
    texts = dict.fromkeys(PRACTICE_MARKDOWN_FIELDS, text)
    practice = PracticeFactory(**texts, state=ModerationState.DRAFT)
    client.force_login(practice.created_by)
    assert client.get(practice.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda text: repr(text[:4]))
def test_event_news_call_and_organisation_with_pathological_text_render(client, text):
    event = EventFactory(description=text, agenda=text, key_insights=text, summary="")
    post = NewsPostFactory(body=text)
    call = CallFactory(text=text)
    organisation = OrganisationFactory(description=text)
    for url in [
        event.get_absolute_url(),
        post.get_absolute_url(),
        call.get_absolute_url(),
        organisation.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url


def test_every_free_text_field_has_a_length_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for app in APPS_WITH_FREE_TEXT
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and not field.max_length
    ]
    assert unlimited == []


def test_demo_content_fits_the_length_limits():
    call_command("seed_demo", stdout=io.StringIO())
    too_long = []
    for app in APPS_WITH_FREE_TEXT:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField) and field.max_length:
                    longest = model._default_manager.aggregate(n=models.Max(Length(field.name)))
                    if (longest["n"] or 0) > field.max_length:
                        too_long.append(f"{model._meta.label}.{field.name}: {longest['n']}")
    assert too_long == []
