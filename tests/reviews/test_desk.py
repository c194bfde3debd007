"""The reviewer desk: who reaches it, hidden peers, scoring, stepping back, the queue."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.enums import AssignmentState
from reviews.models import Reviewer
from tests.factories import ModeratorFactory, UserFactory
from tests.reviews.factories import (
    AssignmentFactory,
    ReviewerFactory,
    ReviewPanelFactory,
    submitted,
)

pytestmark = pytest.mark.django_db
A = AssignmentState
DESK = "/review/"


def _score_post(value="2", justification="The external evaluation shows it."):
    from practices.models import CRITERIA

    data = {}
    for name, _label in CRITERIA:
        data[f"{name}_score"] = value
        data[f"{name}_justification"] = justification
    return data


def test_desk_sends_visitors_to_log_in(client):
    assert client.get(DESK).status_code == 302


def test_desk_refuses_members_who_are_not_reviewers(client):
    client.force_login(UserFactory())
    response = client.get(DESK)
    assert response.status_code == 403


def test_invited_reviewer_accepts_then_sees_the_queue(client):
    reviewer = ReviewerFactory(accepted_at=None)
    client.force_login(reviewer.user)
    response = client.get(DESK)
    assert "Accept the invitation" in response.text
    client.post(reverse("reviews:accept"))
    reviewer.refresh_from_db()
    assert reviewer.is_accepted
    assert "Practices to review" in client.get(DESK).text


def test_queue_lists_only_own_open_assignments_earliest_due_first(client):
    reviewer = ReviewerFactory()
    today = timezone.localdate()
    later = AssignmentFactory(reviewer=reviewer.user, due_on=today + datetime.timedelta(days=9))
    sooner = AssignmentFactory(reviewer=reviewer.user, due_on=today - datetime.timedelta(days=1))
    conflicted = AssignmentFactory(reviewer=reviewer.user, state=A.DECLINED_CONFLICT)
    someone_elses = AssignmentFactory()
    client.force_login(reviewer.user)
    text = client.get(DESK).text
    assert text.index(str(sooner.panel.practice)) < text.index(str(later.panel.practice))
    assert "Overdue" in text
    assert str(conflicted.panel.practice) not in text
    assert str(someone_elses.panel.practice) not in text


@pytest.mark.parametrize("count", [1, 6])
def test_desk_runs_a_constant_number_of_queries(client, django_assert_num_queries, count):
    reviewer = ReviewerFactory()
    for _ in range(count):
        AssignmentFactory(reviewer=reviewer.user)
    client.force_login(reviewer.user)
    with django_assert_num_queries(5):
        assert client.get(DESK).status_code == 200


def test_assignment_of_another_reviewer_is_404(client):
    assignment = AssignmentFactory()
    client.force_login(ReviewerFactory().user)
    assert client.get(assignment.get_absolute_url()).status_code == 404


def test_conflicted_assignment_is_404_for_its_reviewer(client):
    assignment = AssignmentFactory(state=A.DECLINED_CONFLICT)
    client.force_login(assignment.reviewer)
    assert client.get(assignment.get_absolute_url()).status_code == 404


def test_moderator_without_reviewer_role_cannot_open_an_assignment(client):
    assignment = AssignmentFactory()
    client.force_login(ModeratorFactory())
    assert client.get(assignment.get_absolute_url()).status_code == 403


def test_peer_scores_hidden_until_own_scores_submitted(client):
    panel = ReviewPanelFactory()
    peer = submitted(AssignmentFactory(panel=panel), relevance=1)
    mine = AssignmentFactory(panel=panel)
    client.force_login(mine.reviewer)
    before = client.get(mine.get_absolute_url()).text
    assert "stay hidden until you submit yours" in before
    assert "Why relevance scores 1." not in before
    response = client.post(mine.get_absolute_url(), _score_post("3"))
    assert response.status_code == 302
    after = client.get(mine.get_absolute_url()).text
    assert "Why relevance scores 1." in after
    assert str(peer.reviewer) not in after  # peers stay anonymous to each other
    assert "Other reviewer 1" in after


def test_scores_with_a_missing_justification_are_refused_and_keep_what_was_typed(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    data = _score_post("2", "Solid method.")
    data["innovation_justification"] = ""
    response = client.post(assignment.get_absolute_url(), data)
    assert response.status_code == 200
    assert "Justify your score in a few sentences." in response.text
    assert "Solid method." in response.text
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED


def test_out_of_range_score_is_refused(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    response = client.post(assignment.get_absolute_url(), _score_post("7"))
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.state == A.ASSIGNED


def test_submitted_scores_cannot_be_posted_again(client):
    assignment = submitted(AssignmentFactory())
    client.force_login(assignment.reviewer)
    assert client.post(assignment.get_absolute_url(), _score_post("3")).status_code == 403


def test_reviewer_declares_a_conflict_and_no_longer_sees_the_practice(client):
    assignment = AssignmentFactory()
    client.force_login(assignment.reviewer)
    url = reverse("reviews:conflict", kwargs={"pk": assignment.pk})
    empty = client.post(url, {"note": ""})
    assert "Say briefly what the conflict is." in empty.text
    response = client.post(url, {"note": "I chaired its board until 2024."})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == A.DECLINED_CONFLICT
    assert client.get(assignment.get_absolute_url()).status_code == 404


def test_reviewer_chooses_to_be_named(client):
    reviewer = ReviewerFactory()
    client.force_login(reviewer.user)
    client.post(reverse("reviews:preferences"), {"show_name": "on"})
    assert Reviewer.objects.get(pk=reviewer.pk).show_name is True


def test_dashboard_shows_the_review_queue_with_deadlines(client):
    assignment = AssignmentFactory(due_on=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(assignment.reviewer)
    text = client.get("/my/").text
    assert f"Review “{assignment.panel.practice}”" in text
    assert "Overdue" in text
    assert "Reviewer desk" in text


def _consensus_post(value="2"):
    from practices.models import CRITERIA

    data = {"rationale": "The panel agreed after a short discussion."}
    for name, _label in CRITERIA:
        data[f"{name}_score"] = value
        data[f"{name}_comment"] = f"Public comment on {name}."
    return data


def test_lead_reviewer_records_the_consensus_on_the_desk(client):
    from practices.models import Assessment
    from reviews.enums import PanelState

    panel = ReviewPanelFactory()
    lead = submitted(AssignmentFactory(panel=panel, is_lead=True))
    submitted(AssignmentFactory(panel=panel), evidence=0)
    client.force_login(lead.reviewer)
    assert "Record the panel’s consensus" in client.get(lead.get_absolute_url()).text
    url = reverse("reviews:consensus", kwargs={"pk": lead.pk})
    page = client.get(url)
    assert "diverges: discuss before the consensus" in page.text
    assert "publish" not in page.text.lower().split("<main")[-1].split("</main>")[0]
    response = client.post(url, _consensus_post("3"))
    assert response.status_code == 302
    panel.refresh_from_db()
    assert panel.state == PanelState.CONCLUDED
    assessment = Assessment.objects.get(practice=panel.practice)
    assert (assessment.relevance, assessment.assessed_by) == (3, lead.reviewer)
    panel.practice.refresh_from_db()
    assert panel.practice.state == "in_review"  # publishing stays with the moderators


def test_consensus_on_the_desk_is_for_the_lead_after_scoring(client):
    panel = ReviewPanelFactory()
    not_lead = submitted(AssignmentFactory(panel=panel))
    lead_not_scored = AssignmentFactory(panel=panel, is_lead=True)
    client.force_login(not_lead.reviewer)
    assert client.get(reverse("reviews:consensus", kwargs={"pk": not_lead.pk})).status_code == 403
    client.force_login(lead_not_scored.reviewer)
    url = reverse("reviews:consensus", kwargs={"pk": lead_not_scored.pk})
    assert client.get(url).status_code == 403


def test_consensus_on_the_desk_keeps_what_was_typed_when_the_rationale_is_missing(client):
    panel = ReviewPanelFactory()
    lead = submitted(AssignmentFactory(panel=panel, is_lead=True))
    submitted(AssignmentFactory(panel=panel))
    client.force_login(lead.reviewer)
    data = _consensus_post()
    data["rationale"] = ""
    response = client.post(reverse("reviews:consensus", kwargs={"pk": lead.pk}), data)
    assert response.status_code == 200
    assert "Public comment on innovation." in response.text
