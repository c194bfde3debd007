from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from members.enums import OrganisationState
from members.models import Invitation, Membership, Organisation, Partner, User
from spring_portal.admin import ModerationAdminMixin, Target, countries_in_use_filter


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "country", "is_public", "is_staff", "date_joined"]
    list_filter = [
        "is_staff",
        "is_superuser",
        "is_active",
        "is_public",
        countries_in_use_filter("country"),
        "groups",
    ]
    search_fields = ["email", "full_name", "organisation_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "job_title",
                    "organisation_name",
                    "country",
                    "city",
                    "areas",
                    "languages",
                    "bio",
                    "photo",
                    "website",
                    "linkedin",
                    "is_public",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "privacy_consent_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ("groups", "user_permissions", "areas")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country", "role", "position"]
    list_editable = ["position"]
    autocomplete_fields = ["organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "state", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Organisation)
class OrganisationAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "org_type",
        "country",
        "is_community_of_practice",
        "state",
        "created_by",
        "created_at",
    ]
    list_filter = [
        "state",
        "org_type",
        "is_community_of_practice",
        countries_in_use_filter("country"),
    ]
    search_fields = ["name", "acronym", "city", "created_by__email"]
    list_select_related = ["org_type", "created_by"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas"]
    readonly_fields = ["state", "created_by", "created_at", "state_changed_at"]
    inlines = [MembershipInline]
    transition_targets = (
        Target(OrganisationState.APPROVED, _("Approve"), confirm=False),
        Target(OrganisationState.REJECTED, _("Reject")),
        Target(OrganisationState.SUSPENDED, _("Suspend")),
    )
    transition_message_label = _("Reason sent to the requester")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "state", "invited_by", "created_at"]
    list_filter = ["state"]
    search_fields = ["email", "organisation__name"]
    raw_id_fields = ["organisation", "invited_by", "accepted_by"]
    readonly_fields = ["created_at", "accepted_at"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "state", "created_at"]
    list_filter = ["role", "state"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user", "organisation"]
