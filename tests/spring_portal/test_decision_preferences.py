"""Decision emails follow the author's preference, for every moderated kind."""

import pytest

from events.models import Event
from hub.models import Document
from members.enums import OrganisationState
from spring_portal.moderation import ModerationState, transition
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.hub.factories import DraftDocumentFactory
from tests.practices.factories import PracticeFactory

S = ModerationState
pytestmark = pytest.mark.django_db


def _submitted(kind, author):
    if kind == "practice":
        return PracticeFactory(state=S.SUBMITTED, created_by=author)
    if kind == "event":
        return EventFactory(state=S.SUBMITTED, created_by=author)
    return DraftDocumentFactory(state=S.SUBMITTED, created_by=author)


@pytest.mark.parametrize("kind", ["practice", "event", "document"])
@pytest.mark.parametrize("wants_email", [True, False])
def test_decision_email_follows_notify_decisions(
    kind, wants_email, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """Regression: only organisations honoured notify_decisions."""
    author = UserFactory(notify_decisions=wants_email)
    record = _submitted(kind, author)
    with django_capture_on_commit_callbacks(execute=True):
        transition(record, S.CHANGES_REQUESTED, moderator, message="Please add a source.")
    sent_to_author = [m for m in mailoutbox if author.email in m.to]
    assert len(sent_to_author) == (1 if wants_email else 0)


def test_organisation_request_and_approval_are_stamped(moderator):
    organisation = OrganisationFactory(state=OrganisationState.DRAFT)
    transition(organisation, OrganisationState.PENDING, organisation.created_by)
    assert organisation.submitted_at is not None
    transition(organisation, OrganisationState.APPROVED, moderator)
    organisation.refresh_from_db()
    assert organisation.published_at is not None
    assert organisation.is_public


def test_every_moderated_kind_shares_the_base():
    from members.models import Organisation
    from practices.models import Practice
    from spring_portal.moderation import ModeratedBase

    for model in (Practice, Event, Document, Organisation):
        assert issubclass(model, ModeratedBase)
