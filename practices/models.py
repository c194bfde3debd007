"""Best practices: the record, its images and documents, revisions and the assessment."""

import secrets
import uuid
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Case, Prefetch, Q, Value, When
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from practices.enums import (
    BudgetRange,
    CollectionVisibility,
    EvaluationType,
    EvidenceLevel,
    GeographicScope,
    RunningStatus,
    Score,
    TransferStatus,
)
from spring_portal import search, slugs
from spring_portal.content_translations import Translatable, connect_translatable
from spring_portal.languages import RECORD_LANGUAGES
from spring_portal.models import FundingProgramme, IntegrationArea, TargetGroup
from spring_portal.moderation import (
    AUTHOR,
    STANDARD_WORKFLOW,
    ModeratedModel,
    ModeratedQuerySet,
    ModerationState,
)
from spring_portal.places import region_name, validate_region, validate_region_code
from spring_portal.roles import is_moderator
from spring_portal.tasks import after_commit
from spring_portal.text import (
    LONG_TEXT_MAX_LENGTH,
    MEDIUM_TEXT_MAX_LENGTH,
    SHORT_TEXT_MAX_LENGTH,
    validate_single_line,
)
from spring_portal.uploads import GeneratedName

S = ModerationState
MAX_IMAGES = 6
MAX_DOCUMENTS = 5
# Paths under /practices/ that a slug must never take.
RESERVED_SLUGS = frozenset({"submit", "mine", "feed", "export", "edit", "documents", "images"})
# Fields the author must fill before "Submit for review".
REQUIRED_FOR_REVIEW = (
    "title",
    "summary",
    "description",
    "countries",
    "geographic_scope",
    "areas",
    "target_groups",
    "start_date",
    "outcomes",
    "evaluation_type",
    "contact_name",
    "contact_email",
    "language",
)
# The content an author writes; copied from a revision onto the published original.
CONTENT_FIELDS = (
    "title",
    "summary",
    "description",
    "countries",
    "region",
    "city",
    "geographic_scope",
    "organisation",
    "partners",
    "start_date",
    "end_date",
    "is_ongoing",
    "budget_range",
    "outcomes",
    "evaluation_type",
    "evaluation_method",
    "evaluation_url",
    "evidence_of_effect",
    "sustainability",
    "transferability",
    "innovation",
    "inspiring_tools",
    "website",
    "contact_name",
    "contact_email",
    "language",
    "call",
    "project",
)
CONTENT_M2M = ("areas", "target_groups", "funding_programmes")


FACETS_VERSION_KEY = "practices:facets:version"


def facets_version():
    """A stamp that changes whenever practices change, so cached facet counts expire."""
    return cache.get_or_set(FACETS_VERSION_KEY, lambda: uuid.uuid4().hex, None)


def bump_facets_version(**kwargs):
    cache.set(FACETS_VERSION_KEY, uuid.uuid4().hex, None)


def running_status_expression():
    """'ongoing' or 'ended' per row, computed today (an end date passes by itself)."""
    today = timezone.localdate()
    return Case(
        When(
            Q(is_ongoing=True) | Q(end_date__isnull=True) | Q(end_date__gte=today),
            then=Value(RunningStatus.ONGOING),
        ),
        default=Value(RunningStatus.ENDED),
        output_field=models.CharField(),
    )


class PracticeQuerySet(ModeratedQuerySet):
    def published(self):
        # A published revision has been copied onto its original; only originals are public.
        return super().published().filter(revision_of__isnull=True)

    def recent(self, limit=None):
        """Published practices, newest first (home page: "recently added")."""
        qs = self.published().order_by("-published_at", "-pk")
        return qs[:limit] if limit else qs

    def for_cards(self):
        return self.select_related("organisation").prefetch_related("areas")

    def running(self, status):
        return self.alias(_running=running_status_expression()).filter(_running=status)


