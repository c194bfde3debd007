"""Review panels in the admin: invite reviewers, open a panel (or let the portal propose
reviewers), see each reviewer's scores and the divergence, record the consensus."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from practices.models import Assessment, Practice
from reviews import services
from reviews.enums import AssignmentState, PanelState
from reviews.forms import ConsensusForm
from reviews.models import (
    ReviewAssignment,
    Reviewer,
    ReviewPanel,
)

A = AssignmentState


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ("user", "expertise", "accepted_at", "is_active", "open_reviews", "show_name")
    list_filter = ("is_active", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("user__email", "user__full_name", "expertise")
    autocomplete_fields = ("user",)
    readonly_fields = ("invited_by", "invited_at", "accepted_at")
    fields = ("user", "expertise", "is_active", "show_name", *readonly_fields)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(
                n_open=Count(
                    "user__review_assignments",
                    filter=Q(
                        user__review_assignments__state=A.ASSIGNED,
                        user__review_assignments__panel__state=PanelState.OPEN,
                    ),
                )
            )
        )

    @admin.display(description=_("open reviews"), ordering="n_open")
    def open_reviews(self, obj):
        return obj.n_open

    def get_readonly_fields(self, request, obj=None):
        # The member is chosen once, when inviting.
        return (*self.readonly_fields, "user") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.invited_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            services.tell_invited(obj)


def _reviewer_choices():
    return (
        get_user_model()
        .objects.filter(pk__in=Reviewer.objects.active().values("user"))
        .order_by("full_name", "email")
    )


class PanelAddForm(forms.ModelForm):
    reviewers = forms.ModelMultipleChoiceField(
        label=_("reviewers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose two or more, or leave empty to let the portal propose reviewers "
            "without a conflict of interest and with the fewest open reviews."
        ),
    )

    class Meta:
        model = ReviewPanel
        fields = ("practice", "due_on", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = _reviewer_choices()
        self.fields["due_on"].initial = services.default_due_on()
        self.fields["practice"].queryset = Practice.objects.filter(
            state__in=services.REVIEWABLE_STATES, revision_of__isnull=True
        )

    def clean(self):
        data = super().clean()
        practice = data.get("practice")
        if practice is None:
            return data
        try:
            services.check_practice(practice)
        except ValidationError as error:
            self.add_error("practice", error)
            return data
        reviewers = list(data.get("reviewers") or [])
        if not reviewers:
            reviewers = services.propose_reviewers(practice)
            if len(reviewers) < settings.REVIEW_MIN_REVIEWERS:
                raise ValidationError(
                    _(
                        "The portal found too few reviewers without a conflict of interest "
                        "for this practice: invite more reviewers, or choose them yourself."
                    )
                )
        try:
            services.check_reviewers(practice, reviewers)
        except ValidationError as error:
            self.add_error("reviewers", error)
        data["reviewers"] = reviewers
        return data


class PanelChangeForm(forms.ModelForm):
    add_reviewer = forms.ModelChoiceField(
        label=_("add a reviewer"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("For example after a reviewer stepped back. Conflicts are checked."),
    )

    class Meta:
        model = ReviewPanel
        fields = ("due_on", "reason")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add_reviewer"].queryset = _reviewer_choices()

    def clean_add_reviewer(self):
        user = self.cleaned_data.get("add_reviewer")
        if user is not None:
            if not self.instance.is_open:
                raise ValidationError(_("The consensus is recorded: the panel is closed."))
            if self.instance.assignments.filter(reviewer=user).exists():
                raise ValidationError(
                    _("%(reviewer)s is already on this panel.") % {"reviewer": user}
                )
            services.check_reviewers(self.instance.practice, [user])
        return user


class AssignmentInline(admin.TabularInline):
    model = ReviewAssignment
    extra = 0
    can_delete = False
    fields = (
        "reviewer",
        "state",
        "is_lead",
        "due_on",
        "conflict_reason",
        "conflict_note",
        "submitted_at",
    )
    readonly_fields = ("reviewer", "state", "conflict_reason", "conflict_note", "submitted_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewPanel)
class ReviewPanelAdmin(admin.ModelAdmin):
    change_form_template = "admin/reviews/reviewpanel/change_form.html"
    list_display = (
        "practice",
        "state",
        "is_reassessment",
        "progress",
        "divergent",
        "due_on",
        "created_at",
    )
    list_filter = ("state", "is_reassessment")
    search_fields = ("practice__title",)
    autocomplete_fields = ("practice",)
    list_select_related = ("practice",)
    inlines = (AssignmentInline,)

    def get_inline_instances(self, request, obj=None):
        # The assignments are made from the chosen (or proposed) reviewers on adding.
        return super().get_inline_instances(request, obj) if obj else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = PanelChangeForm if obj else PanelAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("practice", "reviewers", "due_on", "reason")
        return (
            "practice",
            "state",
            "due_on",
            "reason",
            "add_reviewer",
            "scores",
            "rationale",
            "reviewer_count",
            "concluded_by",
            "concluded_at",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "practice",
            "state",
            "scores",
            "rationale",
            "reviewer_count",
            "concluded_by",
            "concluded_at",
        )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=ReviewAssignment.objects.select_related(
                        "reviewer", "reviewer__reviewer"
                    ).prefetch_related("scores"),
                )
            )
        )

    @admin.display(description=_("scores submitted"))
    def progress(self, obj):
        return f"{obj.reviewers_submitted}/{obj.reviewers_total}"

    @admin.display(boolean=True, description=_("divergence"))
    def divergent(self, obj):
        return obj.is_divergent

    @admin.display(description=_("scores per reviewer"))
    def scores(self, obj):
        rows = obj.score_matrix()
        assessment = None
        if not obj.is_open:
            assessment = Assessment.objects.filter(practice_id=obj.practice_id).first()
            for row in rows:
                row["consensus"] = getattr(assessment, row["criterion"], None)
        return render_to_string(
            "admin/reviews/_score_table.html",
            {"panel": obj, "rows": rows, "submitted": obj.submitted_assignments(),
             "assessment": assessment},
        )  # fmt: skip

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            user = form.cleaned_data.get("add_reviewer")
            if user is not None:
                services.add_reviewer(obj, user)
            return
        services.open_panel(obj, form.cleaned_data["reviewers"], request.user)
        names = ", ".join(str(u) for u in form.cleaned_data["reviewers"])
        messages.info(request, _("Assigned: %(names)s.") % {"names": names})

    # --- the consensus -------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<int:pk>/consensus/",
                self.admin_site.admin_view(self.consensus_view),
                name="reviews_reviewpanel_consensus",
            ),
            *super().get_urls(),
        ]

    def consensus_view(self, request, pk):
        panel = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, panel) or not request.user.has_perm(
            "practices.change_assessment"
        ):
            raise PermissionDenied
        change_url = reverse("admin:reviews_reviewpanel_change", args=[panel.pk])
        rows = panel.score_matrix()
        if request.method == "POST":
            form = ConsensusForm(request.POST)
            if form.is_valid() and panel.is_open:
                try:
                    services.record_consensus(
                        panel,
                        form.scores(),
                        form.cleaned_data["rationale"],
                        request.user,
                        publish=form.cleaned_data["publish"],
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("The consensus is recorded; the assessment of “%(practice)s” is updated.")
                        % {"practice": panel.practice},
                    )
                    return HttpResponseRedirect(change_url)
        else:
            form = ConsensusForm(initial=ConsensusForm.initial_from(rows))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record the consensus"),
            "panel": panel,
            "rows": rows,
            "submitted": panel.submitted_assignments(),
            "form": form,
            "change_url": change_url,
            "can_publish": panel.practice.state in ("submitted", "in_review"),
        }
        return TemplateResponse(request, "admin/reviews/reviewpanel/consensus.html", context)
