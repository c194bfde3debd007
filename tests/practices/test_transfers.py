"""Transfers: “we are adapting this practice”, moderated, confirmed by the owners,
shown on the practice and organisation pages, the admin's assessment and the digest."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.digests import select_items
from hub.enums import FollowKind
from hub.models import Follow
from members.enums import DigestFrequency, MembershipRole, NotificationKind
from members.models import Notification
from practices.enums import TransferStatus
from practices.models import Transfer
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from spring_portal.ratelimit import LIMITS
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import (
    PublishedPracticeFactory,
    PublishedTransferFactory,
    TransferFactory,
)

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "country": "IT",
        "region": "itc4",
        "city": "Milan",
        "status": TransferStatus.PLANNED,
        "start_date": "2025-01-15",
        "end_date": "",
        "adaptations": "For young women arriving from Tunisia, with a local partner.",
        "results": "",
        **extra,
    }


@pytest.fixture
def practice(member):
    org = OrganisationFactory()
    MembershipFactory(user=member, organisation=org, role=MembershipRole.ADMIN)
    return PublishedPracticeFactory(organisation=org)


def test_declare_transfer_creates_a_submitted_transfer(client, other_member, practice):
    client.force_login(other_member)
    response = client.post(f"/practices/{practice.slug}/transfer/", _form())
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert (transfer.state, transfer.created_by, transfer.practice) == (
        S.SUBMITTED,
        other_member,
        practice,
    )
    assert (transfer.country.code, transfer.region, transfer.city) == ("IT", "ITC4", "Milan")


def test_declare_transfer_requires_login(client, practice):
    response = client.get(f"/practices/{practice.slug}/transfer/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_declare_transfer_of_a_draft_practice_is_404(client, other_member):
    draft = PublishedPracticeFactory(state=S.DRAFT, published_at=None)
    client.force_login(other_member)
    assert client.get(f"/practices/{draft.slug}/transfer/").status_code == 404


def test_declare_transfer_rejects_bad_region_and_keeps_input(client, other_member, practice):
    client.force_login(other_member)
    response = client.post(f"/practices/{practice.slug}/transfer/", _form(region="DK01"))
    assert response.status_code == 200
    assert "starts with “IT”" in response.content.decode()
    assert "For young women arriving from Tunisia" in response.content.decode()
    assert not Transfer.objects.exists()


def test_declare_transfer_rejects_end_before_start(client, other_member, practice):
    client.force_login(other_member)
    response = client.post(
        f"/practices/{practice.slug}/transfer/",
        _form(start_date="2025-02-01", end_date="2025-01-01"),
    )
    assert "The end date is before the start date." in response.content.decode()
    assert not Transfer.objects.exists()


def test_declare_transfer_honeypot_refuses(client, other_member, practice):
    from spring_portal.forms import HONEYPOT_FIELD

    client.force_login(other_member)
    response = client.post(
        f"/practices/{practice.slug}/transfer/", _form(**{HONEYPOT_FIELD: "spam"})
    )
    assert response.status_code == 200
    assert not Transfer.objects.exists()


def test_declare_transfer_is_rate_limited(client, other_member, practice):
    client.force_login(other_member)
    for _ in range(LIMITS["practices:transfer"]):
        client.post(f"/practices/{practice.slug}/transfer/", _form())
    response = client.post(f"/practices/{practice.slug}/transfer/", _form())
    assert "limit" in response.content.decode()
    assert Transfer.objects.count() == LIMITS["practices:transfer"]


def test_submitted_transfer_is_not_on_the_practice_page(client, practice):
    TransferFactory(practice=practice, city="Aarhus")
    assert "Aarhus" not in client.get(practice.get_absolute_url()).content.decode()


def test_publishing_notifies_owners(
    practice, member, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    submitter = practice.created_by
    transfer = TransferFactory(practice=practice)
    with django_capture_on_commit_callbacks(execute=True):
        transition(transfer, S.PUBLISHED, moderator)
    notified = set(
        Notification.objects.filter(kind=NotificationKind.TRANSFER).values_list(
            "recipient", flat=True
        )
    )
    assert notified == {member.pk, submitter.pk}
    assert sorted(
        m.to[0] for m in mailoutbox if "Your practice is being adapted" in m.subject
    ) == sorted([member.email, submitter.email])


def test_published_transfer_on_practice_page_with_count_and_status(client, practice):
    PublishedTransferFactory(practice=practice, city="Aarhus", status=TransferStatus.COMPLETED)
    PublishedTransferFactory(practice=practice, city="Milan", country="IT", region="ITC4")
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Adapted in 2 places" in html
    assert "Aarhus, Denmark" in html
    assert "Completed" in html


def _query_count(client, url):
    cache.clear()  # the anonymous page cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_practice_page_queries_do_not_grow_with_transfers(client, practice):
    PublishedTransferFactory(practice=practice)
    one = _query_count(client, practice.get_absolute_url())
    for _ in range(4):
        PublishedTransferFactory(practice=practice, organisation=OrganisationFactory())
    assert _query_count(client, practice.get_absolute_url()) == one


def test_organisation_page_queries_do_not_grow_with_transfers(client):
    org = OrganisationFactory()
    PublishedTransferFactory(organisation=org)
    one = _query_count(client, org.get_absolute_url())
    for _ in range(4):
        PublishedTransferFactory(organisation=org)
    assert _query_count(client, org.get_absolute_url()) == one


def test_owner_confirms_published_transfer(client, member, practice):
    transfer = PublishedTransferFactory(practice=practice)
    client.force_login(member)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Confirm this transfer" in html
    response = client.post(f"/transfers/{transfer.pk}/confirm/")
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.owner_confirmed_by == member
    assert transfer.is_confirmed
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Confirmed by the practice" in html


def test_other_member_cannot_confirm(client, other_member, practice):
    transfer = PublishedTransferFactory(practice=practice)
    client.force_login(other_member)
    assert client.post(f"/transfers/{transfer.pk}/confirm/").status_code == 403
    transfer.refresh_from_db()
    assert transfer.owner_confirmed_at is None


def test_unpublished_transfer_cannot_be_confirmed(client, member, practice):
    transfer = TransferFactory(practice=practice)
    client.force_login(member)
    # The owner does not see a submitted transfer (it is not theirs): 404.
    assert client.post(f"/transfers/{transfer.pk}/confirm/").status_code == 404
    transfer.refresh_from_db()
    assert transfer.owner_confirmed_at is None


def test_transfer_on_the_organisation_page(client):
    org = OrganisationFactory()
    transfer = PublishedTransferFactory(organisation=org, city="Ghent", country="BE")
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Practices this organisation adapts" in html
    assert transfer.practice.title in html
    assert "Ghent, Belgium" in html


def _current(transfer, **changes):
    data = {
        "country": transfer.country.code,
        "region": transfer.region,
        "city": transfer.city,
        "status": transfer.status,
        "start_date": transfer.start_date.isoformat(),
        "end_date": "",
        "adaptations": transfer.adaptations,
        "results": transfer.results,
    }
    return data | changes


def test_declarer_updates_status_of_published_transfer_at_once(client):
    transfer = PublishedTransferFactory()
    client.force_login(transfer.created_by)
    response = client.post(
        f"/my/transfers/{transfer.pk}/edit/", _current(transfer, status="completed")
    )
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert (transfer.status, transfer.state) == ("completed", S.PUBLISHED)


def test_new_results_of_published_transfer_go_back_to_review(
    client, django_capture_on_commit_callbacks, mailoutbox, moderator
):
    transfer = PublishedTransferFactory()
    client.force_login(transfer.created_by)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/my/transfers/{transfer.pk}/edit/",
            _current(transfer, results="Forty women found work."),
        )
    transfer.refresh_from_db()
    assert (transfer.results, transfer.state) == ("Forty women found work.", S.SUBMITTED)
    assert any(moderator.email in m.to for m in mailoutbox)
    assert "Forty women" not in client.get(transfer.practice.get_absolute_url()).content.decode()


def test_changes_requested_transfer_goes_back_to_review_when_saved(client, moderator):
    transfer = TransferFactory()
    transition(transfer, S.CHANGES_REQUESTED, moderator, message="Which city?")
    client.force_login(transfer.created_by)
    client.post(f"/my/transfers/{transfer.pk}/edit/", _form(country="DK", region="DK01"))
    transfer.refresh_from_db()
    assert transfer.state == S.SUBMITTED


def test_other_member_cannot_edit_a_transfer(client, other_member):
    transfer = TransferFactory()
    client.force_login(other_member)
    assert client.get(f"/my/transfers/{transfer.pk}/edit/").status_code == 404


def test_my_transfers_lists_mine_in_constant_queries(client):
    user = UserFactory()
    TransferFactory(created_by=user)
    client.force_login(user)
    one = _query_count(client, "/my/transfers/")
    for _ in range(3):
        TransferFactory(created_by=user, organisation=OrganisationFactory())
    assert _query_count(client, "/my/transfers/") == one
    assert client.get("/my/transfers/").content.decode().count("practice-mine__title") == 4


def test_admin_practice_page_shows_transfers_as_evidence(client, moderator, settings, practice):
    settings.MFA_REQUIRED_FOR_STAFF = False
    PublishedTransferFactory(practice=practice, city="Aarhus")
    client.force_login(moderator)
    html = client.get(f"/admin/practices/practice/{practice.pk}/change/").content.decode()
    assert "Transfers: evidence of transferability" in html
    assert "Aarhus, Denmark" in html


def test_moderator_publishes_transfer_in_admin(client, moderator, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    transfer = TransferFactory()
    client.force_login(moderator)
    response = client.post(f"/admin/practices/transfer/{transfer.pk}/move/published/")
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # the confirmation page
        client.post(
            f"/admin/practices/transfer/{transfer.pk}/move/published/",
            {"apply": "1", "message": "", "internal_note": ""},
        )
    transfer.refresh_from_db()
    assert transfer.state == S.PUBLISHED


def test_transfer_in_the_followers_digest(practice):
    follower = UserFactory(digest_frequency=DigestFrequency.WEEKLY)
    Follow.objects.create(user=follower, kind=FollowKind.COUNTRY, country="IT")
    transfer = PublishedTransferFactory(
        practice=practice, country="IT", region="ITC4", city="Milan"
    )
    sections = select_items(follower, DigestFrequency.WEEKLY)
    items = [item for section in sections for item in section["items"]]
    assert transfer in items


def test_transfer_in_digest_by_the_practice_area(practice):
    follower = UserFactory()
    Follow.objects.create(user=follower, kind=FollowKind.AREA, area=practice.areas.first())
    transfer = PublishedTransferFactory(practice=practice, country="IT", region="ITC4")
    old = PublishedTransferFactory(
        practice=practice, published_at=timezone.now() - datetime.timedelta(days=30)
    )
    items = [
        item
        for section in select_items(follower, DigestFrequency.WEEKLY)
        for item in section["items"]
    ]
    assert transfer in items
    assert old not in items
