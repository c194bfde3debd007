"""The practice page's public body is rendered once per change and language and then
read from the shared cache for every reader but the practice's authors and moderators
(issue 15: fast for members too, not only for the anonymous page cache)."""

import pytest
from django.test import Client

from members.enums import MembershipRole
from spring_portal.models import IntegrationArea
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import (
    AssessmentFactory,
    PublishedPracticeFactory,
    PublishedTransferFactory,
)

pytestmark = pytest.mark.django_db


def _reader():
    """A logged-in member: the anonymous page cache never answers them."""
    reader = Client()
    reader.force_login(UserFactory())
    return reader


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def practice(owner):
    org = OrganisationFactory()
    MembershipFactory(user=owner, organisation=org, role=MembershipRole.ADMIN)
    areas = list(IntegrationArea.objects.all()[:2])
    practice = AssessmentFactory(
        practice=PublishedPracticeFactory(organisation=org, areas=areas)
    ).practice
    for _ in range(3):
        PublishedPracticeFactory(areas=areas)
    return practice


def test_second_reader_gets_the_body_without_its_queries(practice, django_assert_num_queries):
    # Both members join first: a new member changes the home page's figures, so the
    # content version.
    first_reader, second_reader = _reader(), _reader()
    first = first_reader.get(practice.get_absolute_url())
    # The member's session, user and unread notifications (3), the practice and its
    # translations (2), whether the member is one of its authors (1): the body's ten
    # queries (taxonomy, images, documents, assessment, panels, related, transfers) are
    # not run again.
    with django_assert_num_queries(6):
        second = second_reader.get(practice.get_absolute_url())
    assert second.status_code == 200
    body = first.content.decode()
    assert practice.description[:40] in body
    assert "See the assessment" in second.content.decode()
    assert second.content.decode().count('id="s-facts"') == 1
    assert 'type="application/ld+json"' in second.content.decode()


def test_body_follows_a_change_of_the_practice(practice):
    reader = _reader()
    reader.get(practice.get_absolute_url())
    practice.description = "A wholly rewritten description about Lisbon's night school."
    practice.save()
    html = reader.get(practice.get_absolute_url()).content.decode()
    assert "wholly rewritten description" in html


def test_body_follows_a_confirmed_transfer(client, practice, owner):
    transfer = PublishedTransferFactory(practice=practice)
    reader = _reader()
    url = practice.get_absolute_url()
    assert "Confirmed by the practice" not in reader.get(url).content.decode()
    client.force_login(owner)
    assert client.post(f"/transfers/{transfer.pk}/confirm/").status_code == 302
    assert "Confirmed by the practice" in reader.get(url).content.decode()


def test_body_is_per_language(practice):
    reader = _reader()
    english = reader.get(practice.get_absolute_url()).content.decode()
    french = reader.get("/fr" + practice.get_absolute_url()).content.decode()
    assert "Key facts" in english
    assert "Key facts" not in french
    assert "Informations clés" in french


def test_author_gets_their_controls_after_a_reader_cached_the_body(client, practice, owner):
    PublishedTransferFactory(practice=practice)
    reader, later = _reader(), _reader()
    reader.get(practice.get_absolute_url())
    client.force_login(owner)
    html = client.get(practice.get_absolute_url()).content.decode()
    assert "Confirm this transfer" in html
    # ... and the reader after the author never sees the author's form.
    html = later.get(practice.get_absolute_url()).content.decode()
    assert "Confirm this transfer" not in html
