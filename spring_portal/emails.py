"""Email helpers: every message has a subject, a text and an HTML template."""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from spring_portal.tasks import send_email


def send_templated_email(
    template_prefix, context, recipients, *, attachments=(), reply_to=None, language=None
):
    """Render `<prefix>_subject.txt`, `<prefix>.txt` and `<prefix>.html` and queue the email.

    `language` is the recipient's language (a member's profile setting); the
    email is written in it, links included. `attachments` is a sequence of
    (filename, content, mimetype); content is bytes or str. Call it through
    `spring_portal.tasks.after_commit` when the email reports a database change.
    """
    supported = dict(settings.LANGUAGES)
    language = language if language in supported else translation.get_language()
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"site_url": settings.SITE_URL, "LANGUAGE_CODE": language, **context}
        subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
        subject = " ".join(subject.splitlines())
        body = render_to_string(f"{template_prefix}.txt", context)
        html = render_to_string(f"{template_prefix}.html", context)
    encoded = [
        [
            filename,
            base64.b64encode(content.encode() if isinstance(content, str) else content).decode(),
            mimetype,
        ]
        for filename, content, mimetype in attachments
    ]
    return send_email.enqueue(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=body,
        html=html,
        recipients=list(recipients),
        attachments=encoded,
        reply_to=reply_to,
    )
