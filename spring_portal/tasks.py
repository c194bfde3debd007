"""Background work through Django's tasks API.

In development and tests the immediate backend runs a task as soon as it is
enqueued; in production TASKS_BACKEND points at a queue served by a worker.
Task arguments must be JSON-serialisable, so attachments travel base64-encoded.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(
    subject: str,
    body: str,
    html: str,
    recipients: list[str],
    attachments: list[list[str]] | None = None,
    reply_to: str | None = None,
) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    for filename, content_b64, mimetype in attachments or []:
        message.attach(filename, base64.b64decode(content_b64), mimetype)
    return message.send()
