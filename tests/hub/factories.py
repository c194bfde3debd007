"""Factories for the hub: news posts, calls, documents and follows."""

import datetime

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hub.enums import DocumentType, FollowKind, Language, NewsStatus
from hub.models import Call, Document, EvidenceSummary, Follow, NewsPost
from spring_portal.models import IntegrationArea
from spring_portal.moderation import ModerationState
from tests.factories import UserFactory
from tests.practices.factories import MINIMAL_PDF


def pdf_upload(name="report.pdf", content=MINIMAL_PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class NewsPostFactory(factory.django.DjangoModelFactory):
    """A published news post, one hour old."""

    class Meta:
        model = NewsPost
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"EU highlight number {n}")
    slug = factory.Sequence(lambda n: f"eu-highlight-{n}")
    summary = "The European Commission adopted a work programme."
    body = "Future calls will support **integration** at local level."
    language = Language.EN
    status = NewsStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


class CallFactory(factory.django.DjangoModelFactory):
    """A call open from ten days ago until twenty days from now."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Call for best practices {n}")
    slug = factory.Sequence(lambda n: f"call-for-best-practices-{n}")
    text = "Submit your **best practice** until the closing date."
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class DocumentFactory(factory.django.DjangoModelFactory):
    """A published external-link report."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"A place-based approach to migrant integration {n}")
    slug = factory.Sequence(lambda n: f"place-based-approach-{n}")
    summary = "Urban and territorial strategies for the inclusion of international migrants."
    doc_type = DocumentType.REPORT
    languages = factory.LazyFunction(lambda: [Language.EN])
    publisher = "Joint Research Centre"
    year = 2021
    url = "https://example.org/report"
    created_by = None
    state = ModerationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.areas.set(extracted)

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.target_groups.set(extracted)

    @factory.post_generation
    def vector(obj, create, extracted, **kwargs):
        if create:
            obj.update_search_vector()


class DraftDocumentFactory(DocumentFactory):
    created_by = factory.SubFactory(UserFactory)
    state = ModerationState.DRAFT
    published_at = None


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory(UserFactory)
    kind = FollowKind.AREA


class EvidenceSummaryFactory(factory.django.DjangoModelFactory):
    """A published evidence summary citing nothing yet (pass cited_* to cite)."""

    class Meta:
        model = EvidenceSummary
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"What the evidence says about language cafés {n}")
    summary = "Language cafés help newcomers speak with more confidence."
    body = "Three evaluated practices report **more confidence**; none measured jobs."
    state = ModerationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted or [IntegrationArea.objects.get(slug="language-learning")])