class Practice(Translatable, ModeratedModel):
    ORGANISATION_FIELD = "organisation"
    # The free-text sections a translation covers (besides title and summary).
    TRANSLATED_SECTIONS = (
        "description",
        "outcomes",
        "evaluation_method",
        "evidence_of_effect",
        "sustainability",
        "transferability",
        "innovation",
        "inspiring_tools",
        "partners",
    )

    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_(
            "Country: name of the practice – organisation. For example "
            "“Denmark: Integration houses for women in Copenhagen – FAKTI”."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True, editable=False)
    # Sent with the new-practice form: a second POST of the same form finds this row.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    summary = models.TextField(
        _("summary"), max_length=1500, blank=True, help_text=_("One paragraph.")
    )
    description = models.TextField(
        _("full description"),
        max_length=LONG_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Goals, activities and method. Markdown allowed."),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    region = models.CharField(
        _("region"),
        max_length=4,
        blank=True,
        validators=[validate_region_code],
        help_text=_("The NUTS 2 region where the practice takes place, if it is in one region."),
    )
    city = models.CharField(
        _("city or locality"), max_length=200, blank=True, validators=[validate_single_line]
    )
    geographic_scope = models.CharField(
        _("geographic scope"), max_length=20, choices=GeographicScope.choices, blank=True
    )
    areas = models.ManyToManyField(
        IntegrationArea, verbose_name=_("integration areas"), blank=True, related_name="practices"
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="practices"
    )
    funding_programmes = models.ManyToManyField(
        FundingProgramme,
        verbose_name=_("funding programmes"),
        blank=True,
        related_name="practices",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("Leave empty to submit as an individual."),
    )
    partners = models.TextField(_("partners"), max_length=MEDIUM_TEXT_MAX_LENGTH, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_ongoing = models.BooleanField(_("ongoing"), default=False)
    budget_range = models.CharField(
        _("budget"), max_length=20, choices=BudgetRange.choices, blank=True
    )
    outcomes = models.TextField(
        _("results and outcomes"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    evaluation_type = models.CharField(
        _("evaluation"), max_length=20, choices=EvaluationType.choices, blank=True
    )
    evaluation_method = models.TextField(
        _("evaluation method"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    evaluation_url = models.URLField(_("link to the evaluation report"), blank=True)
    evidence_of_effect = models.TextField(
        _("evidence of effect"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    sustainability = models.TextField(
        _("sustainability"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    transferability = models.TextField(
        _("transferability"), max_length=LONG_TEXT_MAX_LENGTH, blank=True
    )
    innovation = models.TextField(_("innovation"), max_length=LONG_TEXT_MAX_LENGTH, blank=True)
    inspiring_tools = models.TextField(
        _("inspiring tools"),
        max_length=LONG_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Materials others can reuse."),
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # The owners take messages through the portal ("Contact the practice owner").
    contact_enabled = models.BooleanField(
        _("accept messages through the portal"), default=True, editable=False
    )
    language = models.CharField(
        _("language of the record"),
        max_length=10,
        choices=RECORD_LANGUAGES,
        default="en",
        blank=True,
    )
    call = models.ForeignKey(
        "hub.Call",
        verbose_name=_("call for submissions"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    project = models.ForeignKey(
        "practices.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("The funded project this practice comes from, if any."),
    )
    revision_of = models.ForeignKey(
        "self",
        verbose_name=_("revision of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="revisions",
        editable=False,
    )
    evidence_level = models.CharField(
        _("evidence level"),
        max_length=20,
        choices=EvidenceLevel.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    search_vector = SearchVectorField(null=True, editable=False)
    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["-published_at", "-pk"]
        indexes = [
            search.gin_index("search_vector", "practice_search_gin"),
            models.Index(fields=["state", "-published_at"], name="practice_state_pub_idx"),
            models.Index(fields=["state", "submitted_at"], name="practice_queue_idx"),
            # The list puts an exact title first (title__iexact) without a scan.
            models.Index(Upper("title"), name="practice_title_upper_idx"),
        ]

    def __str__(self):
        return self.title or _("Untitled practice")

    def get_absolute_url(self):
        return reverse("practices:detail", kwargs={"slug": self.slug})

    # --- saving ---------------------------------------------------------------

    def save(self, *args, **kwargs):
        if self.pk and (kwargs.get("update_fields") is None):
            # A full save from a stale instance must not wipe the assessed level.
            assessment = Assessment.objects.filter(practice_id=self.pk).first()
            self.evidence_level = assessment.evidence_level if assessment else ""
        if not self.slug or (self.published_at is None and self.revision_of_id is None):
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
            slugs.unique_slug(
                self, self._slug_base(), save=partial(super().save, *args, **kwargs), max_length=255
            )
        else:
            super().save(*args, **kwargs)
        self.update_search_vector()
        bump_facets_version()

    def _slug_base(self):
        base = slugs.slug_base(self.title, fallback="practice", reserved=RESERVED_SLUGS)
        if self.revision_of_id:
            return f"{base}-revision-{uuid.uuid4().hex[:8]}"
        return base

    def update_search_vector(self):
        Practice.refresh_search_vectors(Practice.objects.filter(pk=self.pk))

    def translations_changed(self):
        """A translation was published, corrected or withdrawn: search and facets follow."""
        self.update_search_vector()
        bump_facets_version()

    @staticmethod
    def refresh_search_vectors(queryset):
        """Weighted vector, each text under its own language's configuration, accents
        folded: title A (and once more word for word), summary B, description,
        organisation, taxonomy C; then every
        published translation (spring_portal.search.translations_vector)."""
        organisation = Practice.organisation.field.related_model
        terms = (IntegrationArea, TargetGroup, FundingProgramme)
        search.update_language_vector(
            queryset,
            A=["title", ("title", "simple")],
            B=["summary"],
            C=[
                "description",
                search.related_text(organisation, "practices", "name"),
                *(search.related_text(term, "practices") for term in terms),
            ],
        )

    # --- workflow hooks ---------------------------------------------------------

    def can_view(self, user) -> bool:
        return self.is_public or is_moderator(user) or self.is_author(user)

    @property
    def is_public(self):
        return self.state == S.PUBLISHED and self.revision_of_id is None

    def owners(self):
        """The members who answer for this practice: its submitter and the active
        administrators of its organisation (told of transfers and messages)."""
        from members.models import Membership, User

        admins = Membership.objects.admins().filter(organisation_id=self.organisation_id)
        query = Q(pk__in=admins.values("user_id")) if self.organisation_id else Q(pk__in=[])
        if self.created_by_id:
            query |= Q(pk=self.created_by_id)
        return User.objects.filter(query, is_active=True)

    def missing_for_review(self) -> dict[str, str]:
        missing = {}
        for name in REQUIRED_FOR_REVIEW:
            field = self._meta.get_field(name)
            if field.many_to_many:
                empty = not self.pk or not getattr(self, name).exists()
            else:
                value = getattr(self, name)
                empty = value in (None, "", [])
            if empty:
                missing[name] = _("%(field)s is needed before review.") % {
                    "field": str(field.verbose_name).capitalize()
                }
        if not self.is_ongoing and not self.end_date:
            missing["end_date"] = _("Give an end date or tick “ongoing”.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            missing["end_date"] = _("The end date is before the start date.")
        return missing

    @property
    def region_name(self):
        return region_name(self.region) if self.region else ""

    def clean(self):
        super().clean()
        if self.region:
            try:
                validate_region(self.region, [country.code for country in self.countries])
            except ValidationError as error:
                raise ValidationError({"region": error}) from None

    def validate_for_state(self, to_state):
        if to_state in (S.SUBMITTED, S.PUBLISHED):
            missing = self.missing_for_review()
            if missing:
                raise ValidationError(missing)

    def on_state_change(self, change):
        bump_facets_version()
        if change.to_state == S.PUBLISHED and self.revision_of_id:
            self.revision_of.apply_revision(self)

    # --- revisions ----------------------------------------------------------------

    def open_revision(self):
        return self.revisions.exclude(
            state__in=[S.PUBLISHED, S.REJECTED, S.WITHDRAWN, S.ARCHIVED]
        ).first()

    @transaction.atomic
    def create_revision(self, user):
        """A draft copy of this published practice for the author to edit and resubmit."""
        revision = Practice(revision_of=self, created_by=user)
        for name in CONTENT_FIELDS:
            setattr(revision, name, getattr(self, name))
        revision.save()
        for name in CONTENT_M2M:
            getattr(revision, name).set(getattr(self, name).all())
        for image in self.images.all():
            PracticeImage.objects.create(
                practice=revision,
                image=image.image.name,
                alt_text=image.alt_text,
                caption=image.caption,
                position=image.position,
            )
        for document in self.documents.all():
            PracticeDocument.objects.create(
                practice=revision,
                file=document.file.name,
                title=document.title,
                size=document.size,
                position=document.position,
            )
        revision.update_search_vector()
        return revision

    def apply_revision(self, revision):
        """Copy a published revision's content, images and documents onto this original."""
        for name in CONTENT_FIELDS:
            setattr(self, name, getattr(revision, name))
        self.save(update_fields=[*CONTENT_FIELDS, "updated_at"])
        for name in CONTENT_M2M:
            getattr(self, name).set(getattr(revision, name).all())
        self.images.all().delete()
        self.documents.all().delete()
        revision.images.update(practice=self)
        revision.documents.update(practice=self)
        self.update_search_vector()

    # --- display --------------------------------------------------------------------

    @property
    def running_status(self):
        if self.is_ongoing or not self.end_date or self.end_date >= timezone.localdate():
            return RunningStatus.ONGOING
        return RunningStatus.ENDED

    @property
    def last_updated(self):
        return self.updated_at


def _taxonomy_changed(sender, instance, action, reverse, **kwargs):
    """Keep the stored vector in step when areas, target groups or funding change."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:
        for practice in Practice.objects.filter(pk__in=kwargs.get("pk_set") or []):
            practice.update_search_vector()
    else:
        instance.update_search_vector()


connect_translatable(Practice)
for _m2m in (Practice.areas, Practice.target_groups, Practice.funding_programmes):
    models.signals.m2m_changed.connect(_taxonomy_changed, sender=_m2m.through)
models.signals.post_delete.connect(bump_facets_version, sender=Practice)
# Facet labels come from the terms, and the organisation-type facet from organisations.
for _sender in (IntegrationArea, TargetGroup, FundingProgramme, "spring_portal.OrganisationType",
                "members.Organisation"):  # fmt: skip
    models.signals.post_save.connect(bump_facets_version, sender=_sender)
    models.signals.post_delete.connect(bump_facets_version, sender=_sender)


class PracticeImage(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=GeneratedName("practices/images"))
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text

    def get_absolute_url(self):
        return reverse("practices:image", kwargs={"pk": self.pk})


class PracticeDocument(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("PDF file"), upload_to=GeneratedName("practices/documents", ".pdf"))
    title = models.CharField(_("document title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:document", kwargs={"pk": self.pk})

    @property
    def download_name(self):
        return f"{slugify(self.title) or 'document'}.pdf"


CRITERIA = (
    ("relevance", _("Relevance")),
    ("effectiveness", _("Effectiveness")),
    ("evidence", _("Evidence and evaluation")),
    ("sustainability", _("Sustainability")),
    ("transferability", _("Transferability")),
    ("innovation", _("Innovation")),
    ("participation", _("Participation of beneficiaries")),
)


def evidence_level_for(scores: dict[str, int | None]) -> str:
    """The public evidence level for criteria scores (0-3 each), or "" for none.

    The rule, after the EU Best Practice Portal (relevance is an exclusion
    criterion; effectiveness and evidence are core) and SPRING's criteria:
    - nothing is shown until every criterion is scored, and never when
      relevance is below 2 ("met");
    - "best practice": every criterion at least 2, effectiveness or evidence
      and evaluation at 3, and a total of at least 17 out of 21;
    - "good practice": effectiveness and evidence at least 2, no criterion at
      0, and a total of at least 13;
    - "promising": a total of at least 9;
    - otherwise no level is shown.
    """
    values = [scores.get(name) for name, _label in CRITERIA]
    if any(value is None for value in values) or scores["relevance"] < 2:
        return ""
    total = sum(values)
    if min(values) >= 2 and max(scores["effectiveness"], scores["evidence"]) == 3 and total >= 17:
        return EvidenceLevel.BEST
    if (
        scores["effectiveness"] >= 2
        and scores["evidence"] >= 2
        and min(values) >= 1
        and total >= 13
    ):
        return EvidenceLevel.GOOD
    if total >= 9:
        return EvidenceLevel.PROMISING
    return ""


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=Score.choices, null=True, blank=True)


def _comment_field():
    return models.TextField(_("comment"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True)


class Assessment(models.Model):
    """A moderator's structured assessment; it sets the practice's public evidence level."""

    practice = models.OneToOneField(Practice, on_delete=models.CASCADE, related_name="assessment")
    relevance = _score_field(_("relevance"))
    relevance_comment = _comment_field()
    effectiveness = _score_field(_("effectiveness"))
    effectiveness_comment = _comment_field()
    evidence = _score_field(_("evidence and evaluation"))
    evidence_comment = _comment_field()
    sustainability = _score_field(_("sustainability"))
    sustainability_comment = _comment_field()
    transferability = _score_field(_("transferability"))
    transferability_comment = _comment_field()
    innovation = _score_field(_("innovation"))
    innovation_comment = _comment_field()
    participation = _score_field(_("participation of beneficiaries"))
    participation_comment = _comment_field()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self):
        return str(_("Assessment of %(practice)s") % {"practice": self.practice})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Practice.objects.filter(pk=self.practice_id).update(evidence_level=self.evidence_level)
        bump_facets_version()

    @property
    def scores(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name, _label in CRITERIA}

    @property
    def evidence_level(self) -> str:
        return evidence_level_for(self.scores)

    @property
    def total(self) -> int:
        return sum(v for v in self.scores.values() if v is not None)

    def rows(self):
        """(label, score, comment) per criterion, for the detail page."""
        return [
            (label, getattr(self, name), getattr(self, f"{name}_comment"))
            for name, label in CRITERIA
        ]


# --- EU-funded and other projects, as a source of evidence -----------------------------

PROJECT_RESERVED_SLUGS = frozenset({"submit", "mine", "feed", "edit"})
PROJECT_REQUIRED_FOR_REVIEW = ("title", "programme", "summary", "start_year", "countries", "areas")


class ProjectQuerySet(ModeratedQuerySet):
    def for_cards(self):
        return self.select_related("programme", "coordinator").prefetch_related("areas")

    def with_outputs(self):
        """With what the project's page lists: its programme, coordinator, areas and
        partners (partner_list), and the published practices, documents and events
        linked to it (published_practices, published_documents, published_events)."""
        from events.models import Event  # these apps' models import this one
        from hub.models import Document

        return self.select_related("programme", "coordinator").prefetch_related(
            "areas",
            Prefetch("partners", to_attr="partner_list"),
            Prefetch(
                "practices",
                queryset=Practice.objects.published().order_by("title"),
                to_attr="published_practices",
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.published().order_by("-year", "title"),
                to_attr="published_documents",
            ),
            Prefetch(
                "events",
                queryset=Event.objects.published().order_by("-start"),
                to_attr="published_events",
            ),
        )

    def choosable(self, current_id=None):
        """Projects a submitter may link a practice, document or event to: the
        published ones, plus the one already linked (even if archived since)."""
        q = Q(state=S.PUBLISHED)
        if current_id:
            q |= Q(pk=current_id)
        return self.filter(q).order_by("title")


class Project(ModeratedModel):
    """A funded project (AMIF, ESF+, Horizon, Erasmus+, national, ...) whose results,
    practices, reports and events the portal gathers as evidence."""

    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_("The project’s full name."),
    )
    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("slug"), max_length=255, unique=True, editable=False)
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("funding programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    reference = models.CharField(
        _("grant or reference number"),
        max_length=80,
        blank=True,
        validators=[validate_single_line],
        help_text=_("For example the grant agreement number."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty while it runs.")
    )
    summary = models.TextField(
        _("summary"), max_length=SHORT_TEXT_MAX_LENGTH, blank=True, help_text=_("One paragraph.")
    )
    results = models.TextField(
        _("results"),
        max_length=LONG_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("What the project found and produced. Markdown allowed."),
    )
    coordinator = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_projects",
        help_text=_("The coordinating organisation, if it is on the portal."),
    )
    coordinator_name = models.CharField(
        _("coordinator (not on the portal)"),
        max_length=200,
        blank=True,
        validators=[validate_single_line],
    )
    partners = models.ManyToManyField(
        "members.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="partner_projects",
    )
    other_partners = models.TextField(
        _("other partners"),
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Partners not on the portal, one per line."),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    areas = models.ManyToManyField(
        IntegrationArea, verbose_name=_("integration areas"), blank=True, related_name="projects"
    )
    website = models.URLField(_("website"), blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-published_at", "-pk"]
        indexes = [search.gin_index("search_vector", "project_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="project_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title or str(_("Untitled project"))

    def get_absolute_url(self):
        return reverse("projects:detail", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if self.slug and self.published_at is not None:
            super().save(*args, **kwargs)
        else:
            # Until it is first published the address follows the title.
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
            base = slugs.slug_base(
                self.acronym or self.title, fallback="project", reserved=PROJECT_RESERVED_SLUGS
            )
            slugs.unique_slug(
                self, base, save=partial(super().save, *args, **kwargs), max_length=255
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"title", "acronym", "summary", "results"} & set(update_fields):
            self.update_search_vector()

    def update_search_vector(self):
        """Refresh the stored vector; call again after the many-to-many fields change."""
        from members.models import Organisation

        search.update_vector(
            Project.objects.filter(pk=self.pk),
            A=["title", "acronym"],
            B=["summary", "reference"],
            C=[
                "results",
                "coordinator_name",
                "other_partners",
                search.related_text(Organisation, "coordinated_projects", "name"),
                search.related_text(FundingProgramme, "projects"),
                search.related_text(IntegrationArea, "projects"),
            ],
        )

    def can_view(self, user) -> bool:
        return self.is_public or is_moderator(user) or self.is_author(user)

    @property
    def display_title(self):
        if self.acronym and self.acronym.lower() not in self.title.lower():
            return f"{self.acronym} – {self.title}"
        return str(self)

    @property
    def coordinator_label(self):
        return self.coordinator.name if self.coordinator_id else self.coordinator_name

    @property
    def years(self):
        if not self.start_year:
            return ""
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        if self.end_year:
            return str(self.start_year)
        return str(_("since %(year)s") % {"year": self.start_year})

    @property
    def other_partner_list(self):
        return [line.strip() for line in self.other_partners.splitlines() if line.strip()]

    def missing_for_review(self) -> dict[str, str]:
        missing = {}
        for name in PROJECT_REQUIRED_FOR_REVIEW:
            field = self._meta.get_field(name)
            if field.many_to_many:
                empty = not self.pk or not getattr(self, name).exists()
            else:
                empty = getattr(self, name) in (None, "", [])
            if empty:
                missing[name] = _("%(field)s is needed before review.") % {
                    "field": str(field.verbose_name).capitalize()
                }
        if not self.coordinator_id and not self.coordinator_name:
            missing["coordinator"] = _("Name the coordinator.")
        return missing

    def validate_for_state(self, to_state):
        if to_state in (S.SUBMITTED, S.PUBLISHED):
            missing = self.missing_for_review()
            if missing:
                raise ValidationError(missing)


# --- transfers: "we are adapting this practice" ---------------------------------------------

validate_nuts2 = RegexValidator(
    r"^[A-Z]{2}[0-9A-Z]{2}$",
    _("Give a NUTS 2 code: two letters and two letters or digits, such as “DK01” or “ITC4”."),
)


class TransferQuerySet(ModeratedQuerySet):
    def published(self):
        return super().published().filter(practice__state=S.PUBLISHED)

    def for_list(self):
        return self.select_related("practice", "organisation").order_by("-published_at", "-pk")


class Transfer(ModeratedModel):
    """A member or an organisation declares it adapts a practice to its own context.

    Moderated like other content; once published the practice's owners are told
    and can confirm it. The place (country, NUTS 2 region, city) is what the map
    and statistics read.
    """

    ORGANISATION_FIELD = "organisation"
    # A declarer who rewrites a published transfer's text sends it back to review.
    WORKFLOW = {**STANDARD_WORKFLOW, (S.PUBLISHED, S.SUBMITTED): frozenset({AUTHOR})}
    # Fields whose change on a published transfer needs the moderators again; the
    # status and the dates go live at once.
    REVIEWED_FIELDS = frozenset({"organisation", "country", "region", "city", "adaptations",
                                 "results"})  # fmt: skip

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="transfers",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("organisation adapting it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfers",
        help_text=_("Leave empty if you adapt it as an individual."),
    )
    country = CountryField(_("country"))
    region = models.CharField(
        _("region (NUTS 2 code)"),
        max_length=4,
        blank=True,
        validators=[validate_nuts2],
        help_text=_("Optional. For example “DK01” for Hovedstaden or “ITC4” for Lombardy."),
    )
    city = models.CharField(
        _("city or town"), max_length=120, blank=True, validators=[validate_single_line]
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=TransferStatus.choices,
        default=TransferStatus.PLANNED,
        db_index=True,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    adaptations = models.TextField(
        _("what you changed for your context"),
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        help_text=_(
            "Target group, language, partners, scale: what is different from the original."
        ),
    )
    results = models.TextField(
        _("results"),
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Later: what came of it."),
    )
    owner_confirmed_at = models.DateTimeField(
        _("confirmed by the practice's owners"), null=True, blank=True, editable=False
    )
    owner_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["practice", "state"], name="transfer_practice_state_idx"),
            models.Index(fields=["country", "region"], name="transfer_place_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="transfer_end_after_start",
            ),
        ]

    def __str__(self):
        return str(self.title)

    @property
    def title(self):
        return _("%(practice)s, adapted in %(place)s") % {
            "practice": self.practice.title,
            "place": self.place,
        }

    @property
    def place(self):
        parts = [self.city] if self.city else []
        if self.country:
            parts.append(self.country.name)
        return ", ".join(str(part) for part in parts)

    @property
    def declared_by(self):
        return self.created_by

    def get_absolute_url(self):
        return f"{self.practice.get_absolute_url()}#transfer-{self.pk}"

    def can_view(self, user) -> bool:
        return self.is_public or is_moderator(user) or self.is_author(user)

    @property
    def is_public(self):
        return self.state == S.PUBLISHED

    @property
    def is_confirmed(self):
        return self.owner_confirmed_at is not None

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})

    def on_state_change(self, change):
        if (
            change.to_state == S.PUBLISHED
            and change.from_state != S.ARCHIVED
            and not self.owner_confirmed_at
        ):
            from practices import notifications  # notifications import the models

            after_commit(lambda: notifications.transfer_published(self))


# --- contact: "Contact the practice owner" --------------------------------------------------


class ContactMessageQuerySet(models.QuerySet):
    def threads_for(self, user):
        """The conversations `user` takes part in: those they started and those sent
        to a practice they own."""
        from members.models import Membership

        admin_of = Membership.objects.admins().filter(user=user).values("organisation_id")
        return self.filter(thread__isnull=True).filter(
            Q(sender=user) | Q(practice__created_by=user) | Q(practice__organisation__in=admin_of)
        )


class ContactMessage(models.Model):
    """A message sent through the portal to a practice's owners, or a reply in its
    conversation (`thread` is the first message). Nobody's address is shown."""

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="contact_messages",
    )
    thread = models.ForeignKey(
        "self",
        verbose_name=_("conversation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    body = models.TextField(_("message"), max_length=SHORT_TEXT_MAX_LENGTH)
    share_email = models.BooleanField(
        _("the owners may answer me by email"),
        default=False,
        help_text=_(
            "Your email address is given to them only if you tick this. Otherwise they "
            "answer on the portal."
        ),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message to a practice's owners")
        verbose_name_plural = _("messages to practices' owners")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.practice} – {self.sender}"

    def get_absolute_url(self):
        return reverse("community:message_thread", kwargs={"pk": self.root.pk})

    @property
    def root(self):
        return self.thread or self

    def is_participant(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        root = self.root
        return root.sender_id == user.pk or root.practice.is_author(user)


# --- collections: bookmarks in named lists ---------------------------------------------------


def _collection_token():
    return secrets.token_urlsafe(18)


class CollectionQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(visibility=CollectionVisibility.SHARED)


class Collection(models.Model):
    """A member's named list of practices: private, or readable by anyone with its link."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="collections",
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    description = models.TextField(_("description"), max_length=1000, blank=True)
    visibility = models.CharField(
        _("who can see it"),
        max_length=10,
        choices=CollectionVisibility.choices,
        default=CollectionVisibility.PRIVATE,
    )
    # The shared link: long and random, so nobody finds a collection by guessing.
    token = models.CharField(max_length=32, unique=True, default=_collection_token, editable=False)
    practices = models.ManyToManyField(
        Practice, through="CollectionItem", related_name="+", verbose_name=_("practices")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:collection_detail", kwargs={"pk": self.pk})

    @property
    def is_shared(self):
        return self.visibility == CollectionVisibility.SHARED

    def shared_url(self):
        return reverse("community:collection_shared", kwargs={"token": self.token})


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("practice in a collection")
        verbose_name_plural = _("practices in collections")
        ordering = ["position", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "practice"], name="collection_item_once"),
        ]

    def __str__(self):
        return f"{self.collection} – {self.practice}"
