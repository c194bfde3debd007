"""Operations on organisations, memberships, invitations and accounts.

Views and the admin call these; they check the rules (who may do what, the
last-administrator rule, invitation expiry) so that every path obeys them.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from members import emails
from members.enums import (
    InvitationState,
    MembershipRole,
    MembershipState,
    OrganisationEditKind,
    OrganisationState,
)
from members.models import (
    INVITATION_VALIDITY,
    Invitation,
    Membership,
    Organisation,
    OrganisationEdit,
)
from spring_portal import slugs
from spring_portal.moderation import transition
from spring_portal.roles import is_moderator
from spring_portal.tasks import after_commit
from spring_portal.uploads import delete_files_on_commit

INVITATION_SALT = "members.invitation"


# Organisations


NAME_CONSTRAINT = "organisation_name_ci_unique"


def register_organisation(organisation, user, areas=()):
    """Save a new organisation as a draft by `user` and send it for approval.

    Two requests for the same name at once both pass the form's check; the database's
    unique index stops the second, which gets the form's message, not an error page.
    """
    try:
        with transaction.atomic():
            organisation.created_by = user
            organisation.state = OrganisationState.DRAFT
            slugs.unique_slug(
                organisation, slugs.slug_base(organisation.name, fallback="organisation")
            )
            organisation.areas.set(areas)
            transition(organisation, OrganisationState.PENDING, user)
    except IntegrityError as exc:
        constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
        if constraint != NAME_CONSTRAINT:
            raise
        organisation.pk = None
        raise ValidationError(
            {
                "name": ValidationError(
                    _(
                        "An organisation called “%(name)s” is already registered. If it is "
                        "yours, ask to join it from its page."
                    ),
                    code="duplicate_name",
                    params={"name": organisation.name},
                )
            }
        ) from exc
    return organisation


def is_org_admin(user, organisation):
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.admins().filter(user=user, organisation=organisation).exists()


# Organisation page edits by its administrators

# Published at once (with a history row); the name and acronym wait for a moderator.
PUBLISHED_FIELDS = (
    "description",
    "logo",
    "website",
    "country",
    "city",
    "org_type",
    "contact_email",
    "areas",
)
NAME_FIELDS = ("name", "acronym")
# Suspended and rejected organisations are changed by moderators only.
EDITABLE_ORGANISATION_STATES = frozenset({OrganisationState.APPROVED})
NAME_CHANGE_MOVES = frozenset(
    {
        (OrganisationEditKind.PENDING_NAME, OrganisationEditKind.APPROVED),
        (OrganisationEditKind.PENDING_NAME, OrganisationEditKind.REFUSED),
    }
)


def _history_value(field, value):
    """What the edit history keeps of a value: text, a logo's file name, area names."""
    if field == "areas":
        return sorted(str(area) for area in value)
    if field == "logo":
        return getattr(value, "name", "") or ""
    if value is None:
        return ""
    return str(value)


def edit_organisation(organisation, data, actor, *, logo_changed=False):
    """Apply an administrator's edit of the organisation page.

    PUBLISHED_FIELDS are saved at once, with a history row of what changed (the
    save refreshes the public page cache); a new name or acronym becomes a request
    that waits for a moderator. `data` is the form's cleaned data; the logo is
    only replaced or removed when `logo_changed`. Returns (published, request),
    each an OrganisationEdit or None.
    """
    if not is_org_admin(actor, organisation):
        raise PermissionDenied
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if locked.state not in EDITABLE_ORGANISATION_STATES:
            raise ValidationError(
                _("This organisation is %(state)s: only the moderators can change it.")
                % {"state": locked.get_state_display().lower()},
                code="not_editable",
            )
        changes, fields = {}, []
        for field in PUBLISHED_FIELDS:
            if field == "areas" or (field == "logo" and not logo_changed) or field not in data:
                continue
            old = _history_value(field, getattr(locked, field))
            new = data[field]
            if field == "logo":
                new = new or ""  # False: the "clear" box was ticked
            elif _history_value(field, new) == old:
                continue
            setattr(locked, field, new)
            fields.append(field)
            changes[field] = {"old": old}
        if fields:
            locked.save(update_fields=[*fields, "updated_at"])
        for field in fields:
            changes[field]["new"] = _history_value(field, getattr(locked, field))
        if "areas" in data:
            old_areas = list(locked.areas.all())
            if {a.pk for a in old_areas} != {a.pk for a in data["areas"]}:
                locked.areas.set(data["areas"])
                changes["areas"] = {
                    "old": _history_value("areas", old_areas),
                    "new": _history_value("areas", data["areas"]),
                }
        published = None
        if changes:
            published = OrganisationEdit.objects.create(
                organisation=locked,
                edited_by=actor,
                kind=OrganisationEditKind.PUBLISHED,
                changes=changes,
            )
        requested = {
            field: {"old": getattr(locked, field), "new": data[field]}
            for field in NAME_FIELDS
            if field in data and data[field] != getattr(locked, field)
        }
        request = _request_name_change(locked, requested, actor) if requested else None
    # Keep the caller's instance in step with the database.
    for field in fields:
        setattr(organisation, field, getattr(locked, field))
    return published, request


