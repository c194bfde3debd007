from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members import services
from members.enums import OrganisationState
from members.forms import RejectForm
from members.models import Invitation, Membership, Organisation, Partner, User
from spring_portal.moderation import state_label, transition


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

    # Deleting here does what "Delete my account" does: registrations cancelled,
    # organisations handed over, drafts removed, published content anonymised.
    def delete_model(self, request, obj):
        services.delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user)


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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "org_type",
        "country",
        "is_community_of_practice",
        "state",
        "created_by",
        "created_at",
    ]
    list_filter = ["state", "org_type", "is_community_of_practice", "country"]
    search_fields = ["name", "acronym", "city", "created_by__email"]
    list_select_related = ["org_type", "created_by"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["areas"]
    readonly_fields = ["state", "created_by", "created_at", "state_changed_at", "history"]
    inlines = [MembershipInline]
    actions = ["approve", "reject"]

    @admin.display(description=_("history"))
    def history(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        rows = [
            (
                date_format(localtime(change.created_at), "DATETIME_FORMAT"),
                change.actor or _("system"),
                state_label(Organisation, change.from_state),
                state_label(Organisation, change.to_state),
                change.message,
            )
            for change in obj.history()
        ]
        if not rows:
            return _("No state change yet.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            _("When"),
            _("Who"),
            _("From"),
            _("To"),
            _("Message"),
            format_html_join(
                "", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows
            ),
        )

    def _apply(self, request, queryset, to_state, message=""):
        done, failed = 0, []
        for organisation in queryset:
            try:
                transition(organisation, to_state, request.user, message=message)
            except (ValidationError, PermissionDenied) as exc:
                failed.append(f"{organisation}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organisation is now %(state)s.",
                    "%(count)d organisations are now %(state)s.",
                    done,
                )
                % {"count": done, "state": state_label(Organisation, to_state)},
                messages.SUCCESS,
            )
        for failure in failed:
            self.message_user(request, failure, messages.ERROR)

    @admin.action(description=_("Approve selected organisations"))
    def approve(self, request, queryset):
        self._apply(request, queryset, OrganisationState.APPROVED)

    @admin.action(description=_("Reject selected organisations (with a reason)"))
    def reject(self, request, queryset):
        """Asks for the reason on an intermediate page, then rejects through transition()."""
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._apply(request, queryset, OrganisationState.REJECTED, form.cleaned_data["message"])
            return None
        return TemplateResponse(
            request,
            "members/admin/reject_organisations.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject organisations"),
                "opts": self.model._meta,
                "organisations": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


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
