"""Evidence summaries: written by moderators, published with their sources, in the
feed, the sitemap and followers' digests."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from hub.enums import FollowKind
from hub.models import EvidenceSummary, Follow
from members.enums import DigestFrequency
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from tests.factories import ModeratorFactory, UserFactory, area
from tests.hub.factories import DocumentFactory, DraftDocumentFactory, EvidenceSummaryFactory
from tests.practices.factories import PublishedPracticeFactory, PublishedProjectFactory

pytestmark = pytest.mark.django_db


def test_evidence_detail_lists_public_sources_only(client):
    practice = PublishedPracticeFactory()
    document = DocumentFactory()
    project = PublishedProjectFactory()
    hidden = DraftDocumentFactory(title="Draft evaluation report")
    summary = EvidenceSummaryFactory()
    summary.cited_practices.set([practice])
    summary.cited_documents.set([document, hidden])
    summary.cited_projects.set([project])
    page = client.get(summary.get_absolute_url()).content.decode()
    assert practice.get_absolute_url() in page
    assert document.get_absolute_url() in page
    assert project.get_absolute_url() in page
    assert "Draft evaluation report" not in page
    assert "<strong>more confidence</strong>" in page


def test_evidence_draft_hidden_from_list_and_members(client):
    draft = EvidenceSummaryFactory(state=S.DRAFT, published_at=None, title="Unfinished summary")
    assert "Unfinished summary" not in client.get(reverse("hub:evidence_list")).content.decode()
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_evidence_publish_needs_a_source():
    moderator = ModeratorFactory()
    summary = EvidenceSummaryFactory(state=S.DRAFT, published_at=None, created_by=moderator)
    with pytest.raises(ValidationError):
        transition(summary, S.PUBLISHED, moderator)
    summary.cited_practices.set([PublishedPracticeFactory()])
    transition(summary, S.PUBLISHED, moderator)
    assert summary.state == S.PUBLISHED
    assert summary.published_at is not None


def test_members_may_not_publish_evidence():
    from django.core.exceptions import PermissionDenied

    member = UserFactory()
    summary = EvidenceSummaryFactory(state=S.DRAFT, published_at=None, created_by=member)
    summary.cited_practices.set([PublishedPracticeFactory()])
    with pytest.raises(PermissionDenied):
        transition(summary, S.PUBLISHED, member)


def test_moderator_writes_and_publishes_a_summary_in_the_portal(client):
    moderator = ModeratorFactory()
    practice = PublishedPracticeFactory()
    client.force_login(moderator)
    response = client.post(
        reverse("hub:evidence_write"),
        {
            "title": "What the evidence says about language cafés",
            "summary": "They build confidence; effects on jobs are not measured.",
            "body": "Two evaluated practices ...",
            "areas": [area("language-learning").pk],
            "cited_practices": [practice.pk],
            "publish": "1",
        },
    )
    summary = EvidenceSummary.objects.get()
    assert response.status_code == 302
    assert summary.state == S.PUBLISHED
    assert summary.created_by == moderator


def test_evidence_form_without_sources_keeps_input(client):
    client.force_login(ModeratorFactory())
    response = client.post(
        reverse("hub:evidence_write"),
        {"title": "Unsourced", "summary": "Claims.", "body": "More claims.", "publish": "1"},
    )
    assert response.status_code == 200
    assert "cited_practices" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Unsourced"
    assert not EvidenceSummary.objects.exists()


def test_evidence_in_followers_digest(mailoutbox):
    reader = UserFactory(digest_frequency=DigestFrequency.DAILY)
    Follow.objects.create(user=reader, kind=FollowKind.AREA, area=area("language-learning"))
    summary = EvidenceSummaryFactory(title="What the evidence says about language cafés")
    EvidenceSummaryFactory(title="Housing evidence", areas=[area("housing-and-settlement")])
    call_command("send_digests", "--frequency", "daily", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Evidence summaries" in body
    assert summary.get_absolute_url() in body
    assert "Housing evidence" not in body


def test_evidence_feed_and_sitemap(client):
    summary = EvidenceSummaryFactory(title="Mentoring works best when paid")
    draft = EvidenceSummaryFactory(state=S.DRAFT, published_at=None)
    feed = client.get(reverse("hub:evidence_feed")).content.decode()
    assert "Mentoring works best when paid" in feed
    sitemap = client.get("/sitemap.xml").content.decode()
    assert summary.get_absolute_url() in sitemap
    assert draft.get_absolute_url() not in sitemap


@pytest.mark.parametrize("count", [1, 5])
def test_evidence_list_queries_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        EvidenceSummaryFactory()
    with django_assert_num_queries(4):
        response = client.get(reverse("hub:evidence_list"))
    assert len(response.context["page"].object_list) == count
