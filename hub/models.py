from functools import partial

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.enums import DocumentType, FollowKind, Language, NewsStatus
from spring_portal import search, slugs
from spring_portal.content_translations import Translatable, connect_translatable
from spring_portal.models import IntegrationArea, TargetGroup
from spring_portal.moderation import (
    MODERATOR,
    STANDARD_WORKFLOW,
    ModeratedModel,
    ModeratedQuerySet,
    ModerationState,
)
from spring_portal.text import LONG_TEXT_MAX_LENGTH, validate_single_line
from spring_portal.uploads import MB, GeneratedName, PdfCheck


class CallQuerySet(models.QuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, opens_on__lte=today, closes_on__gte=today)

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, closes_on__lt=today)

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(is_published=True, opens_on__gt=today).order_by("opens_on")

    def visible(self):
        return self.filter(is_published=True)


class Call(Translatable, models.Model):
    """A call for submissions ("submit your best practice until ...")."""

    TRANSLATED_SUMMARY = None
    TRANSLATED_SECTIONS = ("text",)
    CARD_SUMMARY = ("text",)

    class Accepts(models.TextChoices):
        PRACTICES = "practices", _("Best practices and projects")
        EVENTS = "events", _("Events")
        DOCUMENTS = "documents", _("Documents")

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    text = models.TextField(_("text"), max_length=LONG_TEXT_MAX_LENGTH, help_text=_("Markdown."))
    accepts = models.CharField(
        _("what may be submitted"),
        max_length=20,
        choices=Accepts.choices,
        default=Accepts.PRACTICES,
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for submissions")
        verbose_name_plural = _("calls for submissions")
        ordering = ["-closes_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:call_detail", kwargs={"slug": self.slug})

    @property
    def is_open(self):
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on

    @property
    def is_upcoming(self):
        return self.opens_on > timezone.localdate()

    @property
    def days_left(self):
        return max((self.closes_on - timezone.localdate()).days, 0)

    def is_translation_public(self):
        return self.is_published


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as a list of checkboxes rather than comma-separated text."""

    def formfield(self, **kwargs):
        from django import forms

        return forms.MultipleChoiceField(
            choices=self.base_field.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )


class NewsPostQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(status=NewsStatus.PUBLISHED, publish_at__lte=now or timezone.now())

    def highlights(self):
        return self.published().filter(is_highlight=True)


class NewsPost(Translatable, models.Model):
    """News written by the moderation team ("EU highlights")."""

    TRANSLATED_SECTIONS = ("body",)

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One paragraph shown in lists and feeds.")
    )
    body = models.TextField(
        _("text"), max_length=LONG_TEXT_MAX_LENGTH, blank=True, help_text=_("Markdown.")
    )
    image = models.ImageField(_("image"), upload_to=GeneratedName("news"), blank=True)
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required with an image: what the image shows, for people who cannot see it."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    tags = models.ManyToManyField(
        IntegrationArea, verbose_name=_("integration areas"), blank=True, related_name="news_posts"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    publish_at = models.DateTimeField(
        _("publish date"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published post appears from this date."),
    )
    is_highlight = models.BooleanField(
        _("highlight"), default=False, help_text=_("Shown under “EU highlights” on the home page.")
    )
    is_spotlight = models.BooleanField(
        _("in case you missed it"),
        default=False,
        help_text=_(
            "Picked for “In case you missed it” on the home page (the latest one is shown)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:news_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def published_at(self):
        return self.publish_at

    @property
    def is_public(self):
        return self.status == NewsStatus.PUBLISHED and self.publish_at <= timezone.now()


class DocumentQuerySet(ModeratedQuerySet):
    def for_listing(self):
        return self.select_related("organisation").prefetch_related("areas")


class Document(Translatable, ModeratedModel):
    """A report, toolkit, study, policy brief or guidelines in the documents library."""

    ORGANISATION_FIELD = "organisation"

    title = models.CharField(_("title"), max_length=250, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(_("summary"), max_length=2000)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    languages = ChoiceArrayField(
        models.CharField(max_length=5, choices=Language.choices),
        verbose_name=_("languages"),
        default=list,
        help_text=_("Languages the document is available in."),
    )
    language = models.CharField(
        _("language of the record"),
        max_length=5,
        choices=Language.choices,
        default=Language.EN,
        help_text=_("The language of the title and summary written here."),
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("publishing organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Who published it, when the organisation is not on the portal."),
    )
    year = models.PositiveSmallIntegerField(_("year of publication"), db_index=True)
    areas = models.ManyToManyField(
        IntegrationArea, verbose_name=_("integration areas"), blank=True, related_name="documents"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="documents"
    )
    file = models.FileField(
        _("PDF file"),
        upload_to=GeneratedName("documents", ".pdf"),
        blank=True,
        validators=[PdfCheck(15 * MB)],
        help_text=_("A PDF of at most 15 MB."),
    )
    url = models.URLField(
        _("link"), max_length=500, blank=True, help_text=_("Where the document can be read.")
    )
    project = models.ForeignKey(
        "practices.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text=_("The funded project this document comes from (an evaluation, a final report)."),
    )
    search_vector = SearchVectorField(null=True, editable=False)
    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_at", "-year", "title"]
        indexes = [search.gin_index("search_vector", "hub_document_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""),
                name="document_has_file_or_link",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:document_detail", kwargs={"slug": self.slug})

    def clean(self):
        if not self.file and not self.url:
            raise ValidationError(_("Upload a PDF file or give a link to the document."))

    def save(self, *args, **kwargs):
        if self.slug:
            super().save(*args, **kwargs)
        else:
            base = slugs.slug_base(self.title, fallback="document")
            slugs.unique_slug(self, base, save=partial(super().save, *args, **kwargs))
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "summary", "publisher", "language"} & set(
            update_fields
        ):
            self.update_search_vector()

    def update_search_vector(self):
        """Refresh the stored vector (each text under its language's configuration, with
        the published translations); call again after the many-to-many fields change."""
        Document.refresh_search_vectors(Document.objects.filter(pk=self.pk))

    @staticmethod
    def refresh_search_vectors(queryset):
        from members.models import Organisation

        search.update_language_vector(
            queryset,
            A=["title"],
            B=["summary"],
            C=[
                "publisher",
                search.related_text(Organisation, "documents", "name"),
                search.related_text(IntegrationArea, "documents", "name"),
                search.related_text(TargetGroup, "documents", "name"),
            ],
        )

    @property
    def publisher_name(self):
        return self.organisation.name if self.organisation_id else self.publisher

    @property
    def language_labels(self):
        labels = dict(Language.choices)
        return [labels.get(code, code) for code in self.languages]

    def validate_for_state(self, to_state):
        if to_state in (ModerationState.SUBMITTED, ModerationState.PUBLISHED):
            missing = [
                str(self._meta.get_field(name).verbose_name)
                for name in ("title", "summary", "doc_type", "year")
                if not getattr(self, name)
            ]
            if not self.file and not self.url:
                missing.append(str(_("PDF file or link")))
            if missing:
                raise ValidationError(
                    _("Please complete: %(fields)s.") % {"fields": ", ".join(missing)},
                    code="incomplete",
                )


class EvidenceSummaryQuerySet(ModeratedQuerySet):
    def for_listing(self):
        return self.prefetch_related("areas")


class EvidenceSummary(ModeratedModel):
    """A short, sourced summary of what the evidence says on a question ("what the
    evidence says about language cafés"), written by the moderation team and citing
    practices, documents and projects on the portal."""

    # Moderators write these themselves: they may publish their own draft directly.
    WORKFLOW = {
        **STANDARD_WORKFLOW,
        (ModerationState.DRAFT, ModerationState.PUBLISHED): frozenset({MODERATOR}),
    }

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("key findings"),
        max_length=1000,
        help_text=_("Two or three sentences shown in lists, feeds and digests."),
    )
    body = models.TextField(
        _("text"),
        max_length=LONG_TEXT_MAX_LENGTH,
        help_text=_("What the evidence says, with its limits. Markdown."),
    )
    areas = models.ManyToManyField(
        IntegrationArea,
        verbose_name=_("integration areas"),
        blank=True,
        related_name="evidence_summaries",
    )
    target_groups = models.ManyToManyField(
        TargetGroup,
        verbose_name=_("target groups"),
        blank=True,
        related_name="evidence_summaries",
    )
    cited_practices = models.ManyToManyField(
        "practices.Practice",
        verbose_name=_("practices cited"),
        blank=True,
        related_name="evidence_summaries",
    )
    cited_documents = models.ManyToManyField(
        Document, verbose_name=_("documents cited"), blank=True, related_name="evidence_summaries"
    )
    cited_projects = models.ManyToManyField(
        "practices.Project",
        verbose_name=_("projects cited"),
        blank=True,
        related_name="evidence_summaries",
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = EvidenceSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence summary")
        verbose_name_plural = _("evidence summaries")
        ordering = ["-published_at", "-pk"]
        indexes = [search.gin_index("search_vector", "hub_evidence_search_gin")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("hub:evidence_detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self.slug:
            super().save(*args, **kwargs)
        else:
            base = slugs.slug_base(self.title, fallback="evidence", reserved={"feed", "write"})
            slugs.unique_slug(self, base, save=partial(super().save, *args, **kwargs))
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "summary", "body"} & set(update_fields):
            search.update_vector(
                EvidenceSummary.objects.filter(pk=self.pk),
                A=["title"],
                B=["summary"],
                C=["body"],
            )

    def sources(self):
        """The cited records visitors may open, as (kind, [records]) groups."""
        groups = [
            (_("Practices"), self.cited_practices.published().order_by("title")),
            (_("Documents"), self.cited_documents.published().order_by("title")),
            (_("Projects"), self.cited_projects.published().order_by("title")),
        ]
        return [(label, list(records)) for label, records in groups if records]

    def validate_for_state(self, to_state):
        if to_state in (ModerationState.SUBMITTED, ModerationState.PUBLISHED):
            if not self.title or not self.summary or not self.body:
                raise ValidationError(
                    _("A summary needs a title, key findings and a text."), code="incomplete"
                )
            if not (
                self.cited_practices.exists()
                or self.cited_documents.exists()
                or self.cited_projects.exists()
            ):
                raise ValidationError(
                    _("Cite at least one practice, document or project."), code="unsourced"
                )


for _model in (Call, NewsPost, Document):
    connect_translatable(_model)


class FollowQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("area", "target_group", "organisation")


class Follow(models.Model):
    """A member follows an integration area, a country, a target group or an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowKind.choices)
    area = models.ForeignKey(
        IntegrationArea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_group = models.ForeignKey(
        TargetGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
    )
    country = CountryField(_("country"), blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["kind", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "area"], condition=models.Q(kind="area"), name="follow_area_once"
            ),
            models.UniqueConstraint(
                fields=["user", "target_group"],
                condition=models.Q(kind="target_group"),
                name="follow_target_group_once",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(kind="organisation"),
                name="follow_organisation_once",
            ),
            models.UniqueConstraint(
                fields=["user", "country"],
                condition=models.Q(kind="country"),
                name="follow_country_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="area", area__isnull=False)
                    | models.Q(kind="target_group", target_group__isnull=False)
                    | models.Q(kind="organisation", organisation__isnull=False)
                    | (models.Q(kind="country") & ~models.Q(country=""))
                ),
                name="follow_has_its_target",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.target_label}"

    @property
    def target(self):
        return {
            FollowKind.AREA: self.area,
            FollowKind.TARGET_GROUP: self.target_group,
            FollowKind.ORGANISATION: self.organisation,
            FollowKind.COUNTRY: self.country,
        }[self.kind]

    @property
    def target_label(self):
        if self.kind == FollowKind.COUNTRY:
            return self.country.name
        return str(self.target)

    @property
    def value(self):
        """What identifies the target in a follow form: a country code or a primary key."""
        return self.country.code if self.kind == FollowKind.COUNTRY else self.target.pk


class DigestDelivery(models.Model):
    """One item sent to one member in a digest, so that it is never sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="digest_item_once_per_user"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.content_type} #{self.object_id}"
