"""One small world with a record of every kind in every visibility, and the six
roles the access rules distinguish."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hub.enums import NewsStatus
from members.enums import MembershipRole, OrganisationState
from practices.enums import CollectionVisibility
from practices.models import CollectionItem, ContactMessage
from reviews.enums import AssignmentState
from spring_portal.moderation import ModerationState as S
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, ModeratorFactory, OrganisationFactory, UserFactory
from tests.hub.factories import (
    CallFactory,
    DocumentFactory,
    DraftDocumentFactory,
    EvidenceSummaryFactory,
    NewsPostFactory,
)
from tests.practices.factories import (
    CollectionFactory,
    PracticeFactory,
    ProjectFactory,
    PublishedPracticeFactory,
    PublishedProjectFactory,
    PublishedTransferFactory,
    TransferFactory,
)
from tests.reviews.factories import (
    AssignmentFactory,
    ReviewerFactory,
    ReviewPanelFactory,
    submitted,
)

ROLES = ("anonymous", "author", "other", "org_admin", "moderator", "reviewer")


@dataclass
class World:
    users: dict
    org: object
    pending_org: object
    practice: object
    draft_practice: object
    event: object
    draft_event: object
    document: object
    draft_document: object
    news: object
    draft_news: object
    call: object
    project: object
    draft_project: object
    evidence: object
    draft_evidence: object
    transfer: object
    message: object
    collection: object
    shared_collection: object
    # Review panels: the reviewer's own assignment, one they stepped back from for a
    # conflict of interest, and another reviewer's (issue 16).
    review_assignment: object = None
    conflicted_assignment: object = None
    other_assignment: object = None
    review_panel: object = None
    lead_assignment: object = None
    # A transfer of the published practice still waiting for the moderators.
    draft_transfer: object = None

    def urls(self):
        """(label, path) for every page a GET can reach, with objects filled in."""
        o, po = self.org.slug, self.pending_org.slug
        p, dp = self.practice, self.draft_practice
        e, de = self.event.slug, self.draft_event.slug
        d, dd = self.document.slug, self.draft_document.slug
        return [
            ("home", "/"),
            ("about", "/about/"),
            ("privacy", "/privacy/"),
            ("accessibility", "/accessibility/"),
            ("healthz", "/healthz"),
            ("robots", "/robots.txt"),
            ("sitemap", "/sitemap.xml"),
            ("join", "/join/"),
            ("member directory", "/members/"),
            ("organisation directory", "/organisations/"),
            ("organisation", f"/organisations/{o}/"),
            ("pending organisation", f"/organisations/{po}/"),
            ("organisation register", "/organisations/register/"),
            ("organisation manage", f"/organisations/{o}/manage/"),
            ("pending organisation manage", f"/organisations/{po}/manage/"),
            ("organisation edit", f"/organisations/{o}/edit/"),
            ("pending organisation edit", f"/organisations/{po}/edit/"),
            ("practices", "/practices/"),
            ("practices feed", "/practices/feed/"),
            ("practices csv", "/practices/export/practices.csv"),
            ("practices json", "/practices/export/practices.json"),
            ("practice", f"/practices/{p.slug}/"),
            ("draft practice", f"/practices/{dp.slug}/"),
            ("practice submit", "/practices/submit/"),
            ("my practices", "/practices/mine/"),
            ("draft practice edit", f"/practices/edit/{dp.pk}/"),
            ("events", "/events/"),
            ("past events", "/events/past/"),
            ("events feed", "/events/feed.ics"),
            ("event", f"/events/{e}/"),
            ("event ics", f"/events/{e}/calendar.ics"),
            ("draft event", f"/events/{de}/"),
            ("event propose", "/events/propose/"),
            ("my events", "/events/mine/"),
            ("draft event edit", f"/events/{de}/edit/"),
            ("registrants", f"/events/{e}/registrants/"),
            ("registrants csv", f"/events/{e}/registrants.csv"),
            ("map", "/map/"),
            ("map events", "/map/?layer=events"),
            ("statistics", "/statistics/"),
            ("statistics csv", "/statistics/practices-by-country.csv"),
            ("news", "/news/"),
            ("news feed", "/news/feed/"),
            ("news item", f"/news/{self.news.slug}/"),
            ("draft news item", f"/news/{self.draft_news.slug}/"),
            ("calls", "/calls/"),
            ("call", f"/calls/{self.call.slug}/"),
            ("documents", "/documents/"),
            ("documents feed", "/documents/feed/"),
            ("document", f"/documents/{d}/"),
            ("draft document", f"/documents/{dd}/"),
            ("document submit", "/documents/submit/"),
            ("my documents", "/documents/mine/"),
            ("draft document edit", f"/documents/{dd}/edit/"),
            ("projects", "/projects/"),
            ("project", f"/projects/{self.project.slug}/"),
            ("draft project", f"/projects/{self.draft_project.slug}/"),
            ("project submit", "/projects/submit/"),
            ("my projects", "/projects/mine/"),
            ("draft project edit", f"/projects/{self.draft_project.slug}/edit/"),
            ("published project edit", f"/projects/{self.project.slug}/edit/"),
            ("evidence", "/evidence/"),
            ("evidence feed", "/evidence/feed/"),
            ("evidence summary", f"/evidence/{self.evidence.slug}/"),
            ("draft evidence summary", f"/evidence/{self.draft_evidence.slug}/"),
            ("evidence write", "/evidence/write/"),
            ("admin projects", "/admin/practices/project/"),
            ("admin evidence", "/admin/hub/evidencesummary/"),
            ("topic", "/topics/language-learning/"),
            ("practice transfer declare", f"/practices/{p.slug}/transfer/"),
            ("draft practice transfer declare", f"/practices/{dp.slug}/transfer/"),
            ("practice contact", f"/practices/{p.slug}/contact/"),
            ("practice save", f"/practices/{p.slug}/save/"),
            ("my transfers", "/my/transfers/"),
            ("transfer edit", f"/my/transfers/{self.transfer.pk}/edit/"),
            ("my messages", "/my/messages/"),
            ("message thread", f"/my/messages/{self.message.pk}/"),
            ("my collections", "/my/collections/"),
            ("collection", f"/my/collections/{self.collection.pk}/"),
            ("shared collection", f"/collections/{self.shared_collection.token}/"),
            ("private collection link", f"/collections/{self.collection.token}/"),
            ("following", "/following/"),
            ("dashboard", "/my/"),
            ("notifications", "/my/notifications/"),
            ("account email", "/accounts/email/"),
            ("account password", "/accounts/password/change/"),
            ("account profile", "/accounts/profile/"),
            ("my organisations", "/accounts/organisations/"),
            ("account preferences", "/accounts/preferences/"),
            ("account data", "/accounts/data/"),
            ("account delete", "/accounts/delete/"),
            ("two-factor", "/accounts/2fa/"),
            ("login", "/accounts/login/"),
            ("signup", "/accounts/signup/"),
            ("password reset", "/accounts/password/reset/"),
            ("reviewer desk", "/review/"),
            ("review assignment", f"/review/{self.review_assignment.pk}/"),
            ("review conflict", f"/review/{self.review_assignment.pk}/conflict/"),
            ("conflicted review assignment", f"/review/{self.conflicted_assignment.pk}/"),
            ("other review assignment", f"/review/{self.other_assignment.pk}/"),
            ("review consensus", f"/review/{self.lead_assignment.pk}/consensus/"),
            ("methodology", "/methodology/"),
            ("admin", "/admin/"),
            ("admin review panels", "/admin/reviews/reviewpanel/"),
            (
                "admin review consensus",
                f"/admin/reviews/reviewpanel/{self.review_panel.pk}/consensus/",
            ),
            ("admin practices", "/admin/practices/practice/"),
            ("french home", "/fr/"),
            ("german practices", "/de/practices/"),
            ("practice language version", f"/practices/{p.slug}/?lang=it"),
            ("practice translation offer", f"/translations/practices/practice/{p.pk}/offer/"),
            (
                "draft practice translation offer",
                f"/translations/practices/practice/{dp.pk}/offer/",
            ),
            ("event translation offer", f"/translations/events/event/{self.event.pk}/offer/"),
            ("practice machine draft", f"/translations/practices/practice/{p.pk}/machine/"),
            ("admin translations", "/admin/spring_portal/contenttranslation/"),
            *self.api_urls(),
        ]

    def api_urls(self):
        """The open data API: public records only, the same answer for every role."""
        return [
            ("api index", "/api/v1/"),
            ("api openapi", "/api/v1/openapi.json"),
            ("api docs", "/api/v1/docs/"),
            ("api catalogue", "/api/v1/catalogue.jsonld"),
            ("api practices", "/api/v1/practices"),
            ("api practice", f"/api/v1/practices/{self.practice.slug}"),
            ("api draft practice", f"/api/v1/practices/{self.draft_practice.slug}"),
            ("api events", "/api/v1/events"),
            ("api event", f"/api/v1/events/{self.event.slug}"),
            ("api draft event", f"/api/v1/events/{self.draft_event.slug}"),
            ("api documents", "/api/v1/documents"),
            ("api document", f"/api/v1/documents/{self.document.slug}"),
            ("api draft document", f"/api/v1/documents/{self.draft_document.slug}"),
            ("api organisations", "/api/v1/organisations"),
            ("api organisation", f"/api/v1/organisations/{self.org.slug}"),
            ("api pending organisation", f"/api/v1/organisations/{self.pending_org.slug}"),
            ("api news", "/api/v1/news"),
            ("api news item", f"/api/v1/news/{self.news.slug}"),
            ("api draft news item", f"/api/v1/news/{self.draft_news.slug}"),
            ("api calls", "/api/v1/calls"),
            ("api call", f"/api/v1/calls/{self.call.slug}"),
            ("api projects", "/api/v1/projects"),
            ("api project", f"/api/v1/projects/{self.project.slug}"),
            ("api draft project", f"/api/v1/projects/{self.draft_project.slug}"),
            ("api transfers", "/api/v1/transfers"),
            ("api transfer", f"/api/v1/transfers/{self.transfer.pk}"),
            ("api draft transfer", f"/api/v1/transfers/{self.draft_transfer.pk}"),
        ]


def build_world() -> World:
    author, other, org_admin = UserFactory(), UserFactory(), UserFactory()
    moderator = ModeratorFactory()
    org = OrganisationFactory()
    MembershipFactory(user=org_admin, organisation=org, role=MembershipRole.ADMIN)
    MembershipFactory(user=author, organisation=org)
    pending_org = OrganisationFactory(state=OrganisationState.PENDING, created_by=author)
    now = timezone.now()
    practice = PublishedPracticeFactory(organisation=org, created_by=author)
    shared = CollectionFactory(owner=other, visibility=CollectionVisibility.SHARED)
    CollectionItem.objects.create(collection=shared, practice=practice)
    reviewer = ReviewerFactory().user
    panel = ReviewPanelFactory(practice=PracticeFactory(state=S.IN_REVIEW))
    conflicted_panel = ReviewPanelFactory(practice=PracticeFactory(state=S.IN_REVIEW))
    world = World(
        users={
            "author": author,
            "other": other,
            "org_admin": org_admin,
            "moderator": moderator,
            "reviewer": reviewer,
        },
        org=org,
        pending_org=pending_org,
        practice=practice,
        draft_practice=PracticeFactory(organisation=org, created_by=author, state=S.DRAFT),
        event=EventFactory(organiser=org),
        draft_event=EventFactory(organiser=org, created_by=author, state=S.DRAFT),
        document=DocumentFactory(organisation=org),
        draft_document=DraftDocumentFactory(organisation=org, created_by=author),
        news=NewsPostFactory(),
        draft_news=NewsPostFactory(
            status=NewsStatus.DRAFT, publish_at=now + datetime.timedelta(days=1)
        ),
        call=CallFactory(),
        project=PublishedProjectFactory(coordinator=org),
        draft_project=ProjectFactory(created_by=author),
        evidence=EvidenceSummaryFactory(),
        draft_evidence=EvidenceSummaryFactory(state=S.DRAFT, published_at=None),
        # Declared by another member, published: on the practice page with a
        # "Confirm" button for its owners (the author and the organisation's admin).
        transfer=PublishedTransferFactory(practice=practice, created_by=other),
        draft_transfer=TransferFactory(
            practice=practice,
            created_by=author,
            city="Aarhus",
            adaptations="Our adaptation, still waiting for the moderators.",
        ),
        message=ContactMessage.objects.create(
            practice=practice, sender=other, body="Could we adapt it in Milan?"
        ),
        collection=CollectionFactory(owner=other),
        shared_collection=shared,
        review_panel=panel,
        review_assignment=AssignmentFactory(panel=panel, reviewer=reviewer),
        other_assignment=AssignmentFactory(panel=panel),
        conflicted_assignment=AssignmentFactory(
            panel=conflicted_panel, reviewer=reviewer, state=AssignmentState.DECLINED_CONFLICT
        ),
    )
    # The reviewer leads a third panel whose two reviewers have scored.
    lead_panel = ReviewPanelFactory(practice=PracticeFactory(state=S.IN_REVIEW))
    world.lead_assignment = submitted(
        AssignmentFactory(panel=lead_panel, reviewer=reviewer, is_lead=True)
    )
    submitted(AssignmentFactory(panel=lead_panel))
    return world
