from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from members.enums import MembershipRole, OrganisationState
from members.models import Membership
from spring_portal.models import StateChange
from tests.factories import OrganisationFactory

CHANGELIST = reverse("admin:members_organisation_changelist")


def test_admin_approve_action_uses_transition(
    moderator_client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    pending = [OrganisationFactory(state=OrganisationState.PENDING) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            CHANGELIST,
            {"action": "move_to_approved", ACTION_CHECKBOX_NAME: [o.pk for o in pending]},
        )
    assert response.status_code == 302
    for organisation in pending:
        organisation.refresh_from_db()
        assert organisation.state == OrganisationState.APPROVED
        assert Membership.objects.get(organisation=organisation).role == MembershipRole.ADMIN
    assert StateChange.objects.filter(to_state="approved", actor=moderator).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.created_by.email for o in pending)


def test_admin_reject_action_asks_for_reason_first(moderator_client):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    response = moderator_client.post(
        CHANGELIST, {"action": "move_to_rejected", ACTION_CHECKBOX_NAME: [organisation.pk]}
    )
    assert response.status_code == 200
    assert "Reason sent to the requester" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.PENDING


def test_admin_reject_action_without_reason_keeps_state(moderator_client):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    response = moderator_client.post(
        CHANGELIST,
        {
            "action": "move_to_rejected",
            "apply": "1",
            "message": "",
            ACTION_CHECKBOX_NAME: [organisation.pk],
        },
    )
    assert response.status_code == 200
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.PENDING


def test_admin_reject_action_with_reason_emails_requester(
    moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            CHANGELIST,
            {
                "action": "move_to_rejected",
                "apply": "1",
                "message": "Please register as a member of ISMU instead.",
                ACTION_CHECKBOX_NAME: [organisation.pk],
            },
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.REJECTED
    assert mailoutbox[0].to == [organisation.created_by.email]
    assert "Please register as a member of ISMU instead." in mailoutbox[0].body


def test_admin_action_on_wrong_state_reports_error(moderator_client):
    organisation = OrganisationFactory(state=OrganisationState.APPROVED)
    response = moderator_client.post(
        CHANGELIST,
        {"action": "move_to_approved", ACTION_CHECKBOX_NAME: [organisation.pk]},
        follow=True,
    )
    assert "cannot move" in response.content.decode()


def test_admin_change_page_shows_history(moderator_client, moderator):
    from spring_portal.moderation import transition

    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    transition(organisation, OrganisationState.REJECTED, moderator, message="Duplicate of ISMU")
    response = moderator_client.get(
        reverse("admin:members_organisation_change", args=[organisation.pk])
    )
    assert response.status_code == 200
    assert "Duplicate of ISMU" in response.content.decode()


def test_admin_list_filters_and_search(moderator_client):
    OrganisationFactory(name="Caritas Vienna", country="AT")
    response = moderator_client.get(CHANGELIST, {"q": "caritas", "state__exact": "approved"})
    assert response.status_code == 200
    assert "Caritas Vienna" in response.content.decode()


def test_admin_user_list_searchable(moderator_client, member):
    response = moderator_client.get(reverse("admin:members_user_changelist"), {"q": member.email})
    assert member.email in response.content.decode()
