"""“My SPRING”: what needs the member, and what they have on the portal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services as event_services
from events.enums import RegistrationStatus
from members import services
from members.enums import MembershipRole, MembershipState
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from tests.events.factories import EventFactory, PortalEventFactory, RegistrationFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, area
from tests.hub.factories import CallFactory, DraftDocumentFactory, FollowFactory
from tests.members.factories import InvitationFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

DASHBOARD = "/my/"


def _request_changes(record, moderator, message="Please add the outcomes."):
    transition(record, S.SUBMITTED, record.created_by)
    transition(record, S.CHANGES_REQUESTED, moderator, message=message)


def _needs_me(response):
    return response.context["board"]


@pytest.mark.django_db
def test_dashboard_anonymous_is_sent_to_log_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_dashboard_is_the_landing_page_after_login(client, member):
    member.set_password("a long enough password 42")
    member.profile_completed_at = timezone.now()
    member.save()

    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": "a long enough password 42"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("members:dashboard")


@pytest.mark.django_db
def test_header_my_account_opens_the_dashboard(member_client):
    response = member_client.get(reverse("about"))

    assert f'href="{DASHBOARD}"' in response.content.decode()


@pytest.mark.django_db
def test_dashboard_changes_requested_shows_the_moderators_message_then_clears(
    member_client, member, moderator
):
    practice = PracticeFactory(created_by=member, title="Belgium: Buddy walks – Example NGO")
    _request_changes(practice, moderator, "Please describe the evaluation.")

    response = member_client.get(DASHBOARD)
    page = response.content.decode()

    assert [r.pk for r in _needs_me(response).changes_requested] == [practice.pk]
    assert "Please describe the evaluation." in page
    assert reverse("practices:edit", kwargs={"pk": practice.pk}) in page

    transition(practice, S.SUBMITTED, member)
    response = member_client.get(DASHBOARD)

    assert _needs_me(response).changes_requested == []
    assert "Please describe the evaluation." not in response.content.decode()


@pytest.mark.django_db
def test_dashboard_changes_requested_on_events_and_documents(member_client, member, moderator):
    event = EventFactory(created_by=member, state=S.DRAFT)
    document = DraftDocumentFactory(created_by=member)
    _request_changes(event, moderator, "Add a speaker.")
    _request_changes(document, moderator, "Add the publisher.")

    response = member_client.get(DASHBOARD)
    items = {r.moderator_message for r in _needs_me(response).changes_requested}

    assert items == {"Add a speaker.", "Add the publisher."}
    page = response.content.decode()
    assert reverse("events:edit", kwargs={"slug": event.slug}) in page
    assert reverse("hub:document_edit", kwargs={"slug": document.slug}) in page


@pytest.mark.django_db
def test_dashboard_shows_the_latest_message_of_several_rounds(member_client, member, moderator):
    practice = PracticeFactory(created_by=member)
    _request_changes(practice, moderator, "First round.")
    transition(practice, S.SUBMITTED, member)
    transition(practice, S.CHANGES_REQUESTED, moderator, message="Second round.")

    response = member_client.get(DASHBOARD)

    assert [r.moderator_message for r in _needs_me(response).changes_requested] == ["Second round."]


@pytest.mark.django_db
def test_dashboard_pending_invitation_appears_and_clears_once_accepted(member_client, member):
    invitation = InvitationFactory(email=member.email.upper())

    response = member_client.get(DASHBOARD)

    assert _needs_me(response).invitations == [invitation]
    token = services.invitation_token(invitation)
    assert reverse("members:invitation_accept", kwargs={"token": token}) in (
        response.content.decode()
    )

    services.accept_invitation(invitation, member)

    assert _needs_me(member_client.get(DASHBOARD)).invitations == []


@pytest.mark.django_db
def test_dashboard_expired_invitation_is_not_shown(member_client, member):
    invitation = InvitationFactory(email=member.email)
    invitation.created_at = timezone.now() - datetime.timedelta(days=15)
    invitation.save(update_fields=["created_at"])

    assert _needs_me(member_client.get(DASHBOARD)).invitations == []


@pytest.mark.django_db
def test_dashboard_join_requests_for_my_organisation_appear_and_clear(member_client, member):
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    requester = UserFactory()
    request = services.request_membership(requester, organisation)
    # A request to someone else's organisation is not mine to answer.
    services.request_membership(UserFactory(), OrganisationFactory())

    response = member_client.get(DASHBOARD)

    assert _needs_me(response).join_requests == [request]
    assert reverse("members:organisation_manage", kwargs={"slug": organisation.slug}) in (
        response.content.decode()
    )

    services.decide_membership_request(request, member, approve=True)

    assert _needs_me(member_client.get(DASHBOARD)).join_requests == []


@pytest.mark.django_db
def test_dashboard_join_requests_not_shown_to_ordinary_members(member_client, member):
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.MEMBER)
    services.request_membership(UserFactory(), organisation)

    assert _needs_me(member_client.get(DASHBOARD)).join_requests == []


@pytest.mark.django_db
def test_dashboard_waiting_list_promotion_appears(member_client, member):
    event = PortalEventFactory(capacity=1)
    first = UserFactory()
    event_services.register(event, first)
    event_services.register(event, member)

    assert _needs_me(member_client.get(DASHBOARD)).promotions == []

    event_services.cancel(event, first)
    response = member_client.get(DASHBOARD)

    assert [r.event for r in _needs_me(response).promotions] == [event]
    assert "A place freed up" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_old_promotion_is_no_longer_shown(member_client, member):
    RegistrationFactory(user=member, promoted_at=timezone.now() - datetime.timedelta(days=20))

    response = member_client.get(DASHBOARD)

    assert _needs_me(response).promotions == []
    assert len(_needs_me(response).registrations) == 1


@pytest.mark.django_db
def test_dashboard_calls_closing_within_two_weeks(member_client):
    today = timezone.localdate()
    soon = CallFactory(closes_on=today + datetime.timedelta(days=5))
    CallFactory(closes_on=today + datetime.timedelta(days=30))
    CallFactory(is_published=False, closes_on=today + datetime.timedelta(days=3))

    assert _needs_me(member_client.get(DASHBOARD)).closing_calls == [soon]


@pytest.mark.django_db
def test_dashboard_nothing_needs_me(member_client):
    response = member_client.get(DASHBOARD)

    assert "Nothing needs you right now." in response.content.decode()


@pytest.mark.django_db
def test_dashboard_lists_submissions_registrations_organisations_and_follows(member_client, member):
    practice = PracticeFactory(created_by=member, title="Belgium: Tandem – Example NGO")
    event = EventFactory(created_by=member, state=S.SUBMITTED, title="Mentoring meet-up")
    document = DraftDocumentFactory(created_by=member, title="Toolkit for mentors")
    PracticeFactory(title="Someone else's practice")
    RegistrationFactory(user=member, event=EventFactory(title="SPRING conference"))
    RegistrationFactory(
        user=member,
        event=EventFactory(title="Cancelled one"),
        status=RegistrationStatus.CANCELLED,
    )
    organisation = OrganisationFactory(name="Example NGO")
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    FollowFactory(user=member, area=area())

    response = member_client.get(DASHBOARD)
    board = response.context["board"]
    page = response.content.decode()

    assert {r.pk for r in board.submissions if r._meta.model_name == "practice"} == {practice.pk}
    assert {type(r).__name__ for r in board.submissions} == {"Practice", "Event", "Document"}
    assert event in board.submissions and document in board.submissions
    assert [r.event.title for r in board.registrations] == ["SPRING conference"]
    assert [(m.organisation, m.role) for m in board.memberships] == [
        (organisation, MembershipRole.ADMIN)
    ]
    assert len(board.follows) == 1
    for name in ("practices:mine", "events:mine", "hub:my_documents", "account_email"):
        assert f'href="{reverse(name)}"' in page
    for name in ("account_change_password", "members:account_data", "members:account_delete"):
        assert f'href="{reverse(name)}"' in page
    assert "Administrator" in page


def _fill(member, n):
    moderator = UserFactory(is_staff=True)
    from django.contrib.auth.models import Group

    from spring_portal.roles import MODERATORS_GROUP

    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    today = timezone.localdate()
    for i in range(n):
        _request_changes(PracticeFactory(created_by=member), moderator, f"Message {i}")
        _request_changes(EventFactory(created_by=member, state=S.DRAFT), moderator)
        _request_changes(DraftDocumentFactory(created_by=member), moderator)
        InvitationFactory(email=member.email)
        organisation = OrganisationFactory()
        MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
        MembershipFactory(organisation=organisation, state=MembershipState.REQUESTED)
        RegistrationFactory(user=member, promoted_at=timezone.now())
        CallFactory(closes_on=today + datetime.timedelta(days=3))
        FollowFactory(user=member, organisation=organisation, kind="organisation")
        PublishedPracticeFactory(organisation=organisation, language="it")


@pytest.mark.django_db
@pytest.mark.parametrize("items", [1, 6])
def test_dashboard_query_count_does_not_grow_with_items(
    member_client, member, django_assert_num_queries, items
):
    from tests.reviews.factories import AssignmentFactory, ReviewerFactory

    _fill(member, items)
    # A reviewer's queue (issue 16): the reviewer row, then one query for the queue.
    ReviewerFactory(user=member)
    for _i in range(items):
        AssignmentFactory(reviewer=member)
    member_client.get(DASHBOARD)  # content types and sessions warmed up
    # One query per kind of submission (practices, events, documents, projects), and
    # the reviewer row and the review queue (issue 16), and one per kind (practices,
    # events, documents) for what of the member's organisations is untranslated.
    with django_assert_num_queries(18):
        response = member_client.get(DASHBOARD)

    board = response.context["board"]
    assert len(board.changes_requested) == 3 * items
    assert len(board.invitations) == items
    assert len(board.join_requests) == items
    assert len(board.promotions) == items
    assert len(board.closing_calls) == items
    assert len(board.follows) == items
    assert len(board.reviews) == items


@pytest.mark.django_db
def test_organisation_admin_sees_what_of_theirs_is_untranslated(member_client, member):
    from spring_portal.content_translations import ContentTranslation, offer_translation_url

    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    italian = PublishedPracticeFactory(organisation=organisation, language="it")
    done = PublishedPracticeFactory(organisation=organisation, language="en")
    for language in ("fr", "de"):
        ContentTranslation.objects.create(
            record=done, language=language, title="T", state=S.PUBLISHED
        )
    EventFactory(organiser=organisation, language="en")
    PublishedPracticeFactory(language="it")  # another organisation's

    response = member_client.get(DASHBOARD)

    board = response.context["board"]
    assert {type(r).__name__ for r in board.untranslated} == {"Practice", "Event"}
    assert italian in board.untranslated and done not in board.untranslated
    page = response.content.decode()
    assert offer_translation_url(italian, "fr").replace("&", "&amp;") in page


@pytest.mark.django_db
def test_member_who_administers_nothing_sees_no_untranslated_section(member_client, member):
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.MEMBER)
    PublishedPracticeFactory(organisation=organisation, language="it")

    response = member_client.get(DASHBOARD)

    assert response.context["board"].untranslated == []
    assert "Not yet translated" not in response.content.decode()
