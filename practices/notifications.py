"""What the owners of a practice and the people writing to them are told: in the
portal (members.notifications) and by email, each in their own language."""

from django.utils.translation import gettext_lazy as _

from members.enums import NotificationKind
from members.notifications import notify_member
from spring_portal.emails import send_templated_email
from spring_portal.links import absolute_url


def _tell(user, kind, title, url, params, template, context, reply_to=None):
    notify_member(user, kind, title, url=url, params=params)
    if user.email:
        send_templated_email(
            template,
            {**context, "recipient": user, "url": absolute_url(url)},
            [user.email],
            language=user.language,
            reply_to=reply_to,
        )


def transfer_published(transfer):
    """Tell the practice's owners that a published transfer waits for their confirmation."""
    practice = transfer.practice
    for owner in practice.owners():
        _tell(
            owner,
            NotificationKind.TRANSFER,
            _("“%(practice)s” is being adapted in %(place)s: please confirm it"),
            transfer.get_absolute_url(),
            {"practice": practice.title, "place": transfer.place},
            "practices/emails/transfer_published",
            {"transfer": transfer, "practice": practice},
        )


def message_sent(message):
    """Deliver a message: a first message to the practice's owners, a reply to the
    other side of the conversation. No address is shown; the sender's goes in
    Reply-To only when they agreed to it."""
    root = message.root
    practice = root.practice
    if message.thread_id is None or message.sender_id == root.sender_id:
        recipients = [owner for owner in practice.owners() if owner.pk != message.sender_id]
    else:
        recipients = [root.sender] if root.sender.is_active else []
    reply_to = message.sender.email if message.share_email and message.sender.email else None
    for recipient in recipients:
        _tell(
            recipient,
            NotificationKind.MESSAGE,
            _("New message about “%(practice)s” from %(sender)s"),
            message.get_absolute_url(),
            {"practice": practice.title, "sender": message.sender.display_name},
            "practices/emails/message",
            {"message": message, "practice": practice},
            reply_to=reply_to,
        )
