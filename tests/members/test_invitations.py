import re
import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from members import services
from members.enums import InvitationState, MembershipState
from members.models import Invitation, Membership, User
from tests.members.factories import InvitationFactory


def _accept_url(invitation):
    return reverse(
        "members:invitation_accept", kwargs={"token": services.invitation_token(invitation)}
    )


def test_admin_invites_by_email(
    client, organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_admin)
    url = reverse("members:organisation_manage", kwargs={"slug": organisation.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "New.Person@Example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert mailoutbox[0].to == ["new.person@example.org"]
    link = re.search(r"http\S+/invitations/\S+/", mailoutbox[0].body).group(0)
    assert services.invitation_from_token(link.rstrip("/").rsplit("/", 1)[1]) == invitation


def test_invite_existing_member_refused(client, organisation, org_admin, org_member):
    client.force_login(org_admin)
    url = reverse("members:organisation_manage", kwargs={"slug": organisation.slug})
    response = client.post(url, {"email": org_member.email.upper()})
    assert response.status_code == 200
    assert "already a member" in response.context["invite_form"].errors["email"][0]


def test_invite_bad_email_shows_error(client, organisation, org_admin):
    client.force_login(org_admin)
    url = reverse("members:organisation_manage", kwargs={"slug": organisation.slug})
    response = client.post(url, {"email": "not-an-email"})
    assert response.status_code == 200
    assert "email" in response.context["invite_form"].errors


def test_invite_by_non_admin_forbidden(client, organisation, org_member):
    client.force_login(org_member)
    url = reverse("members:organisation_manage", kwargs={"slug": organisation.slug})
    assert client.post(url, {"email": "x@example.org"}).status_code == 403


def test_logged_in_member_accepts_invitation(member_client, member, organisation):
    invitation = InvitationFactory(organisation=organisation, email=member.email)
    url = _accept_url(invitation)
    assert member_client.get(url).status_code == 200
    response = member_client.post(url)
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert (
        Membership.objects.get(user=member, organisation=organisation).state
        == MembershipState.ACTIVE
    )
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.ACCEPTED
    # Used once only.
    assert member_client.get(url).status_code == 404


def test_invitation_expired_after_14_days(client, organisation):
    invitation = InvitationFactory(organisation=organisation)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=14, minutes=1)
    )
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_invitation_valid_just_before_14_days(client, organisation):
    invitation = InvitationFactory(organisation=organisation)
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=13, hours=23)
    )
    assert client.get(_accept_url(invitation)).status_code == 200


def test_invitation_signature_older_than_14_days_expired(organisation):
    invitation = InvitationFactory(organisation=organisation)

    class OldSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 15 * 24 * 3600)

    token = OldSigner(salt=services.INVITATION_SALT).sign(str(invitation.pk))
    with pytest.raises(services.InvitationExpired):
        services.invitation_from_token(token)


@pytest.mark.parametrize("token", ["1:abc:def", "garbage", "1"])
def test_invitation_tampered_token_is_404(client, db, token):
    assert (
        client.get(reverse("members:invitation_accept", kwargs={"token": token})).status_code == 404
    )


def test_cancelled_invitation_is_404(client, organisation, org_admin):
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(org_admin)
    client.post(
        reverse(
            "members:invitation_cancel", kwargs={"slug": organisation.slug, "pk": invitation.pk}
        )
    )
    client.logout()
    assert client.get(_accept_url(invitation)).status_code == 404


def test_invitation_without_account_accepted_after_signup_and_verification(
    client, organisation, mailoutbox
):
    invitation = InvitationFactory(organisation=organisation, email="newcomer@example.org")
    assert client.get(_accept_url(invitation)).status_code == 200
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a-long-unusual-passphrase-17",
            "password2": "a-long-unusual-passphrase-17",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert not Membership.objects.filter(user=user).exists()
    link = re.search(r"http\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, follow=True)
    assert response.redirect_chain[-1][0] == organisation.get_absolute_url()
    assert Membership.objects.get(user=user).state == MembershipState.ACTIVE
    assert EmailAddress.objects.get(user=user).verified
