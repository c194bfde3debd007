from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationState(models.TextChoices):
    DRAFT = "draft", _("Not yet sent")
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUSPENDED = "suspended", _("Suspended")
    # Its last administrator deleted their account and no member was left to take
    # over: hidden and closed to new members until a moderator assigns an administrator.
    NO_ADMIN = "no_admin", _("No administrator")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Administrator")


class MembershipState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")


class DigestFrequency(models.TextChoices):
    NEVER = "never", _("No digest")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class PartnerRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER = "partner", _("Partner")
    NON_EU_PARTNER = "non_eu_partner", _("Non-EU partner")
    ASSOCIATE = "associate", _("Associate partner")


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")


class NotificationKind(models.TextChoices):
    DECISION = "decision", _("Decision on a submission")
    NEW_SUBMISSION = "new_submission", _("New submission to moderate")
    REGISTERED = "registered", _("Registration confirmed")
    WAITING = "waiting", _("On the waiting list")
    PROMOTED = "promoted", _("Place freed from the waiting list")
    INVITATION = "invitation", _("Invitation to an organisation")
    JOIN_REQUEST = "join_request", _("Request to join an organisation")
    JOIN_DECISION = "join_decision", _("Answer to a join request")
    TRANSFER = "transfer", _("Your practice is being adapted elsewhere")
    MESSAGE = "message", _("Message about a practice")
    REVIEW_INVITATION = "review_invitation", _("Invitation to review practices")
    REVIEW_ASSIGNED = "review_assigned", _("Practice to review")
    REVIEW_REMINDER = "review_reminder", _("Review due soon")
    REVIEW_CONFLICT = "review_conflict", _("Reviewer stepped back")


class OrganisationEditKind(models.TextChoices):
    """A row of an organisation's edit history; a name change request moves
    from PENDING_NAME to APPROVED or REFUSED (members.services.decide_name_change)."""

    PUBLISHED = "published", _("Published")
    PENDING_NAME = "pending_name", _("Name change waiting for the moderators")
    APPROVED = "approved", _("Name change approved")
    REFUSED = "refused", _("Name change refused")


NAME_CHANGE_DECISIONS = frozenset({OrganisationEditKind.APPROVED, OrganisationEditKind.REFUSED})
