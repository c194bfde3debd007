"""The one moderation layer of the admin: the change page offers the allowed moves."""

import pytest
from django.urls import reverse

from members.enums import OrganisationState
from spring_portal.moderation import ModerationState
from tests.factories import OrganisationFactory
from tests.practices.factories import PracticeFactory

S = ModerationState
pytestmark = pytest.mark.django_db


def _change(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def _move(practice, state):
    return reverse("admin:practices_practice_move", args=[practice.pk, state])


def test_change_page_offers_only_the_moves_allowed_from_the_state(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    html = moderator_client.get(_change(practice)).content.decode()
    for state in (S.IN_REVIEW, S.CHANGES_REQUESTED, S.PUBLISHED, S.REJECTED):
        assert _move(practice, state) in html
    assert _move(practice, S.ARCHIVED) not in html


def test_publish_from_the_change_page(moderator_client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    page = moderator_client.get(_move(practice, S.PUBLISHED))
    assert page.status_code == 200
    assert "admin/transition.html" in [t.name for t in page.templates]
    response = moderator_client.post(_move(practice, S.PUBLISHED), {"apply": "1"})
    assert response.status_code == 302
    assert response.url == _change(practice)
    practice.refresh_from_db()
    assert practice.state == S.PUBLISHED
    assert practice.history()[0].actor == moderator


def test_request_changes_from_the_change_page_needs_a_message(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    url = _move(practice, S.CHANGES_REQUESTED)
    response = moderator_client.post(url, {"apply": "1", "message": ""})
    assert response.status_code == 200
    assert "Please write a message to the author" in response.content.decode()
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED
    moderator_client.post(url, {"apply": "1", "message": "Add the outcomes, please."})
    practice.refresh_from_db()
    assert practice.state == S.CHANGES_REQUESTED
    page = moderator_client.get(_change(practice)).content.decode()
    assert "Add the outcomes, please." in page


def test_a_move_not_allowed_from_the_state_is_refused(moderator_client):
    practice = PracticeFactory(state=S.DRAFT)
    response = moderator_client.post(_move(practice, S.PUBLISHED), {"apply": "1"}, follow=True)
    practice.refresh_from_db()
    assert practice.state == S.DRAFT
    assert "cannot move" in response.content.decode()


def test_unknown_target_is_404(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    assert moderator_client.get(_move(practice, "nonsense")).status_code == 404


def test_member_cannot_reach_the_move_page(member_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    response = member_client.post(_move(practice, S.PUBLISHED), {"apply": "1"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED


def test_organisation_approval_from_its_change_page_needs_no_message(moderator_client):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    url = reverse("admin:members_organisation_move", args=[organisation.pk, "approved"])
    assert moderator_client.post(url).status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.APPROVED


@pytest.mark.parametrize(
    "url_name",
    ["practices_practice", "events_event", "hub_document", "members_organisation"],
)
def test_every_moderated_admin_uses_the_one_layer(moderator_client, url_name):
    response = moderator_client.get(reverse(f"admin:{url_name}_changelist"))
    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert any(a.startswith("move_to_") for a in actions)
