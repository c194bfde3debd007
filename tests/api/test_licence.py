"""The open licence: accepted by authors on their first submission, recorded with its
version; stated in the footer and the exports."""

import pytest

from events.forms import EventForm
from practices.forms import PracticeForm
from practices.models import Practice
from spring_portal.licence import LICENCE_URL, LICENCE_VERSION
from spring_portal.moderation import ModerationState as S
from tests.factories import UserFactory
from tests.practices.factories import PublishedPracticeFactory
from tests.practices.test_submission import complete_data

pytestmark = pytest.mark.django_db


def _new_author():
    return UserFactory(content_licence_accepted_at=None, content_licence_version="")


def test_submitting_without_accepting_the_licence_is_refused():
    author = _new_author()
    form = PracticeForm({"action": "submit", "title": "x"}, user=author)
    form.is_valid()
    assert "licence_consent" in form.errors


def test_a_draft_needs_no_licence_consent():
    form = PracticeForm({"title": "A draft"}, user=_new_author())
    form.is_valid()
    assert "licence_consent" not in form.errors


def test_members_who_accepted_the_current_version_are_not_asked_again():
    form = PracticeForm({"action": "submit"}, user=UserFactory())
    assert "licence_consent" not in form.fields


def test_acceptance_is_recorded_with_time_and_version(client):
    author = _new_author()
    client.force_login(author)
    refused = client.post("/practices/submit/", complete_data(action="submit"))
    assert refused.status_code == 200
    assert not Practice.objects.exclude(state=S.DRAFT).filter(created_by=author).exists()
    author.refresh_from_db()
    assert author.content_licence_version == ""

    client.post("/practices/submit/", complete_data(action="submit", licence_consent="on"))
    assert Practice.objects.filter(created_by=author, state=S.SUBMITTED).exists()
    author.refresh_from_db()
    assert author.content_licence_version == LICENCE_VERSION
    assert author.content_licence_accepted_at is not None


def test_event_form_asks_for_the_licence_on_submit():
    form = EventForm({"submit": "1"}, user=_new_author())
    form.is_valid()
    assert "licence_consent" in form.errors


def test_footer_states_the_licence(client):
    PublishedPracticeFactory()
    body = client.get("/").content.decode()
    assert f'href="{LICENCE_URL}"' in body
    assert 'rel="license"' in body
