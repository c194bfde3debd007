import pytest
from django.urls import reverse

from members.enums import MembershipState, OrganisationState
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, area

ORG_LIST = reverse("members:organisation_list")
MEMBER_LIST = reverse("members:member_list")


def _names(response, attr="name"):
    return [getattr(o, attr) for o in response.context["page"].object_list]


def test_organisation_list_shows_only_approved(client, db):
    OrganisationFactory(name="Approved One")
    OrganisationFactory(name="Pending One", state=OrganisationState.PENDING)
    assert _names(client.get(ORG_LIST)) == ["Approved One"]


def test_organisation_list_filters(client, db):
    cop = OrganisationFactory(name="Network Lisbon", country="PT", is_community_of_practice=True)
    cop.areas.add(area("housing-and-settlement"))
    OrganisationFactory(name="Vienna NGO", country="AT")
    assert _names(client.get(ORG_LIST, {"country": "PT"})) == ["Network Lisbon"]
    assert _names(client.get(ORG_LIST, {"cop": "yes"})) == ["Network Lisbon"]
    assert _names(client.get(ORG_LIST, {"cop": "no"})) == ["Vienna NGO"]
    assert _names(client.get(ORG_LIST, {"area": "housing-and-settlement"})) == ["Network Lisbon"]
    assert _names(client.get(ORG_LIST, {"q": "vienna"})) == ["Vienna NGO"]
    assert _names(client.get(ORG_LIST, {"type": cop.org_type.slug})) == [
        "Network Lisbon",
        "Vienna NGO",
    ]


def test_organisation_list_bad_filter_value_does_not_fail(client, db):
    OrganisationFactory(name="Vienna NGO")
    response = client.get(ORG_LIST, {"country": "XX", "type": "nope", "page": "abc"})
    assert response.status_code == 200


def test_organisation_list_paginated(client, db):
    for n in range(21):
        OrganisationFactory(name=f"Org {n:02d}")
    response = client.get(ORG_LIST, {"page": 2})
    assert _names(response) == ["Org 20"]


def test_member_list_shows_only_public_profiles(client, db):
    UserFactory(full_name="Public Person", is_public=True)
    UserFactory(full_name="Private Person")
    UserFactory(full_name="Inactive Person", is_public=True, is_active=False)
    assert _names(client.get(MEMBER_LIST), "full_name") == ["Public Person"]


def test_member_list_filters(client, db):
    organisation = OrganisationFactory()
    ana = UserFactory(full_name="Ana Silva", country="PT", is_public=True)
    ana.areas.add(area("language-learning"))
    MembershipFactory(user=ana, organisation=organisation)
    UserFactory(full_name="Jan Novak", country="CZ", is_public=True)
    requested = UserFactory(full_name="Requested Rita", is_public=True)
    MembershipFactory(user=requested, organisation=organisation, state=MembershipState.REQUESTED)
    assert _names(client.get(MEMBER_LIST, {"country": "PT"}), "full_name") == ["Ana Silva"]
    assert _names(client.get(MEMBER_LIST, {"area": "language-learning"}), "full_name") == [
        "Ana Silva"
    ]
    assert _names(client.get(MEMBER_LIST, {"organisation": organisation.slug}), "full_name") == [
        "Ana Silva"
    ]
    assert _names(client.get(MEMBER_LIST, {"q": "novak"}), "full_name") == ["Jan Novak"]


def _organisations(n, start=0):
    for i in range(start, start + n):
        org = OrganisationFactory(name=f"Org {i:02d}", is_community_of_practice=i % 2 == 0)
        org.areas.add(area("language-learning"))


def _members(n, start=0):
    organisation = OrganisationFactory()
    for i in range(start, start + n):
        user = UserFactory(full_name=f"Person {i:02d}", is_public=True)
        user.areas.add(area("language-learning"))
        MembershipFactory(user=user, organisation=organisation)


@pytest.mark.parametrize(("url", "make"), [(ORG_LIST, _organisations), (MEMBER_LIST, _members)])
def test_directory_query_count_constant(client, db, django_assert_num_queries, url, make):
    make(1)
    with django_assert_num_queries(QUERIES[url]):
        assert client.get(url).status_code == 200
    make(19, start=1)
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 20


# The organisations' list reads their translations into the reader's language (issue 17).
QUERIES = {ORG_LIST: 6, MEMBER_LIST: 7}
