"""Uploaded photos and logos: verify, refuse what is not a safe image, re-encode.

Every uploaded image goes through `process_image()`. The file that is stored is
one Pillow wrote itself: no EXIF (location, camera), no ICC profile, at most
MAX_DIMENSION pixels on its longest side, under a generated name.
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

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DIMENSION = 800
# Far below Pillow's own limit: a profile photo never needs 40 megapixels.
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})


def process_image(upload):
    """Return a re-encoded copy of `upload` ready to store, or raise ValidationError."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This file is %(size)s; images can be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
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
                _check_header(probe)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return _reencode(image)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise ValidationError(
                _("This image is too large in pixels to be processed safely."),
                code="decompression_bomb",
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("This file is not an image we can read. Please upload a JPEG, PNG or WebP."),
                code="not_an_image",
            ) from exc


def _check_header(image):
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Please upload a JPEG, PNG, GIF or WebP image."), code="unsupported_format"
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("This image is too large in pixels to be processed safely."),
            code="decompression_bomb",
        )


def _reencode(image):
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    # Apply the camera's orientation before the EXIF that carries it is dropped.
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
