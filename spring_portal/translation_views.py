"""Offering a translation of a record, and a moderator's machine draft."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spring_portal import machine_translation
from spring_portal.content_translations import (
    ContentTranslation,
    Translatable,
    TranslatorRole,
    role_of,
)
from spring_portal.decorators import verified_member_required
from spring_portal.languages import EU_LANGUAGE_CODES, language_name
from spring_portal.moderation import EDITABLE_STATES, ModerationState, transition
from spring_portal.roles import is_moderator
from spring_portal.translation_forms import MachineDraftForm, TranslationOfferForm

S = ModerationState


def get_record_for_translation(app_label, model, pk):
    """A public translatable record, else 404."""
    try:
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    if model_class is None or not issubclass(model_class, Translatable):
        raise Http404
    record = model_class._default_manager.filter(pk=pk).first()
    if record is None or not record.is_translation_public():
        raise Http404
    return record


@verified_member_required
def offer(request, app_label, model, pk):
    record = get_record_for_translation(app_label, model, pk)
    initial = {}
    wanted = request.GET.get("language", "")
    if wanted in EU_LANGUAGE_CODES and wanted != record.original_language:
        initial["language"] = wanted
    form = TranslationOfferForm(request.POST or None, record=record, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            translation = _create(request.user, record, form)
        except IntegrityError:
            form.add_error(
                "language",
                _("A translation into this language already exists or waits for review."),
            )
        else:
            if translation.state == S.PUBLISHED:
                messages.success(request, _("Your translation is published."))
                return redirect(translation.get_absolute_url())
            messages.success(
                request,
                _("Thank you. The moderation team reviews your translation before it is shown."),
            )
            return redirect(record.get_absolute_url())
    context = {
        "record": record,
        "form": form,
        "original_language": record.original_language,
        "original_language_name": language_name(record.original_language),
    }
    return render(request, "spring_portal/translation_offer.html", context)


def _create(user, record, form) -> ContentTranslation:
    """Create and submit the translation; a moderator's is published at once."""
    with transaction.atomic():
        translation = ContentTranslation.objects.create(
            record=record,
            language=form.cleaned_data["language"],
            title=form.cleaned_data["title"],
            summary=form.cleaned_data.get("summary", ""),
            sections=form.sections(),
            created_by=user,
            translator_role=role_of(user, record),
            source_digest=record.translation_digest(),
        )
        transition(translation, S.SUBMITTED, user)
        if translation.translator_role == TranslatorRole.MODERATOR:
            transition(translation, S.PUBLISHED, user)
    return translation


@verified_member_required
def edit(request, pk):
    """The translator corrects their translation (a draft, or sent back with a message)
    and submits it again."""
    translation = ContentTranslation.objects.filter(pk=pk).first()
    if translation is None or translation.created_by_id != request.user.pk:
        raise Http404
    if translation.state not in EDITABLE_STATES:
        raise PermissionDenied(
            _("This translation cannot be changed while it is reviewed or published.")
        )
    record = translation.record
    if record is None:
        raise Http404
    form = TranslationOfferForm(request.POST or None, record=record, translation=translation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            translation.title = form.cleaned_data["title"]
            translation.summary = form.cleaned_data.get("summary", "")
            translation.sections = form.sections()
            translation.source_digest = record.translation_digest()
            translation.is_outdated = False
            translation.save(
                update_fields=[
                    "title",
                    "summary",
                    "sections",
                    "source_digest",
                    "is_outdated",
                    "updated_at",
                ]
            )
            transition(translation, S.SUBMITTED, request.user)
        messages.success(
            request,
            _("Thank you. The moderation team reviews your translation before it is shown."),
        )
        return redirect(record.get_absolute_url())
    context = {
        "record": record,
        "form": form,
        "translation": translation,
        "message": translation.history().filter(to_state=S.CHANGES_REQUESTED).first(),
        "original_language": record.original_language,
        "original_language_name": language_name(record.original_language),
    }
    return render(request, "spring_portal/translation_offer.html", context)


@require_POST
@verified_member_required
def machine_draft(request, app_label, model, pk):
    """A moderator asks the provider for a draft; they review it in the moderation area."""
    if not is_moderator(request.user):
        raise PermissionDenied
    record = get_record_for_translation(app_label, model, pk)
    if not machine_translation.available():
        raise Http404
    form = MachineDraftForm(request.POST)
    if not form.is_valid() or form.cleaned_data["language"] == record.original_language:
        messages.error(request, _("Choose a language other than the original's."))
        return redirect(record.get_absolute_url())
    try:
        draft = machine_translation.machine_draft(
            record, form.cleaned_data["language"], request.user
        )
    except machine_translation.MachineTranslationError:
        messages.error(
            request, _("The machine translation service did not answer. Please try again later.")
        )
        return redirect(record.get_absolute_url())
    except (ValueError, IntegrityError) as exc:
        messages.error(
            request,
            str(exc)
            if isinstance(exc, ValueError)
            else _("A translation into this language already exists or waits for review."),
        )
        return redirect(record.get_absolute_url())
    messages.success(
        request, _("Machine draft created. Review and correct it before publishing it.")
    )
    return redirect(reverse("admin:spring_portal_contenttranslation_change", args=[draft.pk]))
