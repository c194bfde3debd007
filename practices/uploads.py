"""Checks for files attached to practices: images are re-encoded, PDFs checked by content.

Images go through spring_portal.images with the limits below (re-encoded by
Pillow: no EXIF, no ICC profile, at most MAX_DIMENSION pixels on the longest
side). PDFs go through spring_portal.uploads.PdfCheck with the practice limit.
"""

from spring_portal import images
from spring_portal.uploads import MB, PdfCheck

MAX_IMAGE_BYTES = 8 * MB
MAX_DIMENSION = 1600
# Checked from the header before decoding: 24 MP decode to about 96 MB.
MAX_PIXELS = 24_000_000
MAX_PDF_BYTES = 10 * MB
check_pdf = PdfCheck(MAX_PDF_BYTES)


def process_image(upload, user=None):
    """A re-encoded, resized copy of `upload` without metadata, or ValidationError."""
    return images.process_image(
        upload,
        max_bytes=MAX_IMAGE_BYTES,
        max_dimension=MAX_DIMENSION,
        max_pixels=MAX_PIXELS,
        user=user,
    )
