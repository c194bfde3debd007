"""The event proposal form: sections, required marks, the moderators' request, EU/EEA first."""

import re

import pytest
from django.urls import reverse

from spring_portal.countries import EU_EEA
from spring_portal.moderation import ModerationState, transition
from tests.events.factories import PortalEventFactory
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

S = ModerationState


@pytest.fixture
def organisation(member):
    organisation = OrganisationFactory(created_by=None)
    MembershipFactory(user=member, organisation=organisation)
    return organisation


def test_proposal_form_in_sections_with_required_marks(member_client, organisation):
    html = member_client.get(reverse("events:propose")).content.decode()
    sections = re.findall(r'<fieldset id="section-([a-z]+)" class="form-section">', html)
    assert sections == ["about", "when", "programme", "registration"]
    title = html.split('for="id_title"')[1].split("</div>")[0]
    assert "(required)" in title
    agenda = html.split('for="id_agenda"')[1].split("</div>")[0]
    assert "(required)" not in agenda


def test_event_country_lists_eu_and_eea_first(member_client, organisation):
    html = member_client.get(reverse("events:propose")).content.decode()
    select = html.split('id="id_country"')[1].split("</select>")[0]
    codes = re.findall(r'<option value="([A-Z]{2})"', select)
    assert set(codes[: len(EU_EEA)]) == EU_EEA
    assert codes[len(EU_EEA)] == "AF"
    assert '<optgroup label="EU and EEA">' in select


def test_moderator_message_shown_on_event_edit(client, member, organisation, moderator):
    event = PortalEventFactory(created_by=member, organiser=organisation, state=S.SUBMITTED)
    transition(event, S.CHANGES_REQUESTED, moderator, message="Add the venue’s address.")
    client.force_login(member)
    html = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert "The moderators asked for changes" in html
    assert "Add the venue’s address." in html
