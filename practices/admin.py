"""Moderation of practices in the Django admin: the queue, actions, assessment, history."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, Value, When
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.forms import DocumentForm, ImageForm, TransitionForm
from practices.models import Assessment, Practice, PracticeDocument, PracticeImage
from spring_portal.models import StateChange
from spring_portal.moderation import ModerationState, state_label, transition

S = ModerationState


class StateChangeInline(GenericTabularInline):
    """The full history of the practice, read-only (rows are written by transition())."""

    model = StateChange
    ct_field = "content_type"
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "from_state", "to_state", "message", "internal_note")
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AssessmentInline(admin.StackedInline):
    model = Assessment
    extra = 1
    max_num = 1
    can_delete = False
    exclude = ("assessed_by",)
    verbose_name_plural = _(
        "assessment (0–3 per criterion; sets the evidence level shown publicly)"
    )


class ImageInline(admin.TabularInline):
    model = PracticeImage
    form = ImageForm
    extra = 0
    fields = ("image", "alt_text", "caption", "position")


class DocumentInline(admin.TabularInline):
    model = PracticeDocument
    form = DocumentForm
    extra = 0
    fields = ("file", "title", "position")


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return list(countries)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(countries__regex=rf"(^|,){self.value()[:2]}(,|$)")
        return queryset


# action name -> (target state, verb shown on the confirmation page)
ACTIONS = {
    "start_review": (S.IN_REVIEW, _("Start review")),
    "request_changes": (S.CHANGES_REQUESTED, _("Request changes")),
    "publish": (S.PUBLISHED, _("Publish")),
    "reject": (S.REJECTED, _("Reject")),
    "archive": (S.ARCHIVED, _("Archive")),
}


def _make_action(name, to_state, verb):
    def action(modeladmin, request, queryset):
        return modeladmin.run_transition(request, queryset, name, to_state, verb)

    action.__name__ = name
    action.short_description = verb
    return action


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "state",
        "waiting",
        "organisation",
        "evidence_level",
        "is_revision",
        "submitted_at",
    )
    list_filter = (
        "state",
        CountryFilter,
        "areas",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("call", admin.RelatedOnlyFieldListFilter),
        "evidence_level",
    )
    search_fields = ("title", "summary", "organisation__name", "created_by__email")
    readonly_fields = (
        "state",
        "slug",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "state_changed_at",
        "revision_of",
        "evidence_level",
    )
    autocomplete_fields = ()
    filter_horizontal = ("areas", "target_groups", "funding_programmes")
    list_select_related = ("organisation",)
    inlines = (AssessmentInline, ImageInline, DocumentInline, StateChangeInline)
    actions = [_make_action(name, state, verb) for name, (state, verb) in ACTIONS.items()]

    def get_ordering(self, request):
        # The queue: waiting practices first, the longest-waiting at the top.
        waiting_first = Case(
            When(state__in=[S.SUBMITTED, S.IN_REVIEW], then=Value(0)), default=Value(1)
        )
        return [waiting_first.asc(), F("submitted_at").asc(nulls_last=True), "pk"]

    @admin.display(description=_("waiting for"))
    def waiting(self, obj):
        if obj.state in (S.SUBMITTED, S.IN_REVIEW) and obj.submitted_at:
            return timesince(obj.submitted_at, timezone.now())
        return "–"

    @admin.display(boolean=True, description=_("revision"))
    def is_revision(self, obj):
        return obj.revision_of_id is not None

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Assessment) and not instance.assessed_by_id:
                instance.assessed_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def run_transition(self, request, queryset, name, to_state, verb):
        """Ask for the message and internal note, then move each practice via transition()."""
        message_required = to_state in Practice.MESSAGE_REQUIRED
        if "apply" in request.POST:
            form = TransitionForm(request.POST, message_required=message_required)
            if form.is_valid():
                done, failed = 0, []
                for practice in queryset:
                    try:
                        transition(
                            practice,
                            to_state,
                            request.user,
                            message=form.cleaned_data["message"],
                            internal_note=form.cleaned_data["internal_note"],
                        )
                        done += 1
                    except (ValidationError, PermissionDenied) as exc:
                        reason = " ".join(getattr(exc, "messages", [str(exc)]))
                        failed.append(f"{practice}: {reason}")
                if done:
                    self.message_user(
                        request,
                        _("%(count)s practice(s) moved to “%(state)s”.")
                        % {"count": done, "state": state_label(Practice, to_state)},
                        messages.SUCCESS,
                    )
                for failure in failed:
                    self.message_user(request, failure, messages.ERROR)
                return None
        else:
            form = TransitionForm(message_required=message_required)
        context = {
            **self.admin_site.each_context(request),
            "title": verb,
            "verb": verb,
            "action": name,
            "form": form,
            "practices": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "message_required": message_required,
        }
        return TemplateResponse(request, "practices/admin/transition.html", context)
