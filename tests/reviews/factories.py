"""Factories for review panels."""

import datetime

import factory
from django.utils import timezone

from practices.models import CRITERIA
from reviews.enums import AssignmentState
from reviews.models import CriterionScore, ReviewAssignment, Reviewer, ReviewPanel
from spring_portal.moderation import ModerationState
from tests.factories import UserFactory
from tests.practices.factories import PracticeFactory


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    user = factory.SubFactory(UserFactory)
    accepted_at = factory.LazyFunction(timezone.now)
    expertise = "Labour market integration"


class ReviewPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewPanel

    practice = factory.SubFactory(PracticeFactory, state=ModerationState.IN_REVIEW)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    panel = factory.SubFactory(ReviewPanelFactory)
    reviewer = factory.LazyFunction(lambda: ReviewerFactory().user)
    due_on = factory.LazyAttribute(lambda o: o.panel.due_on)


def submitted(assignment, **scores):
    """Give `assignment` a score for every criterion (2 unless named) and submit it."""
    for name, _label in CRITERIA:
        CriterionScore.objects.create(
            assignment=assignment,
            criterion=name,
            score=scores.get(name, 2),
            justification=f"Why {name} scores {scores.get(name, 2)}.",
        )
    assignment.state = AssignmentState.SUBMITTED
    assignment.submitted_at = timezone.now()
    assignment.save()
    return assignment


def all_scores(value=2, justification="Clear evidence in the report.", **overrides):
    return {name: (overrides.get(name, value), justification) for name, _label in CRITERIA}
