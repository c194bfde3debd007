"""Registration on the portal: register, cancel and the waiting list.

Every operation locks the event row first (select_for_update inside
transaction.atomic), so concurrent registrations are serialised per event and
the capacity is never exceeded; the event_capacity_not_exceeded constraint is
the database's guarantee behind that lock.

Emails go out after the commit through `after_commit`: a failure there (a
template, the calendar file, the mail queue) is logged and never undoes or hides
a registration that is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.calendar import event_calendar
from events.enums import ACTIVE_REGISTRATION_STATUSES, RegistrationStatus
from events.models import Event, Registration
from members.enums import NotificationKind
from members.notifications import notify_member
from spring_portal.emails import send_templated_email
from spring_portal.tasks import after_commit


class RegistrationError(ValidationError):
    """Registration is closed, not on this portal, or there is nothing to cancel."""


def register(event, user):
    """Register `user`, or put them on the waiting list when the event is full."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.registration_open:
            raise RegistrationError(_("Registration for this event is closed."), code="closed")
        registration = (
            Registration.objects.select_for_update().filter(event=locked, user=user).first()
        )
        if registration and registration.status in ACTIVE_REGISTRATION_STATUSES:
            return registration
        now = timezone.now()
        status = RegistrationStatus.WAITING if locked.is_full else RegistrationStatus.REGISTERED
        waiting_since = now if status == RegistrationStatus.WAITING else None
        if registration is None:
            registration = Registration.objects.create(
                event=locked, user=user, status=status, waiting_since=waiting_since
            )
        else:
            registration.status = status
            registration.waiting_since = waiting_since
            registration.cancelled_at = None
            registration.promoted_at = None
            registration.save(
                update_fields=[
                    "status",
                    "waiting_since",
                    "cancelled_at",
                    "promoted_at",
                    "updated_at",
                ]
            )
        _sync_registered_count(locked)
        template = "registered" if status == RegistrationStatus.REGISTERED else "waiting"
        _email_on_commit(template, locked, registration)
    _refresh(event, locked)
    return registration


def cancel(event, user):
    """Cancel the user's registration; a freed place goes to the first person waiting.

    Returns the registration promoted from the waiting list, if any.
    """
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        registration = (
            Registration.objects.select_for_update()
            .filter(event=locked, user=user, status__in=ACTIVE_REGISTRATION_STATUSES)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("You are not registered for this event."), code="none")
        if locked.has_started:
            raise RegistrationError(
                _("The event has started; registrations can no longer be cancelled."),
                code="started",
            )
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        _sync_registered_count(locked)
        promoted = _fill_places(locked)
    _refresh(event, locked)
    return promoted[0] if promoted else None


def fill_places(event):
    """Promote people waiting while there are free places (after a capacity increase)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _sync_registered_count(locked)
        promoted = _fill_places(locked)
    _refresh(event, locked)
    return promoted


def _fill_places(locked):
    """Promote waiting people in order while places are free. The event row is locked."""
    promoted = []
    if locked.has_started:
        return promoted
    while not locked.is_full:
        waiting = locked.registrations.select_for_update().waiting().first()
        if waiting is None:
            break
        waiting.status = RegistrationStatus.REGISTERED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at", "updated_at"])
        _sync_registered_count(locked)
        _email_on_commit("promoted", locked, waiting)
        promoted.append(waiting)
    return promoted


def _sync_registered_count(locked):
    locked.registered_count = locked.registrations.registered().count()
    locked.save(update_fields=["registered_count"])


def _refresh(event, locked):
    if event is not locked:
        event.registered_count = locked.registered_count


def _email_on_commit(template, event, registration):
    def send():
        user = registration.user
        _notify(template, event, user)
        if not user.email:
            return
        context = {"event": event, "registration": registration, "user": user}
        attachments = []
        if registration.status == RegistrationStatus.REGISTERED:
            # A registered person's own file: it carries the online join link.
            with translation.override(user.language or translation.get_language()):
                ics = event_calendar(event, with_join_link=True)
            attachments.append((f"{event.slug}.ics", ics, "text/calendar"))
        send_templated_email(
            f"events/emails/{template}",
            context,
            [user.email],
            attachments=attachments,
            language=user.language,
        )

    after_commit(send)


REGISTRATION_NOTICES = {
    "registered": (NotificationKind.REGISTERED, _("You are registered for “%(event)s”")),
    "waiting": (NotificationKind.WAITING, _("You are on the waiting list for “%(event)s”")),
    "promoted": (NotificationKind.PROMOTED, _("A place is yours at “%(event)s”")),
}


def _notify(template, event, user):
    """The portal notification that goes with each registration email."""
    kind, title = REGISTRATION_NOTICES[template]
    notify_member(user, kind, title, url=event.get_absolute_url, params={"event": event.title})
