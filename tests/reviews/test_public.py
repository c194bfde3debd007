"""The published assessment on the practice page, and the methodology page."""

import pytest
from django.utils import timezone

from practices.models import Assessment
from reviews import services
from reviews.models import ReviewPanel
from tests.factories import ModeratorFactory
from tests.practices.factories import PublishedPracticeFactory
from tests.reviews.factories import (
    AssignmentFactory,
    ReviewerFactory,
    ReviewPanelFactory,
    all_scores,
    submitted,
)

pytestmark = pytest.mark.django_db


def _concluded(practice, *, named=False):
    panel = ReviewPanelFactory(practice=practice)
    first = ReviewerFactory(show_name=named, user__full_name="Dr Lena Vogt")
    submitted(AssignmentFactory(panel=panel, reviewer=first.user))
    submitted(AssignmentFactory(panel=panel))
    services.record_consensus(
        panel,
        all_scores(2, "Met: the evaluation covers two cohorts."),
        "The panel agreed the evaluation is sound but small.",
        ModeratorFactory(),
    )
    return panel


def test_practice_page_publishes_the_assessment_summary(client):
    practice = PublishedPracticeFactory(
        evaluation_type="external", evaluation_url="https://example.org/report.pdf"
    )
    panel = _concluded(practice)
    text = client.get(practice.get_absolute_url()).text
    assert "Good practice" in text
    assert "by a panel of 2 independent reviewers" in text
    assert panel.concluded_at.strftime("%Y") in text
    assert "The panel agreed the evaluation is sound but small." in text
    assert "Consensus score per criterion" in text
    assert "Met: the evaluation covers two cohorts." in text
    assert "Evidence sources" in text
    assert "https://example.org/report.pdf" in text
    assert 'href="/methodology/#levels"' in text
    assert "Dr Lena Vogt" not in text  # anonymous unless they opt in


def test_reviewer_who_opted_in_is_named(client):
    practice = PublishedPracticeFactory()
    _concluded(practice, named=True)
    assert "Dr Lena Vogt" in client.get(practice.get_absolute_url()).text


def test_reassessment_under_way_is_shown_with_the_last_assessment_date(client):
    practice = PublishedPracticeFactory()
    _concluded(practice)
    ReviewPanel.objects.create(practice=practice, due_on=timezone.localdate(), is_reassessment=True)
    text = client.get(practice.get_absolute_url()).text
    assert "a reassessment is under way" in text
    assert "Last assessed on" in text


def test_moderator_only_assessment_says_so(client):
    practice = PublishedPracticeFactory()
    Assessment.objects.create(practice=practice, **{k: v[0] for k, v in all_scores(2).items()})
    text = client.get(practice.get_absolute_url()).text
    assert "Last assessed on" in text
    assert "by the moderators" in text


def test_practice_list_labels_link_to_the_methodology(client):
    practice = PublishedPracticeFactory()
    Assessment.objects.create(practice=practice, **{k: v[0] for k, v in all_scores(2).items()})
    text = client.get("/practices/").text
    assert 'href="/methodology/#levels"' in text


def test_methodology_page_lists_the_criteria_and_levels(client):
    response = client.get("/methodology/")
    assert response.status_code == 200
    for words in ("Relevance", "Participation of beneficiaries", "Best practice", "17 points"):
        assert words in response.text
    assert client.get("/fr/methodology/").status_code == 200


def test_demo_review_panels_are_idempotent_and_public(client):
    from io import StringIO

    from members import demo as members_demo
    from practices import demo as practices_demo
    from reviews import demo

    class Command:
        stdout = StringIO()

    members_demo.seed(Command)
    practices_demo.seed(Command)
    demo.seed(Command)
    demo.seed(Command)
    assert ReviewPanel.objects.count() == demo.REVIEWED
    practice = ReviewPanel.objects.first().practice
    text = client.get(practice.get_absolute_url()).text
    assert "by a panel of 2 independent reviewers" in text
    assert "Giulia Ferrari" in text
    demo.reset(Command)
    assert ReviewPanel.objects.count() == 0


@pytest.mark.parametrize("reviewers", [2, 5])
def test_practice_page_with_a_panel_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, reviewers
):
    practice = PublishedPracticeFactory()
    panel = ReviewPanelFactory(practice=practice)
    for _ in range(reviewers):
        submitted(AssignmentFactory(panel=panel, reviewer=ReviewerFactory(show_name=True).user))
    services.record_consensus(panel, all_scores(2), "Agreed.", ModeratorFactory())
    with django_assert_num_queries(14):
        response = client.get(practice.get_absolute_url())
    assert f"by a panel of {reviewers} independent reviewers" in response.text