def _request_name_change(organisation, changes, actor):
    if OrganisationEdit.objects.pending_names().filter(organisation=organisation).exists():
        raise ValidationError(
            _("A name change is already waiting for the moderators’ decision."),
            code="name_change_pending",
        )
    if "name" in changes:
        _check_name_free(organisation, changes["name"]["new"])
    request = OrganisationEdit.objects.create(
        organisation=organisation,
        edited_by=actor,
        kind=OrganisationEditKind.PENDING_NAME,
        changes=changes,
    )
    after_commit(lambda: emails.name_change_requested(request))
    return request


def _check_name_free(organisation, name):
    clash = Organisation.objects.filter(name__iexact=name).exclude(pk=organisation.pk).first()
    if clash is not None:
        raise ValidationError(
            _("An organisation called “%(name)s” is already registered.") % {"name": clash.name},
            code="duplicate_name",
        )


def decide_name_change(edit, to_kind, actor, *, message=""):
    """A moderator approves or refuses a name change request: the only way its kind moves.

    On approval the organisation takes the new name and acronym (its slug, and so
    its address, stays). The requester is told the outcome by email and in the portal.
    """
    if not is_moderator(actor):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            OrganisationEdit.objects.select_for_update(of=("self",))
            .select_related("organisation", "edited_by")
            .get(pk=edit.pk)
        )
        if (locked.kind, to_kind) not in NAME_CHANGE_MOVES:
            raise ValidationError(
                _("This name change has already been decided."), code="already_decided"
            )
        if to_kind == OrganisationEditKind.APPROVED:
            organisation = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
            fields = [field for field in NAME_FIELDS if field in locked.changes]
            if "name" in fields:
                _check_name_free(organisation, locked.changes["name"]["new"])
            for field in fields:
                setattr(organisation, field, locked.changes[field]["new"])
            organisation.save(update_fields=[*fields, "updated_at"])
            locked.organisation = organisation
        locked.kind = to_kind
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.message = (message or "").strip()
        locked.save(update_fields=["kind", "decided_by", "decided_at", "message"])
        after_commit(lambda: emails.name_change_decided(locked))
    for field in ("kind", "decided_by", "decided_at", "message"):
        setattr(edit, field, getattr(locked, field))
    return locked


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
    after_commit(lambda: emails.membership_requested(membership))
    return membership


def decide_membership_request(membership, actor, *, approve):
    """An administrator approves or declines a request; the requester is emailed."""
    _require_admin(actor, membership.organisation)
    if membership.state != MembershipState.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    membership.state = MembershipState.ACTIVE if approve else MembershipState.DECLINED
    membership.save(update_fields=["state", "updated_at"])
    after_commit(lambda: emails.membership_decided(membership))
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
    after_commit(lambda: emails.invitation(invitation, invitation_token(invitation)))
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


