"""Limits for member photos and organisation logos (processing: spring_portal.images)."""

from spring_portal import images

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DIMENSION = 800
# Checked from the header before decoding: 12 MP decode to about 48 MB.
MAX_PIXELS = 12_000_000


def process_image(upload, user=None):
    """Return a re-encoded copy of `upload` ready to store, or raise ValidationError."""
    return images.process_image(
        upload,
        max_bytes=MAX_UPLOAD_BYTES,
        max_dimension=MAX_DIMENSION,
        max_pixels=MAX_PIXELS,
        user=user,
    )
