from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Organisation, Partner, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "country", "is_public", "is_staff", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_public", "country", "groups"]
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


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "country", "is_community_of_practice", "state"]
    list_filter = ["state", "org_type", "is_community_of_practice", "country"]
    search_fields = ["name", "acronym", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "state", "created_at"]
    list_filter = ["role", "state"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user", "organisation"]
