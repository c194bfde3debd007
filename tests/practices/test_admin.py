"""Moderation in the Django admin: queue, actions through transition(), assessment."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from practices.models import Practice
from spring_portal.moderation import ModerationState, transition
from tests.practices.factories import PracticeFactory

S = ModerationState
CHANGELIST = reverse("admin:practices_practice_changelist")


@pytest.mark.django_db
def test_queue_lists_waiting_practices_oldest_first(moderator_client):
    first = PracticeFactory(state=S.DRAFT)
    transition(first, S.SUBMITTED, first.created_by)
    second = PracticeFactory(state=S.DRAFT)
    transition(second, S.SUBMITTED, second.created_by)
    PracticeFactory(state=S.PUBLISHED)
    response = moderator_client.get(CHANGELIST)
    rows = list(response.context["cl"].result_list)
    assert [p.pk for p in rows[:2]] == [first.pk, second.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["state=submitted", "country=BE", "areas__id__exact=1", "evidence_level=best"]
)
def test_queue_filters_answer(moderator_client, query):
    PracticeFactory(state=S.SUBMITTED)
    assert moderator_client.get(f"{CHANGELIST}?{query}").status_code == 200


@pytest.mark.django_db
def test_request_changes_asks_for_message_then_transitions(moderator_client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    data = {"action": "move_to_changes_requested", ACTION_CHECKBOX_NAME: [practice.pk]}
    response = moderator_client.post(CHANGELIST, data)
    assert response.status_code == 200
    assert "admin/transition.html" in [t.name for t in response.templates]

    response = moderator_client.post(CHANGELIST, {**data, "apply": "1", "message": ""})
    assert response.context["form"].errors["message"]
    practice.refresh_from_db()
    assert practice.state == S.SUBMITTED

    moderator_client.post(
        CHANGELIST,
        {**data, "apply": "1", "message": "Add outcomes", "internal_note": "meh"},
    )
    practice.refresh_from_db()
    assert practice.state == S.CHANGES_REQUESTED
    change = practice.history()[0]
    assert (change.actor, change.message, change.internal_note) == (
        moderator,
        "Add outcomes",
        "meh",
    )


@pytest.mark.django_db
def test_publish_action_refuses_invalid_move_with_message(moderator_client):
    practice = PracticeFactory(state=S.DRAFT)
    response = moderator_client.post(
        CHANGELIST,
        {"action": "move_to_published", ACTION_CHECKBOX_NAME: [practice.pk], "apply": "1"},
        follow=True,
    )
    practice.refresh_from_db()
    assert practice.state == S.DRAFT
    assert "cannot move" in response.content.decode()


@pytest.mark.django_db
def test_change_page_shows_history_and_assessment(moderator_client, moderator):
    practice = PracticeFactory(state=S.SUBMITTED)
    transition(practice, S.IN_REVIEW, moderator, internal_note="Checked the website")
    response = moderator_client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    html = response.content.decode()
    assert "Checked the website" in html
    assert "assessment" in html.lower()


@pytest.mark.django_db
def test_member_cannot_open_admin(member_client):
    response = member_client.get(CHANGELIST)
    assert response.status_code == 302


@pytest.mark.django_db
def test_assessment_saved_in_admin_sets_evidence_level(moderator_client):
    practice = PracticeFactory(state=S.IN_REVIEW)
    url = reverse("admin:practices_practice_change", args=[practice.pk])
    form = moderator_client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["countries"] = ["BE"]
    data["areas"] = [a.pk for a in practice.areas.all()]
    data["target_groups"] = [t.pk for t in practice.target_groups.all()]
    for prefix, total in (
        ("assessment", 1),
        ("images", 0),
        ("documents", 0),
        ("spring_portal-statechange-content_type-object_id", 0),
    ):
        data[f"{prefix}-TOTAL_FORMS"] = str(total)
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    scores = dict.fromkeys(
        [
            "relevance",
            "effectiveness",
            "evidence",
            "sustainability",
            "transferability",
            "innovation",
            "participation",
        ],
        2,
    )
    for name, value in scores.items():
        data[f"assessment-0-{name}"] = value
    response = moderator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.evidence_level == "good"
    assert practice.assessment.assessed_by is not None
