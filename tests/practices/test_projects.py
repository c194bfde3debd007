"""Funded projects: submission, moderation, links from practices, documents and events,
the public list (facets, search, constant queries) and the project page."""

import pytest
from django.urls import reverse

from practices.models import Project
from spring_portal.models import FundingProgramme
from spring_portal.moderation import ModerationState as S
from spring_portal.moderation import transition
from tests.events.factories import EventFactory
from tests.factories import ModeratorFactory, OrganisationFactory, UserFactory, area
from tests.hub.factories import DocumentFactory, DraftDocumentFactory
from tests.practices.factories import (
    ProjectFactory,
    PublishedPracticeFactory,
    PublishedProjectFactory,
)

pytestmark = pytest.mark.django_db


def project_data(**overrides):
    data = {
        "title": "Welcoming Spaces for Newcomers",
        "acronym": "WELSPACE",
        "summary": "Cities and NGOs test welcome centres for newly arrived migrants.",
        "website": "https://example.org/welspace",
        "countries": ["IT", "AT"],
        "areas": [area("social-inclusion-and-community-building").pk],
        "programme": FundingProgramme.objects.get(name="AMIF").pk,
        "reference": "101038263",
        "start_year": "2021",
        "end_year": "2023",
        "coordinator_name": "ISMU Foundation",
        "other_partners": "Danube University Krems\nSOLIDAR",
        "results": "A **toolkit** for welcome centres.",
    }
    data.update(overrides)
    return data


def test_project_submit_sends_it_to_moderators(client, mailoutbox):
    member = UserFactory()
    client.force_login(member)
    response = client.post(reverse("projects:submit"), project_data())
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.state == S.SUBMITTED
    assert project.created_by == member
    assert project.slug == "welspace"
    assert {country.code for country in project.countries} == {"IT", "AT"}


