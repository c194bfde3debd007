"""Factories for practices; complete records pass validate_for_state()."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from practices.models import Assessment, Practice
from spring_portal.models import IntegrationArea, TargetGroup
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
