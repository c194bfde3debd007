"""Every transition per role, the history rows and emails they write, and concurrency."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from practices.models import Practice
from spring_portal.models import StateChange
from spring_portal.moderation import STANDARD_WORKFLOW, ModerationState, TransitionError, transition
from tests.factories import MembershipFactory, ModeratorFactory, UserFactory
from tests.practices.factories import PracticeFactory

S = ModerationState
ALL_STATES = list(S.values)
ROLES = ["author", "org_admin", "other_member", "moderator", "anonymous"]


def _actor(role, practice):
    from django.contrib.auth.models import AnonymousUser

    if role == "author":
        return practice.created_by
    if role == "org_admin":
        membership = MembershipFactory(organisation=practice.organisation, role="admin")
        return membership.user
    if role == "other_member":
        return UserFactory()
    if role == "moderator":
        return ModeratorFactory()
    return AnonymousUser()


def _allowed(role, from_state, to_state):
    allowed = STANDARD_WORKFLOW.get((from_state, to_state))
    if allowed is None:
        return False
    effective = {"author": "author", "org_admin": "author", "moderator": "moderator"}.get(role)
    return effective in allowed


PAIRS = [(f, t) for f in ALL_STATES for t in ALL_STATES if f != t]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_transition_allowed_only_for_permitted_roles(role):
    from tests.factories import OrganisationFactory

    practice = PracticeFactory(organisation=OrganisationFactory())
    actor = _actor(role, practice)
    outcomes = {}
    for from_state, to_state in PAIRS:
        # Arrange the starting state directly: this is test set-up, not a transition.
        Practice.objects.filter(pk=practice.pk).update(state=from_state)
        practice.refresh_from_db()
        try:
            transition(practice, to_state, actor, message="Because.")
        except TransitionError:
            outcomes[(from_state, to_state)] = "invalid"
        except PermissionDenied:
            outcomes[(from_state, to_state)] = "denied"
        else:
            practice.refresh_from_db()
            assert practice.state == to_state
            outcomes[(from_state, to_state)] = "ok"
    expected = {
        pair: (
            "ok"
            if _allowed(role, *pair)
            else ("invalid" if pair not in STANDARD_WORKFLOW else "denied")
        )
        for pair in PAIRS
    }
    assert outcomes == expected


@pytest.mark.django_db
def test_submit_incomplete_draft_lists_every_missing_field(member):
    practice = Practice.objects.create(title="Only a title", created_by=member)
    with pytest.raises(TransitionError.__mro__[1]) as excinfo:
        transition(practice, S.SUBMITTED, member)
    missing = set(excinfo.value.error_dict)
    assert {
        "summary",
        "description",
        "countries",
        "areas",
        "target_groups",
        "start_date",
    } <= missing
    assert "end_date" in missing
    practice.refresh_from_db()
    assert practice.state == S.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("to_state", [S.CHANGES_REQUESTED, S.REJECTED])
def test_decision_without_message_is_refused(moderator, to_state):
    practice = PracticeFactory(state=S.SUBMITTED)
    with pytest.raises(TransitionError):
        transition(practice, to_state, moderator, message="  ")
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED


@pytest.mark.django_db
def test_submission_writes_history_and_emails_moderators(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    practice = PracticeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.SUBMITTED, practice.created_by)
    [change] = practice.history()
    assert (change.from_state, change.to_state, change.actor) == (
        S.DRAFT,
        S.SUBMITTED,
        practice.created_by,
    )
    assert [m.to for m in mailoutbox] == [[moderator.email]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_state", "to_state"),
    [
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.CHANGES_REQUESTED),
        (S.IN_REVIEW, S.PUBLISHED),
        (S.IN_REVIEW, S.REJECTED),
        (S.PUBLISHED, S.ARCHIVED),
    ],
)
def test_moderator_decision_writes_history_and_emails_author(
    moderator, mailoutbox, django_capture_on_commit_callbacks, from_state, to_state
):
    practice = PracticeFactory(state=from_state)
    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, to_state, moderator, message="Public words", internal_note="Secret")
    change = StateChange.objects.get(object_id=practice.pk)
    assert (change.actor, change.message, change.internal_note) == (
        moderator,
        "Public words",
        "Secret",
    )
    [mail] = mailoutbox
    assert mail.to == [practice.created_by.email]
    assert "Public words" in mail.body
    assert "Secret" not in mail.body


@pytest.mark.django_db
def test_withdraw_by_author_writes_history_without_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(state=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.WITHDRAWN, practice.created_by)
    assert practice.history().count() == 1
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_moderator_actions_cannot_both_succeed():
    practice = PracticeFactory(state=S.IN_REVIEW)
    first, second = ModeratorFactory(), ModeratorFactory()
    barrier = threading.Barrier(2)
    results = {}

    def act(name, user, to_state):
        try:
            barrier.wait(timeout=10)
            transition(Practice.objects.get(pk=practice.pk), to_state, user, message="Decision")
            results[name] = "ok"
        except (TransitionError, PermissionDenied) as exc:
            results[name] = type(exc).__name__
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("publish", first, S.PUBLISHED)),
        threading.Thread(target=act, args=("reject", second, S.REJECTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["TransitionError", "ok"]
    practice.refresh_from_db()
    assert practice.history().count() == 1
    assert practice.state == (S.PUBLISHED if results["publish"] == "ok" else S.REJECTED)


@pytest.mark.django_db
def test_decision_email_has_raw_characters_in_plain_text_and_subject(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    title = 'Tom & Jerry "café" <b> l\'été'
    practice = PracticeFactory(state=S.IN_REVIEW, title=title)
    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.CHANGES_REQUESTED, moderator, message='Add R&D "costs" <now>')
    [mail] = mailoutbox
    assert title in mail.subject
    assert title in mail.body
    assert 'Add R&D "costs" <now>' in mail.body
    assert "&amp;" not in mail.subject + mail.body
    assert "&quot;" not in mail.subject + mail.body
