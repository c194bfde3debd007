"""Every page of the site requested as each role: anonymous, the author of the
draft records (an ordinary member of the organisation), another member, the
organisation's administrator, a moderator and a reviewer.

302 = sent to log in (or, for the log-in pages, away from them); 403 = may see
it but not do this; 404 = may not know it exists.
"""

import pytest
from django.test import Client

from tests.security.world import ROLES, build_world

# label: (anonymous, author, other, org_admin, moderator[, reviewer]); a reviewer is an
# ordinary member on every page that is not for reviewers, so a five-value row gives
# them what "other" gets; rows whose record "other" owns (a transfer, a message
# thread, a collection) say what the reviewer, a stranger to it, gets.
_EXPECTED = {
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
    "map": (200, 200, 200, 200, 200),
    "map events": (200, 200, 200, 200, 200),
    "statistics": (200, 200, 200, 200, 200),
    "statistics csv": (200, 200, 200, 200, 200),
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
    "projects": (200, 200, 200, 200, 200),
    "project": (200, 200, 200, 200, 200),
    "draft project": (404, 200, 404, 404, 200),
    "project submit": (302, 200, 200, 200, 200),
    "my projects": (302, 200, 200, 200, 200),
    # Moderators change projects in the admin.
    "draft project edit": (302, 200, 404, 404, 403),
    "published project edit": (302, 403, 403, 403, 403),
    "evidence": (200, 200, 200, 200, 200),
    "evidence feed": (200, 200, 200, 200, 200),
    "evidence summary": (200, 200, 200, 200, 200),
    "draft evidence summary": (404, 404, 404, 404, 200),
    # Moderators write summaries; members may not.
    "evidence write": (302, 403, 403, 403, 200),
    "admin projects": (302, 302, 302, 302, 200),
    "admin evidence": (302, 302, 302, 302, 200),
    "topic": (200, 200, 200, 200, 200),
    # Transfers, messages to owners and collections (issue 18): the author and the
    # organisation's admin own the practice; "other" declared the transfer, wrote the
    # message and owns the collections.
    "practice transfer declare": (302, 200, 200, 200, 200),
    "draft practice transfer declare": (302, 404, 404, 404, 404),
    "practice contact": (302, 200, 200, 200, 200),
    "practice save": (302, 200, 200, 200, 200),
    "my transfers": (302, 200, 200, 200, 200),
    "transfer edit": (302, 404, 200, 404, 403, 404),
    "my messages": (302, 200, 200, 200, 200),
    "message thread": (302, 200, 200, 200, 404, 404),
    "my collections": (302, 200, 200, 200, 200),
    "collection": (302, 404, 200, 404, 404, 404),
    "shared collection": (200, 200, 200, 200, 200),
    "private collection link": (404, 404, 404, 404, 404),
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
    # Review panels (issue 16): the desk is for invited reviewers (403 for other
    # members, moderators included); a reviewer opens only their own assignments
    # and never one they stepped back from for a conflict of interest.
    "reviewer desk": (302, 403, 403, 403, 403, 200),
    "review assignment": (302, 403, 403, 403, 403, 200),
    "review conflict": (302, 403, 403, 403, 403, 200),
    "conflicted review assignment": (302, 403, 403, 403, 403, 404),
    "other review assignment": (302, 403, 403, 403, 403, 404),
    # The lead reviewer records the consensus on the desk.
    "review consensus": (302, 403, 403, 403, 403, 200),
    "methodology": (200, 200, 200, 200, 200, 200),
    "admin review panels": (302, 302, 302, 302, 200, 302),
    "admin review consensus": (302, 302, 302, 302, 200, 302),
    # The open data API shows published records only: drafts are 404 even to their
    # authors and to moderators (they see them on the portal's pages).
    "api index": (200, 200, 200, 200, 200),
    "api openapi": (200, 200, 200, 200, 200),
    "api docs": (200, 200, 200, 200, 200),
    "api catalogue": (200, 200, 200, 200, 200),
    "api practices": (200, 200, 200, 200, 200),
    "api practice": (200, 200, 200, 200, 200),
    "api draft practice": (404, 404, 404, 404, 404),
    "api events": (200, 200, 200, 200, 200),
    "api event": (200, 200, 200, 200, 200),
    "api draft event": (404, 404, 404, 404, 404),
    "api documents": (200, 200, 200, 200, 200),
    "api document": (200, 200, 200, 200, 200),
    "api draft document": (404, 404, 404, 404, 404),
    "api organisations": (200, 200, 200, 200, 200),
    "api organisation": (200, 200, 200, 200, 200),
    "api pending organisation": (404, 404, 404, 404, 404),
    "api news": (200, 200, 200, 200, 200),
    "api news item": (200, 200, 200, 200, 200),
    "api draft news item": (404, 404, 404, 404, 404),
    "api calls": (200, 200, 200, 200, 200),
    "api call": (200, 200, 200, 200, 200),
    "api projects": (200, 200, 200, 200, 200),
    "api project": (200, 200, 200, 200, 200),
    "api draft project": (404, 404, 404, 404, 404),
    "api transfers": (200, 200, 200, 200, 200),
    "api transfer": (200, 200, 200, 200, 200),
    "api draft transfer": (404, 404, 404, 404, 404),
    "practice language version": (200, 200, 200, 200, 200),
    "practice translation offer": (302, 200, 200, 200, 200),
    # A record that is not public cannot be translated, even by its authors.
    "draft practice translation offer": (302, 404, 404, 404, 404),
    "event translation offer": (302, 200, 200, 200, 200),
    # POST only (moderators, with a provider configured).
    "practice machine draft": (405, 405, 405, 405, 405),
    "admin translations": (302, 302, 302, 302, 200),
}
EXPECTED = {
    label: row if len(row) == len(ROLES) else (*row, row[ROLES.index("other")])
    for label, row in _EXPECTED.items()
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


@pytest.mark.django_db
def test_api_lists_show_no_hidden_record_to_any_role(settings):
    """Whoever asks, the API's lists carry no draft, pending or unpublished record and
    no personal contact detail."""
    settings.MFA_REQUIRED_FOR_STAFF = False
    world = build_world()
    hidden = [
        world.draft_practice.title,
        world.draft_event.title,
        world.draft_document.title,
        world.pending_org.name,
        world.draft_news.title,
        world.draft_project.title,
        world.draft_transfer.adaptations,
        world.practice.contact_email,
        world.users["author"].email,
        world.users["other"].email,
    ]
    clients = {"anonymous": Client()}
    for role, user in world.users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    lists = [path for label, path in world.api_urls() if "draft" not in label]
    for role, client in clients.items():
        for path in lists:
            body = client.get(path).content.decode()
            leaked = [text for text in hidden if text and text in body]
            assert leaked == [], (role, path)


# Pages without parameters that the matrix leaves out, and why.
NOT_IN_MATRIX = {
    "/i18n/switch/": "redirect only (language switch)",
    "/following/follow/": "POST only",
    "/following/unfollow/": "POST only",
    "/my/notifications/read-all/": "POST only",
    "/accounts/logout/": "POST only in use; GET shows a confirmation",
    "/review/accept/": "POST only (a reviewer accepts the invitation)",
    "/review/preferences/": "POST only (a reviewer's naming choice)",
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
