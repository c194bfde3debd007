"""Operations of the review panel: invite, detect conflicts, propose and assign reviewers,
score, step back, record the consensus. Views, the admin and commands call these."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.enums import MembershipState, NotificationKind
from members.models import Membership
from members.notifications import notify_member, notify_members
from practices.models import Assessment, Practice
from reviews.enums import AssignmentState, ConflictReason, PanelState
from reviews.models import CRITERION_NAMES, CriterionScore, ReviewAssignment, Reviewer, ReviewPanel
from spring_portal.emails import send_templated_email
from spring_portal.links import absolute_url
from spring_portal.moderation import ModerationState, transition
from spring_portal.roles import MODERATORS_GROUP
from spring_portal.tasks import after_commit

A = AssignmentState
S = ModerationState
# A practice can get a panel while it waits for a decision or once it is public.
REVIEWABLE_STATES = frozenset({S.SUBMITTED, S.IN_REVIEW, S.PUBLISHED})


@dataclass(frozen=True)
class Conflict:
    reason: str
    detail: str = ""

    @property
    def label(self):
        return ConflictReason(self.reason).label


# --- reviewers -----------------------------------------------------------------------------


def invite_reviewer(user, by, expertise=""):
    """Make `user` a reviewer (pending their acceptance) and tell them."""
    reviewer, created = Reviewer.objects.get_or_create(
        user=user, defaults={"invited_by": by, "expertise": expertise}
    )
    if created:
        tell_invited(reviewer)
    return reviewer


def tell_invited(reviewer):
    after_commit(
        lambda: notify_member(
            reviewer.user,
            NotificationKind.REVIEW_INVITATION,
            _("The moderators invite you to review practices on the reviewer desk."),
            url=lambda: reverse("reviews:desk"),
        )
    )


def accept_invitation(reviewer):
    if reviewer.accepted_at is None:
        reviewer.accepted_at = timezone.now()
        reviewer.save(update_fields=["accepted_at"])
    return reviewer


def is_active_reviewer(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Reviewer.objects.active().filter(user=user).exists()


# --- conflicts of interest ------------------------------------------------------------------


def _submitters(practice):
    """The submitter of the practice, and of the original it revises."""
    ids = {practice.created_by_id}
    if practice.revision_of_id:
        ids.add(practice.revision_of.created_by_id)
    return ids - {None}


def conflicts_for(user, practice) -> list[Conflict]:
    """Why `user` may not review `practice`, or [] when nothing is known against it.

    - the same submitter: the reviewer submitted the practice (or the original);
    - the same organisation: the reviewer is or was a member of its organisation;
    - a past collaboration: the reviewer and the submitter share an organisation,
      or the reviewer submitted an earlier practice for the practice's organisation
      or for an organisation of the submitter;
    - declared: the reviewer stepped back from this practice before.
    """
    conflicts = []
    submitters = _submitters(practice)
    if user.pk in submitters:
        conflicts.append(Conflict(ConflictReason.SAME_SUBMITTER))
    current = ~Q(state=MembershipState.DECLINED)
    my_orgs = set(
        Membership.objects.filter(current, user=user).values_list("organisation_id", flat=True)
    )
    if practice.organisation_id and practice.organisation_id in my_orgs:
        conflicts.append(Conflict(ConflictReason.SAME_ORGANISATION, str(practice.organisation)))
    others = submitters - {user.pk}
    if others:
        their_orgs = set(
            Membership.objects.filter(current, user_id__in=others).values_list(
                "organisation_id", flat=True
            )
        )
        shared = my_orgs & their_orgs
        practice_orgs = their_orgs | ({practice.organisation_id} - {None})
        earlier = (
            Practice.objects.filter(created_by=user, organisation_id__in=practice_orgs)
            .exclude(pk=practice.pk)
            .exclude(pk=practice.revision_of_id)
        )
        if shared or earlier.exists():
            conflicts.append(Conflict(ConflictReason.PAST_COLLABORATION))
    if ReviewAssignment.objects.filter(
        reviewer=user, panel__practice=practice, state=A.DECLINED_CONFLICT
    ).exists():
        conflicts.append(Conflict(ConflictReason.DECLARED))
    return conflicts


def conflict_message(user, conflicts):
    reasons = "; ".join(str(c.label) for c in conflicts)
    return _("%(reviewer)s has a conflict of interest: %(reasons)s.") % {
        "reviewer": user,
        "reasons": reasons,
    }


# --- proposing and assigning --------------------------------------------------------------


def open_assignment_counts():
    return dict(
        ReviewAssignment.objects.to_score()
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )


def propose_reviewers(practice, count=None, exclude=()):
    """Active reviewers without a conflict, those with the fewest open assignments first
    (then those assigned least recently), `count` of them."""
    count = count or settings.REVIEW_MIN_REVIEWERS
    candidates = (
        get_user_model()
        .objects.filter(pk__in=Reviewer.objects.active().values("user"))
        .exclude(pk__in=[u.pk for u in exclude])
        .exclude(
            pk__in=ReviewAssignment.objects.filter(
                panel__practice=practice, panel__state=PanelState.OPEN
            ).values("reviewer")
        )
        .annotate(
            open_reviews=Count(
                "review_assignments",
                filter=Q(
                    review_assignments__state=A.ASSIGNED,
                    review_assignments__panel__state=PanelState.OPEN,
                ),
            ),
            last_assigned=Max("review_assignments__assigned_at"),
        )
        .order_by("open_reviews", "last_assigned", "pk")
    )
    proposed = []
    for user in candidates:
        if not conflicts_for(user, practice):
            proposed.append(user)
            if len(proposed) == count:
                break
    return proposed


def default_due_on():
    return timezone.localdate() + datetime.timedelta(days=settings.REVIEW_DAYS)


def check_reviewers(practice, reviewers):
    """Raise ValidationError naming every reviewer who may not review `practice`."""
    errors = []
    active = set(
        Reviewer.objects.active().filter(user__in=reviewers).values_list("user_id", flat=True)
    )
    for user in reviewers:
        if user.pk not in active:
            errors.append(_("%(reviewer)s is not an active reviewer.") % {"reviewer": user})
            continue
        conflicts = conflicts_for(user, practice)
        if conflicts:
            errors.append(conflict_message(user, conflicts))
    if errors:
        raise ValidationError(errors)


def check_practice(practice):
    """Raise ValidationError unless a new panel may review `practice`."""
    if practice.state not in REVIEWABLE_STATES or practice.revision_of_id:
        raise ValidationError(
            _("Only a submitted or published practice (not a revision) can be reviewed.")
        )
    if practice.review_panels.filter(state=PanelState.OPEN).exists():
        raise ValidationError(_("This practice already has an open review panel."))


def open_panel(panel, reviewers, by):
    """Save the new `panel` (practice and due date set) with an assignment per reviewer.

    Checks the practice can be reviewed, that there are enough reviewers and that none
    has a conflict; a submitted practice moves to "in review" through transition().
    """
    practice = panel.practice
    check_practice(practice)
    minimum = settings.REVIEW_MIN_REVIEWERS
    if len(reviewers) < minimum:
        raise ValidationError(
            ngettext(
                "Assign at least %(count)d reviewer.",
                "Assign at least %(count)d reviewers.",
                minimum,
            )
            % {"count": minimum}
        )
    check_reviewers(practice, reviewers)
    with transaction.atomic():
        panel.created_by = by
        panel.is_reassessment = Assessment.objects.filter(practice=practice).exists()
        panel.save()
        for user in reviewers:
            _assign(panel, user)
        if practice.state == S.SUBMITTED:
            transition(practice, S.IN_REVIEW, by)
    return panel


def add_reviewer(panel, user):
    """One more reviewer on an open panel (for example after another stepped back)."""
    if not panel.is_open:
        raise ValidationError(_("The consensus is recorded: the panel is closed."))
    if panel.assignments.filter(reviewer=user).exists():
        raise ValidationError(_("%(reviewer)s is already on this panel.") % {"reviewer": user})
    check_reviewers(panel.practice, [user])
    return _assign(panel, user)


def _assign(panel, user):
    assignment = ReviewAssignment.objects.create(panel=panel, reviewer=user, due_on=panel.due_on)
    practice = panel.practice
    after_commit(
        lambda: notify_member(
            user,
            NotificationKind.REVIEW_ASSIGNED,
            _("Please review “%(practice)s” by %(date)s."),
            url=assignment.get_absolute_url,
            params={"practice": practice, "date": assignment.due_on.isoformat()},
        )
    )
    return assignment


# --- the reviewer's side -------------------------------------------------------------------


def submit_scores(assignment, scores):
    """Store the reviewer's scores: {criterion: (score, justification)} for every criterion."""
    missing = [name for name in CRITERION_NAMES if name not in scores]
    if missing:
        raise ValidationError(_("Score every criterion before you submit."))
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not locked.can_score:
            raise ValidationError(_("These scores can no longer be changed."))
        locked.scores.all().delete()
        CriterionScore.objects.bulk_create(
            [
                CriterionScore(
                    assignment=locked,
                    criterion=name,
                    score=scores[name][0],
                    justification=scores[name][1].strip(),
                )
                for name in CRITERION_NAMES
            ]
        )
        locked.state = A.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["state", "submitted_at"])
    assignment.state, assignment.submitted_at = locked.state, locked.submitted_at
    return assignment


