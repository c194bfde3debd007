import datetime
import zoneinfo
from functools import cache

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Speaker, validate_time_zone
from members.enums import MembershipState
from members.models import Organisation
from practices.forms import add_project_chooser
from spring_portal import slugs
from spring_portal.consent import LicenceConsentMixin
from spring_portal.content_translations import reader_language
from spring_portal.countries import grouped_country_choices, region_field_setup
from spring_portal.forms import PortalFormMixin
from spring_portal.text import MEDIUM_TEXT_MAX_LENGTH

DATETIME_INPUT_FORMAT = "%Y-%m-%dT%H:%M"
# Path segments of events/urls.py that a slug must not take.
RESERVED_SLUGS = frozenset({"past", "mine", "propose", "feed"})


@cache
def time_zone_names():
    return sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time; the form makes it aware in the event's own time zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT_FORMAT)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "input_formats", [DATETIME_INPUT_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=None)
        # BaseTemporalField parses with input_formats and returns a naive datetime.
        return super(forms.DateTimeField, self).to_python(value)

    def prepare_value(self, value):
        # Initial values are already naive wall-clock times (see EventTimesMixin).
        return value


class EventTimesMixin:
    """Start, end and deadline entered in the event's time zone, stored as aware datetimes."""

    TIME_FIELDS = ("start", "end", "registration_deadline")

    def init_times(self):
        tz = self.instance.tz if self.instance.pk else None
        for name in self.TIME_FIELDS:
            value = getattr(self.instance, name, None)
            if name in self.fields and value is not None and tz is not None:
                self.initial[name] = timezone.localtime(value, tz).replace(tzinfo=None)
        if "time_zone" in self.fields:
            widget = self.fields["time_zone"].widget
            widget.attrs.update({"list": "time-zone-names", "autocomplete": "off"})

    def clean_time_zone(self):
        value = (self.cleaned_data.get("time_zone") or "").strip()
        validate_time_zone(value)
        return value

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("time_zone")
        if name:
            tz = zoneinfo.ZoneInfo(name)
            for field in self.TIME_FIELDS:
                value = cleaned.get(field)
                if isinstance(value, datetime.datetime):
                    cleaned[field] = value.replace(tzinfo=tz)
        else:
            # Without a valid zone the times cannot be placed; keep the zone's error only.
            for field in self.TIME_FIELDS:
                cleaned.pop(field, None)
        return cleaned


class EventForm(LicenceConsentMixin, PortalFormMixin, EventTimesMixin, forms.ModelForm):
    """What a member fills in to propose an event for one of their organisations."""

    # The form's sections, in order: (id, heading, fields).
    SECTIONS = (
        (
            "about",
            _("About the event"),
            (
                "title",
                "organiser",
                "project",
                "event_type",
                "language",
                "summary",
                "description",
            ),
        ),
        (
            "when",
            _("When and where"),
            (
                "format",
                "time_zone",
                "start",
                "end",
                "venue",
                "address",
                "city",
                "country",
                "region",
                "online_url",
            ),
        ),
        ("programme", _("Programme and speakers"), ("agenda", "speakers_text")),
        (
            "registration",
            _("Registration"),
            ("registration_mode", "registration_url", "capacity", "registration_deadline"),
        ),
    )

    start = LocalDateTimeField(label=_("Starts"), help_text=_("In the event’s time zone."))
    end = LocalDateTimeField(label=_("Ends"), help_text=_("In the event’s time zone."))
    registration_deadline = LocalDateTimeField(
        label=_("Registration deadline"),
        required=False,
        help_text=_("In the event’s time zone. Empty: registration closes when the event starts."),
    )
    speakers_text = forms.CharField(
        label=_("Speakers"),
        required=False,
        max_length=MEDIUM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One speaker per line: name – role and organisation."),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "organiser",
            "project",
            "event_type",
            "format",
            "time_zone",
            "start",
            "end",
            "venue",
            "address",
            "city",
            "country",
            "region",
            "online_url",
            "summary",
            "description",
            "agenda",
            "registration_mode",
            "registration_url",
            "capacity",
            "registration_deadline",
            "language",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.add_licence_consent(user, submitting="submit" in self.data)
        if not self.instance.pk and not self.is_bound:
            # A new record is in the submitter's interface language unless they say.
            self.initial["language"] = reader_language()
        self.fields["organiser"].queryset = (
            Organisation.objects.approved()
            .filter(memberships__user=user, memberships__state=MembershipState.ACTIVE)
            .distinct()
            .order_by("name")
        )
        self.fields["organiser"].help_text = _("Organisations you are an active member of.")
        add_project_chooser(self)
        self.fields["country"].choices = grouped_country_choices(self.fields["country"].choices)
        region_field_setup(self, "country")
        self.init_times()
        if self.instance.pk and not self.is_bound:
            self.initial["speakers_text"] = "\n".join(
                f"{s.name} – {s.affiliation}" if s.affiliation else s.name
                for s in self.instance.speakers.all()
            )

    def sections(self):
        """[(id, heading, [bound fields])] for the template."""
        return [
            (sid, heading, [self[name] for name in names]) for sid, heading, names in self.SECTIONS
        ]

    def clean_speakers_text(self):
        speakers = []
        for line in self.cleaned_data["speakers_text"].splitlines():
            line = line.strip()
            if not line:
                continue
            for separator in (" – ", " - ", " — ", ","):
                if separator in line:
                    name, affiliation = line.split(separator, 1)
                    break
            else:
                name, affiliation = line, ""
            name, affiliation = name.strip()[:150], affiliation.strip()[:200]
            if name:
                speakers.append((name, affiliation))
        return speakers

    def save(self, commit=True):
        event = super().save(commit=False)
        if not event.pk:
            event.created_by = self.user
        if commit:
            if event.pk:
                event.save()
            else:
                save_with_unique_slug(event)
            event.speakers.all().delete()
            Speaker.objects.bulk_create(
                Speaker(event=event, name=name, affiliation=affiliation, position=position)
                for position, (name, affiliation) in enumerate(self.cleaned_data["speakers_text"])
            )
        return event


def _slug_parts(event):
    base = slugs.slug_base(event.title, fallback="event", max_length=190, reserved=RESERVED_SLUGS)
    extra = [f"{base}-{event.local_start.year}"] if event.start else []
    return base, extra


def save_with_unique_slug(event, save=None):
    """Save `event` under a fresh slug from its title (then its year, then -2, -3...)."""
    base, extra = _slug_parts(event)
    return slugs.unique_slug(event, base, save=save, max_length=220, extra=extra)
