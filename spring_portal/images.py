"""Uploaded images: check the header, refuse what is not a safe image, re-encode.

The file that is stored is one Pillow wrote itself: no EXIF (location, camera),
no ICC profile, at most `max_dimension` pixels on its longest side, under a
generated name. Each kind of upload (photos, logos, practice images) calls
`process_image()` with its own limits.

Order matters for memory: size, format and pixel count are checked from the
file header (Image.open reads nothing more) before any pixel is decoded, because
a few-KB PNG can declare 49 megapixels and cost hundreds of MB once decoded.
Forms use `ImageUploadField`, a plain FileField, because Django's ImageField
decodes first and hides these messages behind its generic "Upload a valid image".
"""

import io
import uuid
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from spring_portal import ratelimit
from spring_portal.uploads import refuse_markup

# Only these decoders ever decode an upload; anything else, GIF included, is refused.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT = "image/jpeg,image/png,image/webp"
UPLOAD_SCOPE = "images:upload"


class ImageUploadField(forms.FileField):
    """A file field for images that leaves every check to process_image()."""

    widget = forms.ClearableFileInput(attrs={"accept": ACCEPT})


def check_upload_rate(user):
    """Count one image upload by `user`; ValidationError past the hourly limit."""
    try:
        ratelimit.check_rate(user, UPLOAD_SCOPE)
    except ratelimit.RateLimited as exc:
        raise ValidationError(
            _("Too many image uploads: at most %(limit)s an hour. Please try again later.")
            % {"limit": ratelimit.LIMITS[UPLOAD_SCOPE]},
            code="rate_limited",
        ) from exc


def process_image(upload, *, max_bytes: int, max_dimension: int, max_pixels: int, user=None):
    """Return a re-encoded copy of `upload` ready to store, or raise ValidationError.

    With `user`, the upload counts towards that member's hourly image budget.
    """
    if user is not None:
        check_upload_rate(user)
    if upload.size > max_bytes:
        raise ValidationError(
            _("File too large: at most %(max)s MB.") % {"max": _megabytes(max_bytes)},
            code="too_large",
        )
    refuse_markup(
        upload,
        ValidationError(
            _("This file contains web page code and cannot be used as an image."),
            code="polyglot",
        ),
    )
    upload.seek(0)
    data = upload.read()
    with warnings.catch_warnings():
        # A decompression bomb is refused, not merely warned about.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                _check_header(probe, max_pixels)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as image:
                if image.format == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when the output is smaller anyway.
                    image.draft("RGB", (max_dimension, max_dimension))
                image.load()
                return _reencode(image, max_dimension)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("This file is not an image we can read. Please upload a JPEG, PNG or WebP."),
                code="not_an_image",
            ) from exc


def _megabytes(size):
    return f"{size / (1024 * 1024):g}"


def _too_many_pixels(max_pixels):
    return ValidationError(
        _("Too many pixels: at most %(max)s megapixels.") % {"max": f"{max_pixels / 1e6:g}"},
        code="too_many_pixels",
    )


def _unsupported_format():
    return ValidationError(
        _("Accepted formats: JPEG, PNG or WebP."),
        code="unsupported_format",
    )


def _check_header(image, max_pixels):
    if image.format not in ALLOWED_FORMATS:
        raise _unsupported_format()
    width, height = image.size
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)


def _reencode(image, max_dimension):
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    mode = "RGBA" if has_alpha else "RGB"
    # Shrink before rotating so that only the small copy is transposed.
    if image.mode != mode:
        image = image.convert(mode)
    image.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
    # Apply the camera's orientation before the EXIF that carries it is dropped.
    image = ImageOps.exif_transpose(image)
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
