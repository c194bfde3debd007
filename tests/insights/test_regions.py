"""The NUTS 2 region on practices and events: the list, the picker, the checks."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.forms import EventForm
from events.models import Event
from practices.forms import PracticeForm
from practices.models import Practice
from spring_portal import places
from tests.events.factories import EventFactory
from tests.events.test_proposals import (
    PROPOSE_URL,
    organisation,  # noqa: F401 - fixture
)
from tests.events.test_proposals import _data as event_data
from tests.practices.factories import PracticeFactory
from tests.practices.test_submission import SUBMIT_URL, complete_data


def test_region_list_covers_the_eu_efta_and_uk_with_iso_countries():
    by_country = places.regions_by_country()
    assert places.regions()["BE10"].country == "BE"
    assert places.regions()["EL30"].country == "GR"  # NUTS says EL, the portal GR
    assert {"GB", "NO", "CH", "IS", "LI", "DE", "FR", "PL"} <= set(by_country)
    assert not any(code.endswith("ZZ") for code in places.regions())  # no "extra-regio"


def test_validate_region_accepts_a_region_of_a_chosen_country():
    places.validate_region("BE10", ["BE", "FR"])
    places.validate_region("", [])


def test_validate_region_rejects_unknown_codes_and_other_countries():
    with pytest.raises(ValidationError):
        places.validate_region("XX99", ["BE"])
    with pytest.raises(ValidationError) as error:
        places.validate_region("FR10", ["BE"])
    assert "France" in str(error.value)


@pytest.mark.django_db
def test_practice_form_region_picker_is_grouped_by_country(member):
    html = str(PracticeForm(user=member)["region"])
    assert 'data-region-for="countries"' in html
    assert '<optgroup label="Belgium">' in html
    assert 'data-country="BE"' in html
    assert 'value="BE10"' in html


@pytest.mark.django_db
def test_practice_saves_region_and_city(member_client, member):
    response = member_client.post(
        SUBMIT_URL, complete_data(region="BE10", city="Brussels", action="draft")
    )
    assert response.status_code == 302
    practice = Practice.objects.get(created_by=member)
    assert (practice.region, practice.city) == ("BE10", "Brussels")
    assert practice.region_name.startswith("Région de Bruxelles")


@pytest.mark.django_db
def test_practice_region_outside_its_countries_is_refused_in_place(member_client, member):
    response = member_client.post(
        SUBMIT_URL, complete_data(region="FR10", city="Paris", action="draft")
    )
    assert response.status_code == 200
    assert "region" in response.context["form"].errors
    assert 'value="Paris"' in response.content.decode()  # nothing typed is lost
    assert not Practice.objects.filter(created_by=member).exists()


@pytest.mark.django_db
def test_practice_unknown_region_code_is_refused(member_client, member):
    response = member_client.post(SUBMIT_URL, complete_data(region="ZZ99", action="draft"))
    assert response.status_code == 200
    assert "region" in response.context["form"].errors


@pytest.mark.django_db
def test_event_form_region_follows_the_country(member, organisation):  # noqa: F811
    form = EventForm(
        event_data(organisation, format="in_person", online_url="", country="PT", region="PT1A"),
        user=member,
    )
    assert form.is_valid(), form.errors
    bad = EventForm(
        event_data(organisation, format="in_person", online_url="", country="PT", region="ES51"),
        user=member,
    )
    assert not bad.is_valid()
    assert "region" in bad.errors


@pytest.mark.django_db
def test_event_proposal_keeps_its_region(member_client, organisation):  # noqa: F811
    data = event_data(organisation, country="PT", region="PT1A", city="Lisbon")
    response = member_client.post(PROPOSE_URL, data)
    assert response.status_code == 302
    assert Event.objects.get(title=data["title"]).region == "PT1A"


@pytest.mark.django_db
def test_admin_offers_the_grouped_region_picker(moderator_client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    practice = PracticeFactory()
    event = EventFactory()
    for url in (
        reverse("admin:practices_practice_change", args=[practice.pk]),
        reverse("admin:events_event_change", args=[event.pk]),
    ):
        html = moderator_client.get(url).content.decode()
        assert '<optgroup label="Belgium">' in html
        assert 'value="BE10"' in html
