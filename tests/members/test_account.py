import json
import re

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from members.enums import MembershipState, OrganisationState
from members.forms import EU_EEA, ProfileForm
from members.models import Membership, Organisation, User
from members.stats import community_figures
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory, area
from tests.members.images import jpeg_upload

PROFILE_URL = reverse("members:profile_edit")


def test_signup_records_consent_and_sends_verification(client, db, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "amira@example.org",
            "password1": "a-long-unusual-passphrase-17",
            "password2": "a-long-unusual-passphrase-17",
            "privacy_consent": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="amira@example.org")
    assert user.privacy_consent_at is not None
    assert user.privacy_consent_version == "2026-11"
    assert user.is_public is False
    assert "confirm-email" in mailoutbox[0].body


def test_signup_without_consent_refused(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "amira@example.org",
            "password1": "a-long-unusual-passphrase-17",
            "password2": "a-long-unusual-passphrase-17",
        },
    )
    assert response.status_code == 200
    assert "privacy_consent" in response.context["form"].errors
    assert not User.objects.filter(email="amira@example.org").exists()


def test_signup_common_password_refused(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "amira@example.org",
            "password1": "password123",
            "password2": "password123",
            "privacy_consent": "on",
        },
    )
    assert "password1" in response.context["form"].errors


def test_first_login_redirects_to_profile_completion(client, db):
    user = UserFactory(profile_completed_at=None)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == PROFILE_URL


def test_profile_form_country_lists_eu_eea_first(db):
    choices = ProfileForm().fields["country"].choices
    first_group_label, first_group = choices[1]
    assert str(first_group_label) == "EU and EEA"
    assert {code for code, _ in first_group} == EU_EEA


def test_profile_completion_saves_and_requests_membership(member_client, member):
    organisation = OrganisationFactory()
    response = member_client.post(
        PROFILE_URL,
        {
            "full_name": "Amira Haddad",
            "job_title": "Social worker",
            "organisation": organisation.pk,
            "country": "FR",
            "city": "Lyon",
            "areas": [area("language-learning").pk],
            "languages": "French, Arabic",
            "bio": "I support newly arrived families.",
            "photo": jpeg_upload(),
            "website": "https://example.org",
            "linkedin": "",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.full_name == "Amira Haddad"
    assert member.profile_completed_at is not None
    assert member.is_public is False
    assert member.photo.name.endswith(".jpg")
    assert Membership.objects.get(user=member).state == MembershipState.REQUESTED


def test_profile_form_errors_keep_input(member_client):
    response = member_client.post(
        PROFILE_URL, {"full_name": "", "city": "Lyon", "website": "not a url"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Lyon"' in content
    assert 'aria-describedby="id_website_error"' in content
    assert 'aria-describedby="id_full_name_error"' in content


def test_profile_requires_login(client, db):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302


def test_preferences_saved(member_client, member):
    response = member_client.post(
        reverse("members:account_preferences"), {"digest_frequency": "weekly"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.digest_frequency, member.notify_decisions) == ("weekly", False)


def test_data_download_is_json_with_everything(member_client, member):
    MembershipFactory(user=member)
    response = member_client.post(reverse("members:account_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert data["consents"][0]["version"] == "2026-11"
    assert len(data["memberships"]) == 1
    assert data["email_addresses"][0]["verified"] is True


def test_account_delete_wrong_password_keeps_account(member_client, member):
    response = member_client.post(reverse("members:account_delete"), {"password": "nope"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=member.pk).exists()


def test_account_delete_removes_personal_data_keeps_organisation(member_client, member):
    other_session = Client()
    other_session.force_login(member)
    organisation = OrganisationFactory(created_by=member, state=OrganisationState.PENDING)
    response = member_client.post(reverse("members:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    organisation.refresh_from_db()
    assert organisation.created_by is None
    assert SESSION_KEY not in member_client.session
    # The other device is logged out too: the account no longer exists.
    assert other_session.get(PROFILE_URL).status_code == 302


def test_join_page_shows_community_figures(client, db):
    UserFactory(country="PT")
    UserFactory(country="AT")
    UserFactory(country="AT")
    OrganisationFactory(is_community_of_practice=True)
    response = client.get(reverse("members:join"))
    content = response.content.decode()
    figures = community_figures()
    assert figures["countries"] == len(
        set(
            User.objects.filter(is_staff=False)
            .exclude(country="")
            .values_list("country", flat=True)
        )
    )
    assert figures["communities"] == 1
    expected = f"{figures['members']} members from {figures['countries']} countries"
    assert expected in re.sub(r"\s+", " ", content)
    assert "Who should join?" in content


def test_join_figures_ignore_staff_and_pending_organisations(db):
    UserFactory(is_staff=True, country="IT")
    OrganisationFactory(state=OrganisationState.PENDING)
    figures = community_figures()
    assert figures["organisations"] == Organisation.objects.approved().count()
    assert figures["members"] == User.objects.filter(is_staff=False).count()
