import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    "name",
    [
        "members:join",
        "members:organisation_list",
        "members:member_list",
        "account_signup",
        "account_login",
        "account_reset_password",
    ],
)
def test_public_page_renders(client, db, name):
    OrganisationFactory()
    response = client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "members:profile_edit",
        "members:my_organisations",
        "members:account_preferences",
        "members:account_data",
        "members:account_delete",
        "members:organisation_register",
        "account_email",
        "account_change_password",
    ],
)
def test_account_page_renders_for_member(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200
