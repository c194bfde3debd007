import datetime
import smtplib
import threading

import icalendar
import pytest
from django.core.mail.backends import locmem
from django.db import connection, connections
from django.tasks.backends.immediate import ImmediateBackend
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import RegistrationStatus
from events.models import Event, Registration
from tests.events.factories import EventFactory, PastEventFactory, PortalEventFactory
from tests.factories import UserFactory


def _statuses(event):
    return dict(event.registrations.values_list("user__email", "status"))


@pytest.mark.django_db
def test_register_confirms_and_emails_ics(
    member_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    event = PortalEventFactory(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert _statuses(event) == {member.email: RegistrationStatus.REGISTERED}
    event.refresh_from_db()
    assert event.registered_count == 1
    [mail] = mailoutbox
    assert mail.to == [member.email]
    assert event.title in mail.subject
    [(filename, content, mimetype)] = mail.attachments
    assert mimetype == "text/calendar"
    assert filename == f"{event.slug}.ics"
    parsed = icalendar.Calendar.from_ical(content)
    assert str(parsed.walk("VEVENT")[0]["SUMMARY"]) == event.title


@pytest.mark.django_db
def test_register_when_full_goes_to_waiting_list(
    member_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    event = PortalEventFactory(capacity=1)
    services.register(event, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("events:register", args=[event.slug]))
    assert _statuses(event)[member.email] == RegistrationStatus.WAITING
    assert "waiting list" in mailoutbox[-1].subject
    assert mailoutbox[-1].attachments == []
    page = member_client.get(event.get_absolute_url()).content.decode()
    assert "You are number 1 on the waiting list." in page


@pytest.mark.django_db
def test_cancel_promotes_first_waiting_and_emails(mailoutbox, django_capture_on_commit_callbacks):
    event = PortalEventFactory(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    services.register(event, first)
    services.register(event, second)
    services.register(event, third)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel(event, first)
    assert promoted.user == second
    assert _statuses(event) == {
        first.email: RegistrationStatus.CANCELLED,
        second.email: RegistrationStatus.REGISTERED,
        third.email: RegistrationStatus.WAITING,
    }
    [mail] = mailoutbox
    assert mail.to == [second.email]
    assert "A place is yours" in mail.subject
    assert mail.attachments[0][2] == "text/calendar"


@pytest.mark.django_db
def test_cancel_view_and_register_again(member_client, member):
    event = PortalEventFactory(capacity=3)
    member_client.post(reverse("events:register", args=[event.slug]))
    member_client.post(reverse("events:cancel", args=[event.slug]))
    event.refresh_from_db()
    assert event.registered_count == 0
    assert _statuses(event) == {member.email: RegistrationStatus.CANCELLED}
    member_client.post(reverse("events:register", args=[event.slug]))
    assert _statuses(event) == {member.email: RegistrationStatus.REGISTERED}


@pytest.mark.django_db
def test_register_closed_after_deadline(member_client, member):
    event = PortalEventFactory(registration_deadline=timezone.now() - datetime.timedelta(hours=1))
    response = member_client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "Registration for this event is closed." in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_register_refused_for_past_external_and_unpublished(member, member_client):
    past = PastEventFactory(registration_mode="portal")
    external = EventFactory(registration_mode="external", registration_url="https://example.org")
    draft = PortalEventFactory(state="draft")
    member_client.post(reverse("events:register", args=[past.slug]))
    member_client.post(reverse("events:register", args=[external.slug]))
    assert member_client.post(reverse("events:register", args=[draft.slug])).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_register_requires_login_and_post(client, member):
    event = PortalEventFactory()
    url = reverse("events:register", args=[event.slug])
    response = client.post(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    client.force_login(member)
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_cancel_without_registration_shows_error(member_client):
    event = PortalEventFactory()
    response = member_client.post(reverse("events:cancel", args=[event.slug]), follow=True)
    assert "You are not registered for this event." in response.content.decode()


@pytest.mark.django_db
def test_capacity_increase_in_admin_promotes_waiting(client):
    event = PortalEventFactory(capacity=1)
    users = [UserFactory() for _ in range(3)]
    for user in users:
        services.register(event, user)
    event.capacity = 2
    event.save(update_fields=["capacity"])
    promoted = services.fill_places(event)
    assert [r.user for r in promoted] == [users[1]]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_exceed_capacity(mailoutbox):
    event = PortalEventFactory(capacity=3)
    users = [UserFactory() for _ in range(10)]
    barrier = threading.Barrier(len(users))
    errors = []

    def attempt(user):
        try:
            barrier.wait()
            services.register(Event.objects.get(pk=event.pk), user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    event.refresh_from_db()
    assert event.registrations.registered().count() == 3
    assert event.registered_count == 3
    assert event.registrations.waiting().count() == 7
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_in_order_without_overbooking(mailoutbox):
    event = PortalEventFactory(capacity=2)
    registered = [UserFactory() for _ in range(2)]
    waiting = [UserFactory() for _ in range(4)]
    for user in registered + waiting:
        services.register(event, user)
    newcomers = [UserFactory() for _ in range(4)]
    barrier = threading.Barrier(len(registered) + len(newcomers))
    errors = []

    def run(action, user):
        try:
            barrier.wait()
            action(Event.objects.get(pk=event.pk), user)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(services.cancel, u)) for u in registered]
    threads += [threading.Thread(target=run, args=(services.register, u)) for u in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    event.refresh_from_db()
    now_registered = set(event.registrations.registered().values_list("user_id", flat=True))
    assert now_registered == {waiting[0].pk, waiting[1].pk}
    assert event.registered_count == 2
    assert event.registrations.waiting().count() == 2 + len(newcomers)
    promoted_mails = [m for m in mailoutbox if "A place is yours" in m.subject]
    assert sorted(m.to[0] for m in promoted_mails) == sorted([waiting[0].email, waiting[1].email])
    connections.close_all()


JOIN_URL = "https://meet.example.org/private-room?pwd=secret"
JOIN_CASES = [
    pytest.param({"format": "online"}, id="online"),
    pytest.param({"format": "hybrid", "venue": "Town hall", "city": "Lisbon"}, id="hybrid"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("where", JOIN_CASES)
def test_confirmation_email_and_its_ics_hold_join_link(
    member_client, mailoutbox, django_capture_on_commit_callbacks, where
):
    event = PortalEventFactory(capacity=5, online_url=JOIN_URL, **where)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("events:register", args=[event.slug]))
    [mail] = mailoutbox
    assert JOIN_URL in mail.body
    [(_, content, _)] = mail.attachments
    [vevent] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert JOIN_URL in str(vevent["LOCATION"])
    assert JOIN_URL in str(vevent["DESCRIPTION"])


@pytest.mark.django_db
def test_promotion_email_ics_holds_join_link(mailoutbox, django_capture_on_commit_callbacks):
    event = PortalEventFactory(capacity=1, online_url=JOIN_URL)
    first, second = UserFactory(), UserFactory()
    services.register(event, first)
    services.register(event, second)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(event, first)
    [mail] = mailoutbox
    assert JOIN_URL in mail.body
    [(_, content, _)] = mail.attachments
    assert JOIN_URL in str(icalendar.Calendar.from_ical(content).walk("VEVENT")[0]["LOCATION"])


@pytest.mark.django_db
@pytest.mark.parametrize("where", JOIN_CASES)
def test_join_link_on_page_for_registered_only(client, where):
    event = PortalEventFactory(capacity=1, online_url=JOIN_URL, **where)
    registered, waiting = UserFactory(), UserFactory()
    services.register(event, registered)
    services.register(event, waiting)
    url = event.get_absolute_url()
    link = 'href="https://meet.example.org/private-room?pwd=secret"'

    anonymous_page = client.get(url).content.decode()
    client.force_login(waiting)
    waiting_page = client.get(url).content.decode()
    client.force_login(registered)
    registered_page = client.get(url).content.decode()

    assert "meet.example.org" not in anonymous_page
    assert "meet.example.org" not in waiting_page
    assert "You are number 1 on the waiting list." in waiting_page
    assert link in registered_page


BROKEN_TITLE = "Line one\nLine two\r\nthree"


@pytest.mark.django_db(transaction=True)
def test_register_with_line_break_in_stored_title_succeeds_and_emails(
    member_client, member, mailoutbox
):
    # Saved through the ORM, bypassing the form; the on_commit email runs in the request.
    event = PortalEventFactory(title=BROKEN_TITLE, capacity=5)
    response = member_client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert _statuses(event) == {member.email: RegistrationStatus.REGISTERED}
    [mail] = mailoutbox
    assert mail.to == [member.email]
    [(_, content, _)] = mail.attachments
    vevent = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "Line one Line two three"
    page = member_client.get(response["Location"]).content.decode()
    assert "You are registered." in page


@pytest.mark.django_db(transaction=True)
def test_register_when_mail_queue_fails_is_saved_and_logged(
    member_client, member, mailoutbox, monkeypatch, caplog
):
    def queue_down(self, task, args, kwargs):
        raise ConnectionError("task queue unreachable")

    monkeypatch.setattr(ImmediateBackend, "enqueue", queue_down)
    event = PortalEventFactory(capacity=5)
    response = member_client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert _statuses(event) == {member.email: RegistrationStatus.REGISTERED}
    assert mailoutbox == []
    [record] = [r for r in caplog.records if r.name == "spring_portal.tasks"]
    assert record.levelname == "ERROR"
    assert record.exc_info[0] is ConnectionError


@pytest.mark.django_db(transaction=True)
def test_register_when_sending_fails_is_saved_and_logged(
    member_client, member, mailoutbox, monkeypatch, caplog
):
    def smtp_down(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", smtp_down)
    event = PortalEventFactory(capacity=5)
    response = member_client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert _statuses(event) == {member.email: RegistrationStatus.REGISTERED}
    assert mailoutbox == []
    # Django's task runner reports the failed task; the registration stands.
    assert [r.levelname for r in caplog.records if r.exc_info] == ["ERROR"]
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is smtplib.SMTPServerDisconnected


@pytest.mark.django_db
def test_registration_email_has_raw_characters_in_plain_text_and_subject(
    member_client, mailoutbox, django_capture_on_commit_callbacks
):
    title = 'Tom & Jerry "café" <b> l\'été'
    event = PortalEventFactory(capacity=5, title=title)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("events:register", args=[event.slug]))
    [mail] = mailoutbox
    assert title in mail.subject
    assert title in mail.body
    assert "&amp;" not in mail.subject + mail.body


@pytest.mark.django_db
def test_email_names_the_day_of_a_same_day_event_once(
    member_client, mailoutbox, django_capture_on_commit_callbacks
):
    """Regression: "8 December 2026, 15:00 – 8 December 2026, 17:00"."""
    import datetime
    from zoneinfo import ZoneInfo

    start = datetime.datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    event = PortalEventFactory(capacity=5, start=start, end=start + datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("events:register", args=[event.slug]))
    [mail] = mailoutbox
    assert "8 December 2026, 15:00 – 17:00" in mail.body
    assert mail.body.count("December 2026") == 1
