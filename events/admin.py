from functools import partial

from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events import services
from events.forms import EventTimesMixin, LocalDateTimeField, save_with_unique_slug
from events.models import Event, Material, Registration, Speaker
from spring_portal.admin import ModerationAdminMixin, countries_in_use_filter
from spring_portal.countries import RegionAdminMixin


class EventAdminForm(EventTimesMixin, forms.ModelForm):
    start = LocalDateTimeField(label=_("Starts"), help_text=_("In the event’s time zone."))
    end = LocalDateTimeField(label=_("Ends"), help_text=_("In the event’s time zone."))
    registration_deadline = LocalDateTimeField(
        label=_("Registration deadline"), required=False, help_text=_("In the event’s time zone.")
    )

    class Meta:
        model = Event
        fields = [
            "title", "slug", "event_type", "format", "organiser", "language", "time_zone",
            "start", "end", "venue", "address", "city", "country", "region", "online_url",
            "summary", "description", "agenda", "registration_mode", "registration_url", "capacity",
            "registration_deadline", "recording_url", "key_insights", "participants_count",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_times()
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the title.")

    def clean_slug(self):
        # Left empty, save_model() chooses one from the title when it saves, race-safely.
        return self.cleaned_data.get("slug", "")


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 1


class MaterialInline(admin.TabularInline):
    model = Material
    extra = 1


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["user", "status", "created_at", "waiting_since", "promoted_at", "cancelled_at"]
    readonly_fields = fields
    can_delete = False
    ordering = ["status", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(RegionAdminMixin, ModerationAdminMixin, admin.ModelAdmin):
    form = EventAdminForm
    list_display = ["title", "organiser", "event_type", "format", "start", "state"]
    list_filter = [
        "state",
        "event_type",
        "format",
        "registration_mode",
        ("organiser", admin.RelatedOnlyFieldListFilter),
        countries_in_use_filter("country"),
        "start",
    ]
    search_fields = ["title", "summary", "description", "city", "organiser__name"]
    date_hierarchy = "start"
    autocomplete_fields = ["organiser", "project"]
    readonly_fields = [
        "state",
        "created_by",
        "submitted_at",
        "published_at",
        "state_changed_at",
        "registered_count",
    ]
    inlines = [SpeakerInline, MaterialInline, RegistrationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "event_type",
                    "format",
                    "organiser",
                    "project",
                    "language",
                ]
            },
        ),
        (_("When"), {"fields": ["time_zone", "start", "end"]}),
        (_("Where"), {"fields": ["venue", "address", "city", "country", "region", "online_url"]}),
        (_("Content"), {"fields": ["summary", "description", "agenda"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "registration_mode",
                    "registration_url",
                    "capacity",
                    "registration_deadline",
                    "registered_count",
                ]
            },
        ),
        (
            _("After the event"),
            {"fields": ["recording_url", "key_insights", "participants_count"]},
        ),
        (
            _("Moderation"),
            {
                "fields": [
                    "state",
                    "created_by",
                    "submitted_at",
                    "published_at",
                    "state_changed_at",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        with transaction.atomic():
            if change:
                # Registrations may have changed since the form was loaded.
                locked = Event.objects.select_for_update().get(pk=obj.pk)
                obj.registered_count = locked.registered_count
            if obj.slug:
                super().save_model(request, obj, form, change)
            else:
                save_with_unique_slug(obj, partial(super().save_model, request, obj, form, change))
        if change and obj.capacity != form.initial.get("capacity"):
            services.fill_places(obj)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "created_at", "promoted_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "user__email", "user__full_name"]
    raw_id_fields = ["event", "user"]
    readonly_fields = ["created_at", "waiting_since", "promoted_at", "cancelled_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Changes go through events.services, which keeps the capacity guarantee.
        return False
