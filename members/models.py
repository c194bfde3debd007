from datetime import timedelta

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from members.enums import (
    DigestFrequency,
    InvitationState,
    MembershipRole,
    MembershipState,
    NotificationKind,
    OrganisationEditKind,
    OrganisationState,
    PartnerRole,
)
from spring_portal.content_translations import Translatable, connect_translatable
from spring_portal.languages import EU_LANGUAGES
from spring_portal.models import IntegrationArea, OrganisationType
from spring_portal.moderation import ModeratedBase
from spring_portal.text import MEDIUM_TEXT_MAX_LENGTH
from spring_portal.uploads import DeletesReplacedFiles, delete_row_files


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def public(self):
        return self.filter(is_active=True, is_public=True)


class User(DeletesReplacedFiles, AbstractUser):
    """A member of the portal. Email is the login; the profile lives on the user."""

    FILE_FIELDS = ("photo",)

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("role or job title"), max_length=150, blank=True)
    organisation_name = models.CharField(
        _("organisation (if not listed)"), max_length=200, blank=True
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    areas = models.ManyToManyField(
        IntegrationArea, verbose_name=_("areas of expertise"), blank=True, related_name="experts"
    )
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        help_text=_("For example: English, French, Arabic"),
    )
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    photo = models.ImageField(_("photo"), upload_to="members/photos/", blank=True)
    website = models.URLField(_("website"), blank=True)
    linkedin = models.URLField(_("LinkedIn profile"), blank=True)
    is_public = models.BooleanField(
        _("show my profile in the member directory"),
        default=False,
        help_text=_("Off by default. Only your name, role, organisation, country and bio."),
    )
    digest_frequency = models.CharField(
        _("email digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.NEVER,
    )
    notify_decisions = models.BooleanField(
        _("email me about decisions on my submissions"), default=True
    )
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    privacy_consent_version = models.CharField(
        _("privacy notice version"), max_length=20, blank=True
    )
    # The open licence of submitted content (spring_portal.licence), accepted on submitting.
    content_licence_accepted_at = models.DateTimeField(
        _("content licence accepted"), null=True, blank=True
    )
    content_licence_version = models.CharField(
        _("content licence version"), max_length=20, blank=True
    )
    profile_completed_at = models.DateTimeField(_("profile completed"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def display_name(self):
        return self.full_name or _("SPRING member")


class OrganisationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=OrganisationState.APPROVED)

    def pending(self):
        return self.filter(state=OrganisationState.PENDING)

    def without_admin(self):
        return self.filter(state=OrganisationState.NO_ADMIN)


class Organisation(Translatable, DeletesReplacedFiles, ModeratedBase):
    # A translation covers the name (kept as written unless translated) and description.
    TRANSLATED_TITLE = "name"
    TRANSLATED_SUMMARY = None
    TRANSLATED_SECTIONS = ("description",)
    CARD_SUMMARY = ("description",)
    """An organisation, community of practice or professional network."""

    FILE_FIELDS = ("logo",)

    WORKFLOW = {
        (OrganisationState.DRAFT, OrganisationState.PENDING): frozenset({"author"}),
        (OrganisationState.PENDING, OrganisationState.APPROVED): frozenset({"moderator"}),
        (OrganisationState.PENDING, OrganisationState.REJECTED): frozenset({"moderator"}),
        (OrganisationState.REJECTED, OrganisationState.APPROVED): frozenset({"moderator"}),
        (OrganisationState.APPROVED, OrganisationState.SUSPENDED): frozenset({"moderator"}),
        (OrganisationState.SUSPENDED, OrganisationState.APPROVED): frozenset({"moderator"}),
        # Only the account deletion makes this move (transition(..., system=True)).
        (OrganisationState.APPROVED, OrganisationState.NO_ADMIN): frozenset(),
        (OrganisationState.NO_ADMIN, OrganisationState.APPROVED): frozenset({"moderator"}),
        (OrganisationState.NO_ADMIN, OrganisationState.SUSPENDED): frozenset({"moderator"}),
    }
    MESSAGE_REQUIRED = frozenset(
        {OrganisationState.REJECTED, OrganisationState.SUSPENDED, OrganisationState.NO_ADMIN}
    )
    AUTHOR_NOTIFIED = frozenset(
        {OrganisationState.APPROVED, OrganisationState.REJECTED, OrganisationState.SUSPENDED}
    )
    MODERATORS_NOTIFIED = frozenset({OrganisationState.PENDING})
    PUBLIC_STATES = frozenset({OrganisationState.APPROVED})
    SUBMITTED_STATE = OrganisationState.PENDING
    PUBLISHED_STATE = OrganisationState.APPROVED

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    org_type = models.ForeignKey(
        OrganisationType,
        verbose_name=_("type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_community_of_practice = models.BooleanField(
        _("community of practice or professional network"), default=False
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), max_length=MEDIUM_TEXT_MAX_LENGTH, blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    areas = models.ManyToManyField(
        IntegrationArea, verbose_name=_("integration areas"), blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=OrganisationState.choices,
        default=OrganisationState.DRAFT,
        db_index=True,
    )
    language = models.CharField(
        _("language of the description"), max_length=10, choices=EU_LANGUAGES, default="en"
    )
    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="organisation_name_ci_unique"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organisation_detail", kwargs={"slug": self.slug})

    def validate_for_state(self, to_state):
        if (
            self.state == OrganisationState.NO_ADMIN
            and to_state == OrganisationState.APPROVED
            and not Membership.objects.admins().filter(organisation=self).exists()
        ):
            raise ValidationError(
                _(
                    "This organisation has no administrator: add an active membership with "
                    "the administrator role first."
                ),
                code="no_admin",
            )

    def on_state_change(self, change):
        """The requester becomes the first administrator when the organisation is approved."""
        # Back from "no administrator", the moderator has already chosen who administers it.
        if (
            change.to_state == OrganisationState.APPROVED
            and change.from_state != OrganisationState.NO_ADMIN
            and self.created_by_id
        ):
            Membership.objects.update_or_create(
                user_id=self.created_by_id,
                organisation=self,
                defaults={"role": MembershipRole.ADMIN, "state": MembershipState.ACTIVE},
            )


class OrganisationEditQuerySet(models.QuerySet):
    def pending_names(self):
        return self.filter(kind=OrganisationEditKind.PENDING_NAME)


connect_translatable(Organisation)


class OrganisationEdit(models.Model):
    """One edit of an organisation's page by one of its administrators.

    Published edits record what changed at once; a name (and acronym) change is a
    request that waits here for a moderator (`kind` moves from PENDING_NAME to
    APPROVED or REFUSED through members.services.decide_name_change). `changes`
    maps a field name to {"old": ..., "new": ...}.
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="edits",
    )
    edited_by = models.ForeignKey(
        User,
        verbose_name=_("edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationEditKind.choices,
        default=OrganisationEditKind.PUBLISHED,
        db_index=True,
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    message = models.TextField(_("message to the requester"), blank=True, max_length=2000)

    objects = OrganisationEditQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation page edit")
        verbose_name_plural = _("organisation page edits")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One name change waits at a time: the next one is asked once it is decided.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(kind=OrganisationEditKind.PENDING_NAME),
                name="organisation_edit_one_pending_name",
            ),
        ]

    def __str__(self):
        if self.requested_name:
            return f"{self.organisation} → {self.requested_name}"
        return f"{self.organisation} ({self.get_kind_display()})"

    @property
    def requested_name(self):
        return (self.changes.get("name") or {}).get("new", "")

    @property
    def requested_acronym(self):
        return (self.changes.get("acronym") or {}).get("new", "")

    @property
    def is_pending(self):
        return self.kind == OrganisationEditKind.PENDING_NAME

    def change_rows(self):
        """(label, old, new) for each changed field, readable: country names, area
        lists joined, and for the logo whether it was replaced or removed."""
        rows = []
        for field, values in self.changes.items():
            old, new = values.get("old", ""), values.get("new", "")
            if field == "logo":
                old, new = "", _("Logo replaced") if new else _("Logo removed")
            elif field == "country":
                old, new = countries.name(old) if old else "", countries.name(new) if new else ""
            elif isinstance(old, list) or isinstance(new, list):
                old, new = ", ".join(old or []), ", ".join(new or [])
            try:
                label = Organisation._meta.get_field(field).verbose_name
            except FieldDoesNotExist:
                label = field
            rows.append((capfirst(label), old, new))
        return rows


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=MembershipState.ACTIVE)

    def admins(self):
        return self.active().filter(role=MembershipRole.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=MembershipState.choices,
        default=MembershipState.REQUESTED,
        db_index=True,
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"

    @property
    def is_admin(self):
        return self.role == MembershipRole.ADMIN and self.state == MembershipState.ACTIVE


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=InvitationState.PENDING)

    def valid(self):
        """Pending invitations that have not expired."""
        return self.pending().filter(created_at__gte=timezone.now() - INVITATION_VALIDITY)


INVITATION_VALIDITY = timedelta(days=14)


class Invitation(models.Model):
    """An invitation by email to join an organisation; the link is signed and valid 14 days."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=InvitationState.choices,
        default=InvitationState.PENDING,
        db_index=True,
    )
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def expires_at(self):
        return self.created_at + INVITATION_VALIDITY

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self):
        return self.state == InvitationState.PENDING and not self.is_expired


class Partner(models.Model):
    """A member of the SPRING consortium, shown on the About page."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = CountryField(_("country"))
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("consortium partner")
        verbose_name_plural = _("consortium partners")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unread_first(self):
        return self.order_by(models.F("read_at").desc(nulls_first=True), "-created_at", "-pk")


class Notification(models.Model):
    """Something the portal told a member, shown in the portal next to the email.

    It lives in `members` because it belongs to the member, like the account
    itself: it is deleted with the account, and every app (moderation, events,
    organisations) already depends on `members`, while `members` needs none of
    them to store a notification.
    """

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


# A deleted member's photo and a deleted organisation's logo leave the storage too.
models.signals.post_delete.connect(delete_row_files, sender=User, dispatch_uid="user-photo")
models.signals.post_delete.connect(
    delete_row_files, sender=Organisation, dispatch_uid="organisation-logo"
)
