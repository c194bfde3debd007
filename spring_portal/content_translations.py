"""Translations of user content: practices, events, news, documents, calls, organisations.

Every translatable record keeps its original `language` and gets zero or more
ContentTranslation rows, one per language, each with its own title, summary and
free-text sections, its translator and its moderation state. Members' translations
go through the standard workflow with transition(); a moderator's own is published at
once (still through transition()). A translation records a digest of the original
it was made from: when the original changes in substance the translation is marked
outdated (and says so on the page).

A model opts in with the Translatable mixin and a GenericRelation:

    class Practice(Translatable, ModeratedModel):
        TRANSLATED_SECTIONS = ("description", "outcomes", ...)
        translations = GenericRelation("spring_portal.ContentTranslation")

    shown = localize(practice, requested=request.GET.get("lang"))
    shown.title, shown.description, shown.langs.description, shown.note, ...
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spring_portal.languages import EU_LANGUAGE_CODES, EU_LANGUAGES, language_name
from spring_portal.moderation import ModeratedModel, ModeratedQuerySet, ModerationState
from spring_portal.roles import is_moderator
from spring_portal.text import validate_single_line

S = ModerationState
# States in which a translation occupies its language: no second one may be offered.
CLOSED_STATES = (S.REJECTED, S.WITHDRAWN, S.ARCHIVED)


class Translatable:
    """What a translatable model declares: its title, summary and free-text sections."""

    TRANSLATED_TITLE = "title"
    TRANSLATED_SUMMARY: str | None = "summary"
    TRANSLATED_SECTIONS: tuple[str, ...] = ()
    LANGUAGE_FIELD = "language"
    # The fields a card's summary is taken from, the first non-empty (default: the summary).
    CARD_SUMMARY: tuple[str, ...] = ()

    @classmethod
    def card_summary_fields(cls) -> tuple[str, ...]:
        if cls.CARD_SUMMARY:
            return cls.CARD_SUMMARY
        return (cls.TRANSLATED_SUMMARY,) if cls.TRANSLATED_SUMMARY else ()

    @cached_property
    def card(self) -> "CardText":
        """The title and summary a list's card shows (see card_text())."""
        return card_text(self)

    @classmethod
    def translated_fields(cls) -> list[str]:
        return [
            name
            for name in (cls.TRANSLATED_TITLE, cls.TRANSLATED_SUMMARY, *cls.TRANSLATED_SECTIONS)
            if name
        ]

    @property
    def original_language(self) -> str:
        return (getattr(self, self.LANGUAGE_FIELD, "") or "en").split("-")[0]

    def translation_source(self) -> dict[str, str]:
        """The original's translatable text, field by field."""
        return {name: getattr(self, name) or "" for name in self.translated_fields()}

    def translation_digest(self) -> str:
        return source_digest(self.translation_source())

    def is_translation_public(self) -> bool:
        """Whether the record is public, so that a translation may be offered."""
        return bool(getattr(self, "is_public", True))


def source_digest(source: dict[str, str]) -> str:
    """A digest of the original's text that ignores changes of spacing only."""
    text = "\u241e".join(" ".join(str(source[name]).split()) for name in sorted(source))
    return hashlib.sha256(text.encode()).hexdigest()


class TranslatorRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ORGANISATION_ADMIN = "organisation_admin", _("Organisation administrator")
    MODERATOR = "moderator", _("Moderator")


class ContentTranslationQuerySet(ModeratedQuerySet):
    def for_record(self, record):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
        )

    def for_model(self, model):
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def occupying(self):
        """Translations that hold their language (draft, waiting or published)."""
        return self.exclude(state__in=CLOSED_STATES)


