"""Events of the community: conferences, webinars, workshops, trainings and meetings."""

import re
import zoneinfo
from functools import cached_property
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.enums import (
    ONLINE_FORMATS,
    PHYSICAL_FORMATS,
    EventFormat,
    EventType,
    RegistrationMode,
    RegistrationStatus,
)
from members.models import Organisation
from spring_portal.content_translations import Translatable, connect_translatable
from spring_portal.languages import RECORD_LANGUAGES
from spring_portal.moderation import ModeratedModel, ModeratedQuerySet, ModerationState
from spring_portal.places import region_name, validate_region, validate_region_code
from spring_portal.roles import is_moderator
from spring_portal.text import LONG_TEXT_MAX_LENGTH, validate_single_line
from spring_portal.uploads import GeneratedName

DEFAULT_TIME_ZONE = "Europe/Brussels"


def validate_time_zone(value):
    """Accept only IANA time-zone names that zoneinfo knows (e.g. Europe/Lisbon)."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use a name such as Europe/Brussels."),
            code="unknown_time_zone",
            params={"value": value},
        ) from exc


class EventQuerySet(ModeratedQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that have ended, latest first."""
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def for_organisation(self, organisation):
        return self.filter(organiser=organisation)


class Event(Translatable, ModeratedModel):
    ORGANISATION_FIELD = "organiser"
    TRANSLATED_SECTIONS = ("description", "agenda", "key_insights")
    CARD_SUMMARY = ("summary", "description")

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    event_type = models.CharField(
        _("type"), max_length=20, choices=EventType.choices, default=EventType.CONFERENCE
    )
    format = models.CharField(
        _("format"), max_length=12, choices=EventFormat.choices, default=EventFormat.ONLINE
    )
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=DEFAULT_TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("The time zone of the event, as an IANA name such as Europe/Lisbon."),
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, validators=[validate_single_line]
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, validators=[validate_single_line]
    )
    city = models.CharField(
        _("city"), max_length=120, blank=True, validators=[validate_single_line]
    )
    country = CountryField(_("country"), blank=True)
    region = models.CharField(
        _("region"),
        max_length=4,
        blank=True,
        validators=[validate_region_code],
        help_text=_("The NUTS 2 region of the venue."),
    )
    online_url = models.URLField(
        _("online link"),
        blank=True,
        help_text=_("Where participants join an online or hybrid event."),
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    project = models.ForeignKey(
        "practices.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("The funded project this event belongs to, if any."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        validators=[validate_single_line],
        help_text=_("One or two sentences shown in lists."),
    )
    description = models.TextField(
        _("description"), max_length=LONG_TEXT_MAX_LENGTH, help_text=_("Markdown is allowed.")
    )
    agenda = models.TextField(
        _("agenda"),
        max_length=LONG_TEXT_MAX_LENGTH,
        blank=True,
        help_text=_("Markdown is allowed."),
    )
    registration_mode = models.CharField(
        _("registration"),
        max_length=10,
        choices=RegistrationMode.choices,
        default=RegistrationMode.NONE,
    )
    registration_url = models.URLField(
        _("registration website"),
        blank=True,
        help_text=_("Only for registration on an external website."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Places for registration on this portal; empty means no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Registration closes at this time; empty means when the event starts."),
    )
    # Kept in step with the registrations while the event row is locked, so that a
    # database constraint can guarantee the capacity is never exceeded.
    registered_count = models.PositiveIntegerField(_("registered"), default=0, editable=False)
    recording_url = models.URLField(
        _("recording"),
        blank=True,
        help_text=_("YouTube and Vimeo recordings are embedded without tracking cookies."),
    )
    key_insights = models.TextField(
        _("key insights"), max_length=LONG_TEXT_MAX_LENGTH, blank=True, help_text=_("Markdown.")
    )
    participants_count = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    language = models.CharField(
        _("language of the record"),
        max_length=10,
        choices=RECORD_LANGUAGES,
        default="en",
    )

    translations = GenericRelation("spring_portal.ContentTranslation")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("start")),
                name="event_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(registered_count__lte=F("capacity")),
                name="event_capacity_not_exceeded",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    # Time zones ---------------------------------------------------------------

    @property
    def tz(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_TIME_ZONE)

    @property
    def local_start(self):
        return timezone.localtime(self.start, self.tz)

    @property
    def local_end(self):
        return timezone.localtime(self.end, self.tz)

    @property
    def same_day(self):
        return self.local_start.date() == self.local_end.date()

    # State of the event ---------------------------------------------------------

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def is_online(self):
        return self.format == EventFormat.ONLINE

    @property
    def closes_at(self):
        return self.registration_deadline or self.start

    @property
    def uses_portal_registration(self):
        return self.registration_mode == RegistrationMode.PORTAL

    @property
    def registration_open(self):
        return (
            self.uses_portal_registration
            and self.state == ModerationState.PUBLISHED
            and timezone.now() < self.closes_at
        )

    @property
    def places_left(self):
        if self.capacity is None:
            return None
        return max(self.capacity - self.registered_count, 0)

    @property
    def is_full(self):
        return self.capacity is not None and self.registered_count >= self.capacity

    @cached_property
    def recording_embed_url(self):
        """A privacy-friendly player address for YouTube or Vimeo recordings, else ''."""
        return embed_url(self.recording_url)

    # Access ---------------------------------------------------------------------

    def is_organiser(self, user):
        """Active administrators of the organising organisation."""
        return self.is_organisation_admin(user)

    def can_manage_registrations(self, user):
        return is_moderator(user) or self.is_organiser(user)

    # Moderation hooks -----------------------------------------------------------

    @property
    def region_name(self):
        return region_name(self.region) if self.region else ""

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = _(
                "The registration deadline must be before the event starts."
            )
        if self.capacity is not None and self.capacity < self.registered_count:
            errors["capacity"] = _(
                "The capacity cannot be lower than the %(count)s people already registered."
            ) % {"count": self.registered_count}
        if self.region:
            try:
                validate_region(self.region, [self.country.code] if self.country else [])
            except ValidationError as error:
                errors["region"] = error
        if self.registration_mode == RegistrationMode.EXTERNAL and not self.registration_url:
            errors["registration_url"] = _("Give the address of the registration website.")
        if errors:
            raise ValidationError(errors)

    def validate_for_state(self, to_state):
        if to_state not in (ModerationState.SUBMITTED, ModerationState.PUBLISHED):
            return
        missing = []
        if not self.description.strip():
            missing.append(str(_("description")))
        if self.format in PHYSICAL_FORMATS and not (self.city and self.country):
            missing.append(str(_("city and country of the venue")))
        if self.format in ONLINE_FORMATS and not self.online_url and not self.is_past:
            missing.append(str(_("online link")))
        if missing:
            raise ValidationError(
                _("Please complete the event before it is published: %(fields)s.")
                % {"fields": ", ".join(missing)},
                code="incomplete",
            )


connect_translatable(Event)


class Speaker(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=150, validators=[validate_single_line])
    affiliation = models.CharField(
        _("role and organisation"), max_length=200, blank=True, validators=[validate_single_line]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class Material(models.Model):
    """A file or a link shared after the event (slides, report, toolbox)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    file = models.FileField(_("file"), upload_to=GeneratedName("events/materials"), blank=True)
    url = models.URLField(_("link"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="material_file_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.file and not self.url:
            raise ValidationError(_("Upload a file or give a link."))

    @property
    def href(self):
        return self.file.url if self.file else self.url


class RegistrationQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_since", "pk")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="registration_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.event}"


YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def embed_url(url):
    """The youtube-nocookie or Vimeo player address of a recording, or ''."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video = ""
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path and path[0] == "watch":
            video = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) >= 2 and path[0] in {"embed", "live", "shorts", "v"}:
            video = path[1]
        if YOUTUBE_ID.match(video or ""):
            return f"https://www.youtube-nocookie.com/embed/{video}"
    elif host == "youtu.be" and path and YOUTUBE_ID.match(path[0]):
        return f"https://www.youtube-nocookie.com/embed/{path[0]}"
    elif host in {"vimeo.com", "player.vimeo.com"}:
        digits = [p for p in path if p.isdigit()]
        if digits:
            return f"https://player.vimeo.com/video/{digits[0]}?dnt=1"
    return ""
