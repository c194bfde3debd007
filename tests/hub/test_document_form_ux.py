"""The document form: sections, required marks and the moderators' request."""

import re

import pytest
from django.urls import reverse

from members.enums import MembershipRole
from spring_portal.moderation import ModerationState, transition
from tests.factories import MembershipFactory
from tests.hub.factories import DraftDocumentFactory

pytestmark = pytest.mark.django_db

S = ModerationState


def test_document_form_in_sections_with_required_marks(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    html = client.get(reverse("hub:document_submit")).content.decode()
    sections = re.findall(r'<fieldset id="section-([a-z]+)" class="form-section">', html)
    assert sections == ["about", "topics", "file"]
    title = html.split('for="id_title"')[1].split("</div>")[0]
    assert "(required)" in title


def test_moderator_message_shown_on_document_edit(client, moderator):
    membership = MembershipFactory(role=MembershipRole.ADMIN)
    document = DraftDocumentFactory(
        organisation=membership.organisation,
        created_by=membership.user,
        state=S.SUBMITTED,
    )
    transition(document, S.CHANGES_REQUESTED, moderator, message="Name the publisher.")
    client.force_login(membership.user)
    html = client.get(reverse("hub:document_edit", kwargs={"slug": document.slug})).content.decode()
    assert "The moderators asked for changes" in html
    assert "Name the publisher." in html
