"""Emails about memberships and invitations (subject, text and HTML templates)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members import notifications
from members.enums import MembershipState, NotificationKind, OrganisationEditKind
from members.models import Membership, User
from members.notifications import notify_member, notify_members
from spring_portal.emails import send_templated_email
from spring_portal.links import absolute_url


def _url(name, **kwargs):
    return absolute_url(reverse(name, kwargs=kwargs))


def membership_requested(membership):
    """Tell the organisation's administrators that someone asks to join."""
    organisation = membership.organisation
    admins = User.objects.filter(
        memberships__in=Membership.objects.admins().filter(organisation=organisation)
    )
    notify_members(
        admins,
        NotificationKind.JOIN_REQUEST,
        _("%(member)s asks to join %(organisation)s"),
        url=lambda: reverse("members:organisation_manage", kwargs={"slug": organisation.slug}),
        params={"member": membership.user, "organisation": organisation},
    )
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
    approved = membership.state == MembershipState.ACTIVE
    notify_member(
        user,
        NotificationKind.JOIN_DECISION,
        _("You are now a member of %(organisation)s")
        if approved
        else _("Your request to join %(organisation)s was declined"),
        url=membership.organisation.get_absolute_url,
        params={"organisation": membership.organisation},
    )
    if not user.email or not user.notify_decisions:
        return None
    return send_templated_email(
        "members/emails/membership_decided",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "approved": approved,
            "organisation_url": absolute_url(membership.organisation.get_absolute_url()),
        },
        [user.email],
        language=user.language,
    )


def invitation(invitation, token):
    """Email the invitation; a member who already has an account also sees it in the portal."""
    for user in User.objects.filter(email__iexact=invitation.email):
        notify_member(
            user,
            NotificationKind.INVITATION,
            _("You are invited to join %(organisation)s"),
            url=lambda: reverse("members:invitation_accept", kwargs={"token": token}),
            params={"organisation": invitation.organisation},
        )
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


def made_admin(membership):
    """Tell the member who took over an organisation whose last administrator left."""
    user = membership.user
    if not user.email:
        return None
    organisation = membership.organisation
    return send_templated_email(
        "members/emails/made_admin",
        {
            "membership": membership,
            "organisation": organisation,
            "manage_url": _url("members:organisation_manage", slug=organisation.slug),
        },
        [user.email],
        language=user.language,
    )


def name_change_requested(edit):
    """Tell the moderators that an organisation asks to change its name."""
    from spring_portal.moderation import moderator_emails

    admin_url = reverse("admin:members_organisationedit_change", args=[edit.pk])
    notifications.submission_received(edit, admin_url)
    recipients = moderator_emails()
    if not recipients:
        return None
    return send_templated_email(
        "emails/new_submission",
        {"record": edit, "kind": edit._meta.verbose_name, "admin_url": admin_url},
        recipients,
    )


def name_change_decided(edit):
    """Tell the administrator who asked for a name change what the moderators decided."""
    user = edit.edited_by
    organisation = edit.organisation
    approved = edit.kind == OrganisationEditKind.APPROVED
    old_name = (edit.changes.get("name") or {}).get("old") or organisation.name
    # The one call site of the in-portal notification for this decision.
    notify_member(
        user,
        NotificationKind.DECISION,
        _("Your name change request for %(organisation)s was approved")
        if approved
        else _("Your name change request for %(organisation)s was refused"),
        url=lambda: reverse("members:organisation_edit", kwargs={"slug": organisation.slug}),
        params={"organisation": old_name},
    )
    if user is None or not user.email or not user.notify_decisions:
        return None
    return send_templated_email(
        "members/emails/name_change_decided",
        {
            "edit": edit,
            "organisation": organisation,
            "approved": approved,
            "old_name": old_name,
            "edit_url": _url("members:organisation_edit", slug=organisation.slug),
        },
        [user.email],
        language=user.language,
    )