def test_project_submit_incomplete_keeps_input_and_says_what_is_missing(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("projects:submit"), project_data(programme="", coordinator_name="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "programme" in form.errors
    assert "coordinator" in form.errors
    assert form["title"].value() == "Welcoming Spaces for Newcomers"
    assert Project.objects.count() == 0


def test_project_draft_saved_without_required_fields(client):
    client.force_login(UserFactory())
    response = client.post(reverse("projects:submit"), {"title": "Half-written", "save_draft": "1"})
    assert response.status_code == 302
    assert Project.objects.get().state == S.DRAFT


def test_project_end_year_before_start_rejected(client):
    client.force_login(UserFactory())
    response = client.post(reverse("projects:submit"), project_data(end_year="2019"))
    assert response.status_code == 200
    assert "end_year" in response.context["form"].errors


def test_project_not_public_until_published():
    project = ProjectFactory()
    assert not Project.objects.published().filter(pk=project.pk).exists()
    moderator = ModeratorFactory()
    transition(project, S.SUBMITTED, project.created_by)
    transition(project, S.PUBLISHED, moderator)
    assert Project.objects.published().filter(pk=project.pk).exists()


def test_project_changes_requested_then_author_edits_and_resubmits(client):
    project = ProjectFactory()
    transition(project, S.SUBMITTED, project.created_by)
    transition(project, S.CHANGES_REQUESTED, ModeratorFactory(), message="Add the grant number.")
    client.force_login(project.created_by)
    page = client.get(reverse("projects:edit", kwargs={"slug": project.slug}))
    assert "Add the grant number." in page.content.decode()
    response = client.post(
        reverse("projects:edit", kwargs={"slug": project.slug}),
        project_data(reference="AMIF-2021-999"),
    )
    project.refresh_from_db()
    assert response.status_code == 302
    assert project.state == S.SUBMITTED
    assert project.reference == "AMIF-2021-999"


def test_project_withdraw_by_author():
    project = ProjectFactory()
    transition(project, S.SUBMITTED, project.created_by)
    transition(project, S.WITHDRAWN, project.created_by)
    assert project.state == S.WITHDRAWN


def test_practice_document_event_link_to_published_project_only(client):
    project = PublishedProjectFactory()
    draft = ProjectFactory()
    practice = PublishedPracticeFactory(project=project)
    document = DocumentFactory(project=project)
    event = EventFactory(project=project)
    DraftDocumentFactory(project=project, title="Unpublished report")
    page = client.get(project.get_absolute_url()).content.decode()
    assert practice.title in page
    assert document.title in page
    assert event.title in page
    assert "Unpublished report" not in page
    for record in (practice, document, event):
        detail = client.get(record.get_absolute_url()).content.decode()
        assert project.get_absolute_url() in detail
    PublishedPracticeFactory(project=draft, title="Belgium: From a draft project – X")
    assert (
        draft.get_absolute_url()
        not in client.get(reverse("practices:list") + "?q=draft").content.decode()
    )


def test_project_chooser_offers_published_projects_only():
    from hub.forms import DocumentForm
    from members.models import Organisation

    published = PublishedProjectFactory()
    draft = ProjectFactory()
    form = DocumentForm(organisations=Organisation.objects.none())
    choices = list(form.fields["project"].queryset)
    assert published in choices
    assert draft not in choices


def test_practice_form_links_practice_to_project(client):
    from tests.practices.test_submission import complete_data

    project = PublishedProjectFactory()
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("practices:submit"), complete_data(project=project.pk))
    from practices.models import Practice

    assert Practice.objects.get(created_by=member).project == project


def test_project_list_facets_and_search(client):
    horizon = FundingProgramme.objects.get(name="Horizon 2020 / Horizon Europe")
    PublishedProjectFactory(title="MIMY youth integration", acronym="MIMY", programme=horizon)
    PublishedProjectFactory(title="Language cafés network", acronym="LCN", countries=["FR"])
    ProjectFactory(title="Draft project on housing", acronym="DRAFT")
    response = client.get(reverse("projects:list"))
    page = response.content.decode()
    assert "MIMY" in page and "LCN" in page and "DRAFT" not in page
    facets = {f.name: f for f in response.context["listing"].facets}
    assert {v.label for v in facets["programme"].values} == {"AMIF", horizon.name}
    filtered = client.get(reverse("projects:list"), {"programme": horizon.slug})
    assert [p.acronym for p in filtered.context["page"].object_list] == ["MIMY"]
    by_country = client.get(reverse("projects:list"), {"country": "FR"})
    assert [p.acronym for p in by_country.context["page"].object_list] == ["LCN"]
    searched = client.get(reverse("projects:list"), {"q": "youth"})
    assert [p.acronym for p in searched.context["page"].object_list] == ["MIMY"]


def test_project_list_bad_filter_values_answer_200(client):
    PublishedProjectFactory()
    response = client.get(reverse("projects:list"), {"year": "abc", "programme": "nope"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 6])
def test_project_list_queries_constant(client, django_assert_num_queries, count):
    for _ in range(count):
        PublishedProjectFactory(coordinator=OrganisationFactory())
    # 4 facets, the paginator's count, the page's projects, their areas
    with django_assert_num_queries(7):
        response = client.get(reverse("projects:list"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("count", [1, 5])
def test_project_detail_queries_constant(client, django_assert_num_queries, count):
    project = PublishedProjectFactory(coordinator=OrganisationFactory())
    for _ in range(count):
        PublishedPracticeFactory(project=project)
        DocumentFactory(project=project)
        EventFactory(project=project)
    project.partners.set([OrganisationFactory() for _ in range(count)])
    # the project, its areas, partners, practices, documents and events
    with django_assert_num_queries(6):
        response = client.get(project.get_absolute_url())
    assert len(response.context["project"].published_practices) == count


def test_dashboard_lists_my_projects(client):
    project = ProjectFactory()
    client.force_login(project.created_by)
    assert str(project.title) in client.get(reverse("members:dashboard")).content.decode()
    assert str(project.title) in client.get(reverse("projects:mine")).content.decode()


def test_sitemap_lists_published_projects(client):
    project = PublishedProjectFactory()
    draft = ProjectFactory()
    body = client.get("/sitemap.xml").content.decode()
    assert project.get_absolute_url() in body
    assert draft.get_absolute_url() not in body


@pytest.fixture
def moderator_client(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False
    client.force_login(ModeratorFactory())
    return client


def test_admin_pages_for_projects_and_evidence_open(moderator_client):
    from tests.hub.factories import EvidenceSummaryFactory

    project = ProjectFactory()
    summary = EvidenceSummaryFactory()
    for url in (
        "/admin/practices/project/",
        f"/admin/practices/project/{project.pk}/change/",
        "/admin/practices/project/add/",
        "/admin/hub/evidencesummary/",
        f"/admin/hub/evidencesummary/{summary.pk}/change/",
        "/admin/hub/evidencesummary/add/",
    ):
        assert moderator_client.get(url).status_code == 200, url


def test_submitted_project_waits_in_the_review_queue(moderator_client):
    project = ProjectFactory(title="Queue me")
    transition(project, S.SUBMITTED, project.created_by)
    assert "Queue me" in moderator_client.get(reverse("admin_review_queue")).content.decode()
