from xml.etree import ElementTree

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from hub.enums import DocumentType, Language
from hub.models import Document
from members.enums import MembershipRole
from spring_portal.models import StateChange, TargetGroup
from spring_portal.moderation import ModerationState
from tests.factories import MembershipFactory, OrganisationFactory, area
from tests.hub.factories import DocumentFactory, DraftDocumentFactory, pdf_upload
from tests.practices.factories import MINIMAL_PDF

ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.django_db


def facet(response, name):
    return {
        v.value: v.count
        for f in response.context["listing"].facets
        if f.name == name
        for v in f.values
    }


# Listing, facets and search


def test_document_list_shows_published_documents_only(client):
    DocumentFactory(title="Published report")
    DraftDocumentFactory(title="Draft report")
    response = client.get(reverse("hub:document_list"))
    assert [d.title for d in response.context["page"].object_list] == ["Published report"]


def test_document_list_facets_count_published_documents(client):
    DocumentFactory(doc_type=DocumentType.REPORT, languages=["en", "fr"], year=2021)
    DocumentFactory(doc_type=DocumentType.TOOLKIT, languages=["en"], year=2022)
    DraftDocumentFactory(doc_type=DocumentType.TOOLKIT, languages=["de"])
    response = client.get(reverse("hub:document_list"))
    assert facet(response, "type") == {"report": 1, "toolkit": 1}
    assert facet(response, "language") == {"en": 2, "fr": 1}
    assert facet(response, "year") == {"2021": 1, "2022": 1}


def test_document_list_facets_follow_selected_filters(client):
    organisation = OrganisationFactory(name="Missing Children Europe")
    DocumentFactory(
        doc_type=DocumentType.REPORT,
        organisation=organisation,
        areas=[area("family-and-children")],
        target_groups=[TargetGroup.objects.get(slug="children")],
    )
    DocumentFactory(doc_type=DocumentType.TOOLKIT, areas=[area("language-learning")])
    response = client.get(reverse("hub:document_list"), {"type": "report"})
    assert [d.doc_type for d in response.context["page"].object_list] == ["report"]
    assert facet(response, "area") == {"family-and-children": 1}
    assert facet(response, "group") == {"children": 1}
    assert facet(response, "organisation") == {organisation.slug: 1}


def test_document_list_language_filter_matches_any_language(client):
    DocumentFactory(title="French and English", languages=["en", "fr"])
    DocumentFactory(title="German", languages=["de"])
    response = client.get(reverse("hub:document_list"), {"language": ["fr"]})
    assert [d.title for d in response.context["page"].object_list] == ["French and English"]


def test_document_list_search_ranks_title_matches(client):
    DocumentFactory(title="Toolbox on trafficked refugees", summary="A toolbox.")
    DocumentFactory(title="Housing report", summary="Mentions refugees once.")
    DocumentFactory(title="Unrelated", summary="Nothing here.")
    response = client.get(reverse("hub:document_list"), {"q": "refugees"})
    titles = [d.title for d in response.context["page"].object_list]
    assert titles == ["Toolbox on trafficked refugees", "Housing report"]
    assert "<mark>" in response.content.decode()


def test_document_list_search_finds_by_publishing_organisation(client):
    organisation = OrganisationFactory(name="Missing Children Europe")
    DocumentFactory(title="Local hubs outcomes", organisation=organisation, publisher="")
    response = client.get(reverse("hub:document_list"), {"q": "missing children"})
    assert [d.title for d in response.context["page"].object_list] == ["Local hubs outcomes"]


@pytest.mark.parametrize(
    "params", [{"q": '"unbalanced OR -'}, {"year": "abc"}, {"type": "nonsense"}, {"page": "x"}]
)
def test_document_list_bad_input_is_not_an_error(client, params):
    DocumentFactory()
    assert client.get(reverse("hub:document_list"), params).status_code == 200


@pytest.mark.parametrize("count", [1, 15])
def test_document_list_query_count_is_constant(client, django_assert_num_queries, count):
    organisation = OrganisationFactory()
    for _ in range(count):
        DocumentFactory(
            organisation=organisation,
            areas=[area("language-learning"), area("housing-and-settlement")],
            target_groups=[TargetGroup.objects.get(slug="children")],
        )
    # 6 facets, paginator count, documents, their areas, their reader-language translations
    with django_assert_num_queries(10):
        response = client.get(reverse("hub:document_list"), {"q": "migrant", "language": "en"})
    assert response.status_code == 200


