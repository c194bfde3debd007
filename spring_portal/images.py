"""Uploaded images: verify, refuse what is not a safe image, re-encode.

The file that is stored is one Pillow wrote itself: no EXIF (location, camera),
no ICC profile, at most `max_dimension` pixels on its longest side, under a
generated name. Each kind of upload (photos, logos, practice images) calls
`process_image()` with its own limits.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from spring_portal.uploads import refuse_markup

ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})


def process_image(upload, *, max_bytes: int, max_dimension: int, max_pixels: int):
    """Return a re-encoded copy of `upload` ready to store, or raise ValidationError."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; images can be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
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
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image, max_dimension)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _too_many_pixels() from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("This file is not an image we can read. Please upload a JPEG, PNG or WebP."),
                code="not_an_image",
            ) from exc


def _too_many_pixels():
    return ValidationError(
        _("This image is too large in pixels to be processed safely."),
        code="decompression_bomb",
    )


def _check_header(image, max_pixels):
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Please upload a JPEG, PNG, GIF or WebP image."), code="unsupported_format"
        )
    width, height = image.size
    if width * height > max_pixels:
        raise _too_many_pixels()


def _reencode(image, max_dimension):
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    # Apply the camera's orientation before the EXIF that carries it is dropped.
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
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
