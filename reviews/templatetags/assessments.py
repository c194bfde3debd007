"""The public assessment summary on a practice page."""

from django import template
from django.db.models import Prefetch

from reviews.enums import AssignmentState
from reviews.models import ReviewAssignment, ReviewPanel

register = template.Library()


@register.inclusion_tag("reviews/_assessment_summary.html")
def assessment_summary(practice, assessment, documents=()):
    """Level, consensus per criterion, rationale, number of reviewers, date, evidence
    sources, and the reviewers who chose to be named; a reassessment under way."""
    panels = list(
        ReviewPanel.objects.filter(practice=practice)
        .order_by("-concluded_at", "-pk")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.filter(
                    state=AssignmentState.SUBMITTED
                ).select_related("reviewer__reviewer"),
            )
        )[:2]
    )
    concluded = next((p for p in panels if not p.is_open and p.concluded_at), None)
    reassessing = any(p.is_open for p in panels)
    names = []
    if concluded:
        names = [
            a.reviewer.display_name
            for a in concluded.assignments.all()
            if hasattr(a.reviewer, "reviewer") and a.reviewer.reviewer.show_name
        ]
    return {
        "practice": practice,
        "assessment": assessment,
        "panel": concluded,
        "assessed_at": concluded.concluded_at if concluded else assessment.updated_at,
        "reassessing": reassessing,
        "names": names,
        "documents": documents,
    }
