import pytest
from django.urls import reverse

from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Membership, Organisation
from spring_portal.models import OrganisationType, StateChange
from spring_portal.moderation import transition
from tests.factories import OrganisationFactory, UserFactory, area
from tests.members.images import jpeg_upload

REGISTER_URL = reverse("members:organisation_register")


def _data(**overrides):
    data = {
        "name": "Welcome Network Ghent",
        "acronym": "WNG",
        "org_type": OrganisationType.objects.order_by("position").first().pk,
        "is_community_of_practice": "on",
        "country": "BE",
        "city": "Ghent",
        "website": "https://welcome.example.org",
        "contact_email": "hello@welcome.example.org",
        "description": "A network of volunteers welcoming newcomers.",
        "areas": [area("language-learning").pk],
    }
    data.update(overrides)
    return data


def test_register_organisation_creates_pending_record(
    member_client, member, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(REGISTER_URL, _data(logo=jpeg_upload()))
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Welcome Network Ghent")
    assert organisation.state == OrganisationState.PENDING
    assert organisation.created_by == member
    assert organisation.slug == "welcome-network-ghent"
    assert organisation.is_community_of_practice is True
    assert list(organisation.areas.values_list("slug", flat=True)) == ["language-learning"]
    assert organisation.logo.name.startswith("organisations/logos/")
    assert organisation.logo.name.endswith(".jpg")
    change = StateChange.objects.get(object_id=organisation.pk)
    assert (change.from_state, change.to_state, change.actor) == ("draft", "pending", member)
    assert [m.to for m in mailoutbox] == [[moderator.email]]


def test_register_organisation_name_unique_case_insensitively(member_client):
    OrganisationFactory(name="Welcome Network Ghent")
    response = member_client.post(REGISTER_URL, _data(name="  welcome NETWORK   ghent "))
    assert response.status_code == 200
    assert "is already registered" in response.context["form"].errors["name"][0]
    assert Organisation.objects.filter(name__iexact="welcome network ghent").count() == 1
    # What was typed is kept.
    assert 'value="Ghent"' in response.content.decode()


def test_register_organisation_missing_fields_shows_errors_next_to_fields(member_client):
    response = member_client.post(REGISTER_URL, {"name": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-describedby="id_name_error"' in content
    assert set(response.context["form"].errors) >= {"name", "org_type", "country", "description"}


def test_register_organisation_refuses_non_image_logo(member_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    logo = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = member_client.post(REGISTER_URL, _data(logo=logo))
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Welcome Network Ghent").exists()


def test_register_organisation_anonymous_redirected_to_login(client, db):
    response = client.get(REGISTER_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_register_organisation_unverified_member_sent_to_email_page(client, db):
    user = UserFactory(verified=False)
    client.force_login(user)
    response = client.get(REGISTER_URL)
    assert response.status_code == 302
    assert response.url == reverse("account_email")


@pytest.mark.parametrize("state", [OrganisationState.PENDING, OrganisationState.REJECTED])
def test_organisation_detail_not_public_is_404_for_anonymous_and_others(client, member, state):
    organisation = OrganisationFactory(state=state)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_organisation_detail_pending_visible_to_requester_and_moderator(client, moderator):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    client.force_login(organisation.created_by)
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert "not public yet" in response.content.decode()
    client.force_login(moderator)
    assert client.get(organisation.get_absolute_url()).status_code == 200


def test_organisation_detail_lists_only_public_members(client, organisation):
    from tests.factories import MembershipFactory

    MembershipFactory(
        organisation=organisation, user=UserFactory(full_name="Ana Public", is_public=True)
    )
    MembershipFactory(organisation=organisation, user=UserFactory(full_name="Bo Hidden"))
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "Ana Public" in content
    assert "Bo Hidden" not in content


def test_approval_makes_requester_first_admin_and_emails_them(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(state=OrganisationState.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        transition(organisation, OrganisationState.APPROVED, moderator)
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user == organisation.created_by
    assert (membership.role, membership.state) == (MembershipRole.ADMIN, MembershipState.ACTIVE)
    assert mailoutbox[-1].to == [organisation.created_by.email]


def test_decision_email_skipped_when_requester_opted_out(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    requester = UserFactory(notify_decisions=False)
    organisation = OrganisationFactory(state=OrganisationState.PENDING, created_by=requester)
    with django_capture_on_commit_callbacks(execute=True):
        transition(organisation, OrganisationState.APPROVED, moderator)
    assert mailoutbox == []


def test_my_organisations_shows_state(member_client, member):
    OrganisationFactory(name="Pending Partners", state=OrganisationState.PENDING, created_by=member)
    response = member_client.get(reverse("members:my_organisations"))
    content = response.content.decode()
    assert "Pending Partners" in content
    assert "Pending approval" in content


def test_moderators_subject_for_a_new_organisation_is_in_sentence_case(
    moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """Regression: the subject read "New Organisation waiting for review"."""
    organisation = OrganisationFactory(state=OrganisationState.DRAFT, name="Casa Ghent")
    with django_capture_on_commit_callbacks(execute=True):
        transition(organisation, OrganisationState.PENDING, organisation.created_by)
    [mail] = [m for m in mailoutbox if moderator.email in m.to]
    assert "New organisation waiting for review: “Casa Ghent”" in mail.subject


def test_register_organisation_losing_a_race_for_the_name_gets_the_form_message(
    member_client, monkeypatch
):
    """Regression: two requests for one name at once both passed the form's check, and
    the second hit the unique index: a 500."""
    from members.forms import OrganisationForm

    OrganisationFactory(name="Welcome Network Ghent")
    # As if the other request had inserted its row after this form checked the name.
    monkeypatch.setattr(OrganisationForm, "clean_name", lambda form: form.cleaned_data["name"])
    monkeypatch.setattr(Organisation, "validate_constraints", lambda self, exclude=None: None)
    response = member_client.post(REGISTER_URL, _data(name="welcome network ghent"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "is already registered" in " ".join(errors.get("name", [])), errors
    assert Organisation.objects.filter(name__iexact="welcome network ghent").count() == 1
