"""axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) on every HTML page of the site.

The pages are those of the access matrix (`tests/security/world.py`), each visited
by a role that may see it, plus the main pages in French and German. One world is
built per test and many pages are checked in it; every violation of every page is
collected before the test fails, so one run lists them all by URL.

Skipped: non-HTML answers (feeds, calendars, CSV/JSON exports, robots, sitemap,
healthz) and Django's own admin.
"""

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.browser.conftest import AXE_PATH, AXE_TAGS
from tests.security.test_access_matrix import EXPECTED
from tests.security.world import ROLES, build_world

NOT_HTML = {
    "healthz",
    "robots",
    "sitemap",
    "practices feed",
    "practices csv",
    "practices json",
    "events feed",
    "event ics",
    "registrants csv",
    "statistics csv",
    "news feed",
    "documents feed",
    "evidence feed",
    # The open data API answers JSON; its documentation page ("api docs") is HTML.
    "api index",
    "api openapi",
    "api catalogue",
    "api practices",
    "api practice",
    "api draft practice",
    "api events",
    "api event",
    "api draft event",
    "api documents",
    "api document",
    "api draft document",
    "api organisations",
    "api organisation",
    "api pending organisation",
    "api news",
    "api news item",
    "api draft news item",
    "api calls",
    "api call",
    "api projects",
    "api project",
    "api draft project",
    "api transfers",
    "api transfer",
    "api draft transfer",
}
DJANGO_ADMIN = {
    "admin",
    "admin practices",
    "admin projects",
    "admin evidence",
    "admin review panels",
    "admin review consensus",
}
DJANGO_ADMIN = {"admin", "admin practices", "admin translations"}

# The main pages, checked again in French and German (labels of World.urls()).
MAIN_PUBLIC = [
    "home",
    "practices",
    "practice",
    "methodology",
    "events",
    "event",
    "map",
    "statistics",
    "documents",
    "document",
    "projects",
    "project",
    "evidence",
    "evidence summary",
    "news",
    "join",
    "signup",
    "login",
]
MAIN_MEMBER = [
    "home",
    "practice submit",
    "my practices",
    "draft practice edit",
    "project submit",
    "draft project edit",
    "account email",
    "account password",
    "account profile",
    "account preferences",
    "account data",
    "account delete",
    "my organisations",
    "two-factor",
]


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MFA_REQUIRED_FOR_STAFF = False


def _html_labels():
    return [label for label in EXPECTED if label not in NOT_HTML | DJANGO_ADMIN]


def _status(label, role):
    return EXPECTED[label][ROLES.index(role)]


def _log_in(page, user, base_url):
    """Give the browser the session of a logged-in user (the log-in form itself is
    checked on its own page and by the keyboard tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


def _axe(page):
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


def _check(page, paths):
    """Visit every path; return {path: violations} for pages that fail."""
    failures = {}
    for path in paths:
        response = page.goto(path)
        # goto follows redirects: a page that sent us to log in is not checked.
        if response.status != 200 or response.request.redirected_from is not None:
            failures[path] = f"status {response.status}, ended on {page.url}"
            continue
        violations = _axe(page)
        if violations:
            failures[path] = violations
    return failures


def _assert_clean(failures, who):
    assert failures == {}, f"axe violations as {who}:\n{json.dumps(failures, indent=2)}"


def _localised(path, language):
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def world(live_server):
    return build_world()


def test_every_public_page_has_no_axe_violations_anonymous(page, world, live_server):
    urls = dict(world.urls())
    paths = [urls[label] for label in _html_labels() if _status(label, "anonymous") == 200]
    assert len(paths) >= 20
    _assert_clean(_check(page, paths), "anonymous")


def test_every_member_page_has_no_axe_violations_as_author(page, world, live_server):
    urls = dict(world.urls())
    _log_in(page, world.users["author"], live_server.url)
    paths = [urls[label] for label in _html_labels() if _status(label, "author") == 200]
    assert len(paths) >= 40
    _assert_clean(_check(page, paths), "member (author of the drafts)")


@pytest.mark.parametrize("role", ["org_admin", "moderator", "other", "reviewer"])
def test_pages_only_some_roles_see_have_no_axe_violations(page, world, live_server, role):
    """Pages the author may not see (organisation management, registrants,
    unpublished news) as the role who may, plus the home page and the records
    their role changes (management links, moderation notes)."""
    urls = dict(world.urls())
    _log_in(page, world.users[role], live_server.url)
    labels = [
        label
        for label in _html_labels()
        if _status(label, role) == 200 and _status(label, "author") != 200
    ]
    labels += ["home", "practice", "event", "draft practice", "draft event", "organisation"]
    paths = [urls[label] for label in dict.fromkeys(labels) if _status(label, role) == 200]
    _assert_clean(_check(page, paths), role)


@pytest.mark.parametrize("language", ["fr", "de"])
def test_main_pages_have_no_axe_violations_in_french_and_german(page, world, live_server, language):
    urls = dict(world.urls())
    failures = _check(page, [_localised(urls[label], language) for label in MAIN_PUBLIC])
    _log_in(page, world.users["author"], live_server.url)
    failures |= _check(page, [_localised(urls[label], language) for label in MAIN_MEMBER])
    lang = page.locator("html").get_attribute("lang")
    assert lang == language
    _assert_clean(failures, f"visitor and member in {language}")
