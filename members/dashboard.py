"""“My SPRING”: what a member has to do, and what they have on the portal.

Every list is one query whatever its length (the moderator's latest message
comes as a subquery, organisations and events through select_related), so the
page costs the same number of queries for one item or a hundred.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from members.enums import MembershipRole, MembershipState, OrganisationState
from members.models import Invitation, Membership
from members.notifications import author_url
from members.services import invitation_token
from spring_portal.models import StateChange
from spring_portal.moderation import ModerationState as S

# How far ahead a closing call is worth a reminder, and how long a promotion from
# the waiting list stays on the list of things to look at.
CALLS_CLOSING_WITHIN = datetime.timedelta(days=14)
PROMOTION_SHOWN_FOR = datetime.timedelta(days=14)


@dataclass
class Dashboard:
    changes_requested: list = field(default_factory=list)
    invitations: list = field(default_factory=list)
    join_requests: list = field(default_factory=list)
    promotions: list = field(default_factory=list)
    closing_calls: list = field(default_factory=list)
    submissions: list = field(default_factory=list)
    registrations: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    follows: list = field(default_factory=list)
    # Review panels (reviews app): the reviewer's queue, earliest due first.
    reviews: list = field(default_factory=list)
    is_reviewer: bool = False
    review_invitation: bool = False
    untranslated: list = field(default_factory=list)

    @property
    def needs_me(self):
        return bool(
            self.changes_requested
            or self.invitations
            or self.join_requests
            or self.promotions
            or self.closing_calls
            or self.reviews
            or self.review_invitation
        )


def _latest_message(model):
    """The message of the record's latest transition to “changes requested”."""
    return Subquery(
        StateChange.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
            to_state=S.CHANGES_REQUESTED,
        )
        .order_by("-created_at", "-pk")
        .values("message")[:1]
    )


def _submissions(user):
    from events.models import Event
    from hub.models import Document
    from practices.models import Practice, Project

    practices = (
        Practice.objects.filter(created_by=user)
        # A published revision has been merged into its original (as on “My submissions”).
        .exclude(state=S.PUBLISHED, revision_of__isnull=False)
        .annotate(moderator_message=_latest_message(Practice))
    )
    events = Event.objects.filter(created_by=user).annotate(
        moderator_message=_latest_message(Event)
    )
    documents = Document.objects.filter(created_by=user).annotate(
        moderator_message=_latest_message(Document)
    )
    projects = Project.objects.filter(created_by=user).annotate(
        moderator_message=_latest_message(Project)
    )
    rows = []
    for queryset, mine_url in (
        (practices, reverse("practices:mine")),
        (events, reverse("events:mine")),
        (documents, reverse("hub:my_documents")),
        (projects, reverse("projects:mine")),
    ):
        for record in queryset.order_by("-updated_at"):
            record.kind_label = record._meta.verbose_name
            record.mine_url = mine_url
            record.act_url = author_url(record, editable=record.state == S.CHANGES_REQUESTED)
            rows.append(record)
    rows.sort(key=lambda record: record.updated_at, reverse=True)
    return rows


def dashboard_for(user, now=None):
    from events.enums import ACTIVE_REGISTRATION_STATUSES, RegistrationStatus
    from events.models import Registration
    from hub.models import Call, Follow

    now = now or timezone.now()
    today = timezone.localdate(now)
    board = Dashboard()

    board.submissions = _submissions(user)
    board.changes_requested = [r for r in board.submissions if r.state == S.CHANGES_REQUESTED]

    if user.email:
        board.invitations = list(
            Invitation.objects.valid()
            .filter(email__iexact=user.email, organisation__state=OrganisationState.APPROVED)
            .select_related("organisation", "invited_by")
        )
        for invitation in board.invitations:
            invitation.accept_url = reverse(
                "members:invitation_accept", kwargs={"token": invitation_token(invitation)}
            )

    board.join_requests = list(
        Membership.objects.filter(
            state=MembershipState.REQUESTED,
            organisation__memberships__user=user,
            organisation__memberships__role=MembershipRole.ADMIN,
            organisation__memberships__state=MembershipState.ACTIVE,
        )
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )

    board.registrations = list(
        Registration.objects.filter(
            user=user, status__in=ACTIVE_REGISTRATION_STATUSES, event__end__gte=now
        )
        .select_related("event")
        .order_by("event__start", "pk")
    )
    board.promotions = [
        registration
        for registration in board.registrations
        if registration.status == RegistrationStatus.REGISTERED
        and registration.promoted_at
        and registration.promoted_at >= now - PROMOTION_SHOWN_FOR
    ]

    board.closing_calls = list(
        Call.objects.open(today)
        .filter(closes_on__lte=today + CALLS_CLOSING_WITHIN)
        .order_by("closes_on", "pk")
    )

    board.memberships = list(
        user.memberships.exclude(state=MembershipState.DECLINED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    board.follows = list(Follow.objects.for_user(user))
    _reviews(board, user, today)
    board.untranslated = _untranslated(user)
    return board


def _reviews(board, user, today):
    from reviews.models import ReviewAssignment, Reviewer

    reviewer = Reviewer.objects.filter(user=user, is_active=True).first()
    if reviewer is None:
        return
    board.is_reviewer = reviewer.is_accepted
    board.review_invitation = not reviewer.is_accepted
    if reviewer.is_accepted:
        board.reviews = list(
            ReviewAssignment.objects.for_reviewer(user)
            .to_score()
            .select_related("panel__practice")
            .order_by("due_on", "pk")
        )
        for assignment in board.reviews:
            assignment.overdue = assignment.due_on < today


UNTRANSLATED_SHOWN = 20


def _untranslated(user):
    """The published practices, events and documents of the organisations `user`
    administers that lack a published translation into an interface language: one
    query per kind, the languages of the translations aggregated."""
    from django.conf import settings
    from django.contrib.postgres.aggregates import ArrayAgg
    from django.db.models import Q

    from events.models import Event
    from hub.models import Document
    from practices.models import Practice
    from spring_portal.content_translations import offer_translation_url
    from spring_portal.languages import language_name

    admin_of = Membership.objects.admins().filter(user=user).values("organisation_id")
    interface = [code for code, _name in settings.LANGUAGES]
    rows = []
    for queryset, field_name in (
        (Practice.objects.published(), "organisation"),
        (Event.objects.published(), "organiser"),
        (Document.objects.published(), "organisation"),
    ):
        records = (
            queryset.filter(**{f"{field_name}__in": admin_of})
            .annotate(
                translated=ArrayAgg(
                    "translations__language",
                    filter=Q(translations__state=S.PUBLISHED),
                    distinct=True,
                    default=[],
                )
            )
            .order_by("-published_at", "-pk")
        )
        for record in records[:UNTRANSLATED_SHOWN]:
            have = {record.original_language, *record.translated}
            missing = [code for code in interface if code not in have]
            if missing:
                record.kind_label = record._meta.verbose_name
                record.missing = [
                    {"name": language_name(code), "url": offer_translation_url(record, code)}
                    for code in missing
                ]
                rows.append(record)
    rows.sort(key=lambda record: record.published_at or record.created_at, reverse=True)
    return rows[:UNTRANSLATED_SHOWN]
