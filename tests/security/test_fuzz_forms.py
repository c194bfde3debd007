"""Every form of the site receives generated input (long strings, unicode, control
characters and NUL, wrong types, missing fields, huge numbers, lists for scalars) as
the role that may use it: never a 500, and a refused submission saves nothing."""

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import constants, get_messages
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings

from events.forms import EventForm
from events.models import Event, Registration, Speaker
from hub.forms import DocumentForm, FollowForm
from hub.models import Document, Follow
from members.forms import OrganisationEditForm, OrganisationForm, ProfileForm
from members.models import Invitation, Membership, Organisation, OrganisationEdit, User
from members.services import invitation_token
from practices.forms import PracticeForm
from practices.models import Practice, PracticeDocument, PracticeImage
from spring_portal.forms import HONEYPOT_FIELD
from spring_portal.models import StateChange
from tests.members.factories import InvitationFactory
from tests.security.strategies import form_data, worst_cases
from tests.security.world import build_world

BOUNDED = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Rows a refused submission must leave untouched.
COUNTED = (
    User,
    EmailAddress,
    Organisation,
    OrganisationEdit,
    Membership,
    Invitation,
    Practice,
    PracticeImage,
    PracticeDocument,
    Event,
    Speaker,
    Registration,
    Document,
    Follow,
    StateChange,
)
FORMSET = [
    f"{prefix}-{name}"
    for prefix in ("images", "documents")
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MAX_NUM_FORMS", "0-title", "0-alt_text")
]


@dataclass
class Case:
    role: str
    url: object  # world -> path
    fields: list
    extra: list = field(default_factory=list)


def _fields(form_class, *more):
    return [*form_class.base_fields, HONEYPOT_FIELD, *more]


CASES = {
    "signup": Case(
        "anonymous",
        lambda w: "/accounts/signup/",
        ["email", "password1", "password2", "privacy_consent", HONEYPOT_FIELD],
    ),
    "login": Case("anonymous", lambda w: "/accounts/login/", ["login", "password", "remember"]),
    "password reset": Case("anonymous", lambda w: "/accounts/password/reset/", ["email"]),
    "profile": Case("other", lambda w: "/accounts/profile/", list(ProfileForm.base_fields)),
    "organisation register": Case(
        "other", lambda w: "/organisations/register/", _fields(OrganisationForm)
    ),
    "organisation edit": Case(
        "org_admin", lambda w: f"/organisations/{w.org.slug}/edit/", _fields(OrganisationEditForm)
    ),
    "invite": Case("org_admin", lambda w: f"/organisations/{w.org.slug}/manage/", ["email"]),
    "membership decide": Case(
        "org_admin",
        lambda w: f"/organisations/{w.org.slug}/manage/requests/{w.request.pk}/",
        ["decision"],
    ),
    "membership role": Case(
        "org_admin",
        lambda w: f"/organisations/{w.org.slug}/manage/members/{w.author_membership.pk}/role/",
        ["role"],
    ),
    "organisation leave": Case(
        "org_admin", lambda w: f"/organisations/{w.org.slug}/leave/", ["successor"]
    ),
    "join request": Case(
        "other", lambda w: f"/organisations/{w.org.slug}/join/", ["message", HONEYPOT_FIELD]
    ),
    "invitation accept": Case(
        "other", lambda w: f"/invitations/{w.token}/", [HONEYPOT_FIELD, "email"]
    ),
    "practice submit": Case(
        "author", lambda w: "/practices/submit/", _fields(PracticeForm, "action", *FORMSET)
    ),
    "practice edit": Case(
        "author",
        lambda w: f"/practices/edit/{w.draft_practice.pk}/",
        _fields(PracticeForm, "action", *FORMSET),
    ),
    "event propose": Case(
        "author", lambda w: "/events/propose/", _fields(EventForm, "speakers_text", "submit")
    ),
    "event edit": Case(
        "author",
        lambda w: f"/events/{w.draft_event.slug}/edit/",
        _fields(EventForm, "speakers_text", "submit"),
    ),
    "event register": Case("other", lambda w: f"/events/{w.event.slug}/register/", ["note"]),
    "event author move": Case("author", lambda w: f"/events/{w.draft_event.slug}/state/", ["move"]),
    "document submit": Case(
        "author", lambda w: "/documents/submit/", _fields(DocumentForm, "save_draft")
    ),
    "document edit": Case(
        "author",
        lambda w: f"/documents/{w.draft_document.slug}/edit/",
        _fields(DocumentForm, "save_draft"),
    ),
    "follow": Case("other", lambda w: "/following/follow/", [*FollowForm.base_fields, "next"]),
    "unfollow": Case("other", lambda w: "/following/unfollow/", [*FollowForm.base_fields, "next"]),
    "digest settings": Case("other", lambda w: "/following/", ["digest_frequency"]),
    "preferences": Case(
        "other", lambda w: "/accounts/preferences/", ["digest_frequency", "notify_decisions"]
    ),
    "account delete": Case("other", lambda w: "/accounts/delete/", ["password"]),
}


@pytest.fixture
def world(db, media):
    world = build_world()
    requester = User.objects.create_user(email="requester@example.org", password="x" * 20)
    world.request = Membership.objects.create(
        user=requester, organisation=world.org, state="requested"
    )
    world.author_membership = Membership.objects.get(
        user=world.users["author"], organisation=world.org
    )
    world.token = invitation_token(
        InvitationFactory(organisation=world.org, email=world.users["other"].email)
    )
    return world


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def _refused(response):
    """A submission the site turned down: the form shown again, or an error message."""
    if response.status_code != 302:
        return True
    # Only the messages this request added, not those left by earlier ones.
    added = get_messages(response.wsgi_request)._queued_messages
    return any(m.level == constants.ERROR for m in added)


def _draft_kept(response):
    """Practices keep a valid draft even when it is not yet complete enough for review."""
    form = (response.context or {}).get("form")
    return form is not None and any(
        "draft was saved" in str(error) for error in form.non_field_errors()
    )


@pytest.mark.parametrize("name", list(CASES))
def test_form_survives_hostile_input(world, name):
    case = CASES[name]
    client = Client()
    if case.role != "anonymous":
        client.force_login(world.users[case.role])
    url = case.url(world)

    def check(data):
        cache.clear()  # rate limits would otherwise hide the form after a few examples
        before = _counts()
        response = client.post(url, data)
        assert response.status_code < 500, (name, data)
        if _refused(response) and not _draft_kept(response):
            assert _counts() == before, (name, data)
        if name == "account delete" and response.status_code == 302:
            client.force_login(world.users[case.role])

    for data in worst_cases(case.fields):
        check(data)
    BOUNDED(given(form_data(case.fields))(check))()
