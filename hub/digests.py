"""Which newly published items each member receives in an email digest.

A member follows integration areas, countries, target groups and organisations
(hub.Follow). A digest lists the items published within the member's period
(a day or a week) that match any of them, minus those already sent to that
member (hub.DigestDelivery), so that nothing arrives twice.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from events.models import Event
from hub.enums import FollowKind
from hub.models import DigestDelivery, Document, EvidenceSummary, Follow, NewsPost
from members.enums import DigestFrequency
from members.models import Organisation
from practices.models import Practice, Transfer
from spring_portal.emails import send_templated_email
from spring_portal.links import absolute_url
from spring_portal.models import IntegrationArea, TargetGroup

PERIODS = {
    DigestFrequency.DAILY: timedelta(days=1),
    DigestFrequency.WEEKLY: timedelta(days=7),
}
MAX_ITEMS_PER_SECTION = 30
UNSUBSCRIBE_SALT = "hub.digest-unsubscribe"


@dataclass
class Interests:
    area_ids: set = field(default_factory=set)
    group_ids: set = field(default_factory=set)
    organisation_ids: set = field(default_factory=set)
    countries: set = field(default_factory=set)

    @classmethod
    def of(cls, user):
        interests = cls()
        for kind, area, group, organisation, country in Follow.objects.filter(
            user=user
        ).values_list("kind", "area_id", "target_group_id", "organisation_id", "country"):
            if kind == FollowKind.AREA:
                interests.area_ids.add(area)
            elif kind == FollowKind.TARGET_GROUP:
                interests.group_ids.add(group)
            elif kind == FollowKind.ORGANISATION:
                interests.organisation_ids.add(organisation)
            elif kind == FollowKind.COUNTRY:
                interests.countries.add(str(country))
        return interests

    def __bool__(self):
        return bool(self.area_ids or self.group_ids or self.organisation_ids or self.countries)


@dataclass
class Source:
    """A kind of content a digest can include."""

    heading: str
    model: type
    date_field: str
    # Foreign keys whose target's interests count too (a transfer: its practice's areas).
    via: tuple = ()

    def published(self):
        return self.model.objects.published()


def interest_filter(model, interests, prefix="") -> models.Q | None:
    """A Q matching rows of `model` that concern any of the interests, by its fields.

    Works on any model: taxonomy many-to-many fields, organisation foreign keys
    or many-to-many fields (and their country), and country fields. `prefix`
    ("practice__") reaches the fields through a relation.
    """
    q = models.Q()
    for model_field in model._meta.get_fields():
        name = prefix + model_field.name
        related = getattr(model_field, "related_model", None)
        forward = not model_field.auto_created or model_field.concrete
        if not forward:
            continue
        if related is IntegrationArea and interests.area_ids:
            q |= models.Q(**{f"{name}__in": interests.area_ids})
        elif related is TargetGroup and interests.group_ids:
            q |= models.Q(**{f"{name}__in": interests.group_ids})
        elif related is Organisation:
            if interests.organisation_ids:
                q |= models.Q(**{f"{name}__in": interests.organisation_ids})
            if interests.countries:
                q |= models.Q(**{f"{name}__country__in": interests.countries})
        elif isinstance(model_field, CountryField) and interests.countries:
            if model_field.multiple:
                for code in interests.countries:
                    q |= models.Q(**{f"{name}__contains": code})
            else:
                q |= models.Q(**{f"{name}__in": interests.countries})
    return q if q else None


def sources() -> list[Source]:
    """The kinds of content a digest includes, in the order it shows them."""
    return [
        Source(_("Integration practices"), Practice, "published_at"),
        Source(_("Practices adapted elsewhere"), Transfer, "published_at", via=("practice",)),
        Source(_("Events"), Event, "published_at"),
        Source(_("News"), NewsPost, "publish_at"),
        Source(_("Evidence summaries"), EvidenceSummary, "published_at"),
        Source(_("Documents"), Document, "published_at"),
    ]


def select_items(user, frequency, now=None):
    """Sections [{heading, items}] of matching items not yet sent to `user`."""
    now = now or timezone.now()
    since = now - PERIODS[frequency]
    interests = Interests.of(user)
    if not interests:
        return []
    sections = []
    for source in sources():
        q = interest_filter(source.model, interests)
        for name in source.via:
            related = source.model._meta.get_field(name).related_model
            extra = interest_filter(related, interests, prefix=f"{name}__")
            if extra is not None:
                q = extra if q is None else q | extra
        if q is None:
            continue
        content_type = ContentType.objects.get_for_model(source.model)
        already_sent = DigestDelivery.objects.filter(user=user, content_type=content_type).values(
            "object_id"
        )
        matching_ids = (
            source.published()
            .filter(q)
            .filter(**{f"{source.date_field}__gt": since, f"{source.date_field}__lte": now})
            .exclude(pk__in=already_sent)
            .values("pk")
        )
        rows = source.model.objects.filter(pk__in=matching_ids)
        if source.via:
            rows = rows.select_related(*source.via)
        items = list(rows.order_by(f"-{source.date_field}")[:MAX_ITEMS_PER_SECTION])
        if items:
            sections.append(
                {"heading": source.heading, "items": items, "content_type": content_type}
            )
    return sections


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe_token(token):
    """The member named by a token, or None when the token is not one of ours."""
    from django.contrib.auth import get_user_model

    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


def unsubscribe_url(user) -> str:
    token = unsubscribe_token(user)
    return absolute_url(reverse("hub:digest_unsubscribe", kwargs={"token": token}))


def send_digest(user, frequency, now=None) -> int:
    """Email `user` their digest; returns the number of items sent (0: no email)."""
    sections = select_items(user, frequency, now=now)
    count = sum(len(section["items"]) for section in sections)
    if not count:
        return 0
    context = {
        "user": user,
        "sections": sections,
        "frequency": frequency,
        "count": count,
        "unsubscribe_url": unsubscribe_url(user),
        "following_url": absolute_url(reverse("hub:following")),
    }
    send_templated_email("hub/emails/digest", context, [user.email], language=user.language)
    DigestDelivery.objects.bulk_create(
        [
            DigestDelivery(user=user, content_type=section["content_type"], object_id=item.pk)
            for section in sections
            for item in section["items"]
        ],
        ignore_conflicts=True,
    )
    return count
