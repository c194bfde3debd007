"""Conflicts, proposing reviewers, assignment, scoring, divergence, consensus, reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.enums import NotificationKind
from members.models import Notification
from practices.enums import EvidenceLevel
from practices.models import Assessment
from reviews import services
from reviews.enums import AssignmentState, ConflictReason, PanelState
from reviews.models import ReviewAssignment, ReviewPanel
from spring_portal.models import StateChange
from spring_portal.moderation import ModerationState as S
from tests.factories import MembershipFactory, ModeratorFactory, OrganisationFactory, UserFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory
from tests.reviews.factories import (
    AssignmentFactory,
    ReviewerFactory,
    ReviewPanelFactory,
    all_scores,
    submitted,
)

pytestmark = pytest.mark.django_db
A = AssignmentState


def _reasons(user, practice):
    return {c.reason for c in services.conflicts_for(user, practice)}


def test_conflicts_none_for_an_unrelated_reviewer():
    practice = PracticeFactory(state=S.SUBMITTED, organisation=OrganisationFactory())
    assert _reasons(ReviewerFactory().user, practice) == set()


def test_conflicts_same_submitter():
    practice = PracticeFactory(state=S.SUBMITTED)
    assert _reasons(practice.created_by, practice) == {ConflictReason.SAME_SUBMITTER}


def test_conflicts_same_organisation():
    org = OrganisationFactory()
    practice = PracticeFactory(state=S.SUBMITTED, organisation=org)
    reviewer = ReviewerFactory().user
    MembershipFactory(user=reviewer, organisation=org)
    assert ConflictReason.SAME_ORGANISATION in _reasons(reviewer, practice)


def test_conflicts_past_collaboration_through_a_shared_organisation():
    practice = PracticeFactory(state=S.SUBMITTED)
    shared = OrganisationFactory()
    reviewer = ReviewerFactory().user
    MembershipFactory(user=reviewer, organisation=shared)
    MembershipFactory(user=practice.created_by, organisation=shared)
    assert _reasons(reviewer, practice) == {ConflictReason.PAST_COLLABORATION}


def test_conflicts_past_collaboration_through_an_earlier_practice():
    org = OrganisationFactory()
    practice = PracticeFactory(state=S.SUBMITTED, organisation=org)
    reviewer = ReviewerFactory().user
    PublishedPracticeFactory(created_by=reviewer, organisation=org)
    assert _reasons(reviewer, practice) == {ConflictReason.PAST_COLLABORATION}


def test_conflicts_declared_earlier_counts_for_later_panels():
    assignment = AssignmentFactory()
    services.declare_conflict(assignment, "I advise this NGO.")
    reasons = _reasons(assignment.reviewer, assignment.panel.practice)
    assert reasons == {ConflictReason.DECLARED}


def test_propose_reviewers_balances_open_work_and_skips_conflicts():
    org = OrganisationFactory()
    practice = PracticeFactory(state=S.SUBMITTED, organisation=org)
    busy, free, other_free, conflicted = (ReviewerFactory() for _ in range(4))
    AssignmentFactory(reviewer=busy.user)
    AssignmentFactory(reviewer=busy.user)
    MembershipFactory(user=conflicted.user, organisation=org)
    ReviewerFactory(accepted_at=None)  # invited, not accepted: never proposed
    ReviewerFactory(is_active=False)  # switched off by the moderators
    proposed = services.propose_reviewers(practice, count=3)
    assert proposed == [free.user, other_free.user, busy.user]


def test_open_panel_assigns_notifies_and_moves_the_practice_to_review(
    django_capture_on_commit_callbacks,
):
    moderator = ModeratorFactory()
    practice = PracticeFactory(state=S.SUBMITTED)
    reviewers = [ReviewerFactory().user, ReviewerFactory().user]
    panel = ReviewPanel(practice=practice, due_on=services.default_due_on())
    with django_capture_on_commit_callbacks(execute=True):
        services.open_panel(panel, reviewers, moderator)
    practice.refresh_from_db()
    assert practice.state == S.IN_REVIEW
    assert StateChange.objects.filter(object_id=practice.pk, to_state=S.IN_REVIEW).count() == 1
    assert set(panel.assignments.values_list("reviewer", flat=True)) == {u.pk for u in reviewers}
    assert Notification.objects.filter(kind=NotificationKind.REVIEW_ASSIGNED).count() == 2
    assert panel.is_reassessment is False


def test_open_panel_refuses_a_conflicted_reviewer():
    practice = PracticeFactory(state=S.SUBMITTED)
    ReviewerFactory(user=practice.created_by)
    panel = ReviewPanel(practice=practice, due_on=services.default_due_on())
    with pytest.raises(ValidationError) as error:
        services.open_panel(
            panel, [ReviewerFactory().user, practice.created_by], ModeratorFactory()
        )
    assert "conflict of interest" in str(error.value)
    assert ReviewPanel.objects.count() == 0


def test_open_panel_needs_two_reviewers():
    practice = PracticeFactory(state=S.SUBMITTED)
    panel = ReviewPanel(practice=practice, due_on=services.default_due_on())
    with pytest.raises(ValidationError):
        services.open_panel(panel, [ReviewerFactory().user], ModeratorFactory())


def test_open_panel_refuses_a_draft_and_a_second_open_panel():
    draft = PracticeFactory(state=S.DRAFT)
    reviewers = [ReviewerFactory().user, ReviewerFactory().user]
    with pytest.raises(ValidationError):
        services.open_panel(
            ReviewPanel(practice=draft, due_on=services.default_due_on()),
            reviewers,
            ModeratorFactory(),
        )
    existing = ReviewPanelFactory()
    with pytest.raises(ValidationError):
        services.open_panel(
            ReviewPanel(practice=existing.practice, due_on=services.default_due_on()),
            reviewers,
            ModeratorFactory(),
        )


def test_submit_scores_stores_every_criterion_once():
    assignment = AssignmentFactory()
    services.submit_scores(assignment, all_scores(2))
    services_assignment = ReviewAssignment.objects.get(pk=assignment.pk)
    assert services_assignment.state == A.SUBMITTED
    assert services_assignment.scores.count() == 7
    with pytest.raises(ValidationError):
        services.submit_scores(assignment, all_scores(3))


def test_divergence_flags_criteria_beyond_the_threshold(settings):
    settings.REVIEW_DIVERGENCE_THRESHOLD = 1
    panel = ReviewPanelFactory()
    submitted(AssignmentFactory(panel=panel), effectiveness=0, innovation=2)
    submitted(AssignmentFactory(panel=panel), effectiveness=3, innovation=3)
    AssignmentFactory(panel=panel)  # not submitted: not counted
    assert panel.divergent_criteria() == ["Effectiveness"]
    assert panel.is_divergent


def test_record_consensus_writes_the_assessment_and_publishes(django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    panel = ReviewPanelFactory()
    submitted(AssignmentFactory(panel=panel))
    submitted(AssignmentFactory(panel=panel))
    with django_capture_on_commit_callbacks(execute=True):
        services.record_consensus(
            panel, all_scores(3, "Strong."), "Two reviewers agreed.", moderator, publish=True
        )
    assessment = Assessment.objects.get(practice=panel.practice)
    assert assessment.total == 21
    assert assessment.assessed_by == moderator
    practice = panel.practice
    practice.refresh_from_db()
    assert practice.evidence_level == EvidenceLevel.BEST
    assert practice.state == S.PUBLISHED
    panel.refresh_from_db()
    assert (panel.state, panel.reviewer_count, panel.rationale) == (
        PanelState.CONCLUDED,
        2,
        "Two reviewers agreed.",
    )


def test_record_consensus_needs_two_submitted_reviews_and_a_rationale():
    panel = ReviewPanelFactory()
    submitted(AssignmentFactory(panel=panel))
    AssignmentFactory(panel=panel)
    with pytest.raises(ValidationError):
        services.record_consensus(panel, all_scores(2), "Agreed.", ModeratorFactory())
    submitted(AssignmentFactory(panel=panel))
    with pytest.raises(ValidationError):
        services.record_consensus(panel, all_scores(2), "  ", ModeratorFactory())
    assert not Assessment.objects.filter(practice=panel.practice).exists()


def test_reassessment_panel_on_a_published_practice_keeps_the_level_until_the_consensus():
    practice = PublishedPracticeFactory()
    Assessment.objects.create(practice=practice, **{k: v[0] for k, v in all_scores(2).items()})
    panel = ReviewPanel(practice=practice, due_on=services.default_due_on())
    services.open_panel(panel, [ReviewerFactory().user, ReviewerFactory().user], ModeratorFactory())
    practice.refresh_from_db()
    assert panel.is_reassessment
    assert practice.state == S.PUBLISHED
    assert practice.evidence_level == EvidenceLevel.GOOD


def test_reminders_one_digest_per_reviewer_once_a_day(settings, django_capture_on_commit_callbacks):
    settings.REVIEW_REMINDER_DAYS = 3
    today = timezone.localdate()
    reviewer = ReviewerFactory().user
    AssignmentFactory(reviewer=reviewer, due_on=today + datetime.timedelta(days=2))
    AssignmentFactory(reviewer=reviewer, due_on=today - datetime.timedelta(days=1))
    AssignmentFactory(reviewer=reviewer, due_on=today + datetime.timedelta(days=10))
    done = AssignmentFactory(reviewer=reviewer, due_on=today)
    submitted(done)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(today) == 1
        assert services.send_reminders(today) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [reviewer.email]
    assert "2 reviews due soon" in mail.outbox[0].subject
    assert (
        Notification.objects.filter(
            recipient=reviewer, kind=NotificationKind.REVIEW_REMINDER
        ).count()
        == 2
    )


def test_declare_conflict_tells_the_moderators(django_capture_on_commit_callbacks):
    moderator = ModeratorFactory()
    assignment = AssignmentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.declare_conflict(assignment, "My former employer.")
    assignment.refresh_from_db()
    assert assignment.state == A.DECLINED_CONFLICT
    assert Notification.objects.filter(
        recipient=moderator, kind=NotificationKind.REVIEW_CONFLICT
    ).exists()


def test_declare_conflict_needs_a_note():
    with pytest.raises(ValidationError):
        services.declare_conflict(AssignmentFactory(), " ")


def test_unrelated_user_is_not_a_reviewer():
    assert not services.is_active_reviewer(UserFactory())


def test_send_review_reminders_command(settings, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    AssignmentFactory(due_on=timezone.localdate())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_review_reminders", stdout=out)
    assert "1 reviewers reminded" in out.getvalue()
    assert len(mail.outbox) == 1