class ContentTranslation(ModeratedModel):
    """One record's text in one other language, moderated like any submission."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    language = models.CharField(_("language"), max_length=10, choices=EU_LANGUAGES)
    title = models.CharField(_("title"), max_length=255, validators=[validate_single_line])
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    translator_role = models.CharField(
        _("translated by"), max_length=20, choices=TranslatorRole.choices, blank=True
    )
    is_machine = models.BooleanField(
        _("machine translation"),
        default=False,
        help_text=_("Made by a machine translation service; always labelled on the page."),
    )
    machine_provider = models.CharField(_("machine translation service"), max_length=40, blank=True)
    is_outdated = models.BooleanField(
        _("outdated"),
        default=False,
        help_text=_("The original changed in substance after this translation was made."),
    )
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    objects = ContentTranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["language", "pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "state"], name="translation_record_idx"
            ),
            models.Index(fields=["state", "submitted_at"], name="translation_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"],
                condition=~models.Q(state__in=CLOSED_STATES),
                name="translation_one_per_language",
                violation_error_message=_(
                    "A translation into this language already exists or waits for review."
                ),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def get_absolute_url(self):
        record = self.record
        if record is None or not hasattr(record, "get_absolute_url"):
            return ""
        return f"{record.get_absolute_url()}?lang={self.language}"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def section_text(self) -> str:
        return "\n\n".join(str(value) for value in (self.sections or {}).values() if value)

    # Workflow hooks -------------------------------------------------------------------

    def validate_for_state(self, to_state):
        from django.core.exceptions import ValidationError

        if to_state in (S.SUBMITTED, S.PUBLISHED) and not self.title.strip():
            raise ValidationError({"title": _("A translation needs a title.")})

    def on_state_change(self, change):
        if S.PUBLISHED in (change.from_state, change.to_state):
            refresh_record(self.record)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        # A moderator correcting a published translation in the admin: search follows.
        if self.state == S.PUBLISHED and (update_fields is None or "state" not in update_fields):
            refresh_record(self.record)


def refresh_record(record) -> None:
    """After a translation is published, changed or withdrawn: the record's search
    vector and whatever caches depend on it."""
    if record is None:
        return
    hook = getattr(record, "translations_changed", None) or getattr(
        record, "update_search_vector", None
    )
    if hook:
        hook()


def role_of(user, record) -> str:
    if is_moderator(user):
        return TranslatorRole.MODERATOR
    is_admin = getattr(record, "is_organisation_admin", None)
    if is_admin and is_admin(user):
        return TranslatorRole.ORGANISATION_ADMIN
    memberships = getattr(record, "memberships", None)  # an organisation itself
    if memberships is not None and memberships.admins().filter(user=user).exists():
        return TranslatorRole.ORGANISATION_ADMIN
    return TranslatorRole.MEMBER


# Marking translations outdated ---------------------------------------------------------


def mark_outdated(sender, instance, update_fields=None, **kwargs):
    """post_save of a translatable model: translations made from another text are outdated."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    if update_fields is not None and not set(update_fields) & set(instance.translated_fields()):
        return
    digest = instance.translation_digest()
    ContentTranslation.objects.for_record(instance).filter(is_outdated=False).exclude(
        source_digest=digest
    ).update(is_outdated=True)


def connect_translatable(model) -> None:
    post_save.connect(mark_outdated, sender=model, dispatch_uid=f"translations-{model._meta.label}")


# Showing the reader's language ----------------------------------------------------------


