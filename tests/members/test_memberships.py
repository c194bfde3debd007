import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import services
from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def _manage_url(organisation):
    return reverse("members:organisation_manage", kwargs={"slug": organisation.slug})


def test_request_to_join_emails_admins(
    client, member, organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    url = reverse("members:organisation_join", kwargs={"slug": organisation.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "I coordinate language cafés."})
    assert response.status_code == 302
    membership = Membership.objects.get(user=member, organisation=organisation)
    assert membership.state == MembershipState.REQUESTED
    assert [m.to for m in mailoutbox] == [[org_admin.email]]
    assert "I coordinate language cafés." in mailoutbox[0].body


def test_request_to_join_pending_organisation_is_404(member_client):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    url = reverse("members:organisation_join", kwargs={"slug": organisation.slug})
    assert member_client.post(url).status_code == 404


def test_request_to_join_when_already_member_refused(org_member, organisation):
    with pytest.raises(ValidationError):
        services.request_membership(org_member, organisation)


def test_admin_approves_request_and_requester_is_emailed(
    client, org_admin, organisation, member, mailoutbox, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(
        user=member, organisation=organisation, state=MembershipState.REQUESTED
    )
    client.force_login(org_admin)
    url = reverse(
        "members:membership_decide", kwargs={"slug": organisation.slug, "pk": membership.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == MembershipState.ACTIVE
    assert mailoutbox[0].to == [member.email]
    assert "approved" in mailoutbox[0].body


def test_admin_declines_request_and_requester_is_emailed(
    client, org_admin, organisation, member, mailoutbox, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(
        user=member, organisation=organisation, state=MembershipState.REQUESTED
    )
    client.force_login(org_admin)
    url = reverse(
        "members:membership_decide", kwargs={"slug": organisation.slug, "pk": membership.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline"})
    membership.refresh_from_db()
    assert membership.state == MembershipState.DECLINED
    assert "declined" in mailoutbox[0].body


def test_manage_page_access_per_role(
    client, organisation, org_admin, org_member, other_member, moderator
):
    url = _manage_url(organisation)
    assert client.get(url).status_code == 302  # anonymous: to login
    for user, status in [
        (org_member, 403),
        (other_member, 403),
        (moderator, 403),
        (org_admin, 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_manage_page_of_pending_organisation_is_404_for_others(client, member):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    client.force_login(member)
    assert client.get(_manage_url(organisation)).status_code == 404


@pytest.mark.parametrize("name", ["membership_decide", "membership_role", "membership_remove"])
def test_member_actions_forbidden_for_non_admin(client, organisation, org_member, name):
    target = MembershipFactory(organisation=organisation)
    client.force_login(org_member)
    url = reverse(f"members:{name}", kwargs={"slug": organisation.slug, "pk": target.pk})
    assert client.post(url, {"role": "admin", "decision": "approve"}).status_code == 403


def test_admin_promotes_member_to_admin(client, organisation, org_admin, org_member):
    membership = Membership.objects.get(user=org_member)
    client.force_login(org_admin)
    url = reverse(
        "members:membership_role", kwargs={"slug": organisation.slug, "pk": membership.pk}
    )
    client.post(url, {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == MembershipRole.ADMIN


def test_admin_removes_member(client, organisation, org_admin, org_member):
    membership = Membership.objects.get(user=org_member)
    client.force_login(org_admin)
    url = reverse(
        "members:membership_remove", kwargs={"slug": organisation.slug, "pk": membership.pk}
    )
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_last_admin_cannot_be_demoted(organisation, org_admin):
    membership = Membership.objects.get(user=org_admin)
    with pytest.raises(ValidationError):
        services.set_role(membership, MembershipRole.MEMBER, org_admin)


def test_member_leaves_organisation(client, organisation, org_member):
    client.force_login(org_member)
    url = reverse("members:organisation_leave", kwargs={"slug": organisation.slug})
    response = client.post(url)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=org_member).exists()


def test_last_admin_cannot_leave_without_naming_another(
    client, organisation, org_admin, org_member
):
    client.force_login(org_admin)
    url = reverse("members:organisation_leave", kwargs={"slug": organisation.slug})
    response = client.post(url, {})
    assert response.status_code == 200
    assert "successor" in response.context["form"].errors
    assert Membership.objects.filter(user=org_admin).exists()


def test_last_admin_leaves_after_naming_successor(client, organisation, org_admin, org_member):
    successor = Membership.objects.get(user=org_member)
    client.force_login(org_admin)
    url = reverse("members:organisation_leave", kwargs={"slug": organisation.slug})
    response = client.post(url, {"successor": successor.pk})
    assert response.status_code == 302
    successor.refresh_from_db()
    assert successor.role == MembershipRole.ADMIN
    assert not Membership.objects.filter(user=org_admin).exists()


def test_last_admin_cannot_leave_when_alone(organisation, org_admin):
    with pytest.raises(ValidationError):
        services.leave(Membership.objects.get(user=org_admin))
    assert Membership.objects.filter(user=org_admin).exists()


def test_successor_must_belong_to_the_organisation(organisation, org_admin):
    elsewhere = MembershipFactory()
    with pytest.raises(ValidationError):
        services.leave(Membership.objects.get(user=org_admin), elsewhere)


def test_one_of_two_admins_leaves_without_successor(organisation, org_admin):
    MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN, user=UserFactory())
    services.leave(Membership.objects.get(user=org_admin))
    assert Membership.objects.admins().filter(organisation=organisation).count() == 1


def test_leave_page_for_non_member_is_404(member_client, organisation):
    url = reverse("members:organisation_leave", kwargs={"slug": organisation.slug})
    assert member_client.get(url).status_code == 404


def test_request_email_has_raw_characters_in_plain_text_and_subject(
    client, member, org_admin, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    organisation.name = 'Tom & Jerry "café" <b> l\'été'
    organisation.save(update_fields=["name"])
    client.force_login(member)
    url = reverse("members:organisation_join", kwargs={"slug": organisation.slug})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": 'R&D <team> "lead"'})
    [mail] = mailoutbox
    assert organisation.name in mail.subject
    assert organisation.name in mail.body
    assert 'R&D <team> "lead"' in mail.body
