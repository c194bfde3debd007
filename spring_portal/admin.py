from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation, helpers
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from spring_portal.forms import TransitionForm
from spring_portal.models import (
    FundingProgramme,
    IntegrationArea,
    OrganisationType,
    StateChange,
    TargetGroup,
)
from spring_portal.moderation import ModerationState, allowed_moves, state_label, transition


class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "name_fr", "name_de", "slug", "position", "is_active"]
    list_editable = ["name_fr", "name_de", "position", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


for model in (IntegrationArea, TargetGroup, OrganisationType, FundingProgramme):
    admin.site.register(model, TermAdmin)


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "actor", "from_state", "to_state"]
    list_filter = ["content_type", "to_state"]
    readonly_fields = [f.name for f in StateChange._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The moderation layer every moderated model's admin shares -------------------------
#
# Modelled on pretalx's one state-changing view driven by a table of targets: each
# admin names the moves a moderator can make (`transition_targets`); the same table
# gives the bulk actions on the list, the buttons on the change page and the one
# confirmation page (admin/transition.html). Every move goes through transition().


@dataclass(frozen=True)
class Target:
    """A move a moderator can make: the state it leads to and the verb on its button."""

    state: str
    verb: str
    # Ask for a message and an internal note first. A move whose workflow requires a
    # message to the author always asks.
    confirm: bool = True

    @property
    def action_name(self) -> str:
        return f"move_to_{self.state}"


S = ModerationState
STANDARD_TARGETS = (
    Target(S.IN_REVIEW, _("Start review")),
    Target(S.CHANGES_REQUESTED, _("Request changes")),
    Target(S.PUBLISHED, _("Publish")),
    Target(S.REJECTED, _("Reject")),
    Target(S.ARCHIVED, _("Archive")),
)


class StateChangeInline(GenericTabularInline):
    """The record's history, read-only: rows are written by transition() alone."""

    model = StateChange
    ct_field = "content_type"
    ct_fk_field = "object_id"
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "from_state", "to_state", "message", "internal_note")
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    verbose_name_plural = _("History")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _reason(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


class ModerationAdminMixin:
    """Bulk actions, change-page buttons and history for a model moved by transition()."""

    transition_targets: tuple[Target, ...] = STANDARD_TARGETS
    # Label of the message field when "the author" is not the word (organisations).
    transition_message_label = None
    change_form_template = "admin/moderation_change_form.html"

    # Actions ------------------------------------------------------------------------

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if action_location != ActionLocation.CHANGE_LIST:
            return actions  # the change page has its own buttons (move_view)
        for target in self.transition_targets:
            actions[target.action_name] = (
                self._bulk_action(target),
                target.action_name,
                target.verb,
            )
        return actions

    def _bulk_action(self, target):
        def action(modeladmin, request, queryset):
            return modeladmin.run_transition(request, queryset, target)

        action.__name__ = target.action_name
        return action

    def get_list_display(self, request):
        return [*super().get_list_display(request), "assigned_to"]

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and StateChangeInline not in inlines:
            inlines.append(StateChangeInline)
        return inlines

    # The one way a move is made -------------------------------------------------------

    def move(self, record, to_state, user, *, message="", internal_note=""):
        """Move one record. A moderator's own draft (made here in the admin) is submitted
        first, so that publishing it still follows the workflow."""
        with transaction.atomic():
            if (
                to_state == S.PUBLISHED
                and record.state == S.DRAFT
                and (S.DRAFT, S.SUBMITTED) in record.WORKFLOW
                and record.is_author(user)
            ):
                transition(record, S.SUBMITTED, user)
            transition(record, to_state, user, message=message, internal_note=internal_note)

    def _needs_confirmation(self, target) -> bool:
        return target.confirm or target.state in self.model.MESSAGE_REQUIRED

    def _form(self, request, target):
        data = request.POST if request.method == "POST" and "apply" in request.POST else None
        return TransitionForm(
            data,
            message_required=target.state in self.model.MESSAGE_REQUIRED,
            message_label=self.transition_message_label,
        )

    def _apply(self, request, records, target, message="", internal_note="") -> int:
        done = 0
        for record in records:
            try:
                self.move(
                    record, target.state, request.user, message=message, internal_note=internal_note
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, f"{record}: {_reason(exc)}", messages.ERROR)
            else:
                done += 1
        if done:
            opts = self.model._meta
            self.message_user(
                request,
                ngettext(
                    "%(count)d %(name)s moved to “%(state)s”.",
                    "%(count)d %(name)s moved to “%(state)s”.",
                    done,
                )
                % {
                    "count": done,
                    "name": opts.verbose_name if done == 1 else opts.verbose_name_plural,
                    "state": state_label(self.model, target.state),
                },
                messages.SUCCESS,
            )
        return done

    def _confirmation_page(self, request, records, target, form, *, single=None):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": target.verb,
            "target": target,
            "records": records,
            "single": single,
            "form": form,
            "opts": opts,
            "message_required": target.state in self.model.MESSAGE_REQUIRED,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "cancel_url": (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[single.pk])
                if single
                else reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            ),
        }
        return TemplateResponse(request, "admin/transition.html", context)

    def run_transition(self, request, queryset, target):
        """The bulk action: ask for the message (when the move needs one), then move."""
        if not self._needs_confirmation(target):
            self._apply(request, queryset, target)
            return None
        form = self._form(request, target)
        if form.is_bound and form.is_valid():
            self._apply(request, queryset, target, **form.cleaned_data)
            return None
        return self._confirmation_page(request, queryset, target, form)

    # The review desk: the moves allowed from the change page -----------------------------

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/move/<str:to_state>/",
                self.admin_site.admin_view(self.move_view),
                name=f"{opts.app_label}_{opts.model_name}_move",
            ),
            *super().get_urls(),
        ]

    def allowed_targets(self, request, record):
        allowed = set(allowed_moves(record, request.user))
        return [target for target in self.transition_targets if target.state in allowed]

    def move_view(self, request, object_id, to_state):
        record = self.get_object(request, object_id)
        if record is None or not self.has_change_permission(request, record):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        target = next((t for t in self.transition_targets if t.state == to_state), None)
        if target is None:
            raise Http404
        if target not in self.allowed_targets(request, record):
            self.message_user(
                request,
                _("This record cannot move from “%(from)s” to “%(to)s”.")
                % {
                    "from": state_label(self.model, record.state),
                    "to": state_label(self.model, to_state),
                },
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        form = self._form(request, target)
        if request.method == "POST" and (
            not self._needs_confirmation(target) or (form.is_bound and form.is_valid())
        ):
            data = form.cleaned_data if form.is_bound else {}
            self._apply(request, [record], target, **data)
            return HttpResponseRedirect(change_url)
        return self._confirmation_page(request, [record], target, form, single=record)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        record = self.get_object(request, object_id)
        if record is not None:
            opts = self.model._meta
            extra_context["moderation_moves"] = [
                (
                    target,
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_move",
                        args=[record.pk, target.state],
                    ),
                )
                for target in self.allowed_targets(request, record)
            ]
            extra_context["moderation_latest"] = record.history().first()
            extra_context["moderation_assign_url"] = reverse(
                "admin_review_assign", args=[opts.app_label, opts.model_name, record.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)


def countries_in_use_filter(field_name="country", *, multiple=False, parameter="country"):
    """A list filter offering only the countries the records use, not all 250.

    `multiple` is for django-countries' multiple=True fields, stored as "BE,FR".
    """

    class CountriesInUseFilter(admin.SimpleListFilter):
        title = _("country")
        parameter_name = parameter

        def lookups(self, request, model_admin):
            values = (
                model_admin.get_queryset(request)
                .order_by()
                .exclude(**{field_name: ""})
                .values_list(field_name, flat=True)
                .distinct()
            )
            codes = set()
            for value in values:
                codes.update(str(value).split(",") if multiple else [str(value)])
            return sorted(
                ((code, countries.name(code) or code) for code in codes if code),
                key=lambda pair: str(pair[1]),
            )

        def queryset(self, request, queryset):
            code = (self.value() or "")[:2].upper()
            if not code:
                return queryset
            if multiple:
                return queryset.filter(**{f"{field_name}__regex": rf"(^|,){code}(,|$)"})
            return queryset.filter(**{field_name: code})

    return CountriesInUseFilter


# Translations of content -----------------------------------------------------------------

from django.utils.html import format_html, format_html_join  # noqa: E402

from spring_portal.content_translations import ContentTranslation  # noqa: E402


@admin.register(ContentTranslation)
class ContentTranslationAdmin(ModerationAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "language",
        "content_type",
        "state",
        "translator_role",
        "is_machine",
        "is_outdated",
        "created_by",
    ]
    list_filter = ["state", "language", "content_type", "is_machine", "is_outdated"]
    search_fields = ["title"]
    list_select_related = ["content_type", "created_by", "assigned_to"]
    readonly_fields = [
        "record_link",
        "original_text",
        "created_by",
        "translator_role",
        "is_machine",
        "machine_provider",
        "state",
        "submitted_at",
        "published_at",
    ]
    fields = [
        "record_link",
        "language",
        "title",
        "summary",
        "sections",
        "original_text",
        "is_outdated",
        "created_by",
        "translator_role",
        "is_machine",
        "machine_provider",
        "state",
        "submitted_at",
        "published_at",
    ]
    actions = ["mark_up_to_date"]

    def has_add_permission(self, request):
        return False  # translations are offered from the record's page

    @admin.display(description=_("translation of"))
    def record_link(self, obj):
        record = obj.record
        if record is None:
            return "—"
        url = getattr(record, "get_absolute_url", lambda: "")()
        return format_html('<a href="{}">{}</a> ({})', url, record, record._meta.verbose_name)

    @admin.display(description=_("original text"))
    def original_text(self, obj):
        record = obj.record
        if record is None:
            return "—"
        rows = ((name, text) for name, text in record.translation_source().items() if text)
        return format_html(
            '<div lang="{}">{}</div>',
            record.original_language,
            format_html_join("", "<p><strong>{}</strong><br>{}</p>", rows),
        )

    @admin.action(description=_("Mark as up to date with the original"))
    def mark_up_to_date(self, request, queryset):
        done = 0
        for translation in queryset:
            if translation.record is None:
                continue
            translation.source_digest = translation.record.translation_digest()
            translation.is_outdated = False
            translation.save(update_fields=["source_digest", "is_outdated", "updated_at"])
            done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d translation marked up to date.",
                "%(count)d translations marked up to date.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )
