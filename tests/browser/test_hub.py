import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hub.digests import unsubscribe_token
from members.enums import MembershipRole
from tests.browser.conftest import assert_no_axe_violations, login
from tests.factories import PASSWORD, MembershipFactory, UserFactory, area
from tests.hub.factories import CallFactory, DocumentFactory, NewsPostFactory

# The live server needs committed rows. No serialized rollback: tests/conftest.py puts
# the reference data back for every transactional test, and reloading the snapshot on
# top of it collided with the Moderators group when an earlier test left it behind.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _taxonomy(transactional_db):
    """Earlier transactional tests may have flushed the taxonomy the migrations seeded."""
    from importlib import import_module

    from django.apps import apps

    from spring_portal.models import IntegrationArea

    if not IntegrationArea.objects.exists():
        import_module("spring_portal.migrations.0002_seed_taxonomy").seed(apps, None)


def test_news_pages_are_accessible(page):
    post = NewsPostFactory(
        title="EC adopts the AMIF work programme",
        tags=[area("health-and-wellbeing")],
        is_highlight=True,
    )
    NewsPostFactory(title="Qu’est-ce que l’ANEF ?", language="fr")
    page.goto("/news/")
    assert page.locator("h1").inner_text() == "News"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Health and wellbeing").first.click()
    expect(page.get_by_role("link", name="EC adopts the AMIF work programme")).to_be_visible()
    page.get_by_role("link", name="EC adopts the AMIF work programme").click()
    assert page.url.endswith(post.get_absolute_url())
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_documents_search_and_facets_are_accessible(page):
    DocumentFactory(
        title="TRIPS toolbox on trafficked refugees",
        doc_type="toolkit",
        areas=[area("health-and-wellbeing")],
    )
    DocumentFactory(title="A place-based approach to migrant integration")
    page.goto("/documents/")
    assert_no_axe_violations(page)
    page.get_by_label("Search documents").fill("trafficked")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="1 document", exact=True)).to_be_visible()
    page.get_by_label("Toolkit (1)").check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="TRIPS toolbox on trafficked refugees").click()
    assert page.locator("h1").inner_text() == "TRIPS toolbox on trafficked refugees"
    assert_no_axe_violations(page)


def test_calls_pages_are_accessible_and_link_to_submission(page):
    call = CallFactory(title="SPRING call for best integration practices", slug="spring-call")
    page.goto("/calls/")
    expect(page.get_by_text("days left").first).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name=call.title).click()
    link = page.get_by_role("link", name="Submit a practice")
    assert link.get_attribute("href").endswith("?call=spring-call")
    assert_no_axe_violations(page)


def test_member_follows_a_topic_without_javascript_help(page):
    user = UserFactory()
    NewsPostFactory(title="Language news", tags=[area("language-learning")])
    page.goto("/topics/language-learning/")
    assert_no_axe_violations(page)
    login(page, user.email, PASSWORD)
    page.goto("/topics/language-learning/")
    page.get_by_role("button", name="Follow Language learning").click()
    expect(page.get_by_role("button", name="Unfollow Language learning")).to_be_visible()
    page.goto(reverse("hub:following"))
    expect(page.get_by_role("link", name="Language learning")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Unfollow Language learning").click()
    expect(page.get_by_text("You do not follow anything yet.")).to_be_visible()


def test_document_submission_form_is_accessible(page):
    membership = MembershipFactory(role=MembershipRole.ADMIN)
    login(page, membership.user.email, PASSWORD)
    page.goto(reverse("hub:document_submit"))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(reverse("hub:my_documents"))
    assert_no_axe_violations(page)


def test_unsubscribe_page_is_accessible(page):
    user = UserFactory(digest_frequency="weekly")
    page.goto(reverse("hub:digest_unsubscribe", kwargs={"token": unsubscribe_token(user)}))
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert_no_axe_violations(page)
