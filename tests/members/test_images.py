import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.images import MAX_DIMENSION, MAX_UPLOAD_BYTES, process_image
from tests.members.images import decompression_bomb_upload, jpeg_upload, png_upload


def _open(upload):
    upload.seek(0)
    return Image.open(io.BytesIO(upload.read()))


def test_process_image_resizes_to_max_dimension():
    result = process_image(jpeg_upload(size=(1600, 1200)))
    image = _open(result)
    assert max(image.size) == MAX_DIMENSION
    assert image.size == (800, 600)


def test_process_image_strips_exif_and_icc():
    result = process_image(jpeg_upload())
    image = _open(result)
    assert image.getexif() == {}
    assert "icc_profile" not in image.info
    assert b"Secret software" not in result.read()


def test_process_image_generates_file_name():
    result = process_image(jpeg_upload(name="../../etc/passwd.jpg"))
    assert result.name.endswith(".jpg")
    assert "passwd" not in result.name
    assert len(result.name) == 32 + 4


def test_process_image_keeps_transparency_as_png():
    result = process_image(png_upload(mode="RGBA"))
    assert result.name.endswith(".png")
    assert _open(result).mode == "RGBA"


def test_process_image_refuses_non_image():
    upload = SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        process_image(upload)
    assert exc.value.code == "not_an_image"


def test_process_image_refuses_file_over_5_mb():
    upload = SimpleUploadedFile("big.jpg", b"\xff" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(ValidationError) as exc:
        process_image(upload)
    assert exc.value.code == "too_large"


@pytest.mark.parametrize("side", [10_000, 30_000])
def test_process_image_refuses_decompression_bomb(side):
    # 100 megapixels triggers Pillow's warning (an error here); 900 its own error.
    with pytest.raises(ValidationError) as exc:
        process_image(decompression_bomb_upload(side, side))
    assert exc.value.code == "too_many_pixels"


def test_process_image_refuses_unsupported_format():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="BMP")
    with pytest.raises(ValidationError) as exc:
        process_image(SimpleUploadedFile("x.bmp", output.getvalue()))
    assert exc.value.code == "unsupported_format"
