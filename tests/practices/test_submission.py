"""Submission form, drafts, review, uploads, rate limits, my submissions, revisions."""

import io
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from PIL import Image

from hub.models import Call
from practices import services
from practices.models import Practice, PracticeImage
from spring_portal import ratelimit
from spring_portal.models import IntegrationArea, TargetGroup
from spring_portal.moderation import ModerationState, transition
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.practices.factories import (
    PracticeFactory,
    PublishedPracticeFactory,
    image_upload,
    pdf_upload,
)

S = ModerationState
SUBMIT_URL = reverse("practices:submit")


def complete_data(**extra):
    data = {
        "title": "Belgium: Language café – Example",
        "summary": "Weekly language practice.",
        "description": "Volunteers and newcomers meet.",
        "language": "en",
        "countries": ["BE"],
        "geographic_scope": "local",
        "areas": [IntegrationArea.objects.get(slug="language-learning").pk],
        "target_groups": [TargetGroup.objects.get(slug="women").pk],
        "start_date": "2022-01-01",
        "is_ongoing": "on",
        "outcomes": "More confidence.",
        "evaluation_type": "internal",
        "contact_name": "Ana",
        "contact_email": "ana@example.org",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_submit_form_requires_login(client):
    response = client.get(SUBMIT_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_submit_form_requires_verified_email(client):
    client.force_login(UserFactory(verified=False))
    response = client.get(SUBMIT_URL)
    assert response.status_code == 302


@pytest.mark.django_db
def test_save_draft_with_only_a_title(member_client, member):
    response = member_client.post(
        SUBMIT_URL,
        {
            "title": "Just a start",
            "action": "draft",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert (practice.title, practice.state, practice.created_by) == (
        "Just a start",
        S.DRAFT,
        member,
    )


@pytest.mark.django_db
def test_save_draft_with_nothing_at_all(member_client):
    response = member_client.post(SUBMIT_URL, complete_data(title="", summary="", action="draft"))
    assert response.status_code == 302
    assert Practice.objects.get().slug == "practice"


@pytest.mark.django_db
def test_submit_incomplete_lists_every_missing_field_and_keeps_draft(member_client):
    response = member_client.post(
        SUBMIT_URL, {**complete_data(summary="", areas=[], outcomes=""), "action": "submit"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"summary", "areas", "outcomes"} <= set(form.errors)
    practice = Practice.objects.get()
    assert practice.state == S.DRAFT
    assert practice.title == "Belgium: Language café – Example"


@pytest.mark.django_db
def test_submit_complete_moves_to_submitted(member_client, member):
    response = member_client.post(SUBMIT_URL, {**complete_data(), "action": "submit"})
    assert response.status_code == 302
    assert response["Location"] == reverse("practices:mine")
    practice = Practice.objects.get()
    assert practice.state == S.SUBMITTED
    assert practice.history()[0].actor == member


@pytest.mark.django_db
def test_submit_on_behalf_of_organisation_member_belongs_to(member_client, member):
    org = MembershipFactory(user=member).organisation
    member_client.post(SUBMIT_URL, {**complete_data(organisation=org.pk), "action": "draft"})
    assert Practice.objects.get().organisation == org


@pytest.mark.django_db
def test_submit_for_organisation_member_does_not_belong_to_is_refused(member_client):
    org = OrganisationFactory()
    response = member_client.post(
        SUBMIT_URL, {**complete_data(organisation=org.pk), "action": "draft"}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_submit_from_call_links_the_call(member_client):
    import datetime

    today = datetime.date.today()
    call = Call.objects.create(
        title="Call 2026",
        slug="call-2026",
        text="Submit",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=30),
    )
    response = member_client.get(SUBMIT_URL, {"call": "call-2026"})
    assert response.context["form"].initial.get("call") == call.pk or (
        response.context["form"]["call"].value() == call.pk
    )
    member_client.post(SUBMIT_URL, {**complete_data(call=call.pk), "action": "draft"})
    assert Practice.objects.get().call == call


@pytest.mark.django_db
def test_invalid_upload_keeps_every_other_field(member_client):
    data = complete_data(
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-alt_text": "A photo",
            "images-0-image": io.BytesIO(b"not an image"),
            "action": "draft",
        }
    )
    data["images-0-image"].name = "fake.jpg"
    response = member_client.post(SUBMIT_URL, data)
    assert response.status_code == 200
    assert "image" in response.context["images"].forms[0].errors
    html = response.content.decode()
    assert 'value="Belgium: Language café – Example"' in html
    assert "Weekly language practice." in html
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_image_without_alt_text_is_refused(member_client):
    data = complete_data(
        **{"images-TOTAL_FORMS": "1", "images-0-image": image_upload(), "action": "draft"}
    )
    response = member_client.post(SUBMIT_URL, data)
    assert "alt_text" in response.context["images"].forms[0].errors


@pytest.mark.django_db
def test_image_upload_is_reencoded_resized_without_exif(member_client):
    data = complete_data(
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": image_upload(size=(3000, 2000), exif=True),
            "images-0-alt_text": "Women at the community centre",
            "action": "draft",
        }
    )
    member_client.post(SUBMIT_URL, data)
    stored = PracticeImage.objects.get()
    with Image.open(stored.image.path) as image:
        assert max(image.size) == 1600
        assert not image.getexif()


@pytest.mark.django_db
def test_seventh_image_is_refused(member_client, member):
    practice = PracticeFactory(created_by=member)
    for _ in range(6):
        PracticeImage.objects.create(practice=practice, image=image_upload(), alt_text="x")
    data = complete_data(
        **{
            "images-TOTAL_FORMS": "7",
            "images-INITIAL_FORMS": "6",
            "action": "draft",
        }
    )
    for index, image in enumerate(practice.images.all()):
        data[f"images-{index}-id"] = image.pk
        data[f"images-{index}-alt_text"] = "x"
    data["images-6-image"] = image_upload()
    data["images-6-alt_text"] = "seventh"
    response = member_client.post(reverse("practices:edit", args=[practice.pk]), data)
    assert response.status_code == 200
    assert practice.images.count() == 6


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"%PDF-1.4 but no structure", b"MZ\x90\x00"],
)
def test_document_that_is_not_a_pdf_is_refused(member_client, content):
    data = complete_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-file": pdf_upload(content=content),
            "documents-0-title": "Report",
            "action": "draft",
        }
    )
    response = member_client.post(SUBMIT_URL, data)
    assert "file" in response.context["documents"].forms[0].errors


