"""Limits for member photos and organisation logos (processing: spring_portal.images)."""

from spring_portal import images

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DIMENSION = 800
# Far below Pillow's own limit: a profile photo never needs 40 megapixels.
MAX_PIXELS = 40_000_000


def process_image(upload):
    """Return a re-encoded copy of `upload` ready to store, or raise ValidationError."""
    return images.process_image(
        upload, max_bytes=MAX_UPLOAD_BYTES, max_dimension=MAX_DIMENSION, max_pixels=MAX_PIXELS
    )
