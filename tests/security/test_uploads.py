"""Every upload field refuses hostile files with a clear error, keeps what was typed
and stores nothing; served uploads are downloads or inert images, never HTML."""

import functools
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageFile

from hub.models import Document
from members.models import Organisation
from practices.models import Practice, PracticeDocument, PracticeImage
from spring_portal import ratelimit
from spring_portal.models import IntegrationArea
from spring_portal.uploads import GeneratedName
from tests.factories import OrganisationFactory
from tests.hub.factories import DocumentFactory
from tests.practices.factories import MINIMAL_PDF, PublishedPracticeFactory
from tests.security.world import build_world


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def _png_declaring(width, height):
    """A tiny valid PNG whose header claims `width` x `height` pixels."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    ihdr = data[12:29]  # b"IHDR" + 13 bytes of fields
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


GIF_JS = b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(document.domain);//"
HOSTILE = {
    "gif/js polyglot": ("cat.gif", GIF_JS, "image/gif"),
    "jpeg with html": (
        "photo.jpg",
        _jpeg() + b"<html><script>alert(1)</script></html>",
        "image/jpeg",
    ),
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "pdf renamed jpg": ("photo.jpg", MINIMAL_PDF, "image/jpeg"),
    "jpeg renamed pdf": ("report.pdf", _jpeg(), "application/pdf"),
    "pdf with html": (
        "report.pdf",
        MINIMAL_PDF.replace(b"%%EOF", b"<html><script>alert(1)</script></html>\n%%EOF"),
        "application/pdf",
    ),
    "decompression bomb": ("huge.png", _png_declaring(20000, 20000), "image/png"),
    "oversized": ("big.jpg", _jpeg() + b"\0" * (16 * 1024 * 1024), "image/jpeg"),
}


@pytest.fixture
def world(db, media):
    return build_world()


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post(world, field, upload):
    """(client, url, data, counted model, typed text) for one upload field."""
    author = world.users["author"]
    client = Client()
    client.force_login(author)
    area = IntegrationArea.objects.first().pk
    if field == "member photo":
        return client, "/accounts/profile/", {"full_name": "Typed Name", "photo": upload}
    if field == "organisation logo":
        data = {
            "name": "Typed Organisation",
            "org_type": world.org.org_type_id,
            "country": "BE",
            "city": "Gent",
            "contact_email": "typed@example.org",
            "description": "Typed description.",
            "logo": upload,
            "areas": [area],
        }
        return client, "/organisations/register/", data
    if field in ("practice image", "practice document"):
        data = {
            "title": "Typed practice title",
            "images-TOTAL_FORMS": "1",
            "images-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "1",
            "documents-INITIAL_FORMS": "0",
            "action": "draft",
        }
        if field == "practice image":
            data |= {"images-0-image": upload, "images-0-alt_text": "Typed alt"}
        else:
            data |= {"documents-0-file": upload, "documents-0-title": "Typed doc"}
        return client, "/practices/submit/", data
    data = {
        "title": "Typed document title",
        "summary": "Typed summary.",
        "doc_type": Document._meta.get_field("doc_type").choices[0][0],
        "languages": ["en"],
        "organisation": world.org.pk,
        "year": "2024",
        "file": upload,
        "save_draft": "1",
    }
    return client, "/documents/submit/", data


FIELDS = {
    "member photo": ("Typed Name", lambda: 0),
    "organisation logo": ("Typed Organisation", Organisation.objects.count),
    "practice image": ("Typed practice title", PracticeImage.objects.count),
    "practice document": ("Typed practice title", PracticeDocument.objects.count),
    "document pdf": ("Typed document title", Document.objects.count),
}
IMAGE_FIELDS = {"member photo", "organisation logo", "practice image"}


# Content decides, not the name: a real JPEG is a fine image and a real PDF a fine
# document whatever they are called (and they are stored under a generated name).
CASES = [
    (field, attack)
    for field in FIELDS
    for attack in HOSTILE
    if not (field in IMAGE_FIELDS and attack == "jpeg renamed pdf")
    and not (field not in IMAGE_FIELDS and attack == "pdf renamed jpg")
]


@pytest.mark.parametrize(("field", "attack"), CASES)
def test_hostile_upload_is_refused(world, media, field, attack):
    name, content, content_type = HOSTILE[attack]
    typed, count = FIELDS[field]
    before_rows, before_practices = count(), Practice.objects.count()
    client, url, data = _post(world, field, SimpleUploadedFile(name, content, content_type))

    response = client.post(url, data)

    assert response.status_code == 200, (field, attack)
    html = response.content.decode()
    assert 'class="field__errors"' in html or "form-errors" in html
    assert typed in html
    assert count() == before_rows
    assert Practice.objects.count() == before_practices
    assert _files(media) == []


def test_oversized_pdfs_are_refused(world, media):
    big = MINIMAL_PDF + b"\0" * (16 * 1024 * 1024)
    for field in ("practice document", "document pdf"):
        _typed, count = FIELDS[field]
        before = count()
        client, url, data = _post(world, field, SimpleUploadedFile("big.pdf", big))
        response = client.post(url, data)
        assert response.status_code == 200
        assert "limit" in response.content.decode()
        assert count() == before
    assert _files(media) == []


def test_stored_names_are_generated(world, media):
    client, url, data = _post(
        world, "document pdf", SimpleUploadedFile("<my report>.pdf", MINIMAL_PDF)
    )
    assert client.post(url, data).status_code == 302
    stored = Document.objects.get(title="Typed document title").file.name
    assert "my report" not in stored
    assert stored.startswith("documents/") and stored.endswith(".pdf")
    assert GeneratedName("events/materials")(None, "x.HTML").startswith("events/materials/")


def _assert_download(response):
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Disposition" in response
    assert "html" not in response["Content-Type"]


def test_served_practice_files_are_inert(world, media):
    practice = PublishedPracticeFactory(organisation=world.org)
    document = PracticeDocument.objects.create(
        practice=practice, title="Report", file=SimpleUploadedFile("r.pdf", MINIMAL_PDF), size=1
    )
    response = Client().get(f"/practices/documents/{document.pk}/")
    _assert_download(response)
    assert response["Content-Disposition"].startswith("attachment")
    image = PracticeImage.objects.create(
        practice=practice, alt_text="x", image=SimpleUploadedFile("i.jpg", _jpeg())
    )
    response = Client().get(f"/practices/images/{image.pk}/")
    _assert_download(response)
    assert response["Content-Type"] == "image/jpeg"


def test_served_hub_document_is_a_download(world, media):
    document = DocumentFactory(organisation=OrganisationFactory())
    document.file = SimpleUploadedFile("d.pdf", MINIMAL_PDF)
    document.save()
    response = Client().get(f"/documents/{document.slug}/download/")
    _assert_download(response)
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("events/materials/slides.html", "application/octet-stream", "attachment"),
        ("events/materials/logo.svg", "application/octet-stream", "attachment"),
        ("events/materials/slides.pdf", "application/pdf", "attachment"),
        ("members/photos/a.jpg", "image/jpeg", "inline"),
    ],
)
def test_media_is_never_served_as_html(world, media, name, content_type, disposition):
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<html><script>alert(1)</script></html>")
    response = Client().get(f"/media/{name}")
    _assert_download(response)
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith(disposition)
    assert "sandbox" in response["Content-Security-Policy"]


def test_private_uploads_are_not_served_from_media(world, media):
    path = media / "practices" / "documents" / "secret.pdf"
    path.parent.mkdir(parents=True)
    path.write_bytes(MINIMAL_PDF)
    assert Client().get("/media/practices/documents/secret.pdf").status_code == 404
    assert (
        Client().get("/media/members/photos/../../practices/documents/secret.pdf").status_code
        == 404
    )


# --- image limits: checked from the header, before any pixel is decoded -----------------------

PIXEL_LIMITS = {"member photo": 12, "organisation logo": 12, "practice image": 24}
SIZE_LIMITS = {"member photo": 5, "organisation logo": 5, "practice image": 8}


@functools.cache
def _png_7000():
    """49 megapixels of one colour: a few KB on disk, hundreds of MB once decoded."""
    buffer = io.BytesIO()
    Image.new("1", (7000, 7000), 1).save(buffer, "PNG")
    return buffer.getvalue()


def _gif():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "GIF")
    return buffer.getvalue()


def _refused_with(world, field, upload, message):
    typed, count = FIELDS[field]
    before = count()
    client, url, data = _post(world, field, upload)
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Upload a valid image" not in html
    assert typed in html
    assert count() == before


@pytest.fixture
def pillow_loads(monkeypatch):
    """The images Pillow decoded during the test (ImageFile.load decodes the pixels)."""
    loaded = []
    original = ImageFile.ImageFile.load

    def load(image):
        loaded.append(image.size)
        return original(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return loaded


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_image_over_pixel_budget_is_refused_without_decoding(world, media, pillow_loads, field):
    upload = SimpleUploadedFile("flat.png", _png_7000(), "image/png")
    assert upload.size < 300 * 1024

    message = f"Too many pixels: at most {PIXEL_LIMITS[field]} megapixels."
    _refused_with(world, field, upload, message)

    assert pillow_loads == []
    assert _files(media) == []


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_gif_is_refused_with_the_accepted_formats(world, media, field):
    upload = SimpleUploadedFile("cat.gif", _gif(), "image/gif")
    _refused_with(world, field, upload, "Accepted formats: JPEG, PNG or WebP.")
    assert _files(media) == []


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_oversized_image_is_refused_with_the_size_limit(world, media, pillow_loads, field):
    upload = SimpleUploadedFile("big.jpg", _jpeg() + b"\0" * (9 * 1024 * 1024), "image/jpeg")
    _refused_with(world, field, upload, f"File too large: at most {SIZE_LIMITS[field]} MB.")
    assert pillow_loads == []


@pytest.mark.parametrize("field", sorted(IMAGE_FIELDS))
def test_image_uploads_past_the_hourly_limit_are_refused(world, media, monkeypatch, field):
    monkeypatch.setitem(ratelimit.LIMITS, "images:upload", 1)
    client, url, data = _post(world, field, SimpleUploadedFile("a.jpg", _jpeg(), "image/jpeg"))
    assert client.post(url, data).status_code == 302
    if field == "organisation logo":
        data["name"] = "Another Typed Organisation"
    typed, count = FIELDS[field]
    before = count()
    data[next(k for k in data if k in ("photo", "logo", "images-0-image"))] = SimpleUploadedFile(
        "b.jpg", _jpeg(), "image/jpeg"
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Too many image uploads: at most 1 an hour." in response.content.decode()
    assert count() == before


def test_practice_jpeg_is_decoded_at_reduced_scale(world, media, pillow_loads):
    buffer = io.BytesIO()
    Image.new("RGB", (6000, 4000), "red").save(buffer, "JPEG")
    client, url, data = _post(
        world, "practice image", SimpleUploadedFile("big.jpg", buffer.getvalue(), "image/jpeg")
    )

    assert client.post(url, data).status_code == 302

    # Draft mode: the 24-megapixel JPEG is decoded at half scale for a 1600-px result.
    assert (3000, 2000) in pillow_loads
    assert (6000, 4000) not in pillow_loads
    stored = PracticeImage.objects.get(practice__title="Typed practice title").image
    assert Image.open(stored).size == (1600, 1067)
