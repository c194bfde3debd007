import pytest

from spring_portal.emails import send_templated_email


def test_templated_email_is_sent_through_the_task_queue(db, mailoutbox):
    class Record:
        pk = 1

        def __str__(self):
            return "FAKTI"

        def get_absolute_url(self):
            return "/practices/fakti/"

    result = send_templated_email(
        "emails/decision",
        {"record": Record(), "kind": "practice", "state_label": "Published", "change": None},
        ["author@example.org"],
        attachments=[("event.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    assert result.status == "SUCCESSFUL"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["author@example.org"]
    assert "FAKTI" in message.subject
    assert message.attachments[0].filename == "event.ics"
    assert message.attachments[0].content.startswith("BEGIN:VCALENDAR")
    assert message.alternatives[0].mimetype == "text/html"


@pytest.mark.django_db(transaction=True)
def test_queued_email_is_sent_by_the_database_worker(mailoutbox, settings):
    from django.core.management import call_command

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    result = send_templated_email(
        "emails/new_submission",
        {"record": "Kringlebakken", "kind": "practice"},
        ["moderators@example.org"],
    )
    assert result.status == "READY"
    assert mailoutbox == []

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    assert len(mailoutbox) == 1
    assert "Kringlebakken" in mailoutbox[0].subject


def test_email_is_written_in_the_recipient_language(db, mailoutbox):

    from members.models import Organisation

    organisation = Organisation(name="Migration Policy Group", slug="mpg")
    send_templated_email(
        "emails/decision",
        {"record": organisation, "kind": "organisation", "state_label": "", "change": None},
        ["author@example.org"],
        language="de",
    )
    assert "/de/organisations/mpg/" in mailoutbox[0].body