def organisation_handovers(user):
    """What deleting the account does to the organisations the user alone administers.

    A list of (organisation, successor) pairs: the successor is the longest-standing
    other active member, who becomes administrator; None means nobody is left and
    the organisation goes to "no administrator" until a moderator assigns one.
    """
    handovers = []
    for membership in Membership.objects.admins().filter(user=user).select_related("organisation"):
        organisation = membership.organisation
        if _admin_count(organisation) > 1:
            continue
        successor = (
            Membership.objects.active()
            .filter(organisation=organisation)
            .exclude(user=user)
            .select_related("user", "organisation")
            .order_by("created_at", "pk")
            .first()
        )
        handovers.append((organisation, successor))
    return handovers


def deactivate_account(user, actor):
    """Turn a member's account off (spam, abuse) on behalf of a moderator.

    The member can no longer sign in, and each of their open sessions ends at its
    next request: the authentication backends refuse inactive users. Staff and
    superuser accounts are only turned off by a superuser, and nobody turns off
    their own. The move is recorded in the admin history of the account. Returns
    False when the account was already inactive.
    """
    from django.contrib.admin.models import CHANGE, LogEntry

    if not is_moderator(actor):
        raise PermissionDenied(_("You are not allowed to make this change."))
    with transaction.atomic():
        locked = type(user).objects.select_for_update().get(pk=user.pk)
        if locked.pk == actor.pk:
            raise ValidationError(_("You cannot deactivate your own account."))
        if (locked.is_staff or locked.is_superuser) and not actor.is_superuser:
            raise PermissionDenied(_("Only a superuser can deactivate a staff account."))
        if not locked.is_active:
            return False
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        LogEntry.objects.log_actions(
            user_id=actor.pk,
            queryset=[locked],
            action_flag=CHANGE,
            change_message=_("Deactivated the account: the member can no longer sign in."),
            single_object=True,
        )
    user.is_active = False
    return True