class _Fields(dict):
    """Dict usable from templates with dots: shown.langs.description."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


@dataclass
class Shown:
    """A record as one reader sees it: the text of one language version."""

    record: object
    language: str
    original_language: str
    translation: ContentTranslation | None
    texts: _Fields
    langs: _Fields
    # The reader's language when the page falls back to the original (for the note).
    missing_language: str = ""
    versions: list = field(default_factory=list)
    offer_url: str = ""

    def __getattr__(self, name):
        texts = self.__dict__.get("texts") or {}
        if name in texts:
            return texts[name]
        raise AttributeError(name)

    @property
    def is_translation(self) -> bool:
        return self.translation is not None

    @property
    def original_language_name(self) -> str:
        return language_name(self.original_language)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def missing_language_name(self) -> str:
        return language_name(self.missing_language)

    @property
    def extra_alternates(self):
        """Versions whose language is not an interface language: their own hreflang
        alternate (the interface's /fr/ and /de/ pages show those translations)."""
        from django.conf import settings

        interface = {code for code, _name in settings.LANGUAGES}
        return [version for version in self.versions if version["code"] not in interface]

    @property
    def machine_url(self) -> str:
        content_type = ContentType.objects.get_for_model(type(self.record))
        return reverse(
            "translation_machine_draft",
            kwargs={
                "app_label": content_type.app_label,
                "model": content_type.model,
                "pk": self.record.pk,
            },
        )

    @property
    def translation_languages(self):
        """The languages a new translation may be in (not the original's, nor existing ones)."""
        have = {version["code"] for version in self.versions}
        return [(code, name) for code, name in EU_LANGUAGES if code not in have]

    @property
    def other_versions(self):
        return [version for version in self.versions if version["code"] != self.language]


def published_translations(record) -> list[ContentTranslation]:
    """The record's published translations (uses a prefetched `translations` if present)."""
    cache = getattr(record, "_prefetched_objects_cache", {})
    if "translations" in cache:
        return [t for t in cache["translations"] if t.state == S.PUBLISHED]
    return list(ContentTranslation.objects.for_record(record).published())


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def localize(record, requested: str | None = None, translations=None) -> Shown:
    """The record in the requested language (?lang=), else the reader's interface
    language when a published translation exists, else the original."""
    original = record.original_language
    if translations is None:
        translations = published_translations(record)
    by_language = {t.language: t for t in translations}
    reader = reader_language()
    wanted = requested if requested in by_language or requested == original else reader
    translation = by_language.get(wanted) if wanted != original else None
    texts = _Fields()
    langs = _Fields()
    for name, value in record.translation_source().items():
        texts[name] = value
        langs[name] = original
    language = original
    if translation is not None:
        language = translation.language
        translated = {
            record.TRANSLATED_TITLE: translation.title,
            **(
                {record.TRANSLATED_SUMMARY: translation.summary}
                if record.TRANSLATED_SUMMARY
                else {}
            ),
            **{
                name: (translation.sections or {}).get(name, "")
                for name in record.TRANSLATED_SECTIONS
            },
        }
        for name, value in translated.items():
            # A section the translator left empty stays in the original language.
            if value or not texts.get(name):
                texts[name] = value
                langs[name] = translation.language
    missing = ""
    if translation is None and requested is None and reader != original:
        missing = reader
    base = record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""
    versions = [
        {
            "code": original,
            "name": language_name(original),
            "url": f"{base}?lang={original}",
            "original": True,
        }
    ]
    versions += [
        {
            "code": t.language,
            "name": language_name(t.language),
            "url": f"{base}?lang={t.language}",
            "original": False,
        }
        for t in sorted(translations, key=lambda t: t.language)
        if t.language != original
    ]
    offer_url = ""
    if record.pk and missing in EU_LANGUAGE_CODES and record.is_translation_public():
        offer_url = offer_translation_url(record, missing)
    return Shown(
        record=record,
        language=language,
        original_language=original,
        translation=translation,
        texts=texts,
        langs=langs,
        missing_language=missing,
        versions=versions,
        offer_url=offer_url,
    )


def offer_translation_url(record, language: str = "") -> str:
    content_type = ContentType.objects.get_for_model(type(record))
    url = reverse(
        "translation_offer",
        kwargs={"app_label": content_type.app_label, "model": content_type.model, "pk": record.pk},
    )
    return f"{url}?language={language}" if language else url


# Cards in lists --------------------------------------------------------------------------


def reader_translations(language: str | None = None):
    """Prefetch for list rows: their published translations into the reader's language
    (one query for the whole page). The rows' `card` then shows them."""
    from django.db.models import Prefetch

    language = language or reader_language()
    return Prefetch(
        "translations",
        queryset=ContentTranslation.objects.published().filter(language=language),
        to_attr="reader_translations",
    )


def attach_reader_translations(records, language: str | None = None) -> list:
    """The same as reader_translations() for rows already read, of any kinds mixed (a
    home page's sections, a page's three lists of calls): one query for them all,
    none when there is no row. Returns the rows as a list."""
    records = list(records)
    language = language or reader_language()
    wanted: dict[tuple[str, str], dict[int, list]] = {}
    for record in records:
        record.reader_translations = []
        if record.pk is None or record.original_language == language:
            continue
        meta = type(record)._meta
        wanted.setdefault((meta.app_label, meta.model_name), {}).setdefault(record.pk, []).append(
            record
        )
    if not wanted:
        return records
    # By the content type's natural key, through a join: no ContentType lookup first.
    kinds = models.Q()
    for (app_label, model_name), by_pk in wanted.items():
        kinds |= models.Q(
            content_type__app_label=app_label,
            content_type__model=model_name,
            object_id__in=list(by_pk),
        )
    found = (
        ContentTranslation.objects.published()
        .filter(kinds, language=language)
        .select_related("content_type")
    )
    for translation in found:
        key = (translation.content_type.app_label, translation.content_type.model)
        for record in wanted.get(key, {}).get(translation.object_id, ()):
            record.reader_translations.append(translation)
    return records


@dataclass
class CardText:
    """A card's title and summary as one reader sees them, each with its language;
    `title_lang` and `summary_lang` are set only when that language is not the page's
    (for the `lang` attribute, WCAG 3.1.2)."""

    title: str
    summary: str
    language: str
    translation: ContentTranslation | None = None
    summary_language: str = ""
    page_language: str = ""

    def __post_init__(self):
        self.summary_language = self.summary_language or self.language
        self.page_language = self.page_language or reader_language()

    @property
    def title_lang(self) -> str:
        return self.language if self.language != self.page_language else ""

    @property
    def summary_lang(self) -> str:
        return self.summary_language if self.summary_language != self.page_language else ""


def _translated_text(record, translation, name: str) -> str:
    if name == record.TRANSLATED_TITLE:
        return translation.title
    if name == record.TRANSLATED_SUMMARY:
        return translation.summary
    return str((translation.sections or {}).get(name) or "")


def card_text(record) -> CardText:
    """A card's title and summary in the reader's language when a published translation
    was fetched (reader_translations(), attach_reader_translations()), else the
    original's. The summary is the first non-empty of the record's CARD_SUMMARY
    fields, in the reader's language first."""
    language = reader_language()
    original = record.original_language
    found = [t for t in getattr(record, "reader_translations", ()) if t.language == language]
    translation = found[0] if found and original != language else None
    title_field = record.TRANSLATED_TITLE
    title, title_language = getattr(record, title_field) or "", original
    if translation is not None and translation.title:
        title, title_language = translation.title, translation.language
    summary, summary_language = "", original
    candidates = [(translation, name) for name in record.card_summary_fields() if translation]
    candidates += [(None, name) for name in record.card_summary_fields()]
    for source, name in candidates:
        value = _translated_text(record, source, name) if source else getattr(record, name, "")
        if value:
            summary = str(value)
            summary_language = source.language if source else original
            break
    return CardText(
        title,
        summary,
        title_language,
        translation,
        summary_language=summary_language,
        page_language=language,
    )


def unknown_language_redirect(request):
    """A redirect dropping ?lang= when it names no EU language, so made-up values
    neither miss the page cache nor fill it (None when the parameter is fine)."""
    from django.http import HttpResponseRedirect

    value = request.GET.get("lang")
    if value is None or value in EU_LANGUAGE_CODES:
        return None
    query = request.GET.copy()
    del query["lang"]
    encoded = query.urlencode()
    return HttpResponseRedirect(f"{request.path}?{encoded}" if encoded else request.path)
