"""Organisation administrators edit their organisation's page: most fields are
published at once with a history row; a new name or acronym waits for a moderator."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.enums import MembershipRole, OrganisationEditKind, OrganisationState
from members.models import Notification, OrganisationEdit
from members.services import decide_name_change
from spring_portal.models import OrganisationType
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, area
from tests.members.images import jpeg_upload


def _url(organisation):
    return reverse("members:organisation_edit", kwargs={"slug": organisation.slug})


def _data(organisation, **overrides):
    """The form as the page shows it for `organisation`, with `overrides` typed in."""
    data = {
        "name": organisation.name,
        "acronym": organisation.acronym,
        "org_type": organisation.org_type_id,
        "country": str(organisation.country),
        "city": organisation.city,
        "website": organisation.website,
        "contact_email": organisation.contact_email or "hello@example.org",
        "description": organisation.description,
        "areas": [a.pk for a in organisation.areas.all()],
    }
    data.update(overrides)
    return data


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Welcome Network Ghent",
        acronym="WNG",
        contact_email="hello@welcome.example.org",
        website="https://welcome.example.org",
    )


@pytest.fixture
def admin_client(org_admin):
    """Its own client: tests also use the moderator's (the shared `client`)."""
    client = Client()
    client.force_login(org_admin)
    return client


def _edit(client, organisation, **overrides):
    return client.post(_url(organisation), _data(organisation, **overrides))


# Published at once, with history


def test_edit_description_shows_on_public_page_at_once(admin_client, organisation, org_admin):
    anonymous = Client()
    before = anonymous.get(organisation.get_absolute_url())
    assert before["X-Portal-Cache"] == "miss"
    assert anonymous.get(organisation.get_absolute_url())["X-Portal-Cache"] == "hit"

    response = _edit(admin_client, organisation, description="We teach **Dutch** to newcomers.")

    assert response.status_code == 302
    after = anonymous.get(organisation.get_absolute_url())
    assert "<strong>Dutch</strong>" in after.content.decode()
    organisation.refresh_from_db()
    assert organisation.description == "We teach **Dutch** to newcomers."
    edit = OrganisationEdit.objects.get(organisation=organisation)
    assert edit.kind == OrganisationEditKind.PUBLISHED
    assert edit.edited_by == org_admin
    assert edit.changes == {
        "description": {
            "old": "An organisation working on migrant integration.",
            "new": "We teach **Dutch** to newcomers.",
        }
    }


def test_edit_history_lists_each_changed_field(admin_client, organisation):
    other_type = OrganisationType.objects.exclude(pk=organisation.org_type_id).first()
    _edit(
        admin_client,
        organisation,
        website="https://new.example.org",
        country="FR",
        city="Lille",
        org_type=other_type.pk,
        contact_email="team@new.example.org",
        areas=[area("language-learning").pk],
    )
    edit = OrganisationEdit.objects.get(organisation=organisation)
    assert edit.changes == {
        "website": {"old": "https://welcome.example.org", "new": "https://new.example.org"},
        "country": {"old": "BE", "new": "FR"},
        "city": {"old": "Brussels", "new": "Lille"},
        "org_type": {"old": str(organisation.org_type), "new": str(other_type)},
        "contact_email": {"old": "hello@welcome.example.org", "new": "team@new.example.org"},
        "areas": {"old": [], "new": [str(area("language-learning"))]},
    }
    organisation.refresh_from_db()
    assert (organisation.city, str(organisation.country)) == ("Lille", "FR")
    assert list(organisation.areas.all()) == [area("language-learning")]
    page = admin_client.get(_url(organisation)).content.decode()
    assert "Edit history" in page
    assert "https://new.example.org" in page
    assert "France" in page


def test_edit_logo_is_published_and_recorded(admin_client, organisation):
    response = admin_client.post(_url(organisation), _data(organisation, logo=jpeg_upload()))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("organisations/logos/")
    edit = OrganisationEdit.objects.get(organisation=organisation)
    assert edit.changes["logo"] == {"old": "", "new": organisation.logo.name}


def test_edit_without_change_records_nothing(admin_client, organisation):
    response = _edit(admin_client, organisation)
    assert response.status_code == 302
    assert OrganisationEdit.objects.count() == 0


# Who may edit


