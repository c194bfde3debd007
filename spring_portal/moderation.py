"""The one moderation workflow shared by practices, events, documents and organisations.

A moderated model inherits ModeratedModel (content with the standard workflow) or
ModeratedBase (with its own `state` field and WORKFLOW table, as organisations do).
`transition()` is the only code that changes a state: it checks the move is allowed
for the actor, locks the row, saves, records a StateChange and sends the emails once
the transaction commits.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spring_portal.emails import send_templated_email
from spring_portal.models import StateChange
from spring_portal.roles import is_moderator
from spring_portal.tasks import after_commit


class ModerationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ARCHIVED = "archived", _("Archived")


S = ModerationState
PUBLIC_STATES = frozenset({S.PUBLISHED})
EDITABLE_STATES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})
WAITING_STATES = frozenset({S.SUBMITTED, S.IN_REVIEW})
# States a record reaches only after it has been published (it can never go back).
ONCE_PUBLISHED_STATES = frozenset({S.PUBLISHED, S.ARCHIVED})

AUTHOR = "author"
MODERATOR = "moderator"

# (from, to) -> roles allowed to make that move.
STANDARD_WORKFLOW: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({AUTHOR}),
    (S.CHANGES_REQUESTED, S.SUBMITTED): frozenset({AUTHOR}),
    (S.WITHDRAWN, S.DRAFT): frozenset({AUTHOR}),
    (S.SUBMITTED, S.IN_REVIEW): frozenset({MODERATOR}),
    (S.SUBMITTED, S.CHANGES_REQUESTED): frozenset({MODERATOR}),
    (S.SUBMITTED, S.PUBLISHED): frozenset({MODERATOR}),
    (S.SUBMITTED, S.REJECTED): frozenset({MODERATOR}),
    (S.IN_REVIEW, S.CHANGES_REQUESTED): frozenset({MODERATOR}),
    (S.IN_REVIEW, S.PUBLISHED): frozenset({MODERATOR}),
    (S.IN_REVIEW, S.REJECTED): frozenset({MODERATOR}),
    (S.DRAFT, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.SUBMITTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.IN_REVIEW, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.CHANGES_REQUESTED, S.WITHDRAWN): frozenset({AUTHOR}),
    (S.PUBLISHED, S.ARCHIVED): frozenset({MODERATOR}),
    (S.ARCHIVED, S.PUBLISHED): frozenset({MODERATOR}),
    (S.REJECTED, S.IN_REVIEW): frozenset({MODERATOR}),
}
# Moves that need a message to the author.
STANDARD_MESSAGE_REQUIRED = frozenset({S.CHANGES_REQUESTED, S.REJECTED})
# Moves the author is told about by email; moderators hear of new submissions.
STANDARD_AUTHOR_NOTIFIED = frozenset(
    {S.IN_REVIEW, S.CHANGES_REQUESTED, S.PUBLISHED, S.REJECTED, S.ARCHIVED}
)
STANDARD_MODERATORS_NOTIFIED = frozenset({S.SUBMITTED})


class TransitionError(ValidationError):
    """The move is not possible from the record's current state, or lacks a message."""


class ModeratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=S.PUBLISHED)

    def waiting(self):
        return self.filter(state__in=WAITING_STATES)

    def authored_by(self, user):
        return self.filter(created_by=user)

    def never_published(self):
        """Drafts and submissions that were never public (draft, waiting, sent back,
        rejected or withdrawn before publication)."""
        return self.exclude(state__in=ONCE_PUBLISHED_STATES).filter(published_at__isnull=True)


class ModeratedBase(models.Model):
    """What every record moved by transition() shares: who asked, when, the workflow
    tables and the hooks. Content (ModeratedModel) and organisations inherit it, each
    declaring its own `state` field with its own states."""

    WORKFLOW: dict = STANDARD_WORKFLOW
    MESSAGE_REQUIRED: frozenset = STANDARD_MESSAGE_REQUIRED
    AUTHOR_NOTIFIED: frozenset = STANDARD_AUTHOR_NOTIFIED
    MODERATORS_NOTIFIED: frozenset = STANDARD_MODERATORS_NOTIFIED
    PUBLIC_STATES: frozenset = PUBLIC_STATES
    # The moves that stamp submitted_at and published_at.
    SUBMITTED_STATE: str = S.SUBMITTED
    PUBLISHED_STATE: str = S.PUBLISHED
    # The organisation a record is submitted for: its active administrators act as
    # co-authors (they may edit, submit and withdraw it on the organisation's behalf).
    ORGANISATION_FIELD: str | None = None

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    state_changed_at = models.DateTimeField(_("state changed"), null=True, blank=True)
    # The moderator looking after the record in the review queue; nobody is told.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned moderator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_staff": True, "is_active": True},
    )

    class Meta:
        abstract = True

    # Hooks a model may override.
    def is_author(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        if self.created_by_id == user.pk:
            return True
        return self.is_organisation_admin(user)

    def is_organisation_admin(self, user) -> bool:
        """True when `user` administers the organisation this record belongs to."""
        field = self.ORGANISATION_FIELD
        organisation_id = getattr(self, f"{field}_id", None) if field else None
        if not organisation_id or not getattr(user, "is_authenticated", False):
            return False
        from members.models import Membership  # members depends on this module

        return (
            Membership.objects.admins().filter(user=user, organisation_id=organisation_id).exists()
        )

    def author_email_recipients(self) -> list[str]:
        """The author, unless they turned decision emails off in their preferences."""
        author = self.created_by
        if author is None or not author.email or not author.notify_decisions:
            return []
        return [author.email]

    def validate_for_state(self, to_state: str) -> None:
        """Raise ValidationError when the record is not complete enough for to_state."""

    def on_state_change(self, change) -> None:
        """Called inside transition()'s transaction, after the StateChange is written."""

    @property
    def is_public(self) -> bool:
        return self.state in self.PUBLIC_STATES

    def history(self):
        return StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
        ).select_related("actor")


