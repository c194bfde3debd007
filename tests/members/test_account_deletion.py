"""Deleting an account: registrations, content, files and organisations left behind."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from events.enums import RegistrationStatus
from events.models import Event, Registration
from events.services import register
from hub.models import Document
from members import services
from members.enums import MembershipRole, OrganisationState
from members.models import Invitation, Membership, Organisation, User
from practices.models import Practice, PracticeImage
from spring_portal.moderation import ModerationState, transition
from tests.events.factories import PortalEventFactory
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory, area
from tests.hub.factories import DraftDocumentFactory, pdf_upload
from tests.members.images import jpeg_upload
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory, image_upload

S = ModerationState
DELETE_URL = reverse("members:account_delete")
PROFILE_URL = reverse("members:profile_edit")


def _delete(client):
    return client.post(DELETE_URL, {"password": PASSWORD})


# Event registrations


@pytest.mark.django_db
def test_delete_account_gives_place_to_first_waiting(
    member_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    event = PortalEventFactory(capacity=1)
    register(event, member)
    waiting = UserFactory()
    register(event, waiting)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(member_client)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.registered_count == 1
    assert Registration.objects.get(event=event).user == waiting
    assert Registration.objects.get(event=event).status == RegistrationStatus.REGISTERED
    [mail] = mailoutbox
    assert mail.to == [waiting.email]
    assert "A place is yours" in mail.subject


@pytest.mark.django_db
def test_delete_account_recounts_event_under_way(member):
    now = timezone.now()
    event = PortalEventFactory(
        capacity=5, start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
    )
    Registration.objects.create(event=event, user=member, status=RegistrationStatus.REGISTERED)
    Event.objects.filter(pk=event.pk).update(registered_count=1)
    services.delete_account(member)
    event.refresh_from_db()
    assert event.registered_count == 0


# Contact details on published content


@pytest.mark.django_db
def test_delete_account_clears_contact_on_individual_practice(client, member):
    member.full_name = "Amira Haddad"
    member.save(update_fields=["full_name"])
    practice = PublishedPracticeFactory(
        created_by=member, contact_name="Amira Haddad", contact_email=member.email
    )
    services.delete_account(member)
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_email) == ("", "")
    assert practice.created_by is None
    page = client.get(practice.get_absolute_url())
    assert page.status_code == 200
    assert member.email not in page.content.decode()
    assert "Amira Haddad" not in page.content.decode()


@pytest.mark.django_db
def test_delete_account_replaces_contact_with_organisation_contact(member):
    organisation = OrganisationFactory(contact_email="info@welcome.example")
    practice = PublishedPracticeFactory(
        created_by=member,
        organisation=organisation,
        contact_name="Whoever",
        contact_email=member.email.upper(),
    )
    services.delete_account(member)
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_email) == (
        organisation.name,
        "info@welcome.example",
    )


@pytest.mark.django_db
def test_delete_account_clears_contact_on_practice_written_by_someone_else(member):
    practice = PublishedPracticeFactory(contact_name="A. H.", contact_email=member.email)
    other = PublishedPracticeFactory(contact_name="Ana Example", contact_email="ana@example.org")
    services.delete_account(member)
    practice.refresh_from_db()
    other.refresh_from_db()
    assert (practice.contact_name, practice.contact_email) == ("", "")
    assert (other.contact_name, other.contact_email) == ("Ana Example", "ana@example.org")


@pytest.mark.django_db
def test_delete_account_clears_organisation_contact_email_and_invitations(member):
    organisation = OrganisationFactory(contact_email=member.email)
    Invitation.objects.create(organisation=organisation, email=member.email.upper())
    services.delete_account(member)
    organisation.refresh_from_db()
    assert organisation.contact_email == ""
    assert not Invitation.objects.exists()


# Drafts and never-published submissions


@pytest.fixture
def _filesystem_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.mark.django_db
@pytest.mark.usefixtures("_filesystem_storage")
def test_delete_account_deletes_unpublished_submissions_with_files(
    member, django_capture_on_commit_callbacks
):
    draft = PracticeFactory(created_by=member, state=S.DRAFT)
    draft_image = PracticeImage.objects.create(practice=draft, image=image_upload(), alt_text="x")
    rejected = PracticeFactory(created_by=member, state=S.REJECTED)
    returned = PracticeFactory(created_by=member, state=S.CHANGES_REQUESTED)
    document = DraftDocumentFactory(created_by=member, state=S.SUBMITTED, file=pdf_upload())
    event = PortalEventFactory(created_by=member, state=S.SUBMITTED, published_at=None)
    published = PublishedPracticeFactory(created_by=member)
    image_name, document_name = draft_image.image.name, document.file.name
    assert default_storage.exists(image_name) and default_storage.exists(document_name)

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(member)

    assert list(Practice.objects.all()) == [published]
    assert not Practice.objects.filter(pk__in=[draft.pk, rejected.pk, returned.pk]).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not default_storage.exists(image_name)
    assert not default_storage.exists(document_name)


@pytest.mark.django_db
@pytest.mark.usefixtures("_filesystem_storage")
def test_delete_account_keeps_files_shared_with_published_practice(
    member, django_capture_on_commit_callbacks
):
    published = PublishedPracticeFactory(created_by=member)
    image = PracticeImage.objects.create(practice=published, image=image_upload(), alt_text="x")
    revision = published.create_revision(member)
    assert revision.images.get().image.name == image.image.name

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(member)

    assert not Practice.objects.filter(pk=revision.pk).exists()
    assert published.images.get() == image
    assert default_storage.exists(image.image.name)


# Published content without an author


@pytest.mark.django_db
def test_published_practice_without_author_editable_by_organisation_admin_and_moderator(
    client, member, moderator_client
):
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=organisation, role=MembershipRole.ADMIN)
    practice = PublishedPracticeFactory(created_by=member, organisation=organisation)
    services.delete_account(member)
    practice.refresh_from_db()
    assert practice.created_by is None
    assert practice.is_author(colleague)
    assert client.get(practice.get_absolute_url()).status_code == 200
    change = reverse("admin:practices_practice_change", args=[practice.pk])
    assert moderator_client.get(change).status_code == 200
    changelist = reverse("admin:practices_practice_changelist")
    assert moderator_client.get(changelist).status_code == 200


# Photos and logos


@pytest.mark.django_db
@pytest.mark.usefixtures("_filesystem_storage")
def test_replaced_profile_photo_deleted_from_storage(
    member_client, member, django_capture_on_commit_callbacks
):
    data = {
        "full_name": "Amira Haddad",
        "country": "FR",
        "areas": [area("language-learning").pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(PROFILE_URL, {**data, "photo": jpeg_upload()})
    member.refresh_from_db()
    first = member.photo.name
    assert default_storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(PROFILE_URL, {**data, "photo": jpeg_upload()})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.photo.name != first
    assert default_storage.exists(member.photo.name)
    assert not default_storage.exists(first)


@pytest.mark.django_db
@pytest.mark.usefixtures("_filesystem_storage")
def test_cleared_photo_deleted_and_account_deletion_removes_photo(
    member, django_capture_on_commit_callbacks
):
    member.photo = jpeg_upload()
    member.save()
    first = member.photo.name
    member = User.objects.get(pk=member.pk)
    with django_capture_on_commit_callbacks(execute=True):
        member.photo = ""
        member.save()
    assert not default_storage.exists(first)
    member.photo = jpeg_upload()
    member.save()
    second = member.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_account(member)
    assert not default_storage.exists(second)


@pytest.mark.django_db
@pytest.mark.usefixtures("_filesystem_storage")
def test_replaced_and_deleted_organisation_logo_removed_from_storage(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory(logo=jpeg_upload())
    first = organisation.logo.name
    organisation = Organisation.objects.get(pk=organisation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.logo = jpeg_upload()
        organisation.save()
    second = organisation.logo.name
    assert not default_storage.exists(first)
    assert default_storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    assert not default_storage.exists(second)


# Organisations left without an administrator


@pytest.mark.django_db
def test_delete_last_admin_promotes_longest_standing_member(
    member_client, member, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    oldest = MembershipFactory(organisation=organisation)
    MembershipFactory(organisation=organisation)
    page = member_client.get(DELETE_URL)
    assert page.context["handovers"] == [(organisation, oldest)]
    with django_capture_on_commit_callbacks(execute=True):
        response = _delete(member_client)
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    oldest.refresh_from_db()
    assert oldest.role == MembershipRole.ADMIN
    [mail] = mailoutbox
    assert mail.to == [oldest.user.email]
    assert organisation.name in mail.subject
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.APPROVED


@pytest.mark.django_db
def test_delete_only_member_leaves_organisation_without_admin(member, moderator):
    organisation = OrganisationFactory(created_by=member)
    MembershipFactory(user=member, organisation=organisation, role=MembershipRole.ADMIN)
    services.delete_account(member)
    organisation.refresh_from_db()
    assert organisation.state == OrganisationState.NO_ADMIN
    [change] = organisation.history()
    assert (change.from_state, change.to_state) == (
        OrganisationState.APPROVED,
        OrganisationState.NO_ADMIN,
    )
    assert change.actor is None
    assert "last administrator deleted their account" in change.message

    newcomer = UserFactory()
    with pytest.raises(ValidationError):
        services.request_membership(newcomer, organisation)
    with pytest.raises(ValidationError):
        transition(organisation, OrganisationState.APPROVED, moderator)
    Membership.objects.create(
        user=newcomer, organisation=organisation, role=MembershipRole.ADMIN, state="active"
    )
    transition(organisation, OrganisationState.APPROVED, moderator)
    assert organisation.state == OrganisationState.APPROVED


@pytest.mark.django_db
def test_admin_user_deletion_runs_account_deletion(client, db):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    member = UserFactory()
    event = PortalEventFactory(capacity=1)
    register(event, member)
    waiting = UserFactory()
    register(event, waiting)
    response = client.post(reverse("admin:members_user_delete", args=[member.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert Registration.objects.get(event=event, user=waiting).status == (
        RegistrationStatus.REGISTERED
    )


@pytest.mark.django_db
def test_privacy_notice_and_delete_page_say_what_happens(client, member_client):
    privacy = client.get(reverse("privacy")).content.decode()
    assert "Drafts and submissions that were never published are deleted" in privacy
    assert "public contact when there is one" in privacy
    page = member_client.get(DELETE_URL).content.decode()
    assert "your place goes to the first person on the waiting list" in page
