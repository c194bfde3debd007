"""Invitations accepted when the invited person verifies their email address."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from members import services
from members.adapter import LANDING_SESSION_KEY
from members.models import Invitation

INVITATION_SESSION_KEY = "members_invitation_token"


@receiver(email_confirmed)
def accept_invitations_on_confirmation(sender, request, email_address, **kwargs):
    """Someone who signed up from an invitation link (kept in the session), or whose
    verified address was invited, becomes a member of the organisation."""
    user = email_address.user
    accepted = []
    token = request.session.pop(INVITATION_SESSION_KEY, None) if request else None
    if token:
        try:
            invitation = services.invitation_from_token(token)
        except services.InvitationInvalid:
            invitation = None
        if invitation:
            services.accept_invitation(invitation, user)
            accepted.append(invitation)
    for invitation in Invitation.objects.valid().filter(email__iexact=email_address.email):
        services.accept_invitation(invitation, user)
        accepted.append(invitation)
    if accepted and request is not None:
        request.session[LANDING_SESSION_KEY] = accepted[0].organisation.get_absolute_url()
