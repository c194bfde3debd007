"""Operations on organisations, memberships, invitations and accounts.

Views and the admin call these; they check the rules (who may do what, the
last-administrator rule, invitation expiry) so that every path obeys them.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members import emails
from members.enums import InvitationState, MembershipRole, MembershipState, OrganisationState
from members.models import INVITATION_VALIDITY, Invitation, Membership, Organisation
from spring_portal import slugs
from spring_portal.moderation import transition

INVITATION_SALT = "members.invitation"


# Organisations


def register_organisation(organisation, user, areas=()):
    """Save a new organisation as a draft by `user` and send it for approval."""
    with transaction.atomic():
        organisation.created_by = user
        organisation.state = OrganisationState.DRAFT
        slugs.unique_slug(organisation, slugs.slug_base(organisation.name, fallback="organisation"))
        organisation.areas.set(areas)
        transition(organisation, OrganisationState.PENDING, user)
    return organisation


def is_org_admin(user, organisation):
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.admins().filter(user=user, organisation=organisation).exists()


# Membership requests


def request_membership(user, organisation, message=""):
    """Ask to join an approved organisation; its administrators are emailed."""
    if not organisation.is_public:
        raise ValidationError(_("This organisation cannot take new members."))
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership and membership.state == MembershipState.ACTIVE:
        raise ValidationError(_("You are already a member of this organisation."))
    if membership and membership.state == MembershipState.REQUESTED:
        return membership
    if membership:
        membership.state = MembershipState.REQUESTED
        membership.role = MembershipRole.MEMBER
        membership.message = message
        membership.save(update_fields=["state", "role", "message", "updated_at"])
    else:
        membership = Membership.objects.create(
            user=user, organisation=organisation, message=message
        )
    transaction.on_commit(lambda: emails.membership_requested(membership))
    return membership


def decide_membership_request(membership, actor, *, approve):
    """An administrator approves or declines a request; the requester is emailed."""
    _require_admin(actor, membership.organisation)
    if membership.state != MembershipState.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    membership.state = MembershipState.ACTIVE if approve else MembershipState.DECLINED
    membership.save(update_fields=["state", "updated_at"])
    transaction.on_commit(lambda: emails.membership_decided(membership))
    return membership


# Administration of members


def set_role(membership, role, actor):
    organisation = membership.organisation
    _require_admin(actor, organisation)
    if membership.state != MembershipState.ACTIVE:
        raise ValidationError(_("Only active members can be given a role."))
    if role == MembershipRole.MEMBER and membership.is_admin and _admin_count(organisation) == 1:
        raise ValidationError(_("An organisation needs at least one administrator."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


def remove_member(membership, actor):
    organisation = membership.organisation
    _require_admin(actor, organisation)
    if membership.user_id == actor.pk:
        raise ValidationError(_("To leave the organisation yourself, use “Leave”."))
    membership.delete()


def leave(membership, successor=None):
    """The member leaves. The last administrator must name another member as administrator."""
    organisation = membership.organisation
    with transaction.atomic():
        if membership.is_admin and _admin_count(organisation) == 1:
            if successor is None:
                raise ValidationError(
                    _("You are the last administrator: name another member as administrator first.")
                )
            if (
                successor.organisation_id != organisation.pk
                or successor.state != MembershipState.ACTIVE
                or successor.pk == membership.pk
            ):
                raise ValidationError(_("Choose an active member of this organisation."))
            successor.role = MembershipRole.ADMIN
            successor.save(update_fields=["role", "updated_at"])
        membership.delete()


def _admin_count(organisation):
    return Membership.objects.admins().filter(organisation=organisation).count()


def _require_admin(actor, organisation):
    if not is_org_admin(actor, organisation):
        raise PermissionDenied(_("Only administrators of this organisation can do this."))


# Invitations


def invite(organisation, email, actor):
    """Invite `email` to the organisation; the email carries a signed link valid 14 days."""
    _require_admin(actor, organisation)
    email = email.strip().lower()
    if (
        Membership.objects.active()
        .filter(organisation=organisation, user__email__iexact=email)
        .exists()
    ):
        raise ValidationError(_("This person is already a member of the organisation."))
    with transaction.atomic():
        organisation.invitations.pending().filter(email__iexact=email).update(
            state=InvitationState.CANCELLED
        )
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, invited_by=actor
        )
    transaction.on_commit(lambda: emails.invitation(invitation, invitation_token(invitation)))
    return invitation


def invitation_token(invitation):
    return signing.TimestampSigner(salt=INVITATION_SALT).sign(str(invitation.pk))


class InvitationInvalid(Exception):
    """The link is not one we signed, was cancelled, or has already been used."""


class InvitationExpired(InvitationInvalid):
    """The link is older than 14 days."""


def invitation_from_token(token):
    signer = signing.TimestampSigner(salt=INVITATION_SALT)
    try:
        pk = signer.unsign(token, max_age=INVITATION_VALIDITY)
    except signing.SignatureExpired as exc:
        raise InvitationExpired from exc
    except signing.BadSignature as exc:
        raise InvitationInvalid from exc
    invitation = (
        Invitation.objects.select_related("organisation").filter(pk=pk).first()
        if pk.isdigit()
        else None
    )
    if invitation is None or invitation.state != InvitationState.PENDING:
        raise InvitationInvalid
    if invitation.is_expired:
        raise InvitationExpired
    if not invitation.organisation.is_public:
        raise InvitationInvalid
    return invitation


def accept_invitation(invitation, user):
    """Make `user` an active member; an existing administrator keeps that role."""
    if not invitation.is_usable:
        raise InvitationExpired if invitation.is_expired else InvitationInvalid
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"state": MembershipState.ACTIVE, "role": MembershipRole.MEMBER},
        )
        if not created and membership.state != MembershipState.ACTIVE:
            membership.state = MembershipState.ACTIVE
            membership.role = MembershipRole.MEMBER
            membership.save(update_fields=["state", "role", "updated_at"])
        invitation.state = InvitationState.ACCEPTED
        invitation.accepted_by = user
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["state", "accepted_by", "accepted_at"])
    return membership


def cancel_invitation(invitation, actor):
    _require_admin(actor, invitation.organisation)
    invitation.state = InvitationState.CANCELLED
    invitation.save(update_fields=["state"])


# Accounts


def complete_profile(user, organisation=None):
    """Record that the profile is complete; a chosen organisation gets a join request."""
    fields = []
    if user.profile_completed_at is None:
        user.profile_completed_at = timezone.now()
        fields.append("profile_completed_at")
    if fields:
        user.save(update_fields=fields)
    if (
        organisation is not None
        and not Membership.objects.filter(user=user, organisation=organisation).exists()
    ):
        request_membership(user, organisation)


def organisations_blocking_deletion(user):
    """Organisations where the user is the last administrator while others remain members."""
    blocking = []
    for membership in Membership.objects.admins().filter(user=user).select_related("organisation"):
        organisation = membership.organisation
        if _admin_count(organisation) == 1 and (
            Membership.objects.active().filter(organisation=organisation).count() > 1
        ):
            blocking.append(organisation)
    return blocking


def delete_account(user):
    """Remove the person and their personal data.

    Organisations they registered stay (their `created_by` becomes empty, so the
    content is kept without their name). Every session of the user ends because
    the user no longer exists.
    """
    if organisations_blocking_deletion(user):
        raise ValidationError(_("Name another administrator for your organisations first."))
    with transaction.atomic():
        photo = user.photo.name if user.photo else ""
        user.delete()
    if photo:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(photo))


def export_user_data(user):
    """Everything the portal stores about the user, as a JSON-serialisable dict."""
    from allauth.account.models import EmailAddress

    def iso(value):
        return value.isoformat() if value else None

    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "job_title": user.job_title,
            "organisation_name": user.organisation_name,
            "country": str(user.country.code) if user.country else "",
            "city": user.city,
            "areas": [area.name for area in user.areas.all()],
            "languages": user.languages,
            "bio": user.bio,
            "photo": user.photo.url if user.photo else None,
            "website": user.website,
            "linkedin": user.linkedin,
            "is_public": user.is_public,
            "date_joined": iso(user.date_joined),
            "last_login": iso(user.last_login),
            "profile_completed_at": iso(user.profile_completed_at),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "preferences": {
            "digest_frequency": user.digest_frequency,
            "notify_decisions": user.notify_decisions,
            "language": user.language,
        },
        "consents": [
            {
                "consent": "privacy_notice",
                "version": user.privacy_consent_version,
                "accepted_at": iso(user.privacy_consent_at),
            }
        ]
        if user.privacy_consent_at
        else [],
        "memberships": [
            {
                "organisation": membership.organisation.name,
                "role": membership.role,
                "state": membership.state,
                "since": iso(membership.created_at),
            }
            for membership in user.memberships.select_related("organisation")
        ],
        "organisations_registered": [
            {
                "name": organisation.name,
                "state": organisation.state,
                "registered": iso(organisation.created_at),
            }
            for organisation in Organisation.objects.filter(created_by=user)
        ],
        **_content_of(user, iso),
    }


def _content_of(user, iso):
    """What the member submitted, registered for and follows in the other apps."""
    from events.models import Registration
    from hub.models import Document, Follow
    from practices.models import Practice

    def submissions(model):
        return [
            {"title": str(record), "state": record.state, "created": iso(record.created_at)}
            for record in model.objects.filter(created_by=user).order_by("created_at")
        ]

    from events.models import Event

    return {
        "practices_submitted": submissions(Practice),
        "events_proposed": submissions(Event),
        "documents_submitted": submissions(Document),
        "event_registrations": [
            {
                "event": registration.event.title,
                "status": registration.status,
                "registered": iso(registration.created_at),
            }
            for registration in Registration.objects.filter(user=user).select_related("event")
        ],  # fmt: skip
        "follows": [
            {"kind": follow.kind, "topic": str(follow.target_label)}
            for follow in Follow.objects.filter(user=user)
        ],
    }