@pytest.mark.django_db
def test_pdf_document_is_accepted(member_client):
    data = complete_data(
        **{
            "documents-TOTAL_FORMS": "1",
            "documents-0-file": pdf_upload(),
            "documents-0-title": "Report",
            "action": "draft",
        }
    )
    member_client.post(SUBMIT_URL, data)
    assert Practice.objects.get().documents.get().title == "Report"


@pytest.mark.django_db
def test_submissions_are_rate_limited(member_client, monkeypatch):
    monkeypatch.setitem(ratelimit.LIMITS, "practices:create", 2)
    for _ in range(2):
        assert member_client.post(SUBMIT_URL, complete_data(action="draft")).status_code == 302
    response = member_client.post(SUBMIT_URL, complete_data(action="draft"))
    assert response.status_code == 200
    assert "limit" in str(response.context["form"].non_field_errors())
    assert Practice.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [("author", 200), ("other_member", 404), ("moderator_not_author", 403)],
)
def test_edit_access(client, moderator, role, status):
    practice = PracticeFactory()
    user = {
        "author": practice.created_by,
        "other_member": UserFactory(),
        "moderator_not_author": moderator,
    }[role]
    client.force_login(user)
    assert client.get(reverse("practices:edit", args=[practice.pk])).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.SUBMITTED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN])
def test_edit_while_waiting_or_decided_is_forbidden(client, state):
    practice = PracticeFactory(state=state)
    client.force_login(practice.created_by)
    assert client.get(reverse("practices:edit", args=[practice.pk])).status_code == 403


@pytest.mark.django_db
def test_org_admin_can_edit_organisation_practice(client):
    org = OrganisationFactory()
    practice = PracticeFactory(organisation=org)
    client.force_login(MembershipFactory(organisation=org, role="admin").user)
    assert client.get(reverse("practices:edit", args=[practice.pk])).status_code == 200


@pytest.mark.django_db
def test_edit_published_creates_revision_and_keeps_published_version(client, moderator):
    practice = PublishedPracticeFactory(title="Original title")
    client.force_login(practice.created_by)
    response = client.get(reverse("practices:edit", args=[practice.pk]))
    revision = Practice.objects.get(revision_of=practice)
    assert response["Location"] == reverse("practices:edit", args=[revision.pk])
    client.post(
        reverse("practices:edit", args=[revision.pk]),
        {**complete_data(title="Improved title"), "action": "submit"},
    )
    revision.refresh_from_db()
    assert revision.state == S.SUBMITTED
    assert client.get(practice.get_absolute_url()).context["practice"].title == "Original title"
    # A second edit reuses the open revision.
    client.get(reverse("practices:edit", args=[practice.pk]))
    assert Practice.objects.filter(revision_of=practice).count() == 1

    transition(revision, S.PUBLISHED, moderator)
    practice.refresh_from_db()
    assert practice.title == "Improved title"
    assert practice.state == S.PUBLISHED
    assert list(Practice.objects.published()) == [practice]


