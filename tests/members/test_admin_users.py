"""The user admin: moderators moderate (profile, deactivation); only superusers
grant privileges or touch passwords. Driven through the admin's own forms."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from members.models import User
from spring_portal.roles import MODERATORS_GROUP
from tests.factories import PASSWORD, ModeratorFactory, UserFactory

CHANGELIST = reverse("admin:members_user_changelist")
ADD = reverse("admin:members_user_add")
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


def change_url(user):
    return reverse("admin:members_user_change", args=[user.pk])


def password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def form_data(response):
    """What the browser would send back for the change form on the page."""
    form = response.context["adminform"].form
    data = {}
    for bound in form:
        field, value = bound.field, bound.value()
        if field.disabled or bound.name == "photo":
            continue
        if hasattr(field.widget, "widgets"):  # split date and time
            parts = field.widget.decompress(value)
            for index, (widget, part) in enumerate(zip(field.widget.widgets, parts, strict=True)):
                data[f"{bound.html_name}_{index}"] = widget.format_value(part) or ""
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def escalation(data):
    return {
        **data,
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [Group.objects.get(name=MODERATORS_GROUP).pk],
        "user_permissions": [Permission.objects.get(codename="change_group").pk],
    }


def assert_no_privileges(user):
    user.refresh_from_db()
    assert (user.is_superuser, user.is_staff) == (False, False)
    assert list(user.groups.all()) == []
    assert list(user.user_permissions.all()) == []


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_user_admin_not_for_anonymous_or_members(client, member, role):
    target = UserFactory()
    if role == "member":
        client.force_login(member)

    change = client.get(change_url(target))
    posted = client.post(change_url(target), {"is_superuser": "on", "is_staff": "on"})
    password = client.get(password_url(target))

    assert [change.status_code, posted.status_code, password.status_code] == [302, 302, 302]
    assert "/login/" in change["Location"]
    assert_no_privileges(target)


def test_user_change_page_hides_privilege_fields_from_moderators(moderator_client, member):
    response = moderator_client.get(change_url(member))

    assert response.status_code == 200
    fields = set(response.context["adminform"].form.fields)
    assert fields & {*PRIVILEGE_FIELDS, "email", "password"} == set()
    assert "is_active" in fields
    assert password_url(member).encode() not in response.content
    for name in PRIVILEGE_FIELDS:
        assert f'name="{name}"'.encode() not in response.content


def test_user_change_page_shows_privilege_fields_to_superusers(superuser_client, member):
    response = superuser_client.get(change_url(member))

    assert response.status_code == 200
    assert set(PRIVILEGE_FIELDS) <= set(response.context["adminform"].form.fields)


def test_moderator_cannot_grant_privileges_through_the_change_form(moderator_client, member):
    data = form_data(moderator_client.get(change_url(member)))

    response = moderator_client.post(
        change_url(member), {**escalation(data), "email": "taken@example.org", "city": "Ghent"}
    )

    assert response.status_code == 302  # the form was valid and saved...
    member.refresh_from_db()
    assert member.city == "Ghent"
    assert member.email != "taken@example.org"  # ...without the fields it does not offer
    assert_no_privileges(member)


def test_moderator_cannot_make_themselves_superuser(moderator_client, moderator):
    response = moderator_client.post(change_url(moderator), {"is_superuser": "on"})

    assert response.status_code == 403
    moderator.refresh_from_db()
    assert moderator.is_superuser is False


def test_superuser_can_grant_privileges_through_the_change_form(superuser_client, member):
    data = form_data(superuser_client.get(change_url(member)))

    response = superuser_client.post(change_url(member), escalation(data))

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.is_superuser, member.is_staff) == (True, True)
    assert [g.name for g in member.groups.all()] == [MODERATORS_GROUP]
    assert [p.codename for p in member.user_permissions.all()] == ["change_group"]


def test_moderator_cannot_open_or_post_another_users_password_page(moderator_client, member):
    new = "a-brand-new-passphrase-91"

    page = moderator_client.get(password_url(member))
    posted = moderator_client.post(
        password_url(member),
        {"password1": new, "password2": new, "usable_password": "true", "set-password": "1"},
    )

    assert (page.status_code, posted.status_code) == (403, 403)
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_superuser_can_set_another_users_password(superuser_client, member):
    new = "a-brand-new-passphrase-91"

    assert superuser_client.get(password_url(member)).status_code == 200
    response = superuser_client.post(
        password_url(member),
        {"password1": new, "password2": new, "usable_password": "true", "set-password": "1"},
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(new)


def test_moderator_cannot_add_users(moderator_client):
    before = User.objects.count()

    page = moderator_client.get(ADD)
    posted = moderator_client.post(
        ADD,
        {
            "email": "new-admin@example.org",
            "password1": "a-brand-new-passphrase-91",
            "password2": "a-brand-new-passphrase-91",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )

    assert (page.status_code, posted.status_code) == (403, 403)
    assert User.objects.count() == before


def test_superuser_adds_users_without_privileges(superuser_client):
    response = superuser_client.post(
        ADD,
        {
            "email": "new-member@example.org",
            "password1": "a-brand-new-passphrase-91",
            "password2": "a-brand-new-passphrase-91",
            "is_superuser": "on",
        },
    )

    assert response.status_code == 302
    assert_no_privileges(User.objects.get(email="new-member@example.org"))


def test_moderator_sees_staff_accounts_read_only(moderator_client):
    other = ModeratorFactory()

    page = moderator_client.get(change_url(other))
    posted = moderator_client.post(change_url(other), {"is_active": ""})

    assert page.status_code == 200
    assert "is_active" not in page.context["adminform"].form.fields
    assert posted.status_code == 403
    other.refresh_from_db()
    assert other.is_active is True


def _logged_in(user):
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/profile/").status_code == 200
    return client


def _signed_out(client):
    response = client.get("/accounts/profile/")
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_moderator_deactivates_a_spammer_with_the_action(moderator_client, moderator):
    spammer, bystander = UserFactory(), UserFactory()
    spammer_session = _logged_in(spammer)

    response = moderator_client.post(
        CHANGELIST, {"action": "deactivate", ACTION_CHECKBOX_NAME: [spammer.pk]}
    )

    assert response.status_code == 302
    spammer.refresh_from_db()
    bystander.refresh_from_db()
    assert (spammer.is_active, bystander.is_active) == (False, True)
    entry = LogEntry.objects.get(object_id=str(spammer.pk))
    assert entry.user == moderator
    assert entry.get_change_message() == (
        "Deactivated the account: the member can no longer sign in."
    )
    assert _signed_out(spammer_session)


def test_moderator_deactivates_through_the_change_form(moderator_client, moderator, member):
    data = form_data(moderator_client.get(change_url(member)))
    data.pop("is_active")

    response = moderator_client.post(change_url(member), data)

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_active is False
    messages = [e.get_change_message() for e in LogEntry.objects.filter(user=moderator)]
    assert "Deactivated the account: the member can no longer sign in." in messages


def test_deactivate_action_refuses_staff_for_moderators(moderator_client, superuser):
    other = ModeratorFactory()

    moderator_client.post(
        CHANGELIST, {"action": "deactivate", ACTION_CHECKBOX_NAME: [other.pk, superuser.pk]}
    )

    other.refresh_from_db()
    superuser.refresh_from_db()
    assert (other.is_active, superuser.is_active) == (True, True)
    assert not LogEntry.objects.exists()


def test_superuser_deactivates_a_moderator(superuser_client, superuser):
    other = ModeratorFactory()

    superuser_client.post(CHANGELIST, {"action": "deactivate", ACTION_CHECKBOX_NAME: [other.pk]})

    other.refresh_from_db()
    assert other.is_active is False
    assert LogEntry.objects.get(object_id=str(other.pk)).user == superuser