def test_edit_anonymous_is_sent_to_log_in(client, organisation):
    response = client.get(_url(organisation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_edit_by_ordinary_member_forbidden(client, organisation, org_member):
    client.force_login(org_member)
    assert client.get(_url(organisation)).status_code == 403
    response = _edit(client, organisation, description="Hijacked")
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.description != "Hijacked"
    assert OrganisationEdit.objects.count() == 0


def test_edit_by_outsider_of_hidden_organisation_not_found(member_client):
    hidden = OrganisationFactory(state=OrganisationState.PENDING)
    assert member_client.get(_url(hidden)).status_code == 404


def test_edit_by_moderator_forbidden_on_portal(moderator_client, organisation):
    """Moderators change organisations in the admin, not on the portal page."""
    assert moderator_client.get(_url(organisation)).status_code == 403


@pytest.mark.parametrize("state", [OrganisationState.SUSPENDED, OrganisationState.REJECTED])
def test_edit_of_suspended_or_rejected_organisation_forbidden(db, client, state):
    creator = UserFactory()
    organisation = OrganisationFactory(state=state, created_by=creator)
    MembershipFactory(user=creator, organisation=organisation, role=MembershipRole.ADMIN)
    client.force_login(creator)
    assert client.get(_url(organisation)).status_code == 403
    assert _edit(client, organisation, description="Still here").status_code == 403
    assert OrganisationEdit.objects.count() == 0


def test_edit_link_shown_to_admins_only(client, organisation, org_admin, org_member):
    pages = (organisation.get_absolute_url(), reverse("members:my_organisations"))
    client.force_login(org_admin)
    assert all(_url(organisation) in client.get(page).content.decode() for page in pages)
    client.force_login(org_member)
    assert not any(_url(organisation) in client.get(page).content.decode() for page in pages)


# Bad input


def test_edit_bad_website_shows_message_and_keeps_typed_values(admin_client, organisation):
    response = _edit(admin_client, organisation, website="not a url", city="Antwerp")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["website"] == ["Enter a valid URL."]
    page = response.content.decode()
    assert 'value="not a url"' in page
    assert 'value="Antwerp"' in page
    assert 'id="id_website_error"' in page
    organisation.refresh_from_db()
    assert organisation.city == "Brussels"
    assert OrganisationEdit.objects.count() == 0


def test_edit_too_long_description_shows_message(admin_client, organisation):
    response = _edit(admin_client, organisation, description="x" * 200_000, city="Antwerp")
    assert response.status_code == 200
    [error] = response.context["form"].errors["description"]
    assert "at most" in error
    assert 'value="Antwerp"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.description == "An organisation working on migrant integration."


def test_edit_heading_keeps_saved_name_when_form_refused(admin_client, organisation):
    response = _edit(admin_client, organisation, name="Renamed Network", website="nope")
    assert response.status_code == 200
    assert "<h1>Edit Welcome Network Ghent</h1>" in response.content.decode()


# Name changes go to the moderators


def test_name_change_waits_for_moderator(
    admin_client, organisation, org_admin, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(admin_client, organisation, name="Welcome Network Flanders", acronym="WNF")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.acronym) == ("Welcome Network Ghent", "WNG")
    public = Client().get(organisation.get_absolute_url()).content.decode()
    assert '<h1 lang="en">Welcome Network Ghent</h1>' in public
    request = OrganisationEdit.objects.get(organisation=organisation)
    assert request.kind == OrganisationEditKind.PENDING_NAME
    assert request.changes == {
        "name": {"old": "Welcome Network Ghent", "new": "Welcome Network Flanders"},
        "acronym": {"old": "WNG", "new": "WNF"},
    }
    assert [m.to for m in mailoutbox] == [[moderator.email]]
    page = admin_client.get(_url(organisation)).content.decode()
    assert "Name change waiting for the moderators" in page
    assert "Welcome Network Flanders" in page


def test_name_change_with_other_fields_publishes_those_at_once(admin_client, organisation):
    _edit(admin_client, organisation, name="Welcome Network Flanders", city="Antwerp")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("Welcome Network Ghent", "Antwerp")
    assert sorted(OrganisationEdit.objects.values_list("kind", flat=True)) == [
        OrganisationEditKind.PENDING_NAME,
        OrganisationEditKind.PUBLISHED,
    ]


def test_name_change_to_taken_name_refused_in_place(admin_client, organisation):
    OrganisationFactory(name="Refugee Welcome Belgium")
    response = _edit(admin_client, organisation, name="refugee welcome belgium")
    assert response.status_code == 200
    assert "is already registered" in response.context["form"].errors["name"][0]
    assert OrganisationEdit.objects.count() == 0


def test_name_fields_locked_while_request_waits(admin_client, organisation):
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    response = _edit(admin_client, organisation, name="Another Name", description="New text")
    assert response.status_code == 302
    assert OrganisationEdit.objects.pending_names().get().requested_name == (
        "Welcome Network Flanders"
    )
    organisation.refresh_from_db()
    assert organisation.name == "Welcome Network Ghent"
    assert organisation.description == "New text"


def test_name_change_request_visible_in_admin(moderator_client, admin_client, organisation):
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    request = OrganisationEdit.objects.get()
    changelist = moderator_client.get(
        reverse("admin:members_organisationedit_changelist") + "?kind=pending_name"
    )
    assert "Welcome Network Flanders" in changelist.content.decode()
    organisation_page = moderator_client.get(
        reverse("admin:members_organisation_change", args=[organisation.pk])
    )
    assert "Welcome Network Flanders" in organisation_page.content.decode()
    change_page = moderator_client.get(
        reverse("admin:members_organisationedit_change", args=[request.pk])
    ).content.decode()
    assert 'name="_approve_name"' in change_page
    assert 'name="_refuse_name"' in change_page


def test_moderator_approves_name_change_requester_emailed(
    moderator_client,
    admin_client,
    organisation,
    org_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    org_admin.language = "fr"
    org_admin.save(update_fields=["language"])
    _edit(admin_client, organisation, name="Welcome Network Flanders", acronym="WNF")
    request = OrganisationEdit.objects.get()
    anonymous = Client()
    anonymous.get(organisation.get_absolute_url())  # cached with the old name
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:members_organisationedit_change", args=[request.pk]),
            {"message": "Welcome to your new name.", "_approve_name": "1"},
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.acronym) == ("Welcome Network Flanders", "WNF")
    request.refresh_from_db()
    assert request.kind == OrganisationEditKind.APPROVED
    assert request.message == "Welcome to your new name."
    assert (
        '<h1 lang="en">Welcome Network Flanders</h1>'
        in anonymous.get(organisation.get_absolute_url()).content.decode()
    )
    [email] = mailoutbox
    assert email.to == [org_admin.email]
    assert "Welcome Network Flanders" in email.body
    assert "Welcome to your new name." in email.body
    assert "SPRING" in email.body
    notification = Notification.objects.get(recipient=org_admin)
    assert "Welcome Network Ghent" in notification.title
    with translation.override("fr"):
        assert notification.url == _url(organisation)  # in the member's language


def test_moderator_refuses_name_change_name_unchanged_requester_told(
    moderator_client,
    admin_client,
    organisation,
    org_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    request = OrganisationEdit.objects.get()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:members_organisationedit_change", args=[request.pk]),
            {"message": "Please keep the registered name.", "_refuse_name": "1"},
        )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Welcome Network Ghent"
    request.refresh_from_db()
    assert request.kind == OrganisationEditKind.REFUSED
    [email] = mailoutbox
    assert email.to == [org_admin.email]
    assert "refused" in email.subject
    assert "Please keep the registered name." in email.body
    assert "was refused" in Notification.objects.get(recipient=org_admin).title
    # Once decided, another name can be asked for.
    assert (
        "_refuse_name"
        not in moderator_client.get(
            reverse("admin:members_organisationedit_change", args=[request.pk])
        ).content.decode()
    )


def test_name_change_approved_email_in_requester_language(
    moderator, admin_client, organisation, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    org_admin.language = "fr"
    org_admin.save(update_fields=["language"])
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide_name_change(OrganisationEdit.objects.get(), OrganisationEditKind.APPROVED, moderator)
    [email] = mailoutbox
    assert "The SPRING portal" not in email.body


def test_name_change_decided_twice_refused(moderator, admin_client, organisation):
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    request = OrganisationEdit.objects.get()
    decide_name_change(request, OrganisationEditKind.REFUSED, moderator)
    with pytest.raises(Exception, match="already been decided"):
        decide_name_change(request, OrganisationEditKind.APPROVED, moderator)
    organisation.refresh_from_db()
    assert organisation.name == "Welcome Network Ghent"


def test_name_change_decision_needs_a_moderator(admin_client, organisation, org_admin):
    from django.core.exceptions import PermissionDenied

    _edit(admin_client, organisation, name="Welcome Network Flanders")
    with pytest.raises(PermissionDenied):
        decide_name_change(OrganisationEdit.objects.get(), OrganisationEditKind.APPROVED, org_admin)


def test_approval_refused_when_name_taken_meanwhile(moderator_client, admin_client, organisation):
    _edit(admin_client, organisation, name="Welcome Network Flanders")
    request = OrganisationEdit.objects.get()
    OrganisationFactory(name="Welcome Network Flanders")
    response = moderator_client.post(
        reverse("admin:members_organisationedit_change", args=[request.pk]),
        {"message": "", "_approve_name": "1"},
        follow=True,
    )
    assert "is already registered" in response.content.decode()
    request.refresh_from_db()
    assert request.kind == OrganisationEditKind.PENDING_NAME
    organisation.refresh_from_db()
    assert organisation.name == "Welcome Network Ghent"


def test_history_visible_read_only_in_admin(moderator_client, admin_client, organisation):
    _edit(admin_client, organisation, description="Fresh text")
    page = moderator_client.get(
        reverse("admin:members_organisation_change", args=[organisation.pk])
    ).content.decode()
    assert "Edit history" in page
    assert "Fresh text" in page
    assert 'name="edits-0-kind"' not in page


def test_edit_logo_removal_recorded(admin_client, organisation):
    admin_client.post(_url(organisation), _data(organisation, logo=jpeg_upload()))
    organisation.refresh_from_db()
    stored = organisation.logo.name
    response = admin_client.post(_url(organisation), _data(organisation, **{"logo-clear": "on"}))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name == ""
    latest = OrganisationEdit.objects.first()
    assert latest.changes == {"logo": {"old": stored, "new": ""}}
    assert ("Logo", "", "Logo removed") in latest.change_rows()


def test_admin_list_action_approves_name_changes(
    moderator_client, admin_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

    _edit(admin_client, organisation, name="Welcome Network Flanders")
    request = OrganisationEdit.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("admin:members_organisationedit_changelist"),
            {"action": "approve_name_changes", ACTION_CHECKBOX_NAME: [request.pk]},
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Welcome Network Flanders"
    assert [m.to for m in mailoutbox][-1] == [request.edited_by.email]