@pytest.mark.django_db
def test_my_submissions_shows_public_messages_not_internal_notes(client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    transition(
        practice,
        S.CHANGES_REQUESTED,
        moderator,
        message="Please add outcomes.",
        internal_note="Looks weak, between us.",
    )
    client.force_login(practice.created_by)
    html = client.get(reverse("practices:mine")).content.decode()
    assert "Please add outcomes." in html
    assert "between us" not in html
    assert "Changes requested" in html


@pytest.mark.django_db
def test_my_submissions_lists_only_own(client, member):
    PracticeFactory(created_by=member, title="Mine")
    PracticeFactory(title="Someone else's")
    client.force_login(member)
    practices = client.get(reverse("practices:mine")).context["practices"]
    assert [p.title for p in practices] == ["Mine"]


@pytest.mark.django_db
def test_withdraw_before_decision(client):
    practice = PracticeFactory(state=S.SUBMITTED)
    client.force_login(practice.created_by)
    client.post(reverse("practices:withdraw", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.state == S.WITHDRAWN


@pytest.mark.django_db
def test_withdraw_after_publication_is_refused(client):
    practice = PublishedPracticeFactory()
    client.force_login(practice.created_by)
    client.post(reverse("practices:withdraw", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.state == S.PUBLISHED


@pytest.mark.django_db
def test_withdraw_by_other_member_is_404(client, other_member):
    practice = PracticeFactory(state=S.SUBMITTED)
    client.force_login(other_member)
    assert client.post(reverse("practices:withdraw", args=[practice.pk])).status_code == 404


@pytest.mark.django_db
def test_my_submissions_requires_login(client):
    response = client.get(reverse("practices:mine"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_merged_revision_is_not_editable_nor_listed(client, moderator):
    practice = PublishedPracticeFactory()
    revision = practice.create_revision(practice.created_by)
    transition(revision, S.SUBMITTED, practice.created_by)
    transition(revision, S.PUBLISHED, moderator)
    client.force_login(practice.created_by)
    assert client.get(reverse("practices:edit", args=[revision.pk])).status_code == 403
    listed = client.get(reverse("practices:mine")).context["practices"]
    assert [p.pk for p in listed] == [practice.pk]


@pytest.mark.django_db
def test_organisation_partial_lists_published_practices():
    from django.template.loader import render_to_string

    from practices import selectors

    org = OrganisationFactory()
    PublishedPracticeFactory(organisation=org, title="Shown on the organisation page")
    PracticeFactory(organisation=org, title="Draft not shown")
    html = render_to_string(
        "practices/_organisation_practices.html",
        {"practices": selectors.for_organisation(org)},
    )
    assert "Shown on the organisation page" in html
    assert "Draft not shown" not in html


@pytest.mark.django_db
def test_submit_for_review_is_rate_limited_but_incomplete_attempts_do_not_count(
    member, monkeypatch
):
    monkeypatch.setitem(ratelimit.LIMITS, "practices:submit", 1)
    incomplete = Practice.objects.create(title="Half done", created_by=member)
    for _ in range(3):
        with pytest.raises(services.ValidationError):
            services.submit_for_review(incomplete, member)
    services.submit_for_review(PracticeFactory(created_by=member), member)
    with pytest.raises(services.RateLimited):
        services.submit_for_review(PracticeFactory(created_by=member), member)


@pytest.mark.django_db
def test_too_long_section_is_refused_in_place_and_keeps_the_text(member_client):
    text = "[a" * 10_000 + "!"
    response = member_client.post(SUBMIT_URL, complete_data(description=text, action="draft"))
    assert response.status_code == 200
    [error] = response.context["form"].errors["description"]
    assert error == "Ensure this value has at most 20000 characters (it has 20001)."
    content = response.content.decode()
    assert 'id="id_description_error"' in content
    assert f"{text}</textarea>" in content
    assert not Practice.objects.exists()


@pytest.mark.django_db
def test_new_practice_form_carries_a_submission_token(member_client):
    response = member_client.get(SUBMIT_URL)
    assert response.context["submission_token"] is not None
    assert f'name="submission_token" value="{response.context["submission_token"]}"' in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_second_post_of_the_same_form_redirects_to_the_first_draft(member_client, member):
    token = member_client.get(SUBMIT_URL).context["submission_token"]
    data = {"title": "Belgium: Double click", "action": "draft", "submission_token": str(token)}
    data |= {k: v for k, v in complete_data().items() if k.endswith("FORMS")}

    first = member_client.post(SUBMIT_URL, data)
    second = member_client.post(SUBMIT_URL, data)

    practice = Practice.objects.get(created_by=member)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == reverse("practices:edit", args=[practice.pk])


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_form_make_one_draft():
    member = UserFactory()
    clients = [Client() for _ in range(5)]
    for client in clients:
        client.force_login(member)
    token = clients[0].get(SUBMIT_URL).context["submission_token"]
    data = {"title": "Belgium: Five clicks", "action": "draft", "submission_token": str(token)}
    data |= {k: v for k, v in complete_data().items() if k.endswith("FORMS")}
    barrier = threading.Barrier(len(clients))
    responses = []

    def post(client):
        try:
            barrier.wait()
            responses.append(client.post(SUBMIT_URL, data))
        except Exception as exc:  # noqa: BLE001 - reported below
            responses.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    practice = Practice.objects.get(created_by=member)
    assert [getattr(r, "status_code", r) for r in responses] == [302] * 5
    assert {r.url for r in responses} == {reverse("practices:edit", args=[practice.pk])}
    connections.close_all()
