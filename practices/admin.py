"""Moderation of practices in the Django admin: the queue, actions, assessment, history."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from practices.forms import DocumentForm, ImageForm
from practices.models import (
    Assessment,
    Collection,
    CollectionItem,
    ContactMessage,
    Practice,
    PracticeDocument,
    PracticeImage,
    Project,
    Transfer,
)
from practices.services import revision_changes
from spring_portal.admin import ModerationAdminMixin, countries_in_use_filter
from spring_portal.countries import RegionAdminMixin
from spring_portal.moderation import ModerationState

S = ModerationState


class AssessmentInline(admin.StackedInline):
    """Compact: one line per criterion (score, then the comment), shown above the practice."""

    model = Assessment
    extra = 1
    max_num = 1
    can_delete = False
    show_first = True
    fields = tuple(
        (criterion, f"{criterion}_comment")
        for criterion in (
            "relevance",
            "effectiveness",
            "evidence",
            "sustainability",
            "transferability",
            "innovation",
            "participation",
        )
    )
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }
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


@admin.register(Practice)
class PracticeAdmin(RegionAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    region_country_field = "countries"
    change_form_template = "admin/practices/practice_change_form.html"
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
        countries_in_use_filter("countries", multiple=True),
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
    autocomplete_fields = ("project",)
    filter_horizontal = ("areas", "target_groups", "funding_programmes")
    list_select_related = ("organisation",)
    inlines = (AssessmentInline, ImageInline, DocumentInline)

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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        practice = self.get_object(request, object_id)
        if practice is not None and practice.revision_of_id:
            extra_context["revision_changes"] = revision_changes(practice)
        if practice is not None:
            # Evidence of transferability for the assessment: where it is adapted.
            original = practice.revision_of_id or practice.pk
            extra_context["transfers"] = list(
                Transfer.objects.filter(practice_id=original)
                .exclude(state__in=[S.DRAFT, S.WITHDRAWN])
                .select_related("organisation")
                .order_by("-published_at", "-pk")
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Project)
class ProjectAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ["title", "acronym", "programme", "start_year", "coordinator", "state"]
    list_filter = [
        "state",
        "programme",
        "areas",
        countries_in_use_filter("countries", multiple=True),
    ]
    search_fields = ["title", "acronym", "reference", "coordinator__name", "coordinator_name"]
    filter_horizontal = ["areas"]
    autocomplete_fields = ["coordinator", "partners"]
    readonly_fields = [
        "slug",
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "state_changed_at",
    ]
    fieldsets = (
        (None, {"fields": ("title", "acronym", "slug", "summary", "results", "website")}),
        (_("Funding"), {"fields": ("programme", "reference", "start_year", "end_year")}),
        (
            _("Organisations"),
            {"fields": ("coordinator", "coordinator_name", "partners", "other_partners")},
        ),
        (_("Where and what"), {"fields": ("countries", "areas")}),
        (
            _("Moderation"),
            {
                "fields": (
                    "state",
                    "assigned_to",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "state_changed_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme", "coordinator")

    def save_model(self, request, obj, form, change):
        if not change and not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.update_search_vector()


@admin.register(Transfer)
class TransferAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "state", "status", "country", "region", "city", "owner_confirmed_at")
    list_filter = ("state", "status", countries_in_use_filter("country"))
    search_fields = ("practice__title", "city", "organisation__name", "created_by__email")
    list_select_related = ("practice", "organisation")
    autocomplete_fields = ()
    raw_id_fields = ("practice", "organisation")
    readonly_fields = (
        "state",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "published_at",
        "state_changed_at",
        "owner_confirmed_at",
        "owner_confirmed_by",
    )


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    """Read only: moderators look here when a member reports abuse."""

    list_display = ("practice", "sender", "created_at", "thread")
    list_select_related = ("practice", "sender")
    search_fields = ("practice__title", "sender__email")
    readonly_fields = ("practice", "thread", "sender", "body", "share_email", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    raw_id_fields = ("practice",)


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "visibility", "updated_at")
    list_filter = ("visibility",)
    list_select_related = ("owner",)
    search_fields = ("name", "owner__email")
    raw_id_fields = ("owner",)
    inlines = (CollectionItemInline,)
