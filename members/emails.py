"""Emails about memberships and invitations (subject, text and HTML templates)."""

from django.urls import reverse

from members.enums import MembershipState
from members.models import Membership
from spring_portal.emails import send_templated_email
from spring_portal.links import absolute_url


def _url(name, **kwargs):
    return absolute_url(reverse(name, kwargs=kwargs))


def membership_requested(membership):
    """Tell the organisation's administrators that someone asks to join."""
    organisation = membership.organisation
    recipients = list(
        Membership.objects.admins()
        .filter(organisation=organisation)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return None
    return send_templated_email(
        "members/emails/membership_requested",
        {
            "membership": membership,
            "organisation": organisation,
            "manage_url": _url("members:organisation_manage", slug=organisation.slug),
        },
        recipients,
    )


def membership_decided(membership):
    """Tell the requester whether the administrators approved or declined."""
    user = membership.user
    if not user.email or not user.notify_decisions:
        return None
    return send_templated_email(
        "members/emails/membership_decided",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "approved": membership.state == MembershipState.ACTIVE,
            "organisation_url": absolute_url(membership.organisation.get_absolute_url()),
        },
        [user.email],
        language=user.language,
    )


def invitation(invitation, token):
    return send_templated_email(
        "members/emails/invitation",
        {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "inviter": invitation.invited_by,
            "accept_url": _url("members:invitation_accept", token=token),
            "expires_at": invitation.expires_at,
        },
        [invitation.email],
    )
