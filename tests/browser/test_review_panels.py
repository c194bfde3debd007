"""The whole review panel in a browser: a moderator assigns two reviewers (a conflicted
one is flagged), each scores independently with the other's scores hidden, the
divergence is flagged, the moderator records the consensus and the assessment
summary is public. axe on every new page."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from practices.models import CRITERIA
from spring_portal.moderation import ModerationState
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import ModeratorFactory, OrganisationFactory
from tests.practices.factories import PracticeFactory
from tests.reviews.factories import AssignmentFactory, ReviewerFactory

S = ModerationState
LABELS = dict(CRITERIA)


@pytest.fixture
def _no_mfa(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False


@pytest.fixture
def as_user(browser, live_server):
    """Open a page in a browser context of its own, logged in as a user."""
    contexts = []

    def open_page(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context = browser.new_context(base_url=live_server.url, bypass_csp=True)
        context.set_default_timeout(10_000)
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _score(page, scores, justification):
    for name, label in CRITERIA:
        page.get_by_role("group", name=str(label)).get_by_label(f"{scores.get(name, 2)} –").check()
        page.get_by_label(f"Justification for “{label}”").fill(f"{justification} ({name})")
    page.get_by_role("button", name="Submit my scores").click()


def test_review_panel_from_assignment_to_public_summary(page, as_user, transactional_db, _no_mfa):
    moderator = ModeratorFactory()
    org = OrganisationFactory(name="Caritas Ghent")
    practice = PracticeFactory(
        state=S.SUBMITTED,
        organisation=org,
        title="Belgium: Language cafés in Ghent – Caritas Ghent",
        evaluation_type="external",
        evaluation_url="https://example.org/evaluation.pdf",
    )
    first = ReviewerFactory(user__full_name="Amira Haddad", show_name=True)
    second = ReviewerFactory(user__full_name="Jonas Weber")
    ReviewerFactory(user=practice.created_by)  # the submitter is a reviewer too: a conflict

    # The moderator opens a panel from the practice and picks a conflicted reviewer.
    admin = as_user(moderator)
    admin.goto(f"/admin/practices/practice/{practice.pk}/change/")
    admin.get_by_role("link", name="Open a review panel").click()
    admin.get_by_label(str(practice.created_by)).check()
    admin.get_by_label("Amira Haddad").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".errorlist")).to_contain_text("has a conflict of interest")
    expect(admin.locator(".errorlist")).to_contain_text("The reviewer submitted the practice")
    assert_no_axe_violations(admin, "panel form with a conflict flagged")
    admin.get_by_label(str(practice.created_by)).uncheck()
    admin.get_by_label("Jonas Weber").check()
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator(".messagelist")).to_contain_text("Assigned: Amira Haddad, Jonas Weber")
    practice.refresh_from_db()
    assert practice.state == S.IN_REVIEW

    # The first reviewer finds the practice on My SPRING and scores it; no peer is visible.
    reviewer_page = as_user(first.user)
    reviewer_page.goto("/my/")
    reviewer_page.locator(".dashboard__needs").get_by_role(
        "link", name=re.compile("Language cafés")
    ).click()
    expect(reviewer_page.get_by_role("heading", level=1)).to_contain_text("Language cafés")
    expect(reviewer_page.get_by_text("stay hidden until you submit yours")).to_be_visible()
    assert_no_axe_violations(reviewer_page, "scoring form")
    reviewer_page.get_by_role("button", name="Submit my scores").click()
    expect(reviewer_page.locator("#form-errors")).to_be_visible()
    assert_no_axe_violations(reviewer_page, "scoring form with errors")
    _score(reviewer_page, {"effectiveness": 3, "evidence": 3}, "Amira: strong evaluation")
    expect(reviewer_page.get_by_text("No other reviewer has submitted scores yet")).to_be_visible()
    reviewer_page.goto("/review/")
    expect(reviewer_page.get_by_text("Reviews you submitted")).to_be_visible()
    assert_no_axe_violations(reviewer_page, "reviewer desk")

    # The second reviewer cannot see the first one's scores before submitting.
    second_page = as_user(second.user)
    second_page.goto("/review/")
    second_page.locator("#review-queue").get_by_role("link").click()
    expect(second_page.get_by_text("Amira: strong evaluation")).to_have_count(0)
    _score(second_page, {"effectiveness": 1, "evidence": 3}, "Jonas: small sample")
    scores = second_page.locator("#review-scores")
    expect(scores).to_contain_text("Amira: strong evaluation (effectiveness)")
    expect(scores).not_to_contain_text("Amira Haddad")
    assert_no_axe_violations(second_page, "scores with the peer's shown")

    # The moderator sees the divergence and records the consensus.
    admin.goto("/admin/reviews/reviewpanel/")
    admin.get_by_role("link", name="Belgium: Language cafés").click()
    expect(admin.locator(".review-scores")).to_contain_text(
        "diverges: discuss before the consensus"
    )
    admin.get_by_role("link", name="Record the consensus").click()
    assert_no_axe_violations(admin, "consensus form")
    admin.get_by_role("combobox", name=re.compile("^Effectiveness")).select_option("2")
    admin.get_by_label("Public comment on effectiveness").fill("Clear gains in confidence.")
    admin.get_by_label("Public rationale").fill(
        "The reviewers agreed on the evidence; effectiveness was settled at 2 after discussion."
    )
    admin.get_by_label("Publish the practice now").check()
    admin.get_by_role("button", name="Record the consensus").click()
    expect(admin.locator(".messagelist")).to_contain_text("The consensus is recorded")

    # Anyone reads the assessment summary, and the label leads to the methodology.
    page.goto(practice.get_absolute_url())
    summary = page.locator("#assessment")
    expect(summary).to_contain_text("Good practice")
    expect(summary).to_contain_text("by a panel of 2 independent reviewers")
    expect(summary).to_contain_text("effectiveness was settled at 2 after discussion")
    expect(summary).to_contain_text("Clear gains in confidence.")
    expect(summary).to_contain_text("Reviewers who chose to be named: Amira Haddad.")
    expect(summary).not_to_contain_text("Jonas Weber")
    expect(summary.get_by_role("link", name="Evaluation report")).to_be_visible()
    assert_no_axe_violations(page, "practice page with the assessment")
    page.locator(".practice__header").get_by_role("link", name="Good practice").click()
    expect(page.get_by_role("heading", name="How practices are assessed")).to_be_visible()
    assert_no_axe_violations(page, "methodology")


def test_reviewer_accepts_then_steps_back_for_a_conflict(page, as_user, transactional_db, _no_mfa):
    invited = ReviewerFactory(accepted_at=None)
    reviewer_page = as_user(invited.user)
    reviewer_page.goto("/review/")
    assert_no_axe_violations(reviewer_page, "invitation")
    reviewer_page.get_by_role("button", name="Accept the invitation").click()
    expect(reviewer_page.get_by_text("Welcome to the review panel.")).to_be_visible()

    assignment = AssignmentFactory(reviewer=invited.user)
    reviewer_page.goto(assignment.get_absolute_url())
    reviewer_page.get_by_role("link", name="Declare a conflict of interest").click()
    reviewer_page.get_by_role("button", name="Step back from this review").click()
    expect(reviewer_page.get_by_text("Say briefly what the conflict is.").first).to_be_visible()
    assert_no_axe_violations(reviewer_page, "conflict form with an error")
    reviewer_page.get_by_label("What is the conflict?").fill("I evaluated it for the funder.")
    reviewer_page.get_by_role("button", name="Step back from this review").click()
    expect(reviewer_page.get_by_text("You stepped back from")).to_be_visible()
    assert reviewer_page.goto(assignment.get_absolute_url()).status == 404
