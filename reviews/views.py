"""The reviewer desk (/review/): a reviewer's queue, the scoring form, stepping back.

Only members with a Reviewer row reach it; a reviewer opens only their own
assignments, never one they stepped back from for a conflict of interest.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from reviews import services
from reviews.enums import AssignmentState
from reviews.forms import ConflictForm, ConsensusForm, ReviewerPreferencesForm, ScoreForm
from reviews.models import ReviewAssignment, Reviewer, ReviewPanel

A = AssignmentState


def get_reviewer(request, *, accepted=True):
    """The request's reviewer: 403 for members who are not one (the desk is no secret)."""
    reviewer = Reviewer.objects.filter(user=request.user, is_active=True).first()
    if reviewer is None:
        raise PermissionDenied(_("The reviewer desk is for reviewers invited by the moderators."))
    if accepted and not reviewer.is_accepted:
        raise PermissionDenied(_("Accept the invitation on the reviewer desk first."))
    return reviewer


def get_assignment_for_reviewer(request, pk):
    """The reviewer's own assignment; 404 for anyone else's and for a conflicted one."""
    get_reviewer(request)
    queryset = ReviewAssignment.objects.for_reviewer(request.user).select_related(
        "panel__practice__organisation"
    )
    return get_object_or_404(queryset, pk=pk)


@login_required
@require_safe
def desk(request):
    reviewer = get_reviewer(request, accepted=False)
    assignments = []
    if reviewer.is_accepted:
        assignments = list(
            ReviewAssignment.objects.for_reviewer(request.user)
            .select_related("panel__practice")
            .order_by("state", "due_on", "pk")
        )
    today = timezone.localdate()
    to_score = [a for a in assignments if a.can_score]
    done = [a for a in assignments if not a.can_score]
    context = {
        "reviewer": reviewer,
        "to_score": to_score,
        "done": done,
        "today": today,
        "preferences_form": ReviewerPreferencesForm(initial={"show_name": reviewer.show_name}),
    }
    return render(request, "reviews/desk.html", context)


@login_required
@require_POST
def accept(request):
    reviewer = get_reviewer(request, accepted=False)
    services.accept_invitation(reviewer)
    messages.success(request, _("Welcome to the review panel."))
    return redirect("reviews:desk")


@login_required
@require_POST
def preferences(request):
    reviewer = get_reviewer(request)
    form = ReviewerPreferencesForm(request.POST)
    if form.is_valid():
        reviewer.show_name = form.cleaned_data["show_name"]
        reviewer.save(update_fields=["show_name"])
        messages.success(request, _("Your choice is saved."))
    return redirect("reviews:desk")


def _peer_assignments(assignment):
    """The other reviewers' submitted scores: shown only once this reviewer has submitted."""
    if assignment.state != A.SUBMITTED:
        return []
    return list(
        assignment.panel.assignments.filter(state=A.SUBMITTED)
        .exclude(pk=assignment.pk)
        .prefetch_related("scores")
        .order_by("submitted_at", "pk")
    )


@login_required
def assignment_detail(request, pk):
    assignment = get_assignment_for_reviewer(request, pk)
    practice = assignment.panel.practice
    form = None
    if assignment.can_score:
        if request.method == "POST":
            form = ScoreForm(request.POST)
            if form.is_valid():
                try:
                    services.submit_scores(assignment, form.scores())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("Your scores are submitted. You can now see the other reviewers’."),
                    )
                    return redirect(assignment.get_absolute_url())
        else:
            form = ScoreForm()
    elif request.method not in ("GET", "HEAD"):
        raise PermissionDenied(_("These scores can no longer be changed."))
    mine = list(assignment.scores.all())
    peers = _peer_assignments(assignment)
    rows = []
    for score in mine:
        rows.append({"mine": score, "peers": [peer.score_for(score.criterion) for peer in peers]})
    others = assignment.panel.assignments.exclude(pk=assignment.pk).exclude(
        state=A.DECLINED_CONFLICT
    )
    context = {
        "assignment": assignment,
        "practice": practice,
        "form": form,
        "rows": rows,
        "peers": peers,
        "other_count": others.count(),
        "documents": list(practice.documents.all()),
        "areas": list(practice.areas.all()),
        "overdue": assignment.can_score and assignment.due_on < timezone.localdate(),
    }
    return render(request, "reviews/assignment.html", context)


@login_required
def declare_conflict(request, pk):
    assignment = get_assignment_for_reviewer(request, pk)
    if not assignment.can_score:
        raise PermissionDenied(_("You can only step back before you submit your scores."))
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(assignment, form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("You stepped back from “%(practice)s”. The moderators will assign someone else.")
                % {"practice": assignment.panel.practice},
            )
            return redirect("reviews:desk")
    context = {"assignment": assignment, "practice": assignment.panel.practice, "form": form}
    return render(request, "reviews/conflict.html", context)


@login_required
def consensus(request, pk):
    """A lead reviewer records the panel's consensus (publishing stays with moderators)."""
    assignment = get_assignment_for_reviewer(request, pk)
    if not assignment.can_record_consensus:
        raise PermissionDenied(
            _("Only the panel's lead reviewer records the consensus, after scoring.")
        )
    panel = (
        ReviewPanel.objects.filter(pk=assignment.panel_id)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.order_by("submitted_at", "pk").prefetch_related(
                    "scores"
                ),
            )
        )
        .get()
    )
    rows = panel.score_matrix()
    submitted = panel.submitted_assignments()
    if request.method == "POST":
        form = ConsensusForm(request.POST, with_publish=False)
        if form.is_valid():
            try:
                services.record_consensus(
                    panel, form.scores(), form.cleaned_data["rationale"], request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("The consensus is recorded. Thank you for leading this panel.")
                )
                return redirect(assignment.get_absolute_url())
    else:
        form = ConsensusForm(initial=ConsensusForm.initial_from(rows), with_publish=False)
    context = {
        "assignment": assignment,
        "practice": panel.practice,
        "rows": rows,
        "submitted": submitted,
        "form": form,
        "enough": len(submitted) >= settings.REVIEW_MIN_REVIEWERS,
    }
    return render(request, "reviews/consensus.html", context)
