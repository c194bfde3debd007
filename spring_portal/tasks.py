"""Background work through Django's tasks API.

In development and tests the immediate backend runs a task as soon as it is
enqueued; in production TASKS_BACKEND points at a queue served by a worker.
Task arguments must be JSON-serialisable, so attachments travel base64-encoded.
"""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task

logger = logging.getLogger(__name__)


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


def after_commit(func, *, using=None):
    """Run `func` once the current transaction commits, logging instead of raising.

    What follows a commit (emails, calendar files) reports a change that is already
    saved: its failure must not turn the saved action into an error page for the
    person who made it, so the exception is logged with its traceback and the
    request carries on.
    """

    def run():
        try:
            func()
        except Exception:
            logger.exception(
                "After-commit work %s.%s failed; the saved change stands.",
                getattr(func, "__module__", ""),
                getattr(func, "__qualname__", repr(func)),
            )

    transaction.on_commit(run, using=using)
