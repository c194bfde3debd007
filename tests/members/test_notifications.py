"""In-portal notifications: created with every email to a member, read in the portal."""

import pytest
from django.urls import reverse

from events import services as event_services
from members import services
from members.enums import MembershipRole, NotificationKind
from members.models import Notification
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from tests.events.factories import PortalEventFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import PracticeFactory

LIST = "/my/notifications/"


def _open_url(notification):
    return reverse("members:notification_open", kwargs={"pk": notification.pk})


@pytest.fixture
def notification(member):
    return Notification.objects.create(
        recipient=member, kind=NotificationKind.DECISION, title="Your practice", url="/practices/"
    )


@pytest.mark.django_db
def test_notification_created_on_changes_requested_with_link_to_edit(
    member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    practice = PracticeFactory(created_by=member, title="Belgium: Tandem – Example NGO")
    transition(practice, S.SUBMITTED, member)

    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.CHANGES_REQUESTED, moderator, message="Add outcomes.")

    notification = Notification.objects.get(recipient=member)
    assert notification.kind == NotificationKind.DECISION
    assert "Belgium: Tandem – Example NGO" in notification.title
    assert "Changes requested" in notification.title
    assert notification.url == reverse("practices:edit", kwargs={"pk": practice.pk})
    assert notification.read_at is None
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_notification_created_even_when_decision_emails_are_off(
    member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    organisation = OrganisationFactory(state="pending", created_by=member)
    member.notify_decisions = False
    member.save(update_fields=["notify_decisions"])

    with django_capture_on_commit_callbacks(execute=True):
        transition(organisation, "approved", moderator)

    assert mailoutbox == []
    notification = Notification.objects.get(recipient=member)
    assert notification.url == organisation.get_absolute_url()


@pytest.mark.django_db
def test_notification_title_is_in_the_members_language(
    member, moderator, django_capture_on_commit_callbacks
):
    member.language = "fr"
    member.save(update_fields=["language"])
    practice = PracticeFactory(created_by=member)
    transition(practice, S.SUBMITTED, member)

    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.PUBLISHED, moderator)

    notification = Notification.objects.get(recipient=member)
    assert notification.url.startswith("/fr/")


@pytest.mark.django_db
def test_moderators_notified_of_a_new_submission(
    member, moderator, django_capture_on_commit_callbacks
):
    practice = PracticeFactory(created_by=member)

    with django_capture_on_commit_callbacks(execute=True):
        transition(practice, S.SUBMITTED, member)

    notification = Notification.objects.get(recipient=moderator)
    assert notification.kind == NotificationKind.NEW_SUBMISSION
    assert not Notification.objects.filter(recipient=member).exists()


@pytest.mark.django_db
def test_notification_created_on_waiting_list_promotion(member, django_capture_on_commit_callbacks):
    event = PortalEventFactory(capacity=1, title="Mentoring meet-up")
    first = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, first)
        event_services.register(event, member)

    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel(event, first)

    kinds = list(
        Notification.objects.filter(recipient=member).order_by("pk").values_list("kind", "url")
    )
    assert kinds == [
        (NotificationKind.WAITING, event.get_absolute_url()),
        (NotificationKind.PROMOTED, event.get_absolute_url()),
    ]
    assert Notification.objects.filter(recipient=first, kind=NotificationKind.REGISTERED).exists()


@pytest.mark.django_db
def test_notifications_for_join_request_decision_and_invitation(
    member, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Example NGO")
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=organisation, role=MembershipRole.ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        request = services.request_membership(member, organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership_request(request, admin, approve=True)
    invitee = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(organisation, invitee.email, admin)

    to_admin = Notification.objects.get(recipient=admin)
    assert to_admin.kind == NotificationKind.JOIN_REQUEST
    assert to_admin.url == reverse(
        "members:organisation_manage", kwargs={"slug": organisation.slug}
    )
    to_member = Notification.objects.get(recipient=member)
    assert to_member.kind == NotificationKind.JOIN_DECISION
    assert "Example NGO" in to_member.title
    to_invitee = Notification.objects.get(recipient=invitee)
    token = services.invitation_token(invitation)
    assert to_invitee.url == reverse("members:invitation_accept", kwargs={"token": token})


@pytest.mark.django_db
def test_unread_count_in_header(member_client, member, notification):
    Notification.objects.create(
        recipient=member, kind=NotificationKind.DECISION, title="Read", read_at="2025-01-01T00:00Z"
    )

    page = member_client.get(reverse("about")).content.decode()

    assert 'class="notification-count">1<' in page


@pytest.mark.django_db
def test_no_count_in_header_without_unread(member_client):
    page = member_client.get(reverse("about")).content.decode()

    assert "notification-count" not in page
    assert f'href="{LIST}"' in page


@pytest.mark.django_db
def test_header_count_costs_one_query(
    member_client, member, notification, django_assert_num_queries
):
    member_client.get(reverse("members:account_data"))
    with django_assert_num_queries(3):  # session, user, unread count
        member_client.get(reverse("members:account_data"))


@pytest.mark.django_db
def test_anonymous_header_has_no_count(client):
    page = client.get(reverse("about")).content.decode()

    assert LIST not in page


@pytest.mark.django_db
def test_list_shows_unread_first(member_client, member, notification):
    read = Notification.objects.create(
        recipient=member,
        kind=NotificationKind.DECISION,
        title="Older, read",
        read_at="2025-01-01T00:00Z",
    )
    newer_read = Notification.objects.create(
        recipient=member, kind=NotificationKind.DECISION, title="Newer, read"
    )
    newer_read.read_at = newer_read.created_at
    newer_read.save()
    Notification.objects.create(recipient=UserFactory(), kind="decision", title="Not mine")

    response = member_client.get(LIST)

    assert [n.pk for n in response.context["page_obj"]] == [notification.pk, newer_read.pk, read.pk]
    assert "Not mine" not in response.content.decode()


@pytest.mark.django_db
def test_open_marks_read_and_redirects(member_client, notification):
    response = member_client.post(_open_url(notification))

    assert response.status_code == 302
    assert response["Location"] == "/practices/"
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.django_db
def test_open_by_get_is_refused(member_client, notification):
    assert member_client.get(_open_url(notification)).status_code == 405


@pytest.mark.django_db
def test_another_member_cannot_open_my_notification(client, other_member, notification):
    client.force_login(other_member)

    response = client.post(_open_url(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_mark_all_read_only_marks_mine(member_client, member, notification):
    theirs = Notification.objects.create(recipient=UserFactory(), kind="decision", title="x")

    response = member_client.post(reverse("members:notifications_read_all"))

    assert response.status_code == 302
    notification.refresh_from_db()
    theirs.refresh_from_db()
    assert notification.read_at is not None
    assert theirs.read_at is None
    assert "notification-count" not in member_client.get(LIST).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/my/", LIST, "/my/notifications/read-all/"])
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.post(path) if "read-all" in path else client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_notification_url_outside_the_site_is_dropped(member):
    from members.notifications import notify_member

    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        notification = notify_member(member, NotificationKind.DECISION, "t", url=url)
        assert notification.url == ""


@pytest.mark.django_db
def test_notifications_deleted_with_the_account(member, notification):
    services.delete_account(member)

    assert not Notification.objects.exists()