def declare_conflict(assignment, note):
    """The reviewer steps back; the moderators are told so they can assign someone else."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Say briefly what the conflict is."))
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if not locked.can_score:
            raise ValidationError(_("You can only step back before you submit your scores."))
        locked.scores.all().delete()
        locked.state = A.DECLINED_CONFLICT
        locked.conflict_reason = ConflictReason.DECLARED
        locked.conflict_note = note
        locked.save(update_fields=["state", "conflict_reason", "conflict_note"])
        panel = locked.panel
        moderators = get_user_model().objects.filter(
            is_active=True, is_staff=True, groups__name=MODERATORS_GROUP
        )
        admin_url = reverse("admin:reviews_reviewpanel_change", args=[panel.pk])
        after_commit(
            lambda: notify_members(
                moderators,
                NotificationKind.REVIEW_CONFLICT,
                _("A reviewer stepped back from “%(practice)s”: assign another."),
                url=admin_url,
                params={"practice": panel.practice},
            )
        )
    assignment.state = locked.state
    return assignment


# --- consensus ----------------------------------------------------------------------------


def record_consensus(panel, scores, rationale, by, publish=False):
    """Write the panel's consensus into the practice's Assessment (which sets the
    public evidence level), close the panel, and publish the practice if asked.

    `scores`: {criterion: (score, public comment)} for every criterion.
    """
    rationale = (rationale or "").strip()
    if not rationale:
        raise ValidationError(_("Write a short public rationale."))
    with transaction.atomic():
        locked = ReviewPanel.objects.select_for_update().get(pk=panel.pk)
        if not locked.is_open:
            raise ValidationError(_("The consensus is recorded: the panel is closed."))
        submitted = locked.assignments.filter(state=A.SUBMITTED).count()
        minimum = settings.REVIEW_MIN_REVIEWERS
        if submitted < minimum:
            raise ValidationError(
                ngettext(
                    "The consensus needs the scores of at least %(count)d reviewer.",
                    "The consensus needs the scores of at least %(count)d reviewers.",
                    minimum,
                )
                % {"count": minimum}
            )
        assessment = Assessment.objects.filter(practice_id=locked.practice_id).first()
        assessment = assessment or Assessment(practice_id=locked.practice_id)
        for name in CRITERION_NAMES:
            score, comment = scores[name]
            setattr(assessment, name, score)
            setattr(assessment, f"{name}_comment", (comment or "").strip())
        assessment.assessed_by = by
        assessment.save()
        locked.state = PanelState.CONCLUDED
        locked.rationale = rationale
        locked.reviewer_count = submitted
        locked.concluded_by = by
        locked.concluded_at = timezone.now()
        locked.save(
            update_fields=["state", "rationale", "reviewer_count", "concluded_by", "concluded_at"]
        )
        practice = locked.practice
        if publish and practice.state in (S.SUBMITTED, S.IN_REVIEW):
            transition(practice, S.PUBLISHED, by)
    panel.refresh_from_db()
    return assessment


# --- reminders ---------------------------------------------------------------------------


def reminders_due(today=None):
    """Open assignments due within REVIEW_REMINDER_DAYS (or overdue), not reminded today."""
    today = today or timezone.localdate()
    start_of_today = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    horizon = today + datetime.timedelta(days=settings.REVIEW_REMINDER_DAYS)
    return (
        ReviewAssignment.objects.to_score()
        .filter(due_on__lte=horizon, reviewer__is_active=True)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_today))
        .select_related("panel__practice", "reviewer")
        .order_by("reviewer_id", "due_on", "pk")
    )


def send_reminders(today=None) -> int:
    """One email digest per reviewer listing their reviews due soon, and an in-portal
    reminder per review. Returns the number of reviewers reminded."""
    today = today or timezone.localdate()
    by_reviewer = {}
    for assignment in reminders_due(today):
        by_reviewer.setdefault(assignment.reviewer, []).append(assignment)
    now = timezone.now()
    for reviewer, assignments in by_reviewer.items():
        for assignment in assignments:
            notify_member(
                reviewer,
                NotificationKind.REVIEW_REMINDER,
                _("Reminder: your review of “%(practice)s” is due on %(date)s."),
                url=assignment.get_absolute_url,
                params={
                    "practice": assignment.panel.practice,
                    "date": assignment.due_on.isoformat(),
                },
            )
        if reviewer.email:
            context = {
                "user": reviewer,
                "assignments": assignments,
                "today": today,
                "desk_url": absolute_url(reverse("reviews:desk")),
            }
            send_templated_email(
                "reviews/emails/reminder", context, [reviewer.email], language=reviewer.language
            )
        ReviewAssignment.objects.filter(pk__in=[a.pk for a in assignments]).update(reminded_at=now)
    return len(by_reviewer)
