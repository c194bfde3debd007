"""Factories for practices; complete records pass validate_for_state()."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from practices.enums import TransferStatus
from practices.models import Assessment, Collection, Practice, Project, Transfer
from spring_portal.models import FundingProgramme, IntegrationArea, TargetGroup
from spring_portal.moderation import ModerationState
from tests.factories import UserFactory


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Belgium: Language café number {n} – Example NGO")
    summary = "Newcomers practise the language with volunteers every week."
    description = "Weekly meetings in the public library with trained volunteers."
    countries = ["BE"]
    city = "Brussels"
    region = "BE10"
    geographic_scope = "local"
    start_date = datetime.date(2021, 1, 1)
    is_ongoing = True
    outcomes = "Participants speak more confidently."
    evaluation_type = "internal"
    contact_name = "Ana Example"
    contact_email = "ana@example.org"
    language = "en"
    created_by = factory.SubFactory(UserFactory)
    state = ModerationState.DRAFT

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted or [IntegrationArea.objects.get(slug="language-learning")])

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):
        if create:
            obj.target_groups.set(
                extracted or [TargetGroup.objects.get(slug="newly-arrived-migrants")]
            )


class PublishedPracticeFactory(PracticeFactory):
    state = ModerationState.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    practice = factory.SubFactory(PublishedPracticeFactory)
    relevance = 3
    effectiveness = 3
    evidence = 3
    sustainability = 2
    transferability = 2
    innovation = 2
    participation = 3


def image_upload(name="photo.jpg", size=(40, 30), fmt="JPEG", exif=False):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 40, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCamera"  # Make
        kwargs["exif"] = data.tobytes()
    image.save(buffer, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n95\n%%EOF\n"
)


def pdf_upload(name="report.pdf", content=MINIMAL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ProjectFactory(factory.django.DjangoModelFactory):
    """A complete draft project (it passes validate_for_state())."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Language cafés for newcomers {n}")
    acronym = factory.Sequence(lambda n: f"LACA{n}")
    programme = factory.LazyFunction(lambda: FundingProgramme.objects.get(name="AMIF"))
    reference = factory.Sequence(lambda n: f"AMIF-2021-AG-{n:05d}")
    start_year = 2021
    end_year = 2023
    summary = "Volunteers and newcomers meet weekly to practise the language."
    results = "Participants reported more confidence in speaking."
    coordinator_name = "Example NGO"
    countries = ["BE", "NL"]
    created_by = factory.SubFactory(UserFactory)
    state = ModerationState.DRAFT

    @factory.post_generation
    def areas(obj, create, extracted, **kwargs):
        if create:
            obj.areas.set(extracted or [IntegrationArea.objects.get(slug="language-learning")])


class PublishedProjectFactory(ProjectFactory):
    state = ModerationState.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


class TransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transfer

    practice = factory.SubFactory(PublishedPracticeFactory)
    created_by = factory.SubFactory(UserFactory)
    country = "DK"
    region = "DK01"
    city = "Copenhagen"
    status = TransferStatus.RUNNING
    start_date = datetime.date(2024, 9, 1)
    adaptations = "Run in Danish and Arabic, with the municipality's job centre."
    state = ModerationState.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class PublishedTransferFactory(TransferFactory):
    state = ModerationState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Practices for our AMIF application {n}")
