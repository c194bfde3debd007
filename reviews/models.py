"""Review panels: independent reviewers score a practice, a moderator records the consensus.

A ReviewPanel is one round of assessment of one practice (the first one, or a
reassessment after a substantial revision). Each ReviewAssignment gives the panel's
practice to one reviewer, who scores every criterion (CriterionScore) with a
justification. The consensus is written into the practice's existing Assessment,
which sets the public evidence level (see reviews.services.record_consensus).
"""

import statistics

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from practices.enums import Score
from practices.models import CRITERIA, Practice
from reviews.enums import AssignmentState, ConflictReason, PanelState
from spring_portal.text import SHORT_TEXT_MAX_LENGTH

A = AssignmentState
CRITERION_NAMES = [name for name, _label in CRITERIA]
CRITERION_LABELS = dict(CRITERIA)


class ReviewerQuerySet(models.QuerySet):
    def active(self):
        """Reviewers who accepted the moderators' invitation and were not switched off."""
        return self.filter(is_active=True, accepted_at__isnull=False, user__is_active=True)


class Reviewer(models.Model):
    """A member the moderators invited to review practices (for example a consortium
    researcher). The role starts when the member accepts on the reviewer desk."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="reviewer",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Untick to stop assigning practices to this reviewer."),
    )
    expertise = models.CharField(_("expertise"), max_length=250, blank=True)
    show_name = models.BooleanField(
        _("show my name on published assessments"),
        default=False,
        help_text=_("Reviewers stay anonymous unless they choose this."),
    )

    objects = ReviewerQuerySet.as_manager()

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["user__full_name", "user__email"]

    def __str__(self):
        return str(self.user)

    @property
    def is_accepted(self):
        return self.accepted_at is not None


class ReviewPanelQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=PanelState.OPEN)

    def concluded(self):
        return self.filter(state=PanelState.CONCLUDED)

    def with_counts(self):
        return self.annotate(
            reviewers_total=Count("assignments", filter=~Q(assignments__state=A.DECLINED_CONFLICT)),
            reviewers_submitted=Count("assignments", filter=Q(assignments__state=A.SUBMITTED)),
        )


class ReviewPanel(models.Model):
    """One round of independent review of a practice."""

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="review_panels",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=PanelState.choices,
        default=PanelState.OPEN,
        db_index=True,
        editable=False,
    )
    due_on = models.DateField(_("scores due on"))
    is_reassessment = models.BooleanField(_("reassessment"), default=False, editable=False)
    reason = models.TextField(
        _("why a reassessment"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("For a reassessment: what changed in the practice."),
    )
    rationale = models.TextField(
        _("public rationale"),
        max_length=SHORT_TEXT_MAX_LENGTH,
        blank=True,
        editable=False,
    )
    reviewer_count = models.PositiveSmallIntegerField(
        _("independent reviewers"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consensus recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    concluded_at = models.DateTimeField(
        _("consensus recorded"), null=True, blank=True, editable=False
    )

    objects = ReviewPanelQuerySet.as_manager()

    class Meta:
        verbose_name = _("review panel")
        verbose_name_plural = _("review panels")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return str(_("Review of %(practice)s") % {"practice": self.practice})

    @property
    def is_open(self):
        return self.state == PanelState.OPEN

    def submitted_assignments(self):
        """Submitted assignments with their scores (prefetched rows are reused)."""
        return [a for a in self.assignments.all() if a.state == A.SUBMITTED]

    def score_matrix(self):
        """[(criterion, label, [score per submitted reviewer], spread, flagged)]."""
        threshold = settings.REVIEW_DIVERGENCE_THRESHOLD
        submitted = self.submitted_assignments()
        rows = []
        for name in CRITERION_NAMES:
            values = [a.score_for(name) for a in submitted]
            present = [v.score for v in values if v is not None]
            spread = max(present) - min(present) if len(present) >= 2 else 0
            rows.append(
                {
                    "criterion": name,
                    "label": CRITERION_LABELS[name],
                    "scores": values,
                    "spread": spread,
                    "flagged": spread > threshold,
                    "median": round(statistics.median(present)) if present else None,
                }
            )
        return rows

    def divergent_criteria(self):
        return [row["label"] for row in self.score_matrix() if row["flagged"]]

    @property
    def is_divergent(self):
        return bool(self.divergent_criteria())


class ReviewAssignmentQuerySet(models.QuerySet):
    def for_reviewer(self, user):
        """What a reviewer may open: their own assignments, never one they stepped back from."""
        return self.filter(reviewer=user).exclude(state=A.DECLINED_CONFLICT)

    def to_score(self):
        return self.filter(state=A.ASSIGNED, panel__state=PanelState.OPEN)


class ReviewAssignment(models.Model):
    panel = models.ForeignKey(
        ReviewPanel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AssignmentState.choices, default=A.ASSIGNED
    )
    due_on = models.DateField(_("due on"))
    is_lead = models.BooleanField(
        _("lead reviewer"),
        default=False,
        help_text=_("A lead reviewer may record the panel's consensus on the reviewer desk."),
    )
    conflict_reason = models.CharField(
        _("conflict of interest"), max_length=30, choices=ConflictReason.choices, blank=True
    )
    conflict_note = models.TextField(
        _("conflict explained"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reviewer"], name="one_assignment_per_panel")
        ]

    def __str__(self):
        return str(
            _("%(reviewer)s on %(practice)s")
            % {"reviewer": self.reviewer, "practice": self.panel.practice}
        )

    def get_absolute_url(self):
        return reverse("reviews:assignment", kwargs={"pk": self.pk})

    def score_for(self, criterion):
        return next((s for s in self.scores.all() if s.criterion == criterion), None)

    @property
    def can_score(self):
        return self.state == A.ASSIGNED and self.panel.state == PanelState.OPEN

    @property
    def can_record_consensus(self):
        """A lead reviewer records the consensus once they have scored, panel still open."""
        return self.is_lead and self.state == A.SUBMITTED and self.panel.state == PanelState.OPEN


class CriterionScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
        related_name="scores",
    )  # fmt: skip
    criterion = models.CharField(_("criterion"), max_length=30, choices=CRITERIA)
    score = models.PositiveSmallIntegerField(_("score"), choices=Score.choices)
    justification = models.TextField(_("justification"), max_length=SHORT_TEXT_MAX_LENGTH)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["assignment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.score}"
