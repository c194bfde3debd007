from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    WORKSHOP = "workshop", _("Workshop")
    TRAINING = "training", _("Training")
    NETWORK_MEETING = "network_meeting", _("Network meeting")


class EventFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


# Formats that take place at a venue and so need a city and country.
PHYSICAL_FORMATS = frozenset({EventFormat.IN_PERSON, EventFormat.HYBRID})
# Formats that need an online link.
ONLINE_FORMATS = frozenset({EventFormat.ONLINE, EventFormat.HYBRID})


class RegistrationMode(models.TextChoices):
    PORTAL = "portal", _("On this portal")
    EXTERNAL = "external", _("On an external website")
    NONE = "none", _("No registration needed")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_REGISTRATION_STATUSES = frozenset(
    {RegistrationStatus.REGISTERED, RegistrationStatus.WAITING}
)