class ModeratedModel(ModeratedBase):
    """Content moderated with the standard workflow: practices, events, documents."""

    state = models.CharField(
        _("state"),
        max_length=32,
        choices=ModerationState.choices,
        default=ModerationState.DRAFT,
        db_index=True,
    )

    objects = ModeratedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


def roles_of(user, record) -> frozenset[str]:
    roles = set()
    if is_moderator(user):
        roles.add(MODERATOR)
    if record.is_author(user):
        roles.add(AUTHOR)
    return frozenset(roles)


def allowed_moves(record, user) -> list[str]:
    """States the user may move the record to from its current state."""
    roles = roles_of(user, record)
    return [
        to_state
        for (from_state, to_state), allowed in record.WORKFLOW.items()
        if from_state == record.state and roles & allowed
    ]


def transition(record, to_state, actor, *, message="", internal_note="", system=False):
    """Move `record` to `to_state` on behalf of `actor`; the only way states change.

    Raises PermissionDenied when the actor may not make the move and
    TransitionError when the move is not possible from the current state (for
    example because another moderator acted first) or a required message is
    missing. Returns the StateChange written.
    """
    model = type(record)
    message = (message or "").strip()
    internal_note = (internal_note or "").strip()
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        from_state = locked.state
        allowed_roles = locked.WORKFLOW.get((from_state, to_state))
        if allowed_roles is None:
            raise TransitionError(
                _("This record cannot move from “%(from)s” to “%(to)s”.")
                % {"from": state_label(model, from_state), "to": state_label(model, to_state)},
                code="invalid_transition",
            )
        if not system and not (roles_of(actor, locked) & allowed_roles):
            raise PermissionDenied(_("You are not allowed to make this change."))
        if to_state in locked.MESSAGE_REQUIRED and not message:
            raise TransitionError(
                _("Please write a message to the author explaining this decision."),
                code="message_required",
            )
        locked.validate_for_state(to_state)

        now = timezone.now()
        locked.state = to_state
        locked.state_changed_at = now
        fields = ["state", "state_changed_at"]
        if to_state == locked.SUBMITTED_STATE:
            locked.submitted_at = now
            fields.append("submitted_at")
        if to_state == locked.PUBLISHED_STATE and not locked.published_at:
            locked.published_at = now
            fields.append("published_at")
        fields.append("updated_at")
        locked.save(update_fields=fields)
        change = StateChange.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=locked.pk,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            from_state=from_state,
            to_state=to_state,
            message=message,
            internal_note=internal_note,
        )
        locked.on_state_change(change)
        after_commit(lambda: notify(locked, change))
    # Keep the caller's instance in step with the database.
    for field in fields:
        setattr(record, field, getattr(locked, field))
    return change


def state_label(model, value):
    return dict(model._meta.get_field("state").flatchoices).get(value, value)


def moderator_emails() -> list[str]:
    from django.contrib.auth import get_user_model

    from spring_portal.roles import MODERATORS_GROUP

    user_model = get_user_model()
    emails = set(settings.MODERATORS_EMAIL)
    emails.update(
        user_model.objects.filter(is_active=True, is_staff=True, groups__name=MODERATORS_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


def _admin_change_url(record):
    from django.urls import NoReverseMatch, reverse

    opts = record._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return ""


def notify(record, change):
    """Emails for a transition: the author on decisions, moderators on submissions."""
    context = {
        "record": record,
        "change": change,
        "kind": record._meta.verbose_name,
        "site_url": settings.SITE_URL,
        "state_label": state_label(type(record), change.to_state),
        "admin_url": _admin_change_url(record),
    }
    from members import notifications  # members depends on this module

    if change.to_state in record.AUTHOR_NOTIFIED:
        notifications.decision_made(record, change, context["state_label"])
        recipients = record.author_email_recipients()
        if recipients:
            author = record.created_by
            send_templated_email(
                "emails/decision",
                context,
                recipients,
                language=author.language if author else None,
            )
    if change.to_state in record.MODERATORS_NOTIFIED:
        notifications.submission_received(record, context["admin_url"])
        recipients = moderator_emails()
        if recipients:
            send_templated_email("emails/new_submission", context, recipients)
