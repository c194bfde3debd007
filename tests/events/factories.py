import datetime

import factory
from django.utils import timezone

from events.enums import EventFormat, EventType, RegistrationMode, RegistrationStatus
from events.models import Event, Registration
from spring_portal.moderation import ModerationState
from tests.factories import OrganisationFactory, UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published online event ten days from now, unless told otherwise."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Integration webinar {n}")
    slug = factory.Sequence(lambda n: f"integration-webinar-{n}")
    event_type = EventType.WEBINAR
    format = EventFormat.ONLINE
    time_zone = "Europe/Brussels"
    start = factory.LazyFunction(
        lambda: (timezone.now() + datetime.timedelta(days=10)).replace(microsecond=0)
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=2))
    online_url = "https://meet.example.org/spring"
    organiser = factory.SubFactory(OrganisationFactory, created_by=None)
    description = "A webinar on **evidence** in integration practice."
    state = ModerationState.PUBLISHED
    registration_mode = RegistrationMode.NONE


class PortalEventFactory(EventFactory):
    registration_mode = RegistrationMode.PORTAL
    capacity = 2


class PastEventFactory(EventFactory):
    start = factory.LazyFunction(
        lambda: (timezone.now() - datetime.timedelta(days=30)).replace(microsecond=0)
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(PortalEventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.REGISTERED
