"""Checks for files attached to practices: images are re-encoded, PDFs checked by content.

The stored image is one Pillow wrote itself (no EXIF, no ICC profile, at most
MAX_DIMENSION pixels on its longest side). A PDF is accepted only when its
bytes start with the %PDF- signature and it has the structure every PDF ends
with (an %%EOF marker and a cross-reference table or stream); its declared
name and content type are ignored.
"""

import io
import re
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from spring_portal.uploads import refuse_markup

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_DIMENSION = 1600
MAX_PIXELS = 50_000_000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
MAX_PDF_BYTES = 10 * 1024 * 1024
_PDF_XREF = re.compile(rb"startxref\s+\d+\s*%%EOF", re.DOTALL)


def _too_large(upload, limit):
    return ValidationError(
        _("This file is %(size)s; the limit is %(max)s.")
        % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
        code="too_large",
    )


def process_image(upload):
    """A re-encoded, resized copy of `upload` without metadata, or ValidationError."""
    if upload.size > MAX_IMAGE_BYTES:
        raise _too_large(upload, MAX_IMAGE_BYTES)
    refuse_markup(
        upload,
        ValidationError(
            _("This file contains web page code and cannot be used as an image."),
            code="polyglot",
        ),
    )
    upload.seek(0)
    data = upload.read()
    not_an_image = ValidationError(
        _("This file is not an image we can read. Please upload a JPEG, PNG or WebP."),
        code="not_an_image",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in IMAGE_FORMATS:
                    raise not_an_image
                if probe.size[0] * probe.size[1] > MAX_PIXELS:
                    raise ValidationError(
                        _("This image has too many pixels to be processed safely."),
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("This image has too many pixels to be processed safely."),
                code="too_many_pixels",
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise not_an_image from exc


def _reencode(image):
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((MAX_DIMENSION, MAX_DIMENSION), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if has_alpha:
        image.save(output, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.save(output, format="JPEG", quality=85, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    return SimpleUploadedFile(
        f"{uuid.uuid4().hex}.{extension}", output.getvalue(), content_type=content_type
    )


def check_pdf(upload):
    """Return `upload` when it is a plausible PDF of at most 10 MB, else ValidationError."""
    if upload.size > MAX_PDF_BYTES:
        raise _too_large(upload, MAX_PDF_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(upload.size - 2048, 0))
    tail = upload.read()
    upload.seek(0)
    refuse_markup(
        upload,
        ValidationError(
            _("This file contains web page code and cannot be accepted as a PDF."),
            code="polyglot",
        ),
    )
    if not head.startswith(b"%PDF-") or not _PDF_XREF.search(tail):
        raise ValidationError(
            _("This file is not a PDF document. Please upload a PDF."), code="not_a_pdf"
        )
    return upload
