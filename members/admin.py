from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members import services
from members.enums import OrganisationEditKind, OrganisationState
from members.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationEdit,
    Partner,
    User,
)
from members.services import deactivate_account, decide_name_change
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
    actions = ["deactivate"]

    # Fields that grant privileges or take over an account: superusers only. A
    # field missing from the fieldsets is missing from the form, so a moderator's
    # POST of is_superuser=on is ignored.
    SUPERUSER_ONLY_FIELDS = frozenset(
        {"password", "is_staff", "is_superuser", "groups", "user_permissions"}
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": kept})
            for name, options in fieldsets
            if (kept := [f for f in options["fields"] if f not in self.SUPERUSER_ONLY_FIELDS])
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser and obj is not None:
            # A new address would let whoever set it reset the member's password.
            # "password" is a declared form field: listing it here drops it from the form.
            readonly += ["email", "password"]
        return readonly

    def has_change_permission(self, request, obj=None):
        # Moderators see staff accounts but only superusers change them.
        if obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            # deactivate_account() makes that move, so that it is checked and recorded.
            obj.is_active = True
        super().save_model(request, obj, form, change)
        if deactivating:
            try:
                deactivate_account(obj, request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, " ".join(_messages_of(exc)), messages.ERROR)

    @admin.action(description=_("Deactivate selected accounts"), permissions=["change"])
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                done += deactivate_account(user, request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{user}: {' '.join(_messages_of(exc))}", messages.ERROR)
        if done:
            self.message_user(
                request,
                ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    # Deleting here does what "Delete my account" does: registrations cancelled,
    # organisations handed over, drafts removed, published content anonymised.
    def delete_model(self, request, obj):
        services.delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user)


def _messages_of(exc):
    return getattr(exc, "messages", None) or [
        str(exc) or _("You are not allowed to make this change.")
    ]


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


@admin.display(description=_("changes"))
def edit_changes(edit):
    """The changed fields, old and new value, shortened for the lists."""
    rows = [
        (label, Truncator(old).chars(200), Truncator(new).chars(200))
        for label, old, new in edit.change_rows()
    ]
    return format_html(
        "<dl>{}</dl>",
        format_html_join("", "<dt>{}</dt><dd>{} → {}</dd>", rows),
    )


class OrganisationEditInline(admin.TabularInline):
    """The page's edit history and name change requests, read-only (decide on the
    request's own page)."""

    model = OrganisationEdit
    fk_name = "organisation"
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["created_at", "edited_by", "kind", edit_changes, "decided_by", "decided_at"]
    readonly_fields = fields
    verbose_name_plural = _("Edit history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
    inlines = [MembershipInline, OrganisationEditInline]
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


# Buttons of the name change page (admin/members/organisationedit/change_form.html).
NAME_CHANGE_BUTTONS = {
    "_approve_name": OrganisationEditKind.APPROVED,
    "_refuse_name": OrganisationEditKind.REFUSED,
}


@admin.register(OrganisationEdit)
class OrganisationEditAdmin(admin.ModelAdmin):
    """Edits of organisation pages by their administrators. Name change requests wait
    here for a moderator: approve or refuse them (with an optional message) on their
    page or with the list actions; everything goes through decide_name_change()."""

    list_display = ["organisation", "kind", "requested_name", "edited_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "edited_by"]
    fields = [
        "organisation",
        "kind",
        "edited_by",
        "created_at",
        edit_changes,
        "decided_by",
        "decided_at",
        "message",
    ]
    actions = ["approve_name_changes", "refuse_name_changes"]
    change_form_template = "admin/members/organisationedit/change_form.html"

    @admin.display(description=_("requested name"))
    def requested_name(self, obj):
        return obj.requested_name

    def get_readonly_fields(self, request, obj=None):
        readonly = [field for field in self.fields if field != "message"]
        if obj is None or not obj.is_pending:
            readonly.append("message")
        return readonly

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # Only the decision buttons change a request; nothing else here is editable.
        to_kind = next((k for b, k in NAME_CHANGE_BUTTONS.items() if b in request.POST), None)
        if to_kind is None:
            return
        try:
            decide_name_change(obj, to_kind, request.user, message=obj.message)
        except (ValidationError, PermissionDenied) as exc:
            request._name_change_error = exc

    def response_change(self, request, obj):
        error = getattr(request, "_name_change_error", None)
        if error is not None:
            self.message_user(request, " ".join(_messages_of(error)), messages.ERROR)
            return HttpResponseRedirect(request.path)
        if obj.kind in (OrganisationEditKind.APPROVED, OrganisationEditKind.REFUSED) and any(
            button in request.POST for button in NAME_CHANGE_BUTTONS
        ):
            self.message_user(
                request,
                _("%(request)s: %(decision)s. The requester is told.")
                % {"request": obj, "decision": obj.get_kind_display()},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    @admin.action(description=_("Approve the selected name changes"), permissions=["change"])
    def approve_name_changes(self, request, queryset):
        self._decide(request, queryset, OrganisationEditKind.APPROVED)

    @admin.action(description=_("Refuse the selected name changes"), permissions=["change"])
    def refuse_name_changes(self, request, queryset):
        self._decide(request, queryset, OrganisationEditKind.REFUSED)

    def _decide(self, request, queryset, to_kind):
        done = 0
        for edit in queryset.select_related("organisation"):
            try:
                decide_name_change(edit, to_kind, request.user)
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{edit}: {' '.join(_messages_of(exc))}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d name change decided.", "%(count)d name changes decided.", done)
                % {"count": done},
                messages.SUCCESS,
            )
