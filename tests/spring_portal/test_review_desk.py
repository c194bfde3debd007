"""The moderators' review desk: one queue, assignment, compact assessment, revision diff,
list filters that offer only the values in use."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from hub.models import Document
from members.enums import OrganisationState
from members.models import Organisation
from practices.models import Practice
from spring_portal.moderation import ModerationState, transition
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory
from tests.hub.factories import DraftDocumentFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory, TransferFactory

S = ModerationState
QUEUE = reverse("admin_review_queue")
pytestmark = pytest.mark.django_db


def _waiting_since(model, record, days):
    model.objects.filter(pk=record.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days)
    )


def _fill_queue(n, transfers=False):
    records = []
    for i in range(n):
        practice = PracticeFactory(state=S.SUBMITTED, title=f"Practice waiting {i}")
        event = EventFactory(state=S.SUBMITTED, title=f"Event waiting {i}")
        document = DraftDocumentFactory(state=S.IN_REVIEW, title=f"Document waiting {i}")
        organisation = OrganisationFactory(
            state=OrganisationState.PENDING, name=f"Organisation waiting {i}"
        )
        if transfers:
            TransferFactory(practice=PublishedPracticeFactory(), city=f"Town {i}")
        for model, record, days in (
            (Practice, practice, 4 * i + 1),
            (Event, event, 4 * i + 2),
            (Document, document, 4 * i + 3),
            (Organisation, organisation, 4 * i + 4),
        ):
            _waiting_since(model, record, days)
            records.append(record)
    return records


def test_queue_lists_every_kind_oldest_first(moderator_client):
    _fill_queue(2)
    PracticeFactory(state=S.PUBLISHED, title="Already published")
    response = moderator_client.get(QUEUE)
    assert response.status_code == 200
    titles = [str(item.record) for item in response.context["items"]]
    assert titles == [
        "Organisation waiting 1",
        "Document waiting 1",
        "Event waiting 1",
        "Practice waiting 1",
        "Organisation waiting 0",
        "Document waiting 0",
        "Event waiting 0",
        "Practice waiting 0",
    ]
    assert "Already published" not in response.content.decode()


@pytest.mark.parametrize("n", [1, 6])
def test_queue_runs_a_constant_number_of_queries(moderator_client, django_assert_num_queries, n):
    _fill_queue(n, transfers=True)
    moderator_client.get(QUEUE)  # warm the session and content types
    # session, user, 2 permission look-ups, one query per kind (7: practices, events,
    # documents, projects, transfers, translations, organisations), the moderator
    # check, the unread-notifications count
    with django_assert_num_queries(13):
        moderator_client.get(QUEUE)


def test_assign_to_me_then_filter_mine_and_unassigned(moderator_client, moderator):
    practice, event, *_ = _fill_queue(1)
    url = reverse("admin_review_assign", args=["practices", "practice", practice.pk])
    assert moderator_client.post(url).status_code == 302
    practice.refresh_from_db()
    assert practice.assigned_to == moderator
    mine = [item.record for item in moderator_client.get(QUEUE, {"show": "mine"}).context["items"]]
    assert mine == [practice]
    unassigned = moderator_client.get(QUEUE, {"show": "unassigned"}).context["items"]
    assert practice not in [item.record for item in unassigned]
    assert event in [item.record for item in unassigned]
    moderator_client.post(url, {"unassign": "1"})
    practice.refresh_from_db()
    assert practice.assigned_to is None


def test_queue_and_assignment_closed_to_members(member_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    assert member_client.get(QUEUE).status_code == 302
    url = reverse("admin_review_assign", args=["practices", "practice", practice.pk])
    assert member_client.post(url).status_code == 302
    practice.refresh_from_db()
    assert practice.assigned_to is None


def test_assign_refuses_unknown_kind(moderator_client):
    url = reverse("admin_review_assign", args=["members", "user", 1])
    assert moderator_client.post(url).status_code == 404


def test_admin_index_links_the_queue(moderator_client):
    assert QUEUE in moderator_client.get(reverse("admin:index")).content.decode()


def test_country_filter_lists_only_countries_in_use(moderator_client):
    PracticeFactory(countries=["BE", "IT"])
    OrganisationFactory(country="PT")
    practices = moderator_client.get(reverse("admin:practices_practice_changelist"))
    choices = [
        str(choice["display"])
        for spec in practices.context["cl"].filter_specs
        if getattr(spec, "parameter_name", None) == "country"
        for choice in spec.choices(practices.context["cl"])
    ]
    assert choices[1:] == ["Belgium", "Italy"]
    organisations = moderator_client.get(reverse("admin:members_organisation_changelist"))
    html = organisations.content.decode()
    assert "Portugal" in html
    assert "Afghanistan" not in html
    filtered = moderator_client.get(
        reverse("admin:practices_practice_changelist"), {"country": "IT"}
    )
    assert filtered.context["cl"].result_count == 1


def test_assessment_is_above_the_practice_fields(moderator_client):
    practice = PracticeFactory(state=S.IN_REVIEW)
    html = moderator_client.get(
        reverse("admin:practices_practice_change", args=[practice.pk])
    ).content.decode()
    assert html.index('id="assessment-group"') < html.index('name="title"')


def test_revision_change_page_shows_a_diff_against_the_published_version(
    moderator_client, moderator
):
    original = PracticeFactory(
        state=S.PUBLISHED, summary="Language cafés for newly arrived women in Ghent."
    )
    revision = original.create_revision(original.created_by)
    Practice.objects.filter(pk=revision.pk).update(
        summary="Language cafés for newly arrived women and men in Ghent."
    )
    html = moderator_client.get(
        reverse("admin:practices_practice_change", args=[revision.pk])
    ).content.decode()
    assert "Changes against the published version" in html
    assert "<ins>and men</ins>" in html
    page = moderator_client.get(
        reverse("admin:practices_practice_change", args=[original.pk])
    ).content.decode()
    assert "Changes against the published version" not in page


def test_change_page_assign_to_me_button(moderator_client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    html = moderator_client.get(change).content.decode()
    assign = reverse("admin_review_assign", args=["practices", "practice", practice.pk])
    assert f'formaction="{assign}"' in html
    moderator_client.post(assign, {"next": change})
    practice.refresh_from_db()
    assert practice.assigned_to == moderator
    transition(practice, S.PUBLISHED, moderator)
