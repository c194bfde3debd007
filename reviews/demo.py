"""Demo review panels: two consortium researchers review the first demo practices.

Idempotent (a practice that has a panel is left alone); runs after practices.demo.
"""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from members.demo import DEMO_DOMAIN, MEMBERS
from members.models import User
from practices.demo import PRACTICES
from practices.models import CRITERIA, Practice
from reviews.enums import AssignmentState, PanelState
from reviews.models import CriterionScore, ReviewAssignment, Reviewer, ReviewPanel

# Two researchers of the consortium (members.demo.MEMBERS); the first chose to be named.
REVIEWERS = (("Giulia Ferrari", True), ("Pieter de Vries", False))
REVIEWED = 3
RATIONALE = (
    "Two independent reviewers read the practice and its evaluation. They agreed on "
    "relevance and transferability; on effectiveness they differed by one point and "
    "settled on the lower score, as the evaluation covers a single cohort."
)


def _email(name):
    return f"{slugify(name).replace('-', '.')}@{DEMO_DOMAIN}"


def seed(command):
    names = {row[0] for row in MEMBERS}
    moderator = User.objects.filter(is_staff=True).order_by("pk").first()
    users = []
    for name, show_name in REVIEWERS:
        user = User.objects.filter(email=_email(name)).first() if name in names else None
        if user is None:
            continue
        Reviewer.objects.get_or_create(
            user=user,
            defaults={
                "invited_by": moderator,
                "accepted_at": timezone.now(),
                "show_name": show_name,
                "expertise": "Integration policies and evaluation",
            },
        )
        users.append(user)
    created = 0
    titles = [row[0] for row in PRACTICES[:REVIEWED]]
    for practice in Practice.objects.filter(title__in=titles).select_related("assessment"):
        assessment = getattr(practice, "assessment", None)
        if len(users) < 2 or assessment is None or practice.review_panels.exists():
            continue
        concluded_at = (practice.published_at or timezone.now()) - datetime.timedelta(days=1)
        panel = ReviewPanel.objects.create(
            practice=practice,
            due_on=concluded_at.date(),
            state=PanelState.CONCLUDED,
            rationale=RATIONALE,
            reviewer_count=len(users),
            created_by=moderator,
            concluded_by=moderator,
            concluded_at=concluded_at,
        )
        for offset, user in enumerate(users):
            assignment = ReviewAssignment.objects.create(
                panel=panel,
                reviewer=user,
                due_on=panel.due_on,
                state=AssignmentState.SUBMITTED,
                submitted_at=concluded_at,
            )
            CriterionScore.objects.bulk_create(
                CriterionScore(
                    assignment=assignment,
                    criterion=name,
                    score=min(
                        3,
                        (getattr(assessment, name) or 0)
                        + (offset if name == "effectiveness" else 0),
                    ),
                    justification=f"{label}: supported by the description and the evaluation.",
                )
                for name, label in CRITERIA
            )
        created += 1
    command.stdout.write(f"Review panels: {created} created.")


def reset(command):
    titles = [row[0] for row in PRACTICES]
    deleted, _details = ReviewPanel.objects.filter(practice__title__in=titles).delete()
    Reviewer.objects.filter(user__email__endswith=f"@{DEMO_DOMAIN}").delete()
    command.stdout.write(f"Review panels: {deleted} rows removed.")
