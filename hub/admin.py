from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.models import Call, DigestDelivery, Document, Follow, NewsPost
from spring_portal.moderation import ModerationState, state_label, transition
from spring_portal.text import MEDIUM_TEXT_MAX_LENGTH


@admin.register(NewsPost)
class NewsPostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "publish_at", "is_highlight", "is_spotlight", "language"]
    list_filter = ["status", "is_highlight", "is_spotlight", "language", "tags"]
    list_editable = ["is_highlight", "is_spotlight"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    date_hierarchy = "publish_at"
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "body", "language", "tags")}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Publication"), {"fields": ("status", "publish_at", "is_highlight", "is_spotlight")}),
    )


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "accepts", "opens_on", "closes_on", "is_published"]
    list_filter = ["accepts", "is_published"]
    search_fields = ["title", "text"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "closes_on"


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the author"),
        required=False,
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required when requesting changes or rejecting. Sent by email."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by moderators only."),
    )


def _decision_action(to_state, label):
    def action(modeladmin, request, queryset):
        return modeladmin.decide(request, queryset, to_state, label)

    action.__name__ = f"move_to_{to_state}"
    action.short_description = label
    return action


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "doc_type", "organisation", "year", "state", "submitted_at"]
    list_filter = ["state", "doc_type", "year", "areas"]
    search_fields = ["title", "summary", "publisher", "organisation__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["areas", "target_groups"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "state",
        "created_by",
        "created_at",
        "submitted_at",
        "published_at",
        "state_changed_at",
        "history_table",
    ]
    fieldsets = (
        (None, {"fields": ("title", "slug", "summary", "doc_type", "languages", "year")}),
        (_("Publisher"), {"fields": ("organisation", "publisher")}),
        (_("Topics"), {"fields": ("areas", "target_groups")}),
        (_("File or link"), {"fields": ("file", "url")}),
        (
            _("Moderation"),
            {
                "fields": (
                    "state",
                    "created_by",
                    "created_at",
                    "submitted_at",
                    "published_at",
                    "state_changed_at",
                    "history_table",
                )
            },
        ),
    )
    actions = [
        _decision_action(ModerationState.IN_REVIEW, _("Start review")),
        _decision_action(ModerationState.PUBLISHED, _("Publish")),
        _decision_action(ModerationState.CHANGES_REQUESTED, _("Request changes")),
        _decision_action(ModerationState.REJECTED, _("Reject")),
        _decision_action(ModerationState.ARCHIVED, _("Archive")),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def save_model(self, request, obj, form, change):
        if not change and not obj.created_by_id:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("History"))
    def history_table(self, obj):
        if not obj.pk:
            return "–"
        rows = [
            (
                change.created_at.strftime("%Y-%m-%d %H:%M"),
                change.actor or _("system"),
                state_label(Document, change.from_state),
                state_label(Document, change.to_state),
                change.message or "",
                change.internal_note or "",
            )
            for change in obj.history()
        ]
        if not rows:
            return _("No state change yet.")
        return format_html_join(
            "\n",
            "<p>{} · {}: {} → {}<br>{}<br><em>{}</em></p>",
            rows,
        )

    def decide(self, request, queryset, to_state, label):
        """Ask for the message, then move each selected document through transition()."""
        form = DecisionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for document in queryset:
                try:
                    transition(
                        document,
                        to_state,
                        request.user,
                        message=form.cleaned_data["message"],
                        internal_note=form.cleaned_data["internal_note"],
                    )
                except (ValidationError, PermissionDenied) as exc:
                    text = "; ".join(getattr(exc, "messages", [str(exc)]))
                    self.message_user(request, f"{document}: {text}", messages.ERROR)
                else:
                    done += 1
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d document moved to “%(state)s”.",
                        "%(count)d documents moved to “%(state)s”.",
                        done,
                    )
                    % {"count": done, "state": state_label(Document, to_state)},
                    messages.SUCCESS,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": label,
            "opts": self.model._meta,
            "queryset": queryset,
            "form": form,
            "action": request.POST.get("action"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "to_state": state_label(Document, to_state),
        }
        return TemplateResponse(request, "hub/admin/decision.html", context)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "area", "target_group", "organisation", "country"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "organisation"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(admin.ModelAdmin):
    list_display = ["user", "content_type", "object_id", "sent_at"]
    list_filter = ["content_type"]
    search_fields = ["user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
