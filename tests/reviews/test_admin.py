"""Moderators in the admin: invite reviewers, open panels (chosen or proposed), see the
scores and divergence, add a reviewer, record the consensus."""

import pytest
from django.urls import reverse

from members.enums import NotificationKind
from members.models import Notification
from practices.models import Assessment
from reviews.enums import PanelState
from reviews.models import Reviewer, ReviewPanel
from spring_portal.moderation import ModerationState as S
from tests.factories import ModeratorFactory, UserFactory
from tests.practices.factories import PracticeFactory
from tests.reviews.factories import (
    AssignmentFactory,
    ReviewerFactory,
    ReviewPanelFactory,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(ModeratorFactory())
    return client


def _consensus_post(value="2", rationale="Both reviewers found solid evidence.", publish=False):
    from practices.models import CRITERIA

    data = {"rationale": rationale}
    for name, _label in CRITERIA:
        data[f"{name}_score"] = value
        data[f"{name}_comment"] = f"Public comment on {name}."
    if publish:
        data["publish"] = "on"
    return data


def test_moderator_invites_a_reviewer(moderator_client, django_capture_on_commit_callbacks):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:reviews_reviewer_add"),
            {"user": member.pk, "expertise": "Housing", "is_active": "on"},
        )
    assert response.status_code == 302
    reviewer = Reviewer.objects.get(user=member)
    assert reviewer.accepted_at is None
    assert Notification.objects.filter(
        recipient=member, kind=NotificationKind.REVIEW_INVITATION
    ).exists()


def test_panel_with_proposed_reviewers(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    first, second = ReviewerFactory(), ReviewerFactory()
    response = moderator_client.post(
        reverse("admin:reviews_reviewpanel_add"),
        {"practice": practice.pk, "due_on": "2030-01-31", "reason": ""},
    )
    assert response.status_code == 302, response.content
    panel = ReviewPanel.objects.get(practice=practice)
    assert set(panel.assignments.values_list("reviewer", flat=True)) == {
        first.user.pk,
        second.user.pk,
    }
    practice.refresh_from_db()
    assert practice.state == S.IN_REVIEW


def test_panel_form_flags_a_conflicted_reviewer(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    ok = ReviewerFactory()
    conflicted = ReviewerFactory(user=practice.created_by)
    response = moderator_client.post(
        reverse("admin:reviews_reviewpanel_add"),
        {
            "practice": practice.pk,
            "due_on": "2030-01-31",
            "reviewers": [ok.user.pk, conflicted.user.pk],
        },
    )
    assert response.status_code == 200
    assert "has a conflict of interest" in response.text
    assert "The reviewer submitted the practice" in response.text
    assert not ReviewPanel.objects.exists()


def test_panel_form_says_when_too_few_reviewers_are_free(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    ReviewerFactory()
    response = moderator_client.post(
        reverse("admin:reviews_reviewpanel_add"),
        {"practice": practice.pk, "due_on": "2030-01-31"},
    )
    assert response.status_code == 200
    assert "too few reviewers" in response.text


def test_change_view_shows_each_reviewers_scores_and_the_divergence(moderator_client):
    panel = ReviewPanelFactory()
    a = submitted(AssignmentFactory(panel=panel), evidence=0)
    b = submitted(AssignmentFactory(panel=panel), evidence=3)
    response = moderator_client.get(reverse("admin:reviews_reviewpanel_change", args=[panel.pk]))
    assert response.status_code == 200
    text = response.text
    assert str(a.reviewer) in text and str(b.reviewer) in text
    assert "Why evidence scores 0." in text
    assert "diverges: discuss before the consensus" in text


def _panels(count):
    for _ in range(count):
        panel = ReviewPanelFactory()
        submitted(AssignmentFactory(panel=panel), evidence=0)
        submitted(AssignmentFactory(panel=panel), evidence=3)


@pytest.mark.parametrize("count", [1, 4])
def test_panel_list_runs_a_constant_number_of_queries(
    moderator_client, django_assert_num_queries, count
):
    _panels(count)
    moderator_client.get(reverse("admin:reviews_reviewpanel_changelist"))  # warm caches
    with django_assert_num_queries(11):
        response = moderator_client.get(reverse("admin:reviews_reviewpanel_changelist"))
    assert response.text.count("2/2") == count


def test_adding_a_conflicted_reviewer_to_a_panel_is_refused(moderator_client):
    panel = ReviewPanelFactory()
    AssignmentFactory(panel=panel)
    conflicted = ReviewerFactory(user=panel.practice.created_by)
    response = moderator_client.post(
        reverse("admin:reviews_reviewpanel_change", args=[panel.pk]),
        {
            "due_on": panel.due_on.isoformat(),
            "reason": "",
            "add_reviewer": conflicted.user.pk,
            "assignments-TOTAL_FORMS": "1",
            "assignments-INITIAL_FORMS": "1",
            "assignments-0-id": panel.assignments.get().pk,
            "assignments-0-panel": panel.pk,
            "assignments-0-due_on": panel.due_on.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "has a conflict of interest" in response.text
    assert panel.assignments.count() == 1


def test_consensus_is_recorded_into_the_assessment_and_publishes(moderator_client):
    panel = ReviewPanelFactory()
    submitted(AssignmentFactory(panel=panel))
    submitted(AssignmentFactory(panel=panel))
    url = reverse("admin:reviews_reviewpanel_consensus", args=[panel.pk])
    page = moderator_client.get(url)
    assert page.status_code == 200
    assert 'value="2" selected' in page.text  # the median proposed
    response = moderator_client.post(url, _consensus_post("3", publish=True))
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.state == PanelState.CONCLUDED
    assessment = Assessment.objects.get(practice=panel.practice)
    assert assessment.relevance == 3
    assert assessment.relevance_comment == "Public comment on relevance."
    panel.practice.refresh_from_db()
    assert panel.practice.state == S.PUBLISHED
    assert panel.practice.evidence_level == "best"


def test_consensus_without_enough_reviews_shows_the_reason(moderator_client):
    panel = ReviewPanelFactory()
    submitted(AssignmentFactory(panel=panel))
    AssignmentFactory(panel=panel)
    response = moderator_client.post(
        reverse("admin:reviews_reviewpanel_consensus", args=[panel.pk]), _consensus_post()
    )
    assert response.status_code == 200
    assert "needs the scores of at least 2 reviewers" in response.text
    assert "Both reviewers found solid evidence." in response.text


def test_consensus_view_is_for_moderators_only(client):
    panel = ReviewPanelFactory()
    client.force_login(ReviewerFactory().user)
    response = client.get(reverse("admin:reviews_reviewpanel_consensus", args=[panel.pk]))
    assert response.status_code == 302  # the admin sends non-staff to its login


def test_practice_change_page_offers_a_review_panel(moderator_client):
    practice = PracticeFactory(state=S.SUBMITTED)
    response = moderator_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    assert f"/admin/reviews/reviewpanel/add/?practice={practice.pk}" in response.text


def test_revision_of_an_assessed_practice_offers_a_reassessment(moderator_client):
    from tests.practices.factories import AssessmentFactory

    original = AssessmentFactory().practice
    revision = PracticeFactory(revision_of=original, state=S.SUBMITTED)
    response = moderator_client.get(reverse("admin:practices_practice_change", args=[revision.pk]))
    assert "Ask for a reassessment of the published practice" in response.text
    assert f"/admin/reviews/reviewpanel/add/?practice={original.pk}" in response.text
