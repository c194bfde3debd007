"""Checks for files attached to practices: images are re-encoded, PDFs checked by content.

Images go through spring_portal.images with the limits below (re-encoded by
Pillow: no EXIF, no ICC profile, at most MAX_DIMENSION pixels on the longest
side). A PDF is accepted only when its
bytes start with the %PDF- signature and it has the structure every PDF ends
with (an %%EOF marker and a cross-reference table or stream); its declared
name and content type are ignored.
"""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from spring_portal import images
from spring_portal.uploads import refuse_markup

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_DIMENSION = 1600
# Checked from the header before decoding: 24 MP decode to about 96 MB.
MAX_PIXELS = 24_000_000
MAX_PDF_BYTES = 10 * 1024 * 1024
_PDF_XREF = re.compile(rb"startxref\s+\d+\s*%%EOF", re.DOTALL)


def _too_large(upload, limit):
    return ValidationError(
        _("This file is %(size)s; the limit is %(max)s.")
        % {"size": filesizeformat(upload.size), "max": filesizeformat(limit)},
        code="too_large",
    )


def process_image(upload, user=None):
    """A re-encoded, resized copy of `upload` without metadata, or ValidationError."""
    return images.process_image(
        upload,
        max_bytes=MAX_IMAGE_BYTES,
        max_dimension=MAX_DIMENSION,
        max_pixels=MAX_PIXELS,
        user=user,
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
