"""Every page of the site requested as each role: anonymous, the author of the
draft records (an ordinary member of the organisation), another member, the
organisation's administrator and a moderator.

302 = sent to log in (or, for the log-in pages, away from them); 403 = may see
it but not do this; 404 = may not know it exists.
"""

import pytest
from django.test import Client

from tests.security.world import ROLES, build_world

# label: (anonymous, author, other, org_admin, moderator)
EXPECTED = {
    "home": (200, 200, 200, 200, 200),
    "about": (200, 200, 200, 200, 200),
    "privacy": (200, 200, 200, 200, 200),
    "accessibility": (200, 200, 200, 200, 200),
    "healthz": (200, 200, 200, 200, 200),
    "robots": (200, 200, 200, 200, 200),
    "sitemap": (200, 200, 200, 200, 200),
    "join": (200, 200, 200, 200, 200),
    "member directory": (200, 200, 200, 200, 200),
    "organisation directory": (200, 200, 200, 200, 200),
    "organisation": (200, 200, 200, 200, 200),
    "pending organisation": (404, 200, 404, 404, 200),
    "organisation register": (302, 200, 200, 200, 200),
    "organisation manage": (302, 403, 403, 200, 403),
    "pending organisation manage": (302, 403, 404, 404, 403),
    # Moderators change organisations in the admin.
    "organisation edit": (302, 403, 403, 200, 403),
    "pending organisation edit": (302, 403, 404, 404, 403),
    "practices": (200, 200, 200, 200, 200),
    "practices feed": (200, 200, 200, 200, 200),
    "practices csv": (200, 200, 200, 200, 200),
    "practices json": (200, 200, 200, 200, 200),
    "practice": (200, 200, 200, 200, 200),
    "draft practice": (404, 200, 404, 200, 200),
    "practice submit": (302, 200, 200, 200, 200),
    "my practices": (302, 200, 200, 200, 200),
    "draft practice edit": (302, 200, 404, 200, 403),
    "events": (200, 200, 200, 200, 200),
    "past events": (200, 200, 200, 200, 200),
    "events feed": (200, 200, 200, 200, 200),
    "event": (200, 200, 200, 200, 200),
    "event ics": (200, 200, 200, 200, 200),
    "draft event": (404, 200, 404, 200, 200),
    "event propose": (302, 200, 200, 200, 200),
    "my events": (302, 200, 200, 200, 200),
    "draft event edit": (302, 200, 404, 200, 403),
    "registrants": (302, 403, 403, 200, 200),
    "registrants csv": (302, 403, 403, 200, 200),
    "news": (200, 200, 200, 200, 200),
    "news feed": (200, 200, 200, 200, 200),
    "news item": (200, 200, 200, 200, 200),
    "draft news item": (404, 404, 404, 404, 200),
    "calls": (200, 200, 200, 200, 200),
    "call": (200, 200, 200, 200, 200),
    "documents": (200, 200, 200, 200, 200),
    "documents feed": (200, 200, 200, 200, 200),
    "document": (200, 200, 200, 200, 200),
    "draft document": (404, 200, 404, 200, 200),
    "document submit": (302, 200, 200, 200, 200),
    "my documents": (302, 200, 200, 200, 200),
    "draft document edit": (302, 200, 404, 200, 403),
    "topic": (200, 200, 200, 200, 200),
    "following": (302, 200, 200, 200, 200),
    "dashboard": (302, 200, 200, 200, 200),
    "notifications": (302, 200, 200, 200, 200),
    "account email": (302, 200, 200, 200, 200),
    "account password": (302, 200, 200, 200, 200),
    "account profile": (302, 200, 200, 200, 200),
    "my organisations": (302, 200, 200, 200, 200),
    "account preferences": (302, 200, 200, 200, 200),
    "account data": (302, 200, 200, 200, 200),
    "account delete": (302, 200, 200, 200, 200),
    "two-factor": (302, 200, 200, 200, 200),
    "login": (200, 302, 302, 302, 302),
    "signup": (200, 302, 302, 302, 302),
    "password reset": (200, 200, 200, 200, 200),
    "admin": (302, 302, 302, 302, 200),
    "admin practices": (302, 302, 302, 302, 200),
    "french home": (200, 200, 200, 200, 200),
    "german practices": (200, 200, 200, 200, 200),
    "practice language version": (200, 200, 200, 200, 200),
    "practice translation offer": (302, 200, 200, 200, 200),
    # A record that is not public cannot be translated, even by its authors.
    "draft practice translation offer": (302, 404, 404, 404, 404),
    "event translation offer": (302, 200, 200, 200, 200),
    # POST only (moderators, with a provider configured).
    "practice machine draft": (405, 405, 405, 405, 405),
    "admin translations": (302, 302, 302, 302, 200),
}


@pytest.mark.django_db
def test_every_page_answers_each_role_as_expected(settings):
    settings.MFA_REQUIRED_FOR_STAFF = False  # MFA has its own tests; here: who sees what
    world = build_world()
    clients = {"anonymous": Client()}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)

    urls = world.urls()
    assert {label for label, _ in urls} == set(EXPECTED), "every URL has an expectation"
    actual = {label: tuple(clients[r].get(path).status_code for r in ROLES) for label, path in urls}
    mismatches = {
        label: {"expected": EXPECTED[label], "actual": actual[label]}
        for label in EXPECTED
        if EXPECTED[label] != actual[label]
    }
    assert mismatches == {}


# Pages without parameters that the matrix leaves out, and why.
NOT_IN_MATRIX = {
    "/i18n/switch/": "redirect only (language switch)",
    "/following/follow/": "POST only",
    "/following/unfollow/": "POST only",
    "/my/notifications/read-all/": "POST only",
    "/accounts/logout/": "POST only in use; GET shows a confirmation",
}


def _paths_without_parameters(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if "<" in route or "(?P" in route or "^" in route and "$" not in route and "(" in route:
            continue
        if isinstance(pattern, URLResolver):
            yield from _paths_without_parameters(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield "/" + route.lstrip("^").rstrip("$").replace("\\", "")


@pytest.mark.django_db
def test_every_portal_page_is_in_the_matrix():
    """Adding a page without deciding who may see it fails here."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    covered = {path for _, path in build_world().urls()}
    with translation.override("en"):
        paths = list(_paths_without_parameters(get_resolver().url_patterns))
    portal = [p for p in paths if not p.startswith(("/accounts/", f"/{settings.ADMIN_PATH}"))]
    assert len(portal) > 30, "the URL walk found the portal's pages"
    missing = sorted(set(portal) - covered - set(NOT_IN_MATRIX))
    assert missing == []