def delete_account(user):
    """Remove the person and their personal data; what others rely on stays, anonymised.

    In order, inside one transaction:
    - organisations the user alone administers get a new administrator (the
      longest-standing member, emailed), or go to "no administrator";
    - event registrations are cancelled through the registration service, so the
      first person waiting gets the place and is emailed;
    - drafts and other never-published submissions are deleted with their files;
    - their name and email are removed from published content (replaced by the
      organisation's public contact when there is one);
    - invitations sent to their address are deleted, then the user row goes, with
      memberships, follows, email addresses and the profile photo.
    Every session of the user ends because the user no longer exists.
    """
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()} | {
        email.lower()
        for email in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    addresses.discard("")
    with transaction.atomic():
        _hand_over_organisations(user)
        started_events = _cancel_registrations(user)
        _delete_unpublished_submissions(user)
        _anonymise_contact_details(user, addresses)
        Invitation.objects.alias(email_lower=Lower("email")).filter(
            email_lower__in=addresses
        ).delete()
        Organisation.objects.alias(contact_email_lower=Lower("contact_email")).filter(
            contact_email_lower__in=addresses
        ).update(contact_email="")
        user.delete()
        # Registrations for events already under way cannot be cancelled; the row
        # went with the user, so the count of those events is taken again.
        from events import services as event_services

        for event in started_events:
            event_services.fill_places(event)


def _hand_over_organisations(user):
    for organisation, successor in organisation_handovers(user):
        if successor is not None:
            successor.role = MembershipRole.ADMIN
            successor.save(update_fields=["role", "updated_at"])
            after_commit(lambda membership=successor: emails.made_admin(membership))
        elif organisation.state == OrganisationState.APPROVED:
            transition(
                organisation,
                OrganisationState.NO_ADMIN,
                None,
                message=_(
                    "The last administrator deleted their account and no member is left. "
                    "Add an administrator, then approve the organisation again."
                ),
                system=True,
            )


def _cancel_registrations(user):
    """Cancel active registrations; returns the events that had started (not cancellable)."""
    from events import services as event_services
    from events.enums import ACTIVE_REGISTRATION_STATUSES
    from events.models import Registration

    started = []
    registrations = Registration.objects.filter(
        user=user, status__in=ACTIVE_REGISTRATION_STATUSES
    ).select_related("event")
    for registration in registrations:
        if registration.event.has_started:
            started.append(registration.event)
        else:
            event_services.cancel(registration.event, user)
    return started


def _delete_unpublished_submissions(user):
    """Delete the user's never-published practices, events and documents, and their files."""
    from events.models import Event, Material
    from hub.models import Document
    from practices.models import Practice, PracticeDocument, PracticeImage

    practices = list(
        Practice.objects.authored_by(user).never_published().values_list("pk", flat=True)
    )
    of_practices = Q(practice__in=practices) | Q(practice__revision_of__in=practices)
    events = Event.objects.authored_by(user).never_published()
    documents = Document.objects.authored_by(user).never_published()
    files = [
        (
            PracticeImage,
            "image",
            set(PracticeImage.objects.filter(of_practices).values_list("image", flat=True)),
        ),
        (
            PracticeDocument,
            "file",
            set(PracticeDocument.objects.filter(of_practices).values_list("file", flat=True)),
        ),
        (
            Material,
            "file",
            set(Material.objects.filter(event__in=events).values_list("file", flat=True)),
        ),
        (Document, "file", set(documents.values_list("file", flat=True))),
    ]
    Practice.objects.filter(pk__in=practices).delete()
    events.delete()
    documents.delete()
    for model, field, names in files:
        # A revision shares its files with the published practice it revises.
        still_used = set(
            model.objects.filter(**{f"{field}__in": names}).values_list(field, flat=True)
        )
        delete_files_on_commit(model._meta.get_field(field).storage, names - still_used)


def _anonymise_contact_details(user, addresses):
    """Remove the user's name and email as contact person of practices.

    Their details are the contact email matching one of their addresses anywhere,
    and the contact name matching their name on practices they wrote. The
    organisation's public contact takes their place when the practice has one.
    """
    from practices.models import Practice

    theirs = Q(contact_email_lower__in=addresses)
    if user.full_name.strip():
        theirs |= Q(created_by=user, contact_name__iexact=user.full_name.strip())
    practices = Practice.objects.alias(contact_email_lower=Lower("contact_email"))
    for practice in practices.filter(theirs).select_related("organisation"):
        organisation = practice.organisation
        if (
            organisation
            and organisation.contact_email
            and (organisation.contact_email.lower() not in addresses)
        ):
            practice.contact_name = organisation.name
            practice.contact_email = organisation.contact_email
        else:
            practice.contact_name = ""
            practice.contact_email = ""
        practice.save(update_fields=["contact_name", "contact_email", "updated_at"])


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
            *(
                [
                    {
                        "consent": "privacy_notice",
                        "version": user.privacy_consent_version,
                        "accepted_at": iso(user.privacy_consent_at),
                    }
                ]
                if user.privacy_consent_at
                else []
            ),
            *(
                [
                    {
                        "consent": "content_licence",
                        "version": user.content_licence_version,
                        "accepted_at": iso(user.content_licence_accepted_at),
                    }
                ]
                if user.content_licence_accepted_at
                else []
            ),
        ],
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
    from practices.models import Collection, ContactMessage, Practice, Transfer

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
        "transfers_declared": [
            {
                "practice": transfer.practice.title,
                "place": transfer.place,
                "region": transfer.region,
                "status": transfer.status,
                "state": transfer.state,
                "adaptations": transfer.adaptations,
                "results": transfer.results,
                "created": iso(transfer.created_at),
            }
            for transfer in Transfer.objects.filter(created_by=user).select_related("practice")
        ],
        "messages_sent": [
            {
                "practice": message.practice.title,
                "message": message.body,
                "share_email": message.share_email,
                "sent": iso(message.created_at),
            }
            for message in ContactMessage.objects.filter(sender=user).select_related("practice")
        ],
        "collections": [
            {
                "name": collection.name,
                "description": collection.description,
                "visibility": collection.visibility,
                "practices": [item.practice.title for item in collection.items.all()],
            }
            for collection in Collection.objects.filter(owner=user).prefetch_related(
                "items__practice"
            )
        ],
    }
