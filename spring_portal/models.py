"""Models shared by every app: the taxonomy and the moderation history."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from spring_portal.text import MEDIUM_TEXT_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH


class TermQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Term(models.Model):
    """A taxonomy term. Moderators add and edit terms in the admin, no deploy needed."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_fr = models.CharField(_("name in French"), max_length=150, blank=True)
    name_de = models.CharField(_("name in German"), max_length=150, blank=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name in the active language, falling back to English."""
        language = (get_language() or "en").split("-")[0]
        if language != "en":
            translated = getattr(self, f"name_{language}", "")
            if translated:
                return translated
        return self.name


class IntegrationArea(Term):
    class Meta(Term.Meta):
        verbose_name = _("integration area")
        verbose_name_plural = _("integration areas")


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class OrganisationType(Term):
    class Meta(Term.Meta):
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")


class FundingProgramme(Term):
    class Meta(Term.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")


class StateChange(models.Model):
    """One row per workflow transition of any moderated record: who, when, from, to, why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=32)
    to_state = models.CharField(_("to"), max_length=32)
    message = models.TextField(
        _("message to the author"),
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Shown to the author."),
    )
    internal_note = models.TextField(
        _("internal note"),
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Seen by moderators only."),
    )

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.from_state} → {self.to_state}"


class SearchWord(models.Model):
    """A word of a searchable title (accents folded, lower case): the vocabulary that
    tolerates small typos in searches (the pg_trgm extension is missing from the
    embedded server). Filled by search.remember_title_words() when vectors are stored;
    it only grows (a word of a withdrawn record corrects to a search that finds nothing)."""

    word = models.CharField(max_length=100, primary_key=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


# Defined in its own module (it needs the moderation workflow, which needs StateChange).
from spring_portal.content_translations import ContentTranslation  # noqa: E402, F401
