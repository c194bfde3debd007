"""A funded project in a browser: a member submits it, a moderator publishes it in the
admin, the member links a practice and a document to it, and visitors see both on the
project page; an evidence summary citing it is published and followed. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from hub.models import Document, EvidenceSummary
from practices.models import Project
from spring_portal.moderation import ModerationState, transition
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    ModeratorFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.practices.factories import PracticeFactory

S = ModerationState
TITLE = "Welcoming Spaces for Newcomers in Europe"


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


def _new_page(page, live_server):
    context = page.context.browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    return context.new_page()


def test_project_submitted_moderated_and_linked(page, live_server, transactional_db, _no_mfa):
    member = UserFactory()
    organisation = OrganisationFactory(name="Welcome Network Ghent")
    MembershipFactory(user=member, organisation=organisation)
    moderator = ModeratorFactory()
    practice = PracticeFactory(created_by=member, title="Belgium: Welcome desk – Ghent")

    # The member submits a project; a missing field is reported and nothing is lost.
    login(page, member.email, PASSWORD)
    page.goto("/projects/submit/")
    assert_no_axe_violations(page, "project form")
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Acronym", exact=True).fill("WELSPACE")
    page.get_by_label("Summary", exact=True).fill("Welcome centres tested in three cities.")
    page.locator("#id_countries").get_by_label("Belgium", exact=True).check()
    page.locator("#id_areas").get_by_label("Language learning", exact=True).check()
    page.get_by_label("Start year", exact=True).fill("2021")
    page.get_by_label("Coordinator (not on the portal)", exact=True).fill("ISMU Foundation")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#id_programme_error")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    assert_no_axe_violations(page, "project form with errors")
    page.get_by_label("Funding programme", exact=True).select_option(label="AMIF")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("moderation team will review")
    project = Project.objects.get()
    assert project.state == S.SUBMITTED
    assert_no_axe_violations(page, "project page (not public)")
    page.goto("/projects/mine/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_no_axe_violations(page, "my projects")

    # The moderator publishes it in the admin.
    mod_page = _new_page(page, live_server)
    login(mod_page, moderator.email, PASSWORD)
    mod_page.goto("/admin/practices/project/")
    mod_page.check(f"input[name=_selected_action][value='{project.pk}']")
    mod_page.select_option("select[name=action]", "move_to_published")
    mod_page.locator("#changelist-form button[name=index]").click()
    mod_page.locator("#content form button[type=submit]").click()
    expect(mod_page.locator(".messagelist")).to_contain_text("moved to")
    project.refresh_from_db()
    assert project.state == S.PUBLISHED

    # The member links their practice and a new document to the project.
    page.goto(f"/practices/edit/{practice.pk}/")
    page.get_by_label("Project", exact=True).select_option(label=str(project))
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_be_visible()
    practice.refresh_from_db()
    assert practice.project == project
    page.goto("/documents/submit/")
    page.get_by_label("Title", exact=True).fill("WELSPACE final evaluation report")
    page.get_by_label("Summary", exact=True).fill("What worked in the welcome centres.")
    page.get_by_label("Type", exact=True).select_option(label="Report")
    page.get_by_label("English", exact=True).check()
    page.get_by_label("Year of publication", exact=True).fill("2024")
    page.get_by_label("Project", exact=True).select_option(label=str(project))
    page.get_by_label("Link", exact=True).fill("https://example.org/welspace-report.pdf")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("review your document")
    document = Document.objects.get()
    assert document.project == project
    transition(practice, S.SUBMITTED, member)
    transition(practice, S.PUBLISHED, moderator)
    transition(document, S.PUBLISHED, moderator)

    # A visitor sees what the project produced, and finds it by a facet.
    visitor = _new_page(page, live_server)
    visitor.goto("/projects/")
    assert_no_axe_violations(visitor, "project list")
    visitor.locator("form").get_by_label(re.compile("^AMIF")).check()
    visitor.get_by_role("button", name="Apply").click()
    visitor.get_by_role("link", name=re.compile("WELSPACE")).click()
    expect(visitor.get_by_role("link", name="Belgium: Welcome desk – Ghent")).to_be_visible()
    expect(visitor.get_by_role("link", name="WELSPACE final evaluation report")).to_be_visible()
    assert_no_axe_violations(visitor, "project page")
    visitor.get_by_role("link", name="WELSPACE final evaluation report").click()
    expect(visitor.get_by_role("link", name=re.compile("WELSPACE"))).to_be_visible()


def test_evidence_summary_written_published_and_read(page, live_server, transactional_db, _no_mfa):
    from tests.practices.factories import PublishedProjectFactory

    moderator = ModeratorFactory()
    project = PublishedProjectFactory(title="Language cafés across Europe", acronym="LACA")
    login(page, moderator.email, PASSWORD)
    page.goto("/evidence/write/")
    assert_no_axe_violations(page, "evidence form")
    page.get_by_label("Title", exact=True).fill("What the evidence says about language cafés")
    page.get_by_label("Key findings", exact=True).fill("They build confidence.")
    page.get_by_label("Text", exact=True).fill("Two evaluations found **more confidence**.")
    page.locator("#id_areas").get_by_label("Language learning", exact=True).check()
    page.get_by_label("Projects cited", exact=True).select_option(label=str(project))
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")
    assert EvidenceSummary.objects.get().state == S.PUBLISHED

    visitor = _new_page(page, live_server)
    visitor.goto("/evidence/")
    assert_no_axe_violations(visitor, "evidence list")
    visitor.get_by_role("link", name="What the evidence says about language cafés").click()
    expect(visitor.get_by_role("link", name="Language cafés across Europe")).to_be_visible()
    assert_no_axe_violations(visitor, "evidence summary")