def test_document_feed_lists_published_documents(client):
    DocumentFactory(title="Feed document")
    DraftDocumentFactory(title="Hidden draft")
    body = client.get(reverse("hub:document_feed")).content.decode()
    assert "Feed document" in body
    assert "Hidden draft" not in body


# Detail and access


def test_document_detail_has_open_graph_and_schema(client):
    document = DocumentFactory()
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'property="og:type" content="article"' in html
    assert '"@type": "Report"' in html


def test_document_draft_hidden_from_anonymous_and_other_member(client, other_member):
    document = DraftDocumentFactory()
    assert client.get(document.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_document_draft_visible_to_author_and_moderator(client, moderator_client):
    document = DraftDocumentFactory()
    assert moderator_client.get(document.get_absolute_url()).status_code == 200
    client.force_login(document.created_by)
    assert client.get(document.get_absolute_url()).status_code == 200


def test_document_download_is_an_attachment_with_nosniff(client):
    document = DocumentFactory(url="", file=pdf_upload())
    response = client.get(reverse("hub:document_download", kwargs={"slug": document.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_document_download_of_draft_is_404_for_anonymous(client):
    document = DraftDocumentFactory(url="", file=pdf_upload())
    response = client.get(reverse("hub:document_download", kwargs={"slug": document.slug}))
    assert response.status_code == 404


# Submission by members


def submission(**overrides):
    data = {
        "title": "Key challenges faced by children in migration",
        "summary": "Young migrants share the main challenges they face.",
        "doc_type": DocumentType.REPORT,
        "languages": [Language.EN],
        "year": 2021,
        "areas": [area("family-and-children").pk],
        "url": "https://example.org/key-challenges",
    }
    data.update(overrides)
    return data


def test_document_submit_requires_login(client):
    response = client.get(reverse("hub:document_submit"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_document_submit_without_organisation_explains(member_client):
    response = member_client.get(reverse("hub:document_submit"))
    assert response.status_code == 200
    assert "on behalf of an organisation" in response.content.decode()


def test_document_submit_by_member_goes_to_moderation(
    member_client, member, mailoutbox, moderator, django_capture_on_commit_callbacks
):
    membership = MembershipFactory(user=member)
    data = submission(organisation=membership.organisation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("hub:document_submit"), data)
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.state == ModerationState.SUBMITTED
    assert document.created_by == member
    assert document.organisation == membership.organisation
    assert StateChange.objects.filter(object_id=document.pk, to_state="submitted").count() == 1
    assert moderator.email in [address for m in mailoutbox for address in m.to]


def test_document_submit_for_foreign_organisation_is_rejected(member_client, member):
    MembershipFactory(user=member)
    other = OrganisationFactory()
    response = member_client.post(reverse("hub:document_submit"), submission(organisation=other.pk))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Document.objects.count() == 0


def test_document_submit_needs_file_or_link(member_client, member):
    membership = MembershipFactory(user=member)
    data = submission(organisation=membership.organisation.pk, url="")
    response = member_client.post(reverse("hub:document_submit"), data)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert response.context["form"]["title"].value() == data["title"]


def test_document_submit_rejects_a_file_that_is_not_a_pdf(member_client, member):
    membership = MembershipFactory(user=member)
    fake = pdf_upload(name="report.pdf", content=b"Plain text, not a PDF")
    data = submission(organisation=membership.organisation.pk, url="", file=fake)
    response = member_client.post(reverse("hub:document_submit"), data)
    assert (
        "This file is not a PDF document. Please upload a PDF."
        in response.context["form"].errors["file"]
    )


def test_document_submit_rejects_a_pdf_over_15_mb(member_client, member):
    membership = MembershipFactory(user=member)
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (15 * 1024 * 1024 + 1))
    data = submission(organisation=membership.organisation.pk, url="", file=big)
    response = member_client.post(reverse("hub:document_submit"), data)
    assert "the limit is 15.0\xa0MB" in response.context["form"].errors["file"][0]


def test_document_submit_accepts_a_pdf_upload(member_client, member):
    membership = MembershipFactory(user=member)
    data = submission(organisation=membership.organisation.pk, url="", file=pdf_upload())
    member_client.post(reverse("hub:document_submit"), data)
    assert Document.objects.get().file.name.endswith(".pdf")


def test_document_edit_forbidden_for_other_member_of_published(client, other_member):
    document = DocumentFactory()
    client.force_login(other_member)
    response = client.get(reverse("hub:document_edit", kwargs={"slug": document.slug}))
    assert response.status_code == 403


def test_document_edit_by_organisation_admin_after_changes_requested(client):
    membership = MembershipFactory(role=MembershipRole.ADMIN)
    document = DraftDocumentFactory(
        organisation=membership.organisation, state=ModerationState.CHANGES_REQUESTED
    )
    client.force_login(membership.user)
    data = submission(organisation=membership.organisation.pk, title="Corrected title")
    response = client.post(reverse("hub:document_edit", kwargs={"slug": document.slug}), data)
    document.refresh_from_db()
    assert response.status_code == 302
    assert document.title == "Corrected title"
    assert document.state == ModerationState.SUBMITTED


# Moderation in the admin


def admin_action(client, action, documents, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [d.pk for d in documents], **extra}
    return client.post(reverse("admin:hub_document_changelist"), data)


def test_admin_publish_action_asks_then_transitions(
    moderator_client, mailoutbox, django_capture_on_commit_callbacks
):
    document = DraftDocumentFactory(state=ModerationState.SUBMITTED)
    response = admin_action(moderator_client, "move_to_published", [document])
    assert response.status_code == 200
    assert "Message to the author" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_action(moderator_client, "move_to_published", [document], apply="1")
    document.refresh_from_db()
    assert document.state == ModerationState.PUBLISHED
    assert document.published_at is not None
    assert document.history().first().to_state == "published"
    assert document.created_by.email in [address for m in mailoutbox for address in m.to]


def test_admin_request_changes_needs_a_message(moderator_client):
    document = DraftDocumentFactory(state=ModerationState.SUBMITTED)
    admin_action(moderator_client, "move_to_changes_requested", [document], apply="1")
    document.refresh_from_db()
    assert document.state == ModerationState.SUBMITTED
    admin_action(
        moderator_client,
        "move_to_changes_requested",
        [document],
        apply="1",
        message="Please add the year of publication.",
        internal_note="Checked the PDF.",
    )
    document.refresh_from_db()
    assert document.state == ModerationState.CHANGES_REQUESTED
    change = document.history().first()
    assert change.message == "Please add the year of publication."
    assert change.internal_note == "Checked the PDF."


def test_admin_change_page_shows_history(moderator_client):
    document = DraftDocumentFactory(state=ModerationState.SUBMITTED)
    admin_action(moderator_client, "move_to_in_review", [document], apply="1")
    response = moderator_client.get(reverse("admin:hub_document_change", args=[document.pk]))
    assert response.status_code == 200
    assert "In review" in response.content.decode()


def test_member_cannot_reach_document_admin(member_client):
    response = member_client.get(reverse("admin:hub_document_changelist"))
    assert response.status_code == 302


def test_document_feed_gives_back_raw_title(client):
    DocumentFactory(title='Tom & Jerry "café" <b>')
    response = client.get(reverse("hub:document_feed"))
    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == 'Tom & Jerry "café" <b>'


def test_document_submit_rejects_a_pdf_signature_without_pdf_structure(member_client, member):
    membership = MembershipFactory(user=member)
    fake = pdf_upload(content=b"%PDF-1.4 but no structure <b>hello</b>")
    data = submission(organisation=membership.organisation.pk, url="", file=fake)
    response = member_client.post(reverse("hub:document_submit"), data)
    assert (
        "This file is not a PDF document. Please upload a PDF."
        in response.context["form"].errors["file"]
    )
    assert not Document.objects.exists()


def test_document_submit_accepts_a_pdf_between_the_practice_and_hub_limits(
    member_client, member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory(user=member)
    padded = MINIMAL_PDF.replace(b"xref\n", b"%" + b"0" * (11 * 1024 * 1024) + b"\nxref\n", 1)
    data = submission(
        organisation=membership.organisation.pk, url="", file=pdf_upload(content=padded)
    )
    response = member_client.post(reverse("hub:document_submit"), data)
    assert response.status_code == 302
    assert Document.objects.get().file.size == len(padded)
