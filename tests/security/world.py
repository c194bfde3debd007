"""One small world with a record of every kind in every visibility, and the five
roles the access rules distinguish."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hub.enums import NewsStatus
from members.enums import MembershipRole, OrganisationState
from spring_portal.moderation import ModerationState as S
from tests.events.factories import EventFactory
from tests.factories import MembershipFactory, ModeratorFactory, OrganisationFactory, UserFactory
from tests.hub.factories import CallFactory, DocumentFactory, DraftDocumentFactory, NewsPostFactory
from tests.practices.factories import PracticeFactory, PublishedPracticeFactory

ROLES = ("anonymous", "author", "other", "org_admin", "moderator")


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
            ("topic", "/topics/language-learning/"),
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
            ("admin", "/admin/"),
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
        ]


def build_world() -> World:
    author, other, org_admin = UserFactory(), UserFactory(), UserFactory()
    moderator = ModeratorFactory()
    org = OrganisationFactory()
    MembershipFactory(user=org_admin, organisation=org, role=MembershipRole.ADMIN)
    MembershipFactory(user=author, organisation=org)
    pending_org = OrganisationFactory(state=OrganisationState.PENDING, created_by=author)
    now = timezone.now()
    return World(
        users={"author": author, "other": other, "org_admin": org_admin, "moderator": moderator},
        org=org,
        pending_org=pending_org,
        practice=PublishedPracticeFactory(organisation=org, created_by=author),
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
    )
